// What trainers see of a module (core/learning_stats.h): the statistics page, the learners as CSV and
// the aggregates as JSON. Admins see everyone; a trainer only the groups they train.
#include <cmath>

#include "core/learning_stats.h"
#include "server/csv.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// The page lists at most this many learners (the CSV has them all), to stay a page a phone opens.
constexpr size_t kLearnersOnPage = 500;

// The module named in the path (drafts too: trainers prepare them), or nullopt after a 404.
std::optional<Module> module_or_404(Exchange& x, bool as_json) {
  auto m = x.app.store().module(x.req.matches[1], true);
  if (!m) {
    if (as_json) x.json(404, {{"error", "not found"}});
    else x.res.status = 404;
  }
  return m;
}

StatsViewer viewer_of(const Exchange& x) {
  return StatsViewer{x.user()->roles.has(Role::admin) ? 0 : x.user()->id};
}

// The period of ?dal=...&al=..., or nullopt after answering 400 with what is wrong.
std::optional<StatsPeriod> period_or_400(Exchange& x, bool as_json) {
  const std::string from = x.query("dal"), to = x.query("al");
  const std::string& zone = x.site->site().time_zone;
  auto period = parse_stats_period(from, to, zone);
  if (period.ok()) return period.value();
  if (as_json) {
    x.json(400, {{"error", period.status().message()}});
    return std::nullopt;
  }
  const char* key = !parse_stats_period(from, "", zone).ok() ? "trainer_bad_from"
                    : !parse_stats_period("", to, zone).ok() ? "trainer_bad_to"
                                                             : "trainer_bad_order";
  x.message(400, x.t("trainer_bad_period_title"), x.t(key));
  return std::nullopt;
}

// A percentage as people read it: one decimal at most, the site's decimal separator.
std::string percent(const Exchange& x, const std::optional<double>& value) {
  return value ? format_hours(std::round(*value * 10) / 10, x.site->site().language) : "";
}

// Two decimals, for JSON.
json rounded(const std::optional<double>& value) {
  return value ? json(std::round(*value * 100) / 100) : json(nullptr);
}

std::string group_name(const Exchange& x, const std::string& id) {
  return id.empty() ? x.t("trainer_no_group") : x.group_label(id);
}

// Group ids in the site's order, then any the site no longer defines, then "" (people without one).
std::vector<std::string> group_order(const Exchange& x, const std::map<std::string, ProgressCounts>& by_group) {
  std::vector<std::string> out;
  for (const auto& id : x.group_ids())
    if (by_group.count(id)) out.push_back(id);
  for (const auto& [id, counts] : by_group)
    if (!id.empty() && !x.has_group(id)) out.push_back(id);
  if (by_group.count("")) out.push_back("");
  return out;
}

json counts_row(const Exchange& x, const std::string& label, const ProgressCounts& c) {
  return {{"label", label},
          {"enrolled", c.enrolled},
          {"in_progress", c.in_progress},
          {"completed", c.completed},
          {"erased", c.erased_enrolled},
          {"average", percent(x, c.scores.average)},  // "" (hidden) when nobody has a score
          {"median", percent(x, c.scores.median)}};
}

json counts_json(const ProgressCounts& c) {
  return {{"enrolled", c.enrolled},
          {"in_progress", c.in_progress},
          {"completed", c.completed},
          {"erased", {{"enrolled", c.erased_enrolled}, {"completed", c.erased_completed}}},
          {"scores", {{"scored", c.scores.scored}, {"average", rounded(c.scores.average)},
                      {"median", rounded(c.scores.median)}}}};
}

std::string score_text(const Exchange& x, const std::optional<double>& score) {
  return score ? percent(x, score) + " %" : "";
}

std::string state_text(const Exchange& x, const LearnerProgress& l) {
  return x.t(l.completed_at ? "trainer_state_completed" : "trainer_state_in_progress");
}

std::string lessons_text(const LearningStats& s, const LearnerProgress& l) {
  return std::to_string(l.lessons_read) + "/" + std::to_string(s.lesson_count);
}

