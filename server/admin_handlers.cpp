// Administration: people and their roles, invitations, the audit log.
#include <algorithm>

#include "core/audit.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

constexpr int kAuditPageSize = 50;

std::int64_t id_from_path(const Exchange& x) { return std::stoll(x.req.matches[1]); }

json person_json(const Exchange& x, const User& u) {
  return {{"id", u.id},
          {"href", "/admin/persone/" + std::to_string(u.id)},
          {"display_name", u.display_name},
          {"username", u.username},
          {"email", u.email},
          {"group_label", u.target_group.empty() ? "" : x.group_label(u.target_group)},
          {"organization", u.organization},
          {"roles", x.role_labels(u.roles)},
          {"disabled", u.disabled},
          {"created", format_day_time(u.created_at)}};
}

// The site's target groups as form options; only those in `offered` when it is given.
json group_options(const Exchange& x, const std::string& selected,
                   const std::optional<std::vector<std::string>>& offered = std::nullopt) {
  json out = json::array();
  for (const auto& g : x.site->site().target_groups)
    if (!offered || std::find(offered->begin(), offered->end(), g.id) != offered->end())
      out.push_back({{"value", g.id}, {"label", g.label}, {"selected", g.id == selected}});
  return out;
}

// Every role as a form option: value, label and, where `on(role)`, `mark` ("checked", "selected").
template <class On>
json role_options(const Exchange& x, const char* mark, On on) {
  json out = json::array();
  for (Role r : all_roles())
    out.push_back({{"value", role_name(r)}, {"label", x.t("role_" + std::string(role_name(r)))}, {mark, on(r)}});
  return out;
}

void render_invitations(Exchange& x, int status, json extra) {
  const User& me = *x.user();
  const UnixSeconds now = now_seconds();
  json list = json::array();
  for (const auto& inv : x.app.accounts().invitations()) {
    if (!me.roles.has(Role::admin) && inv.created_by != me.id) continue;
    std::string state = inv.revoked ? "invitation_revoked"
                        : now >= inv.expires_at ? "invitation_expired"
                        : inv.uses >= inv.max_uses ? "invitation_used_up"
                                                   : "invitation_active";
    list.push_back({{"id", inv.id},
                    {"hint", inv.code_hint},
                    {"group_label", x.group_label(inv.target_group)},
                    {"organization", inv.organization},
                    {"created_by", inv.created_by_name},
                    {"created", format_day_time(inv.created_at)},
                    {"expires", format_day_time(inv.expires_at)},
                    {"uses", inv.uses},
                    {"max_uses", inv.max_uses},
                    {"state", x.t(state)},
                    {"revocable", inv.usable(now)},
                    {"revoke_href", "/admin/inviti/" + std::to_string(inv.id) + "/revoca"}});
  }
  // A trainer is offered the groups they train; core refuses any other.
  const json groups = group_options(x, extra.value("/values/group"_json_pointer, ""),
                                    x.app.accounts().invitation_groups(me.id, x.group_ids()));
  json data = {{"invitations", list},
               {"has_invitations", !list.empty()},
               {"groups", groups},
               {"has_groups", !groups.empty()},
               {"values", {{"days", "30"}, {"uses", "30"}, {"organization", ""}}},
               {"new_code", false}};
  for (auto& [k, v] : extra.items()) data[k] = v;
  x.render("admin_invitations", x.t("admin_invitations_title"), std::move(data), status);
}

// The person named in the path, or a 404 page (erased people are gone for the interface).
std::optional<User> person_or_404(Exchange& x) {
  auto u = x.app.accounts().find(id_from_path(x));
  if (!u || u->erased) {
    x.res.status = 404;
    return std::nullopt;
  }
  return u;
}

void after_change(Exchange& x, const Status& st, const std::string& outcome) {
  if (!st.ok()) return x.refuse(x.t("admin_people_title"), st);
  x.redirect("/admin/persone/" + x.req.matches[1].str() + "?esito=" + outcome);
}


// The person's page; after a refused change, with the problem next to its field.
void render_person(Exchange& x, const User& u, int status, json extra) {
  json roles = role_options(x, "checked", [&](Role r) { return u.roles.has(r); });
  const std::string base = "/admin/persone/" + std::to_string(u.id);
  const auto trained = x.app.accounts().trained_groups(u.id);
  json groups = json::array();
  for (const auto& g : x.site->site().target_groups)
    groups.push_back({{"value", g.id}, {"label", g.label},
                      {"checked", std::find(trained.begin(), trained.end(), g.id) != trained.end()}});
  json data = {{"person", person_json(x, u)},
               {"roles", roles},
               {"trained_groups", groups},
               {"groups_action", base + "/gruppi"},
               {"is_self", u.id == x.user()->id},
               {"roles_action", base + "/ruoli"},
               {"state_action", base + "/stato"},
               {"erase_action", base + "/cancella"}};
  for (auto& [key, value] : extra.items()) data[key] = value;
  x.render("admin_person", u.display_name, std::move(data), status);
}

void refuse_change(Exchange& x, const User& u, const std::string& field, const std::string& key) {
  render_person(x, u, 400, x.field_errors({{field, key, key}}));
}

}  // namespace

void people(Exchange& x) {
  UserFilter filter;
  const std::string role = x.query("ruolo"), group = x.query("gruppo");
  filter.role = parse_role(role);
  if (x.has_group(group)) filter.target_group = group;
  filter.organization = x.query("organizzazione").substr(0, kMaxOrganization);
  json list = json::array();
  for (const auto& u : x.app.accounts().list(filter)) list.push_back(person_json(x, u));
  json roles = role_options(x, "selected", [&](Role r) { return filter.role == r; });
  x.render("admin_people", x.t("admin_people_title"),
           {{"people", list},
            {"count", list.size()},
            {"has_people", !list.empty()},
            {"filters", {{"roles", roles}, {"groups", group_options(x, filter.target_group)},
                         {"organization", filter.organization}}}});
}

