// The audience of a public event without registration, counted by its organizers: a total and,
// optionally, how many of them came from each target group (core/event_audiences.h).
#include "core/accounts.h"
#include "core/event_audiences.h"
#include "core/text.h"
#include "server/event_admin.h"
#include "server/exchange.h"
#include "server/handlers.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string audience_href(const Event& e) { return admin_href(e) + "/pubblico"; }

// The form's values as typed, by field name ("total", "group-<id>").
using Typed = std::map<std::string, std::string>;

void render_audience(Exchange& x, const Event& e, int status, const Typed& typed, json extra = json::object()) {
  const auto recorded = EventAudiences(x.app.store()).audience(e.uid);
  const bool has_recorded = recorded.recorded_by != 0;
  auto value = [&](const std::string& field, std::int64_t stored) {
    if (auto it = typed.find(field); it != typed.end()) return it->second;
    return has_recorded && stored ? std::to_string(stored) : std::string();
  };
  json groups = json::array(), split = json::array();
  for (const auto& g : x.site->site().target_groups) {
    auto it = recorded.by_group.find(g.id);
    const std::int64_t people = it == recorded.by_group.end() ? 0 : it->second;
    const std::string field = "group-" + g.id;
    json error = extra.contains("errors") ? extra["errors"].value(field, "") : "";
    groups.push_back({{"id", g.id}, {"label", g.label}, {"value", value(field, people)}, {"error", error}});
    if (people) split.push_back({{"label", g.label}, {"people", people}});
  }
  const UnixSeconds now = now_seconds();
  json data = {{"event", event_summary(x, e)},
               {"admin_href", admin_href(e)},
               {"action", audience_href(e)},
               {"takes_registrations", e.registration},
               {"not_started", !e.registration && now < e.start_utc},
               {"open", !e.registration && now >= e.start_utc},
               {"has_recorded", has_recorded},
               {"recorded_total", recorded.total},
               {"recorded_unsplit", recorded.unsplit()},
               {"recorded_split", split},
               {"has_split", !split.empty()},
               {"recorded_at", has_recorded ? x.day_time(recorded.recorded_at) : ""},
               {"total", value("total", recorded.total)},
               {"groups", groups}};
  if (has_recorded && recorded.total == 0 && !typed.count("total")) data["total"] = "0";
  for (auto& [k, v] : extra.items()) data[k] = v;
  x.render("admin_audience", x.t("audience_title") + ": " + e.title, data, status);
}

}  // namespace

void event_audience(Exchange& x) {
  if (auto e = event_or_404(x)) render_audience(x, *e, 200, {});
}

void record_event_audience(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return;
  Typed typed{{"total", std::string(trim_spaces(x.form.get("total")))}};
  std::vector<FieldError> errors;
  auto total = parse_whole_number(typed["total"], 0, kMaxAudience);
  if (!total)
    errors.push_back({"total", typed["total"].empty() ? "audience_total_missing" : "audience_total_invalid",
                      "enter the number of people, a whole number from 0"});
  std::map<std::string, std::int64_t> by_group;
  std::int64_t split = 0;
  for (const auto& g : x.site->site().target_groups) {
    const std::string field = "group-" + g.id;
    typed[field] = std::string(trim_spaces(x.form.get(field)));
    if (typed[field].empty()) continue;
    auto people = parse_whole_number(typed[field], 0, kMaxAudience);
    if (!people) {
      errors.push_back({field, "audience_group_invalid", "enter a whole number from 0, or leave it empty"});
      continue;
    }
    by_group[g.id] = *people;
    split += *people;
  }
  if (total && errors.empty() && split > *total)
    errors.push_back({"total", "audience_split_exceeds", "the counts by target group add up to more than the total"});
  if (!errors.empty()) return render_audience(x, *e, 400, typed, x.field_errors(errors));
  Status st = EventAudiences(x.app.store()).record(*e, *total, by_group, x.user()->id, now_seconds());
  if (!st.ok()) return x.refuse(x.t("audience_title"), st);
  x.redirect(audience_href(*e) + "?esito=pubblico");
}

}  // namespace sentinella