const char* kind_name(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::single_choice: return "single_choice";
    case QuestionKind::multiple_choice: return "multiple_choice";
    case QuestionKind::true_false: return "true_false";
    case QuestionKind::short_answer: return "short_answer";
  }
  return "";
}

// "?dal=...&al=..." for links that keep the period; "" for all time.
std::string period_query(const StatsPeriod& p) {
  std::string q;
  if (!p.from.empty()) q += "dal=" + p.from;
  if (!p.to.empty()) q += std::string(q.empty() ? "" : "&") + "al=" + p.to;
  return q.empty() ? q : "?" + q;
}

// What a request asks for: the module of the path, the period of the query, and their statistics.
struct Requested {
  Module module;
  StatsPeriod period;
  LearningStats stats;
};

// The statistics the request asks for, or nullopt after answering 404 (no such module) or 400 (a
// bad period), as JSON for the API.
std::optional<Requested> requested_stats(Exchange& x, bool as_json) {
  auto m = module_or_404(x, as_json);
  if (!m) return std::nullopt;
  auto period = period_or_400(x, as_json);
  if (!period) return std::nullopt;
  LearningStats stats =
      compute_learning_stats(x.app.store(), *m, x.app.store().quizzes(m->slug, true), *period, viewer_of(x));
  return Requested{std::move(*m), std::move(*period), std::move(stats)};
}

}  // namespace

void module_stats_page(Exchange& x) {
  auto r = requested_stats(x, false);
  if (!r) return;
  const Module& m = r->module;
  const StatsPeriod& period = r->period;
  const LearningStats& s = r->stats;

  json groups = json::array(), organizations = json::array(), quizzes = json::array(), learners = json::array();
  for (const auto& id : group_order(x, s.by_group)) groups.push_back(counts_row(x, group_name(x, id), s.by_group.at(id)));
  for (const auto& [name, counts] : s.by_organization)
    organizations.push_back(counts_row(x, name.empty() ? x.t("trainer_no_organization") : name, counts));
  for (const auto& q : s.quizzes) {
    json rows = json::array();
    for (const auto& qs : q.questions)
      rows.push_back({{"number", qs.number},
                      {"text", qs.text},
                      {"answered", qs.answered},
                      {"percent_correct", qs.percent_correct ? percent(x, qs.percent_correct) + " %" : "-"},
                      {"top_wrong", qs.top_wrong},
                      {"top_wrong_count", qs.top_wrong_count},
                      {"weakest", qs.number == q.weakest}});
    json weakest = false;
    if (q.weakest)
      weakest = {{"number", q.weakest}, {"percent", percent(x, q.questions[q.weakest - 1].percent_correct) + " %"}};
    quizzes.push_back({{"title", q.title},
                       {"attempts", q.attempts},
                       {"questions", rows},
                       {"weakest", weakest},
                       {"caption_id", "verifica-" + q.slug + "-didascalia"}});
  }
  for (const auto& l : s.learners) {
    if (learners.size() == kLearnersOnPage) break;
    learners.push_back({{"display_name", l.display_name},
                        {"username", l.username},
                        {"group", group_name(x, l.target_group)},
                        {"organization", l.organization},
                        {"state", state_text(x, l)},
                        {"enrolled_at", x.day_time(l.enrolled_at)},
                        {"lessons", lessons_text(s, l)},
                        {"score", score_text(x, l.score)},
                        {"completed_at", l.completed_at ? x.day_time(*l.completed_at) : ""}});
  }
  const bool trainer_only = viewer_of(x).trainer_id != 0;
  const std::string base = "/admin/moduli/" + m.slug;
  x.render("admin_module", m.title,
           {{"module", {{"title", m.title}, {"href", "/moduli/" + m.slug}}},
            {"from", period.from},
            {"to", period.to},
            {"action", base},
            {"has_period", !period.from.empty() || !period.to.empty()},
            {"totals", counts_row(x, x.t("trainer_total"), s.totals)},
            {"groups", groups},
            {"organizations", organizations},
            {"has_learners", !s.learners.empty()},
            {"erased_count", s.totals.erased_enrolled ? json(s.totals.erased_enrolled) : json(false)},
            {"quizzes", quizzes},
            {"has_quizzes", !quizzes.empty()},
            {"learners", learners},
            {"learners_shown", s.learners.size() > kLearnersOnPage ? json(std::to_string(kLearnersOnPage)) : json(false)},
            {"learners_count", s.learners.size()},
            {"restricted", trainer_only},
            {"no_groups", trainer_only && x.app.accounts().trained_groups(x.user()->id).empty()},
            {"assignments_href", base + "/assegnazioni"},
            {"csv_href", base + "/allievi.csv" + period_query(period)}});
}

