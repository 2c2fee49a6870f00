// "La mia area": the signed-in person's profile, password, data, and their courses.
#include <algorithm>
#include <set>

#include "core/event_registrations.h"
#include "core/learning.h"
#include "core/personal_data.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "server/progress_view.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// The person's modules in four lists: assigned to them and not completed (with the due date,
// overdue marked), started, completed, and recommended for their target group (not started,
// not assigned).
json learning_sections(Exchange& x) {
  const User& u = *x.user();
  Learning learning(x.app.store());
  const std::string language = x.site->site().language;
  json assigned = json::array(), in_progress = json::array(), completed = json::array(), recommended = json::array();
  std::set<std::string> shown;
  for (const auto& a : my_assignments(x)) {
    auto p = learning.progress(u.id, a.module_slug);
    if (!p || p->completed()) continue;
    json view = progress_view(x, *p);
    if (!a.due_date.empty()) {
      auto due = parse_local_date_time(a.due_date);
      view["due"] = {{"iso", a.due_date}, {"label", due.ok() ? format_date(due.value(), language) : a.due_date}};
    } else {
      view["due"] = false;
    }
    view["is_overdue"] = is_overdue(x, a);
    assigned.push_back(std::move(view));
    shown.insert(a.module_slug);
  }
  for (const auto& p : learning.my_modules(u.id)) {
    if (p.completed()) completed.push_back(progress_view(x, p));
    else if (!shown.count(p.module_slug)) in_progress.push_back(progress_view(x, p));
    shown.insert(p.module_slug);
  }
  if (!u.target_group.empty())
    for (const auto& m : x.app.store().modules())
      if (!shown.count(m.slug) &&
          std::find(m.target_groups.begin(), m.target_groups.end(), u.target_group) != m.target_groups.end())
        recommended.push_back({{"href", "/moduli/" + m.slug}, {"title", m.title}, {"summary", m.summary}});
  return {{"assigned", assigned},           {"has_assigned", !assigned.empty()},
          {"in_progress", in_progress},     {"has_in_progress", !in_progress.empty()},
          {"completed", completed},         {"has_completed", !completed.empty()},
          {"recommended", recommended},     {"has_recommended", !recommended.empty()},
          {"group_label", u.target_group.empty() ? "" : x.group_label(u.target_group)}};
}

void render_area(Exchange& x, int status, json extra = json::object()) {
  const User& u = *x.user();
  json links = json::array();
  if (u.roles.has(Role::admin)) {
    links.push_back({{"href", "/admin/persone"}, {"label", x.t("admin_people_title")}});
    links.push_back({{"href", "/admin/registro"}, {"label", x.t("admin_audit_title")}});
  }
  if (u.roles.allows(Role::trainer)) {
    links.push_back({{"href", "/admin/inviti"}, {"label", x.t("admin_invitations_title")}});
    links.push_back({{"href", "/admin/moduli"}, {"label", x.t("admin_modules_title")}});
  }
  if (u.roles.allows(Role::organizer | Role::trainer))
    links.push_back({{"href", "/admin/eventi"}, {"label", x.t("admin_events_link")}});
  if (u.roles.allows(Role::trainer | Role::organizer))
    links.push_back({{"href", "/admin/report"}, {"label", x.t("area_report_link")}});
  // Upcoming events the person holds a place for or waits for.
  json registrations = json::array();
  const UnixSeconds now = now_seconds();
  for (const auto& r : EventRegistrations(x.app.store()).mine(u.id)) {
    if (r.state == RegistrationState::cancelled) continue;
    const auto dash = r.event_uid.find('-');
    auto e = x.app.store().event(std::stoi(r.event_uid.substr(0, dash)), r.event_uid.substr(dash + 1));
    if (!e || e->end_utc <= now) continue;
    registrations.push_back({{"href", "/eventi/" + std::to_string(e->year) + "/" + e->slug},
                             {"title", e->title},
                             {"when", format_event_when(*e, x.site->site().language)},
                             {"start_iso", e->start_local.substr(0, 10)},
                             {"state_label", x.t(r.state == RegistrationState::confirmed ? "registration_state_confirmed"
                                                                                          : "registration_state_waiting")}});
  }
  json data = {{"profile",
                {{"display_name", u.display_name},
                 {"username", u.username},
                 {"email", u.email},
                 {"group_label", u.target_group.empty() ? "" : x.group_label(u.target_group)},
                 {"organization", u.organization},
                 {"roles", x.role_labels(u.roles)}}},
               {"values", {{"display_name", u.display_name}, {"email", u.email}}},
               {"learning", learning_sections(x)},
               {"links", links},
               {"registrations", registrations},
               {"has_registrations", !registrations.empty()},
               {"has_links", !links.empty()}};
  for (auto& [k, v] : extra.items()) data[k] = v;
  x.render("area", x.t("area_title"), std::move(data), status);
}

}  // namespace

void area(Exchange& x) { render_area(x, 200); }

void update_profile(Exchange& x) {
  const std::string display_name = x.form.get("display_name"), email = x.form.get("email");
  if (auto errors = Accounts::validate_profile(display_name, email); !errors.empty()) {
    json extra = x.field_errors(errors);
    extra["values"] = {{"display_name", display_name}, {"email", email}};
    return render_area(x, 400, extra);
  }
  Status st = x.app.accounts().update_profile(x.user()->id, display_name, email, now_seconds());
  if (!st.ok()) return x.refuse(x.t("area_title"), st);
  x.redirect("/area?esito=profilo");
}

void password_form(Exchange& x) { x.render("password", x.t("password_title"), json::object()); }

void change_password(Exchange& x) {
  const User& u = *x.user();
  const std::string current = x.form.get("current_password"), fresh = x.form.get("new_password");
  // Guessing the current password from a session left open is throttled like a login.
  const std::string user_key = "user:" + u.username, address_key = "ip:" + x.client.address;
  const UnixSeconds now = now_seconds();
  auto attempt = x.app.throttle().begin_attempt(user_key, address_key, now);
  if (attempt.locked()) return x.message(429, x.t("password_title"), x.t("error_password_throttled"));
  std::vector<FieldError> errors;
  const bool right = x.app.accounts().authenticate(u.username, current, now).has_value();
  if (right) attempt.succeeded();
  if (!right)
    errors.push_back({"current_password", "password_wrong", "the current password is wrong"});
  else if (fresh != x.form.get("new_password_confirm"))
    errors.push_back({"new_password_confirm", "password_mismatch", "the two passwords differ"});
  else if (auto e = Accounts::validate_password(fresh, u.username, "new_password"))
    errors.push_back(std::move(*e));
  if (!errors.empty()) return x.render("password", x.t("password_title"), x.field_errors(errors), 400);
  Status st = x.app.accounts().set_password(u.id, fresh, u.id, now);
  if (!st.ok()) return x.refuse(x.t("password_title"), st);
  // Every session ended with the change; this browser gets a fresh one.
  x.set_session_cookie(x.app.sessions().start(u.id, now).token);
  x.redirect("/area?esito=password");
}

void download_my_data(Exchange& x) {
  const User& u = *x.user();
  // Every kind of personal data exports itself: core/personal_data.h.
  auto exported = export_personal_data(x.app.store(), u.id);
  if (!exported.ok()) return x.refuse(x.t("area_title"), exported.status());
  json data = {{"exported_at", format_iso_utc(now_seconds())}};
  for (const auto& [key, text] : exported.value()) data[key] = json::parse(text);
  x.json(200, data);
  x.res.set_header("Content-Disposition", "attachment; filename=\"sentinella-dati-" + u.username + ".json\"");
}

}  // namespace sentinella
