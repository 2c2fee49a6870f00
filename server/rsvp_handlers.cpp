// Registration for events: a person registers or cancels; the event's staff see the lists, the
// meetings with links to their attendance pages (roster_handlers.cpp), and download the list as CSV.
#include <algorithm>

#include "core/attendance.h"
#include "core/event_registrations.h"
#include "core/text.h"
#include "server/attendance_access.h"
#include "server/csv.h"
#include "server/event_admin.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string registration_href(const Event& e) { return "/eventi/" + event_path(e) + "/iscrizione"; }

std::string closed_text(const Exchange& x, RegistrationClosed reason) {
  switch (reason) {
    case RegistrationClosed::open: break;
    case RegistrationClosed::not_offered: return x.t("rsvp_closed_not_offered");
    case RegistrationClosed::not_scheduled: return x.t("rsvp_closed_not_scheduled");
    case RegistrationClosed::ended: return x.t("rsvp_closed_ended");
  }
  return "";
}

// Why the signed-in person may not register for `e` although it is open: its audience.
std::string audience_text(const Exchange& x, const Event& e) {
  std::string labels;
  for (const auto& a : e.audience)
    labels += (labels.empty() ? "" : ", ") + x.group_label(a);
  std::string text = x.t("rsvp_closed_audience");
  if (auto pos = text.find("{destinatari}"); pos != std::string::npos) text.replace(pos, 13, labels);
  return text;
}

// The reason the person cannot register now, in the interface's language; "" if they can.
std::string refusal(const Exchange& x, const Event& e, UnixSeconds now) {
  if (auto closed = EventRegistrations::closed_reason(e, now); closed != RegistrationClosed::open)
    return closed_text(x, closed);
  if (!EventRegistrations::admits(e, x.user()->target_group)) return audience_text(x, e);
  return "";
}

std::string state_label(const Exchange& x, RegistrationState s) {
  return x.t(std::string("rsvp_state_label_") + registration_state_name(s));
}

json person_row(const Exchange& x, const Registration& r) {
  return {{"user_id", r.user_id},
          {"display_name", r.display_name},
          {"username", r.username},
          {"organization", r.organization},
          {"group_label", r.target_group.empty() ? "" : x.group_label(r.target_group)},
          {"registered", x.day_time(r.created_at)},
          {"changed", x.day_time(r.updated_at)},
          {"position", r.waiting_position},
          {"state_label", state_label(x, r.state)}};
}

}  // namespace

void registration_page(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return;
  const UnixSeconds now = now_seconds();
  EventRegistrations registrations(x.app.store());
  const auto mine = registrations.find(e->uid, x.user()->id);
  const auto counts = registrations.counts(e->uid);
  const std::string refused = refusal(x, *e, now);
  const bool active = mine && mine->state != RegistrationState::cancelled;
  const bool full = e->capacity > 0 && counts.confirmed >= e->capacity;
  json data = {{"event", event_summary(x, *e)},
               {"is_confirmed", mine && mine->state == RegistrationState::confirmed},
               {"is_waiting", mine && mine->state == RegistrationState::waiting},
               {"is_cancelled", mine && mine->state == RegistrationState::cancelled},
               {"is_unregistered", !mine},
               {"waiting_position", mine ? mine->waiting_position : 0},
               {"is_open", refused.empty()},
               {"closed_message", refused.empty() ? json(false) : json(refused)},
               {"can_register", !active && refused.empty()},
               {"can_cancel", active && e->end_utc > now},
               {"is_full", full},
               {"places_left", e->capacity > 0 ? std::max(0, e->capacity - counts.confirmed) : 0},
               {"waiting_count", counts.waiting},
               {"register_action", registration_href(*e)},
               {"cancel_action", registration_href(*e) + "/annulla"}};
  x.render("event_registration", x.t("rsvp_title") + ": " + e->title, std::move(data));
}

void register_for_event(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return;
  const UnixSeconds now = now_seconds();
  if (auto refused = refusal(x, *e, now); !refused.empty())
    return x.message(400, x.t("rsvp_refused_title"), refused);
  auto state = EventRegistrations(x.app.store()).register_person(*e, x.user()->id, now);
  if (!state.ok()) return x.refuse(x.t("rsvp_refused_title"), state.status());
  x.redirect(registration_href(*e) +
             (state.value() == RegistrationState::waiting ? "?esito=in-attesa" : "?esito=iscritto"));
}

void cancel_registration(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return;
  const UnixSeconds now = now_seconds();
  if (e->end_utc <= now) return x.message(400, x.t("rsvp_cancel_refused_title"), x.t("rsvp_closed_ended"));
  Status st = EventRegistrations(x.app.store()).cancel(*e, x.user()->id, now);
  if (st.code() == Status::Code::not_found)
    return x.message(400, x.t("rsvp_cancel_refused_title"), x.t("rsvp_not_registered"));
  if (!st.ok()) return x.refuse(x.t("rsvp_cancel_refused_title"), st);
  x.redirect(registration_href(*e) + "?esito=annullata");
}