void learners_csv(Exchange& x) {
  auto r = requested_stats(x, false);
  if (!r) return;
  const Module& m = r->module;
  const LearningStats& s = r->stats;
  std::vector<std::vector<std::string>> rows = {{x.t("csv_name"), x.t("csv_username"), x.t("csv_group"),
                                                 x.t("csv_organization"), x.t("csv_state"), x.t("csv_enrolled"),
                                                 x.t("csv_lessons_read"), x.t("csv_best_score"),
                                                 x.t("csv_completed")}};
  for (const auto& l : s.learners)
    rows.push_back({l.display_name, l.username, l.target_group.empty() ? "" : x.group_label(l.target_group),
                    l.organization, state_text(x, l), x.day_time(l.enrolled_at), lessons_text(s, l), percent(x, l.score),
                    l.completed_at ? x.day_time(*l.completed_at) : ""});
  x.res.status = 200;
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_header("Content-Disposition", "attachment; filename=\"allievi-" + m.slug + ".csv\"");
  x.res.set_content(csv_document(rows), "text/csv; charset=utf-8");
}

void api_module_progress(Exchange& x) {
  auto r = requested_stats(x, true);
  if (!r) return;
  const Module& m = r->module;
  const StatsPeriod& period = r->period;
  const LearningStats& s = r->stats;
  json groups = json::array(), organizations = json::array(), quizzes = json::array();
  for (const auto& id : group_order(x, s.by_group)) {
    json row = counts_json(s.by_group.at(id));
    row["target_group"] = id;
    row["label"] = id.empty() ? "" : x.group_label(id);
    groups.push_back(std::move(row));
  }
  for (const auto& [name, counts] : s.by_organization) {
    json row = counts_json(counts);
    row["organization"] = name;
    organizations.push_back(std::move(row));
  }
  for (const auto& q : s.quizzes) {
    json questions = json::array();
    for (const auto& qs : q.questions)
      questions.push_back({{"number", qs.number},
                           {"text", qs.text},
                           {"kind", kind_name(qs.kind)},
                           {"answered", qs.answered},
                           {"correct", qs.correct},
                           {"percent_correct", rounded(qs.percent_correct)},
                           {"most_chosen_wrong", qs.top_wrong_count ? json{{"text", qs.top_wrong},
                                                                           {"count", qs.top_wrong_count}}
                                                                     : json(nullptr)}});
    quizzes.push_back({{"slug", q.slug},
                       {"title", q.title},
                       {"version", q.version},
                       {"attempts", q.attempts},
                       {"weakest_question", q.weakest ? json(q.weakest) : json(nullptr)},
                       {"questions", questions}});
  }
  x.json(200, {{"module", m.slug},
               {"title", m.title},
               {"period", {{"from", period.from.empty() ? json(nullptr) : json(period.from)},
                           {"to", period.to.empty() ? json(nullptr) : json(period.to)}}},
               {"scope", viewer_of(x).trainer_id ? "trained_groups" : "all"},
               {"lessons", s.lesson_count},
               {"totals", counts_json(s.totals)},
               {"by_target_group", groups},
               {"by_organization", organizations},
               {"quizzes", quizzes}});
}

}  // namespace sentinella
