#include "server/progress_view.h"

#include <algorithm>

#include "server/exchange.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string module_href(const std::string& slug) { return "/moduli/" + slug; }

json date_view(const Exchange& x, const std::optional<UnixSeconds>& at) {
  if (!at) return false;
  const Site& s = x.site->site();
  const LocalDateTime day = date_at(*at, s.time_zone);
  return {{"iso", day.format()}, {"label", format_date(day, s.language)}};
}

json iso_or_null(const std::optional<UnixSeconds>& at) { return at ? json(format_iso_utc(*at)) : json(nullptr); }

}  // namespace

json progress_view(const Exchange& x, const ModuleProgress& p) {
  const std::string href = module_href(p.module_slug);
  json lessons = json::array();
  json resume = false;
  int read = 0;
  for (const auto& l : p.lessons) {
    lessons.push_back({{"title", l.title},
                       {"href", href + "/" + l.slug},
                       {"is_read", l.read_at.has_value()},
                       {"read", date_view(x, l.read_at)}});
    read += l.read_at.has_value();
    if (l.slug == p.next_lesson) resume = {{"href", href + "/" + l.slug}, {"title", l.title}};
  }
  // With every lesson read, the next step is the first required quiz not passed yet.
  json quizzes = json::array();
  json next_quiz = false;
  int passed = 0;
  for (const auto& q : p.quizzes) {
    const std::string quiz_href = href + "/quiz/" + q.slug;
    quizzes.push_back({{"title", q.title}, {"href", quiz_href}, {"is_passed", q.passed}, {"required", q.required}});
    passed += q.passed;
    if (!q.passed && q.required && next_quiz == false) next_quiz = {{"href", quiz_href}, {"title", q.title}};
  }
  const bool to_do = p.enrolled() && !p.completed();
  return {{"title", p.title},
          {"slug", p.module_slug},
          {"href", href},
          {"percent", p.percent},
          {"is_enrolled", p.enrolled()},
          {"is_completed", p.completed()},
          {"completed", date_view(x, p.completed_at)},
          {"lessons", std::move(lessons)},
          {"lessons_read", read},
          {"lesson_count", p.lessons.size()},
          {"quizzes", std::move(quizzes)},
          {"quizzes_passed", passed},
          {"quiz_count", p.quizzes.size()},
          {"has_quizzes", !p.quizzes.empty()},
          {"resume", p.enrolled() ? resume : json(false)},
          {"next_quiz", to_do && resume == false ? next_quiz : json(false)},
          {"start_action", href + "/inizia"}};
}

std::vector<Assignment> my_assignments(Exchange& x) {
  const User& u = *x.user();
  std::vector<Assignment> out;
  for (auto& a : Learning(x.app.store()).assignments_for(u.target_group, u.organization)) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const Assignment& o) { return o.module_slug == a.module_slug; });
    if (!seen && x.app.store().module(a.module_slug)) out.push_back(std::move(a));
  }
  return out;
}

bool is_overdue(const Exchange& x, const Assignment& a) {
  return !a.due_date.empty() && a.due_date < x.today().format();
}

json progress_json(const ModuleProgress& p) {
  json lessons = json::array(), quizzes = json::array();
  for (const auto& l : p.lessons)
    lessons.push_back({{"slug", l.slug}, {"title", l.title}, {"required", l.required}, {"read_at", iso_or_null(l.read_at)}});
  for (const auto& q : p.quizzes)
    quizzes.push_back({{"slug", q.slug}, {"title", q.title}, {"required", q.required}, {"passed", q.passed}});
  return {{"slug", p.module_slug},
          {"title", p.title},
          {"href", module_href(p.module_slug)},
          {"enrolled_at", iso_or_null(p.enrolled_at)},
          {"completed_at", iso_or_null(p.completed_at)},
          {"percent", p.percent},
          {"next_lesson", p.next_lesson.empty() ? json(nullptr) : json(p.next_lesson)},
          {"lessons", std::move(lessons)},
          {"quizzes", std::move(quizzes)}};
}

}  // namespace sentinella
