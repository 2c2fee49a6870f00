// Attendance in the room: the roster of one meeting (all present, one mark at a time, walk-ins),
// the merge of a walk-in into an account, and the printable sign-in sheet.
// Every route checks Attendance::may_mark (server/attendance_access.h); merging is for admins and
// organizers (the route's gate). Each mark is its own small POST, so that a phone losing the
// connection loses at most the one change it was sending (themes/default/static/roster.js queues
// and retries it); the POST answers JSON when asked (Accept: application/json), a redirect back to
// the person's row otherwise.
#include "core/attendance.h"
#include "core/text.h"
#include "server/attendance_access.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// Empty lines the sign-in sheet leaves for walk-ins.
constexpr int kSheetBlankLines = 10;
constexpr std::int64_t kMaxId = 999'999'999'999;

std::string status_label(const Exchange& x, AttendanceStatus s) {
  return x.t(std::string("attendance_status_") + attendance_status_name(s));
}

std::string hours_text(const Exchange& x, double hours) { return format_hours(hours, x.site->site().language); }

bool wants_json(const Exchange& x) {
  return x.req.get_header_value("Accept").find("application/json") != std::string::npos;
}

// The meeting as the roster and the sheet show it: when, where, how long.
json meeting_data(const Exchange& x, const Event& e, int meeting) {
  const std::string& language = x.site->site().language;
  const std::string when = format_meeting_when(e, meeting, language);
  std::string place = e.location.name;
  if (!e.meetings.empty())
    if (const auto& m = e.meetings[static_cast<std::size_t>(meeting) - 1]; m.location) place = m.location->name;
  return {{"number", meeting},
          {"count", e.meetings.empty() ? 1 : static_cast<int>(e.meetings.size())},
          {"when", when},
          {"place", place},
          {"hours", hours_text(x, meeting_hours(e, meeting).value_or(0))}};
}

json event_data(const Event& e) {
  return {{"title", e.title}, {"href", "/eventi/" + event_path(e)}, {"admin_href", admin_href(e)}};
}

// The target groups for a select, with `selected` chosen.
json group_options(const Exchange& x, const std::string& selected) {
  json out = json::array();
  for (const auto& g : x.site->site().target_groups)
    out.push_back({{"id", g.id}, {"label", g.label}, {"selected", g.id == selected}});
  return out;
}

json roster_row(const Exchange& x, const RosterEntry& r, bool may_merge) {
  const bool walk_in = r.walk_in_id != 0;
  const std::string key = walk_in ? "o" + std::to_string(r.walk_in_id) : "p" + std::to_string(r.user_id);
  std::string details;  // "username · organization · group", what is known
  for (const std::string& part : {r.username, r.organization,
                                  r.target_group.empty() ? std::string() : x.group_label(r.target_group),
                                  r.registered || walk_in ? std::string() : x.t("roster_not_registered")})
    if (!part.empty()) details += (details.empty() ? "" : " · ") + part;
  json statuses = json::array();
  const AttendanceStatus chosen = r.marked ? r.status : AttendanceStatus::present;
  for (AttendanceStatus s : kAttendanceStatuses)
    statuses.push_back({{"value", attendance_status_name(s)}, {"label", status_label(x, s)}, {"checked", s == chosen}});
  return {{"key", key},
          {"anchor", walk_in ? "ospite-" + std::to_string(r.walk_in_id) : "persona-" + std::to_string(r.user_id)},
          {"field", walk_in ? "ospite" : "persona"},
          {"id", walk_in ? r.walk_in_id : r.user_id},
          {"name", r.name},
          {"details", details},
          {"is_walk_in", walk_in},
          {"marked", r.marked},
          {"status_label", r.marked ? status_label(x, r.status) : x.t("roster_not_marked")},
          {"hours", r.marked ? hours_text(x, r.hours) : ""},
          {"note", r.note},
          {"statuses", statuses},
          {"may_merge", walk_in && may_merge}};
}

// Answers a refused mark: JSON {"ok": false, "error"} or the message page.
void refuse_mark(Exchange& x, int status, const std::string& text) {
  if (wants_json(x)) return x.json(status, {{"ok", false}, {"error", text}});
  x.message(status, x.t("roster_mark_refused_title"), text);
}

}  // namespace

void meeting_roster(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  auto meeting = meeting_or_404(x, *e, 3);
  if (!meeting) return;
  const bool may_merge = x.user()->roles.allows(Role::organizer);
  json rows = json::array();
  int marked = 0, registered = 0;
  for (const auto& r : AttendanceRoster(x.app.store()).roster(e->uid, *meeting)) {
    marked += r.marked;
    registered += r.registered;
    rows.push_back(roster_row(x, r, may_merge));
  }
  const std::string base = roster_href(*e, *meeting);
  x.render("roster", e->title + ": " + x.t("roster_title") + " " + std::to_string(*meeting),
           {{"event", event_data(*e)},
            {"meeting", meeting_data(x, *e, *meeting)},
            {"rows", rows},
            {"has_rows", !rows.empty()},
            {"marked_count", marked},
            {"registered_count", registered},
            {"mark_action", base + "/presenze"},
            {"all_present_action", base + "/tutti-presenti"},
            {"walk_in_action", base + "/ospiti"},
            {"merge_base", admin_href(*e) + "/ospiti/"},
            {"sheet_href", base + "/foglio"},
            {"groups", group_options(x, "")}});
}