void person(Exchange& x) {
  if (auto u = person_or_404(x)) render_person(x, *u, 200, json::object());
}

void set_person_roles(Exchange& x) {
  auto u = person_or_404(x);
  if (!u) return;
  RoleSet roles;
  for (const auto& name : x.form.all("role")) {
    auto r = parse_role(name);
    if (!r) return refuse_change(x, *u, "role", "role_unknown");
    roles = roles | *r;
  }
  if (u->id == x.user()->id && !roles.has(Role::admin)) return refuse_change(x, *u, "role", "own_admin_role");
  after_change(x, x.app.accounts().set_roles(u->id, roles, x.user()->id, now_seconds()), "ruoli");
}

void set_person_state(Exchange& x) {
  auto u = person_or_404(x);
  if (!u) return;
  const bool disable = x.form.get("disabled") == "1";
  if (u->id == x.user()->id) return refuse_change(x, *u, "role", "self_disable");
  after_change(x, x.app.accounts().set_disabled(u->id, disable, x.user()->id, now_seconds()),
               disable ? "disattivato" : "riattivato");
}

void erase_person(Exchange& x) {
  auto u = person_or_404(x);
  if (!u) return;
  if (u->id == x.user()->id) return refuse_change(x, *u, "confirm", "self_erase");
  if (x.form.get("confirm") != "1") return refuse_change(x, *u, "confirm", "confirm_required");
  Status st = x.app.accounts().erase(u->id, x.user()->id, now_seconds());
  if (!st.ok()) return x.refuse(x.t("admin_people_title"), st);
  x.redirect("/admin/persone?esito=cancellato");
}

void set_person_groups(Exchange& x) {
  auto u = person_or_404(x);
  if (!u) return;
  const auto chosen = x.form.all("group");
  for (const auto& g : chosen)
    if (!x.has_group(g)) return refuse_change(x, *u, "group", "target_group_unknown");
  after_change(x, x.app.accounts().set_trained_groups(u->id, chosen, x.group_ids(), x.user()->id, now_seconds()),
               "gruppi");
}

void invitations(Exchange& x) { render_invitations(x, 200, json::object()); }

void create_invitation(Exchange& x) {
  NewInvitation inv;
  inv.target_group = x.form.get("group");
  inv.organization = x.form.get("organization");
  // Not a number is out of range too: the rules themselves are core's.
  inv.valid_days = static_cast<int>(parse_whole_number(x.form.get("days"), 0, 999999).value_or(0));
  inv.max_uses = static_cast<int>(parse_whole_number(x.form.get("uses"), 0, 999999).value_or(0));
  const User& me = *x.user();
  if (auto errors = x.app.accounts().invitation_problems(inv, x.group_ids(), me.id); !errors.empty()) {
    json extra = x.field_errors(errors);
    extra["values"] = {{"group", inv.target_group}, {"organization", inv.organization},
                       {"days", x.form.get("days")}, {"uses", x.form.get("uses")}};
    return render_invitations(x, 400, extra);
  }
  const UnixSeconds now = now_seconds();
  auto code = x.app.accounts().create_invitation(inv, x.group_ids(), me.id, now);
  if (!code.ok()) return x.refuse(x.t("admin_invitations_title"), code.status());
  const std::string& base_url = x.site->site().base_url;
  render_invitations(x, 201,
                     {{"new_code",
                       {{"code", code.value()},
                        {"link", base_url + "/registrati?codice=" + code.value()},
                        {"group_label", x.group_label(inv.target_group)},
                        {"organization", inv.organization},
                        {"expires", format_day_time(now + std::int64_t{inv.valid_days} * 86400)},
                        {"max_uses", inv.max_uses}}}});
}

void revoke_invitation(Exchange& x) {
  const std::int64_t id = id_from_path(x);
  const User& me = *x.user();
  if (!me.roles.has(Role::admin)) {
    bool mine = false;
    for (const auto& inv : x.app.accounts().invitations())
      if (inv.id == id) mine = inv.created_by == me.id;
    if (!mine) {
      x.res.status = 404;
      return;
    }
  }
  Status st = x.app.accounts().revoke_invitation(id, me.id, now_seconds());
  if (!st.ok()) {
    x.res.status = 404;
    return;
  }
  x.redirect("/admin/inviti?esito=revocato");
}

void audit_log(Exchange& x) {
  const int page = static_cast<int>(parse_whole_number(x.query("pagina"), 1, 100000).value_or(1));
  auto entries = audit_entries(x.app.store(), kAuditPageSize + 1, (page - 1) * kAuditPageSize);
  const bool more = static_cast<int>(entries.size()) > kAuditPageSize;
  if (more) entries.pop_back();
  json list = json::array();
  for (const auto& e : entries) {
    std::string action_key = "audit_" + e.action;
    for (auto& c : action_key)
      if (c == '.') c = '_';
    std::string label = x.t(action_key);
    list.push_back({{"when", format_day_time(e.at)},
                    {"actor", e.actor_id ? e.actor_name : x.t("audit_command_line")},
                    {"action", label == action_key ? e.action : label},
                    {"target", e.target_name},
                    {"details", e.details}});
  }
  x.render("admin_audit", x.t("admin_audit_title"),
           {{"entries", list},
            {"has_entries", !list.empty()},
            {"page", page},
            {"prev_href", page > 1 ? json("/admin/registro?pagina=" + std::to_string(page - 1)) : json(false)},
            {"next_href", more ? json("/admin/registro?pagina=" + std::to_string(page + 1)) : json(false)}});
}

}  // namespace sentinella
