// Registration for events: a person registers or cancels; organizers see the lists, mark who came
// and download the list as CSV.
#include <algorithm>
#include <set>

#include "core/event_registrations.h"
#include "core/text.h"
#include "server/csv.h"
#include "server/event_admin.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// An attendance form holds at most this many people: forms are limited to kMaxFormFields fields.
constexpr size_t kAttendanceFormSize = 50;
static_assert(kAttendanceFormSize + 2 <= kMaxFormFields, "csrf, listed and a checkbox per person");

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
          {"present", r.attended.value_or(false)},
          {"marked", r.attended.has_value()},
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

void admin_events(Exchange& x) {
  const UnixSeconds now = now_seconds();
  const auto counts = EventRegistrations(x.app.store()).all_counts();
  json upcoming = json::array(), past = json::array();
  for (const auto& e : x.app.store().events(EventQuery{})) {
    auto c = counts.find(e.uid);
    if (!e.registration && c == counts.end()) continue;
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

void admin_event(Exchange& x) {
  auto e = event_or_404(x);
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
  // One form per kAttendanceFormSize people; each names the people it lists, so saving one form
  // (or a form older than a promotion) never marks anyone it did not show.
  json forms = json::array();
  const size_t n = confirmed.size();
  for (size_t first = 0; first < n; first += kAttendanceFormSize) {
    const size_t last = std::min(n, first + kAttendanceFormSize);
    json rows = json::array();
    std::string listed;
    for (size_t i = first; i < last; ++i) {
      listed += (listed.empty() ? "" : ",") + std::to_string(confirmed[i]["user_id"].get<std::int64_t>());
      rows.push_back(confirmed[i]);
    }
    forms.push_back({{"rows", rows},
                     {"listed", listed},
                     {"range", n > kAttendanceFormSize ? json(std::to_string(first + 1) + "-" + std::to_string(last))
                                                       : json(false)}});
  }
  const std::string base = admin_href(*e);
  x.render("admin_event", e->title,
           {{"event", event_summary(x, *e)},
            {"confirmed_count", confirmed.size()},
            {"waiting_count", waiting.size()},
            {"attendance_forms", forms},
            {"has_confirmed", !confirmed.empty()},
            {"waiting", waiting},
            {"has_waiting", !waiting.empty()},
            {"cancelled", cancelled},
            {"has_cancelled", !cancelled.empty()},
            {"attendance_action", base + "/presenze"},
            {"csv_href", base + "/iscritti.csv"}});
}

// A person's id from a form: digits only, at most 12 of them.
constexpr std::int64_t kMaxId = 999'999'999'999;

void save_attendance(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return;
  std::set<std::int64_t> present;
  for (const auto& value : x.form.all("present")) {
    auto id = parse_whole_number(value, 1, kMaxId);
    if (!id) return x.message(400, x.t("bad_form_title"), "present: not a person's id");
    present.insert(*id);
  }
  std::map<std::int64_t, bool> marks;
  const std::string listed = x.form.get("listed");
  for (size_t pos = 0; pos < listed.size();) {
    size_t end = listed.find(',', pos);
    if (end == std::string::npos) end = listed.size();
    auto id = parse_whole_number(std::string_view(listed).substr(pos, end - pos), 1, kMaxId);
    if (!id) return x.message(400, x.t("bad_form_title"), "listed: not a list of ids");
    marks[*id] = present.count(*id) > 0;
    pos = end + 1;
  }
  auto changed = EventRegistrations(x.app.store()).set_attendance(e->uid, marks, x.user()->id, now_seconds());
  if (!changed.ok()) return x.refuse(x.t("admin_events_title"), changed.status());
  x.redirect(admin_href(*e) + "?esito=presenze");
}

void registrations_csv(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return;
  std::vector<std::vector<std::string>> rows = {
      {x.t("csv_name"), x.t("csv_username"), x.t("csv_organization"), x.t("csv_group"), x.t("csv_state"),
       x.t("csv_waiting_position"), x.t("csv_present"), x.t("csv_registered")}};
  for (const auto& r : EventRegistrations(x.app.store()).list(e->uid))
    rows.push_back({r.display_name, r.username, r.organization,
                    r.target_group.empty() ? "" : x.group_label(r.target_group), state_label(x, r.state),
                    r.waiting_position ? std::to_string(r.waiting_position) : "",
                    r.attended ? x.t(*r.attended ? "csv_yes" : "csv_no") : "", x.day_time(r.created_at)});
  x.res.status = 200;
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_header("Content-Disposition", "attachment; filename=\"iscritti-" + e->uid + ".csv\"");
  x.res.set_content(csv_document(rows), "text/csv; charset=utf-8");
}

}  // namespace sentinella
