// The learner's path (starting a module, marking a lesson read, their progress as JSON) and the
// trainers' list of modules with the modules' assignments.
#include <algorithm>

#include "core/learning.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "server/progress_view.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string module_href(const std::string& slug) { return "/moduli/" + slug; }
std::string assignments_href(const std::string& slug) { return "/admin/moduli/" + slug + "/assegnazioni"; }

bool listed(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The assignments page of `m`: the form (the groups the person may assign to) and the list.
void render_assignments(Exchange& x, const Module& m, int status, json extra = json::object()) {
  const User& me = *x.user();
  const bool admin = me.roles.has(Role::admin);
  const auto offered = x.app.accounts().invitation_groups(me.id, x.group_ids());
  const std::string selected = extra.value("/values/group"_json_pointer, "");
  json groups = json::array();
  for (const auto& g : x.site->site().target_groups)
    if (listed(offered, g.id)) groups.push_back({{"value", g.id}, {"label", g.label}, {"selected", g.id == selected}});
  json list = json::array();
  for (const auto& a : Learning(x.app.store()).assignments(m.slug)) {
    const bool revocable = !a.revoked_at && (admin || (!a.target_group.empty() && listed(offered, a.target_group)));
    list.push_back({{"id", a.id},
                    {"group_label", a.target_group.empty() ? "" : x.group_label(a.target_group)},
                    {"organization", a.organization},
                    {"due_date", a.due_date},
                    {"created_by", a.created_by_name},
                    {"created", format_day_time(a.created_at)},
                    {"state", x.t(a.revoked_at ? "assignment_revoked" : "assignment_active")},
                    {"revocable", revocable},
                    {"revoke_href", assignments_href(m.slug) + "/" + std::to_string(a.id) + "/revoca"}});
  }
  json data = {{"module", {{"title", m.title}, {"href", module_href(m.slug)}, {"slug", m.slug},
                           {"is_draft", m.status == ModuleStatus::draft},
                           {"action", assignments_href(m.slug)}}},
               {"groups", groups},
               {"has_groups", !groups.empty()},
               {"is_admin", admin},
               {"assignments", list},
               {"has_assignments", !list.empty()},
               {"values", {{"group", ""}, {"organization", ""}, {"due_date", ""}}}};
  for (auto& [k, v] : extra.items()) data[k] = v;
  x.render("admin_assignments", x.t("assignments_title") + ": " + m.title, std::move(data), status);
}

// The module named in the path (drafts included, for staff), or a 404 answer.
std::optional<Module> staff_module_or_404(Exchange& x) {
  auto m = x.app.store().module(x.req.matches[1], /*include_drafts=*/true);
  if (!m) x.res.status = 404;
  return m;
}

}  // namespace

void start_module(Exchange& x) {
  const std::string slug = x.req.matches[1];
  Learning learning(x.app.store());
  Status st = learning.enrol(x.user()->id, slug, now_seconds());
  if (!st.ok()) return x.refuse(x.t("module_progress_title"), st);
  auto p = learning.progress(x.user()->id, slug);
  x.redirect(module_href(slug) + (p && !p->next_lesson.empty() ? "/" + p->next_lesson : ""));
}

void mark_lesson_read(Exchange& x) {
  const std::string slug = x.req.matches[1], lesson = x.req.matches[2];
  Learning learning(x.app.store());
  auto done = learning.mark_read(x.user()->id, slug, lesson, now_seconds());
  if (!done.ok()) return x.refuse(x.t("module_progress_title"), done.status());
  // On to the next lesson in the module's order; after the last one, the module page.
  std::string next;
  if (auto m = x.app.store().module(slug)) {
    auto it = std::find_if(m->lessons.begin(), m->lessons.end(), [&](const Lesson& l) { return l.slug == lesson; });
    if (it != m->lessons.end() && it + 1 != m->lessons.end()) next = "/" + (it + 1)->slug;
  }
  x.redirect(module_href(slug) + next);
}

void admin_modules(Exchange& x) {
  json list = json::array();
  for (const auto& m : x.app.store().modules(/*include_drafts=*/true)) {
    int active = 0;
    for (const auto& a : Learning(x.app.store()).assignments(m.slug)) active += !a.revoked_at;
    list.push_back({{"title", m.title},
                    {"href", module_href(m.slug)},
                    {"is_draft", m.status == ModuleStatus::draft},
                    {"lesson_count", m.lessons.size()},
                    {"active_assignments", active},
                    {"stats_href", "/admin/moduli/" + m.slug},
                    {"assignments_href", assignments_href(m.slug)}});
  }
  x.render("admin_modules", x.t("admin_modules_title"), {{"modules", list}, {"has_modules", !list.empty()}});
}

void module_assignments(Exchange& x) {
  if (auto m = staff_module_or_404(x)) render_assignments(x, *m, 200);
}

void create_assignment(Exchange& x) {
  auto m = staff_module_or_404(x);
  if (!m) return;
  NewAssignment a{m->slug, x.form.get("group"), x.form.get("organization"), x.form.get("due_date")};
  Learning learning(x.app.store());
  const User& me = *x.user();
  if (auto errors = learning.assignment_problems(a, x.group_ids(), me.id); !errors.empty()) {
    json extra = x.field_errors(errors);
    extra["values"] = {{"group", a.target_group}, {"organization", a.organization}, {"due_date", a.due_date}};
    return render_assignments(x, *m, 400, extra);
  }
  auto id = learning.assign(a, x.group_ids(), me.id, now_seconds());
  if (!id.ok()) return x.refuse(x.t("assignments_title"), id.status());
  x.redirect(assignments_href(m->slug) + "?esito=assegnato");
}

void revoke_assignment(Exchange& x) {
  const std::string slug = x.req.matches[1];
  const std::int64_t id = std::stoll(x.req.matches[2]);
  Status st = Learning(x.app.store()).revoke_assignment(slug, id, x.group_ids(), x.user()->id, now_seconds());
  if (!st.ok()) return x.refuse(x.t("assignments_title"), st);
  x.redirect(assignments_href(slug) + "?esito=assegnazione-revocata");
}

void api_my_progress(Exchange& x) {
  const User& u = *x.user();
  Learning learning(x.app.store());
  json modules = json::array();
  for (const auto& p : learning.my_modules(u.id)) modules.push_back(progress_json(p));
  json attempts = json::array();
  for (const auto& a : learning.attempts(u.id))
    attempts.push_back({{"module", a.module_slug},
                        {"quiz", a.quiz_slug},
                        {"quiz_version", a.quiz_version},
                        {"started_at", format_iso_utc(a.started_at)},
                        {"submitted_at", format_iso_utc(a.submitted_at)},
                        {"score", a.score},
                        {"max_score", a.max_score},
                        {"passed", a.passed}});
  json assigned = json::array();
  for (const auto& a : my_assignments(x)) {
    const bool completed = std::any_of(modules.begin(), modules.end(), [&](const json& m) {
      return m["slug"] == a.module_slug && !m["completed_at"].is_null();
    });
    assigned.push_back({{"module", a.module_slug},
                        {"due_date", a.due_date.empty() ? json(nullptr) : json(a.due_date)},
                        {"completed", completed},
                        {"overdue", !completed && is_overdue(x, a)}});
  }
  x.json(200, {{"modules", modules}, {"attempts", attempts}, {"assigned", assigned}});
  x.res.set_header("Cache-Control", "no-store");
}

}  // namespace sentinella