void save_mark(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  auto meeting = meeting_or_404(x, *e, 3);
  if (!meeting) return;
  Attendee who;
  std::string anchor;
  if (auto id = parse_whole_number(x.form.get("persona"), 1, kMaxId)) {
    who.user_id = *id;
    anchor = "persona-" + std::to_string(*id);
  } else if (auto walk_in = parse_whole_number(x.form.get("ospite"), 1, kMaxId)) {
    who.walk_in_id = *walk_in;
    anchor = "ospite-" + std::to_string(*walk_in);
  } else {
    return refuse_mark(x, 400, x.t("roster_error_person"));
  }
  auto status = parse_attendance_status(x.form.get("stato"));
  if (!status) return refuse_mark(x, 400, x.t("roster_error_status"));
  std::optional<double> hours;
  if (const std::string typed = x.form.get("ore"); !trim_spaces(typed).empty()) {
    hours = parse_hours_text(typed);
    if (!hours) return refuse_mark(x, 400, x.t("roster_error_hours"));
  }
  // The hours against the meeting's length first, to say what is wrong in the person's language.
  if (!attendance_hours(*status, hours, meeting_hours(*e, *meeting).value_or(0)).ok())
    return refuse_mark(x, 400, x.t("roster_error_hours_range"));
  auto recorded = Attendance(x.app.store())
                      .mark(*e, *meeting, who, *status, hours, x.form.get("nota"), x.user()->id, now_seconds());
  if (!recorded.ok()) {
    const Status& st = recorded.status();
    if (st.code() == Status::Code::not_found) return refuse_mark(x, 404, x.t("roster_error_person"));
    if (st.code() == Status::Code::invalid) return refuse_mark(x, 400, st.message());
    if (wants_json(x)) return x.json(500, {{"ok", false}, {"error", x.t("error_internal")}});
    return x.refuse(x.t("roster_mark_refused_title"), st);
  }
  if (wants_json(x))
    return x.json(200, {{"ok", true},
                        {"status", attendance_status_name(*status)},
                        {"status_label", status_label(x, *status)},
                        {"hours", recorded.value()},
                        {"hours_text", hours_text(x, recorded.value())}});
  x.redirect(roster_href(*e, *meeting) + "?esito=presenza-salvata#" + anchor);
}

void mark_everyone_present(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  auto meeting = meeting_or_404(x, *e, 3);
  if (!meeting) return;
  auto marked = Attendance(x.app.store()).mark_all_present(*e, *meeting, x.user()->id, now_seconds());
  if (!marked.ok()) return x.refuse(x.t("roster_mark_refused_title"), marked.status());
  x.redirect(roster_href(*e, *meeting) + "?esito=tutti-presenti");
}

void add_walk_in(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  auto meeting = meeting_or_404(x, *e, 3);
  if (!meeting) return;
  const NewWalkIn walk_in{x.form.get("nome"), x.form.get("gruppo"), x.form.get("ente")};
  if (trim_spaces(walk_in.name).empty())
    return x.message(400, x.t("roster_walk_in_refused_title"), x.t("roster_error_walk_in_name"));
  auto id = AttendanceRoster(x.app.store()).add_walk_in_present(*e, *meeting, walk_in, x.user()->id, now_seconds());
  if (!id.ok()) return x.refuse(x.t("roster_walk_in_refused_title"), id.status());
  x.redirect(roster_href(*e, *meeting) + "?esito=ospite-aggiunto#ospite-" + std::to_string(id.value()));
}

// The route's gate lets only admins and organizers here (Attendance::merge_walk_in leaves that to
// the caller). The walk-in's id is global: the event in the path only says where to go back to.
void merge_walk_in(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  auto walk_in = parse_whole_number(x.req.matches[3].str(), 1, kMaxId);
  if (!walk_in) {
    x.res.status = 404;
    return;
  }
  const std::string title = x.t("roster_merge_refused_title");
  auto person = x.app.accounts().find_by_username(trim_spaces(x.form.get("username")));
  if (!person) return x.message(400, title, x.t("roster_error_no_account"));
  Status st = Attendance(x.app.store()).merge_walk_in(*walk_in, person->id, x.user()->id, now_seconds());
  if (st.code() == Status::Code::conflict)
    return x.message(409, title, x.t("roster_merge_conflict_text") + " " + st.message());
  if (!st.ok()) return x.refuse(title, st);
  auto meeting = parse_whole_number(x.form.get("incontro"), 1, 999);
  const bool known = meeting && meeting_hours(*e, static_cast<int>(*meeting));
  x.redirect((known ? roster_href(*e, static_cast<int>(*meeting)) : admin_href(*e)) + "?esito=ospite-unito");
}

void sign_in_sheet(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  auto meeting = meeting_or_404(x, *e, 3);
  if (!meeting) return;
  json rows = json::array();
  int number = 0;
  for (const auto& r : AttendanceRoster(x.app.store()).roster(e->uid, *meeting))
    rows.push_back({{"number", ++number},
                    {"name", r.name},
                    {"username", r.username},
                    {"organization", r.organization},
                    {"group_label", r.target_group.empty() ? "" : x.group_label(r.target_group)}});
  json blanks = json::array();
  for (int i = 0; i < kSheetBlankLines; ++i) blanks.push_back({{"number", ++number}});
  x.render("sign_in_sheet", e->title + ": " + x.t("sheet_title"),
           {{"event", event_data(*e)},
            {"meeting", meeting_data(x, *e, *meeting)},
            {"rows", rows},
            {"blanks", blanks},
            {"roster_href", roster_href(*e, *meeting)}});
}

}  // namespace sentinella