// Every event, for organizers and admins: attendance is taken on the rosters of those with
// registration and of training events, the audience of the others recorded (/pubblico). A trainer
// sees those they may mark (Attendance::may_mark).
void admin_events(Exchange& x) {
  const UnixSeconds now = now_seconds();
  const auto counts = EventRegistrations(x.app.store()).all_counts();
  const bool sees_all = x.user()->roles.allows(Role::organizer);
  Attendance attendance(x.app.store());
  json upcoming = json::array(), past = json::array();
  for (const auto& e : x.app.store().events(EventQuery{})) {
    auto c = counts.find(e.uid);
    if (!sees_all && !attendance.may_mark(e, x.user()->id)) continue;
    json item = event_summary(x, e);
    item["admin_href"] = admin_href(e);
    item["confirmed"] = c == counts.end() ? 0 : c->second.confirmed;
    item["waiting"] = c == counts.end() ? 0 : c->second.waiting;
    item["registration"] = e.registration;
    if (e.end_utc > now) upcoming.push_back(std::move(item));
    else past.insert(past.begin(), std::move(item));  // most recent first
  }
  x.render("admin_events", x.t("admin_events_title"),
           {{"upcoming", upcoming},
            {"has_upcoming", !upcoming.empty()},
            {"past", past},
            {"has_past", !past.empty()}});
}

namespace {

// Each meeting of the event with its attendance pages and what its marks add up to.
json meeting_rows(const Exchange& x, const Event& e, int confirmed) {
  const std::string& language = x.site->site().language;
  std::map<int, MeetingTally> tallies;
  for (const auto& t : AttendanceRoster(x.app.store()).tallies(e.uid)) tallies[t.meeting] = t;
  const int count = e.meetings.empty() ? 1 : static_cast<int>(e.meetings.size());
  json rows = json::array();
  for (int n = 1; n <= count; ++n) {
    const std::string base = roster_href(e, n);
    const MeetingTally t = tallies.count(n) ? tallies[n] : MeetingTally{n, 0, 0, 0};
    const EventMeeting* m = e.meetings.empty() ? nullptr : &e.meetings[static_cast<std::size_t>(n) - 1];
    rows.push_back({{"number", n},
                    {"when", format_meeting_when(e, n, language)},
                    {"place", m && m->location ? m->location->name : e.location.name},
                    {"roster_href", base},
                    {"sheet_href", base + "/foglio"},
                    {"import_href", base + "/importa"},
                    {"code_href", base + "/codice"},
                    {"marked", t.marked},
                    {"attended", t.attended},
                    {"has_attended", t.attended > 0},
                    {"registered", confirmed},
                    {"hours", format_hours(t.hours, language)}});
  }
  return rows;
}

}  // namespace

void admin_event(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  json confirmed = json::array(), waiting = json::array(), cancelled = json::array();
  for (const auto& r : EventRegistrations(x.app.store()).list(e->uid)) {
    json row = person_row(x, r);
    switch (r.state) {
      case RegistrationState::confirmed: confirmed.push_back(std::move(row)); break;
      case RegistrationState::waiting: waiting.push_back(std::move(row)); break;
      case RegistrationState::cancelled: cancelled.push_back(std::move(row)); break;
    }
  }
  const int confirmed_count = static_cast<int>(confirmed.size());
  x.render("admin_event", e->title,
           {{"event", event_summary(x, *e)},
            {"meetings", meeting_rows(x, *e, confirmed_count)},
            {"confirmed_count", confirmed_count},
            {"waiting_count", waiting.size()},
            {"confirmed", confirmed},
            {"has_confirmed", !confirmed.empty()},
            {"waiting", waiting},
            {"has_waiting", !waiting.empty()},
            {"cancelled", cancelled},
            {"has_cancelled", !cancelled.empty()},
            {"csv_href", admin_href(*e) + "/iscritti.csv"},
            {"audience_href", !e->registration && x.user()->roles.allows(Role::organizer)
                                  ? json(admin_href(*e) + "/pubblico") : json(false)}});
}

// "Ore di presenza": the hours the person attended over all the event's meetings (from the marks),
// empty for a person never marked.
void registrations_csv(Exchange& x) {
  auto e = markable_event(x);
  if (!e) return;
  const auto hours = AttendanceRoster(x.app.store()).hours_by_person(e->uid);
  std::vector<std::vector<std::string>> rows = {
      {x.t("csv_name"), x.t("csv_username"), x.t("csv_organization"), x.t("csv_group"), x.t("csv_state"),
       x.t("csv_waiting_position"), x.t("csv_hours_attended"), x.t("csv_registered")}};
  for (const auto& r : EventRegistrations(x.app.store()).list(e->uid)) {
    auto h = hours.find(r.user_id);
    rows.push_back({r.display_name, r.username, r.organization,
                    r.target_group.empty() ? "" : x.group_label(r.target_group), state_label(x, r.state),
                    r.waiting_position ? std::to_string(r.waiting_position) : "",
                    h == hours.end() ? "" : format_hours(h->second, x.site->site().language), x.day_time(r.created_at)});
  }
  x.res.status = 200;
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_header("Content-Disposition", "attachment; filename=\"iscritti-" + e->uid + ".csv\"");
  x.res.set_content(csv_document(rows), "text/csv; charset=utf-8");
}

}  // namespace sentinella
