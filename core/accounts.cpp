#include "core/accounts.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "core/audit.h"
#include "core/password.h"
#include "core/personal_data.h"
#include "core/secrets.h"
#include "core/sessions.h"
#include "core/text.h"

namespace sentinella {

namespace {

constexpr int kInvitationCodeLength = 20;  // 20 symbols of 30: about 98 bits

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool valid_username(std::string_view u) {
  if (u.size() < 3 || u.size() > kMaxUsername) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

bool valid_email(std::string_view e) {
  if (e.size() > kMaxEmail) return false;
  size_t at = e.find('@');
  if (at == 0 || at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view domain = e.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') return false;
  return std::none_of(e.begin(), e.end(), [](char c) { return c == ' ' || c == '<' || c == '>' || c == '"'; }) &&
         !has_control_chars(e);
}

}  // namespace

void check_text(std::vector<FieldError>& errors, const char* field, std::string_view value, size_t max,
                bool required) {
  if (required && value.find_first_not_of(" \t") == std::string_view::npos)
    errors.push_back({field, std::string(field) + "_missing", std::string(field) + " is required"});
  else if (value.size() > max)
    errors.push_back({field, std::string(field) + "_too_long",
                      std::string(field) + " must be at most " + std::to_string(max) + " bytes"});
  else if (has_control_chars(value) || find_invalid_utf8(value) != std::string_view::npos)
    errors.push_back({field, std::string(field) + "_invalid", std::string(field) + " has invalid characters"});
}

namespace {

User read_user(SQLite::Statement& q) {
  User u;
  u.id = q.getColumn(0).getInt64();
  u.username = q.getColumn(1).getString();
  u.display_name = q.getColumn(2).getString();
  u.email = q.getColumn(3).getString();
  u.target_group = q.getColumn(4).getString();
  u.organization = q.getColumn(5).getString();
  u.disabled = q.getColumn(6).getInt() != 0;
  u.erased = q.getColumn(7).getInt() != 0;
  u.created_at = q.getColumn(8).getInt64();
  u.roles = RoleSet::from_bits(static_cast<unsigned>(q.getColumn(9).getInt()));
  return u;
}

// Roles are summed into the bit mask in SQL so one query reads a whole person.
constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.email, u.target_group, u.organization, u.disabled,"
    " u.erased, u.created_at, COALESCE((SELECT SUM(CASE r.role WHEN 'learner' THEN 1"
    " WHEN 'trainer' THEN 2 WHEN 'organizer' THEN 4 WHEN 'admin' THEN 8 END)"
    " FROM user_roles r WHERE r.user_id = u.id), 0) FROM users u";

void write_roles(SQLite::Database& db, std::int64_t user_id, RoleSet roles) {
  SQLite::Statement del(db, "DELETE FROM user_roles WHERE user_id = ?");
  del.bind(1, static_cast<int64_t>(user_id));
  del.exec();
  for (Role r : all_roles())
    if (roles.has(r)) {
      SQLite::Statement ins(db, "INSERT INTO user_roles(user_id, role) VALUES (?, ?)");
      ins.bind(1, static_cast<int64_t>(user_id));
      ins.bind(2, std::string(role_name(r)));
      ins.exec();
    }
}

std::optional<User> find_user(SQLite::Database& db, const std::string& where, const std::string& value) {
  SQLite::Statement q(db, std::string(kUserSelect) + " WHERE " + where);
  q.bind(1, value);
  if (!q.executeStep()) return std::nullopt;
  return read_user(q);
}

}  // namespace

std::string join_messages(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "; ") + e.message;
  return out;
}

namespace {

// Runs a change to one existing person; NotFound if there is no such person.
template <typename F>
Status change_user(Store& store, std::int64_t user_id, F&& f) {
  return store.write([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT erased FROM users WHERE id = ?");
    q.bind(1, static_cast<int64_t>(user_id));
    if (!q.executeStep()) throw StatusError(Status::NotFound("no such person"));
    if (q.getColumn(0).getInt()) throw StatusError(Status::Invalid("this account was erased"));
    f(db);
  });
}

Invitation read_invitation(SQLite::Statement& q) {
  Invitation i;
  i.id = q.getColumn(0).getInt64();
  i.code_hint = q.getColumn(1).getString();
  i.target_group = q.getColumn(2).getString();
  i.organization = q.getColumn(3).getString();
  i.created_by = q.getColumn(4).getInt64();
  i.created_by_name = q.getColumn(5).getString();
  i.created_at = q.getColumn(6).getInt64();
  i.expires_at = q.getColumn(7).getInt64();
  i.max_uses = q.getColumn(8).getInt();
  i.uses = q.getColumn(9).getInt();
  i.revoked = !q.getColumn(10).isNull();
  return i;
}

constexpr const char* kInvitationSelect =
    "SELECT i.id, i.code_hint, i.target_group, i.organization, COALESCE(i.created_by, 0),"
    " COALESCE(u.display_name, ''), i.created_at, i.expires_at, i.max_uses, i.uses, i.revoked_at"
    " FROM invitations i LEFT JOIN users u ON u.id = i.created_by";

Status invitation_status(const Invitation& inv, UnixSeconds now) {
  if (inv.revoked) return Status::Invalid("revoked");
  if (now >= inv.expires_at) return Status::Invalid("expired");
  if (inv.uses >= inv.max_uses) return Status::Invalid("used up");
  return Status::Ok();
}

// Erases one person inside the caller's transaction: see Accounts::erase.
void erase_in(SQLite::Database& db, std::int64_t user_id, std::int64_t actor_id, const std::string& why,
              UnixSeconds now) {
  erase_personal_data(db, {user_id, actor_id, now});
  audit_record(db, actor_id, "user.erase", user_id, why, now);
}

std::int64_t insert_user(SQLite::Database& db, const NewUser& u, const std::string& hash, UnixSeconds now) {
  SQLite::Statement exists(db, "SELECT 1 FROM users WHERE username = ?");
  exists.bind(1, u.username);
  if (exists.executeStep()) throw StatusError(Status::Conflict("the username '" + u.username + "' is taken"));
  SQLite::Statement ins(db,
      "INSERT INTO users(username, display_name, email, password_hash, target_group, organization,"
      " created_at, last_active_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, u.username);
  ins.bind(2, u.display_name);
  ins.bind(3, u.email);
  ins.bind(4, hash);
  ins.bind(5, u.target_group);
  ins.bind(6, u.organization);
  ins.bind(7, static_cast<int64_t>(now));
  ins.bind(8, static_cast<int64_t>(now));
  ins.exec();
  std::int64_t id = db.getLastInsertRowid();
  write_roles(db, id, u.roles);
  return id;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::vector<std::string> invitable_groups(SQLite::Database& db, std::int64_t actor_id,
                                          const std::vector<std::string>& known) {
  if (actor_id == 0) return known;
  SQLite::Statement admin(db, "SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'admin'");
  admin.bind(1, static_cast<int64_t>(actor_id));
  if (admin.executeStep()) return known;
  SQLite::Statement q(db, "SELECT group_id FROM trainer_groups WHERE user_id = ?");
  q.bind(1, static_cast<int64_t>(actor_id));
  std::vector<std::string> trained;
  while (q.executeStep()) trained.push_back(q.getColumn(0).getString());
  std::vector<std::string> out;
  for (const auto& g : known)
    if (contains(trained, g)) out.push_back(g);
  return out;
}

namespace {

// The rules of a new invitation: see Accounts::invitation_problems.
std::vector<FieldError> invitation_problems_in(SQLite::Database& db, const NewInvitation& inv,
                                               const std::vector<std::string>& known, std::int64_t actor_id) {
  std::vector<FieldError> errors;
  if (!contains(known, inv.target_group))
    errors.push_back({"group", "group_missing", "choose a target group"});
  else if (!contains(invitable_groups(db, actor_id, known), inv.target_group))
    errors.push_back({"group", "group_not_trained",
                      "you may create invitations only for the groups you train, and you do not train '" +
                          inv.target_group + "'"});
  check_text(errors, "organization", inv.organization, kMaxOrganization, true);
  if (inv.valid_days < 1 || inv.valid_days > 365)
    errors.push_back({"days", "days_invalid", "valid days must be from 1 to 365"});
  if (inv.max_uses < 1 || inv.max_uses > 1000)
    errors.push_back({"uses", "uses_invalid", "uses must be from 1 to 1000"});
  return errors;
}

}  // namespace

std::vector<FieldError> Accounts::validate_profile(std::string_view display_name, std::string_view email) {
  std::vector<FieldError> errors;
  check_text(errors, "display_name", display_name, kMaxDisplayName, true);
  if (!email.empty() && !valid_email(email))
    errors.push_back({"email", "email_invalid", "the e-mail address is not valid"});
  return errors;
}

std::optional<FieldError> Accounts::validate_password(std::string_view password, std::string_view username,
                                                      const std::string& field) {
  static const char* keys[] = {"", "password_too_short", "password_too_long", "password_too_common",
                               "password_contains_username"};
  auto problem = check_password(password, username);
  if (problem == PasswordProblem::none) return std::nullopt;
  return FieldError{field, keys[static_cast<int>(problem)], describe(problem)};
}

std::vector<FieldError> Accounts::validate(const NewUser& u, const std::vector<std::string>& groups) {
  std::vector<FieldError> errors;
  if (!valid_username(u.username))
    errors.push_back({"username", "username_invalid",
                      "the username must be 3 to 32 characters: lower-case letters, digits, '.', '_' or '-'"});
  else if (u.username.starts_with(kErasedUsernamePrefix))
    errors.push_back({"username", "username_reserved",
                      "usernames starting with '" + std::string(kErasedUsernamePrefix) +
                          "' are reserved for erased accounts"});
  for (auto& e : validate_profile(u.display_name, u.email)) errors.push_back(std::move(e));
  check_text(errors, "organization", u.organization, kMaxOrganization, false);
  if (!u.target_group.empty() && std::find(groups.begin(), groups.end(), u.target_group) == groups.end())
    errors.push_back({"target_group", "target_group_unknown", "unknown target group '" + u.target_group + "'"});
  if (auto e = validate_password(u.password, u.username, "password")) errors.push_back(std::move(*e));
  return errors;
}

Result<User> Accounts::add_user(const NewUser& user, const std::vector<std::string>& groups,
                                std::int64_t actor_id, UnixSeconds now) {
  if (auto errors = validate(user, groups); !errors.empty()) return Status::Invalid(join_messages(errors));
  const std::string hash = hash_password(user.password);  // slow: outside the lock
  std::int64_t id = 0;
  Status st = store_.write([&](SQLite::Database& db) {
    id = insert_user(db, user, hash, now);
    audit_record(db, actor_id, "user.add", id, "roles=" + format_roles(user.roles), now);
  });
  if (!st.ok()) return st;
  return *find(id);
}

std::optional<User> Accounts::find(std::int64_t id) {
  return store_.read([&](SQLite::Database& db) { return find_user(db, "u.id = ?", std::to_string(id)); });
}

std::optional<User> Accounts::find_by_username(std::string_view username) {
  return store_.read([&](SQLite::Database& db) { return find_user(db, "u.username = ?", std::string(username)); });
}

std::vector<User> Accounts::list(const UserFilter& f) {
  return store_.read([&](SQLite::Database& db) {
    std::string sql = std::string(kUserSelect) + " WHERE u.erased = 0";
    if (f.role) sql += " AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = :role)";
    if (!f.target_group.empty()) sql += " AND u.target_group = :group";
    if (!f.organization.empty()) sql += " AND instr(lower(u.organization), lower(:org)) > 0";
    sql += " ORDER BY u.display_name COLLATE NOCASE, u.username";
    SQLite::Statement q(db, sql);
    if (f.role) q.bind(":role", std::string(role_name(*f.role)));
    if (!f.target_group.empty()) q.bind(":group", f.target_group);
    if (!f.organization.empty()) q.bind(":org", f.organization);
    std::vector<User> out;
    while (q.executeStep()) out.push_back(read_user(q));
    return out;
  });
}

bool Accounts::has_admin() {
  return store_.read([](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT 1 FROM user_roles r JOIN users u ON u.id = r.user_id"
        " WHERE r.role = 'admin' AND u.disabled = 0 AND u.erased = 0 LIMIT 1");
    return q.executeStep();
  });
}

std::optional<User> Accounts::authenticate(std::string_view username, std::string_view password,
                                           UnixSeconds now) {
  if (username.size() > kMaxUsername || password.size() > kMaxPasswordLength) {
    burn_password_check(password.substr(0, kMaxPasswordLength));
    return std::nullopt;
  }
  auto found = store_.read([&](SQLite::Database& db) -> std::optional<std::pair<User, std::string>> {
    SQLite::Statement q(db, "SELECT id, password_hash FROM users WHERE username = ?");
    q.bind(1, std::string(username));
    if (!q.executeStep()) return std::nullopt;
    auto id = q.getColumn(0).getInt64();
    auto hash = q.getColumn(1).getString();
    auto user = find_user(db, "u.id = ?", std::to_string(id));
    return std::make_pair(std::move(*user), std::move(hash));
  });
  if (!found) {
    burn_password_check(password);
    return std::nullopt;
  }
  if (!verify_password(password, found->second)) return std::nullopt;
  if (found->first.disabled || found->first.erased) return std::nullopt;
  const std::int64_t id = found->first.id;
  (void)store_.write([&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE users SET last_active_at = ? WHERE id = ?");
    up.bind(1, static_cast<int64_t>(now));
    up.bind(2, static_cast<int64_t>(id));
    up.exec();
  });
  return std::move(found->first);
}

Status Accounts::set_roles(std::int64_t user_id, RoleSet roles, std::int64_t actor_id, UnixSeconds now) {
  return change_user(store_, user_id, [&](SQLite::Database& db) {
    write_roles(db, user_id, roles);
    audit_record(db, actor_id, "user.roles", user_id, "roles=" + format_roles(roles), now);
  });
}

Status Accounts::set_disabled(std::int64_t user_id, bool disabled, std::int64_t actor_id, UnixSeconds now) {
  return change_user(store_, user_id, [&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE users SET disabled = ? WHERE id = ?");
    up.bind(1, disabled ? 1 : 0);
    up.bind(2, static_cast<int64_t>(user_id));
    up.exec();
    if (disabled) delete_sessions_of(db, user_id);
    audit_record(db, actor_id, disabled ? "user.disable" : "user.enable", user_id, "", now);
  });
}

Status Accounts::set_password(std::int64_t user_id, std::string_view password, std::int64_t actor_id,
                              UnixSeconds now) {
  auto user = find(user_id);
  if (!user) return Status::NotFound("no such person");
  if (auto problem = check_password(password, user->username); problem != PasswordProblem::none)
    return Status::Invalid(describe(problem));
  const std::string hash = hash_password(password);
  return change_user(store_, user_id, [&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE users SET password_hash = ? WHERE id = ?");
    up.bind(1, hash);
    up.bind(2, static_cast<int64_t>(user_id));
    up.exec();
    delete_sessions_of(db, user_id);
    audit_record(db, actor_id, actor_id == user_id ? "user.password.change" : "user.password.reset",
                 user_id, "", now);
  });
}

Status Accounts::update_profile(std::int64_t user_id, std::string_view display_name, std::string_view email,
                                UnixSeconds now) {
  if (auto errors = validate_profile(display_name, email); !errors.empty())
    return Status::Invalid(join_messages(errors));
  return change_user(store_, user_id, [&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE users SET display_name = ?, email = ? WHERE id = ?");
    up.bind(1, std::string(display_name));
    up.bind(2, std::string(email));
    up.bind(3, static_cast<int64_t>(user_id));
    up.exec();
    audit_record(db, user_id, "user.profile", user_id, "", now);
  });
}

Status Accounts::erase(std::int64_t user_id, std::int64_t actor_id, UnixSeconds now) {
  Status st = change_user(store_, user_id,
                          [&](SQLite::Database& db) { erase_in(db, user_id, actor_id, "", now); });
  // Erased is erased even if the checkpoint must wait: the hourly retention run checkpoints again.
  if (st.ok()) (void)store_.checkpoint();
  return st;
}

// The accounts the retention rule erases: unused since ?1, not erased, not an admin's.
constexpr const char* kPastRetention =
    " FROM users u WHERE u.erased = 0 AND u.last_active_at < ?1 AND NOT EXISTS"
    " (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'admin')";

Result<RetentionReport> Accounts::erase_inactive(UnixSeconds cutoff, UnixSeconds now) {
  std::vector<std::int64_t> ids;
  try {
    ids = store_.read([&](SQLite::Database& db) {
      SQLite::Statement q(db, std::string("SELECT u.id") + kPastRetention);
      q.bind(1, static_cast<int64_t>(cutoff));
      std::vector<std::int64_t> out;
      while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
      return out;
    });
  } catch (const std::exception& e) {
    return Status::Internal(std::string("reading the accounts past retention: ") + e.what());
  }
  RetentionReport report;
  for (auto id : ids) {
    // Checked again inside the transaction: the person may have signed in since the list was read.
    Status st = store_.write([&](SQLite::Database& db) {
      SQLite::Statement q(db, std::string("SELECT 1") + kPastRetention + " AND u.id = ?2");
      q.bind(1, static_cast<int64_t>(cutoff));
      q.bind(2, static_cast<int64_t>(id));
      if (q.executeStep()) erase_in(db, id, 0, "inactive", now);
      else throw StatusError(Status::NotFound("signed in or erased meanwhile"));
    });
    if (st.ok()) ++report.erased;
    else if (st.code() != Status::Code::not_found) report.failed.emplace_back(id, st);
  }
  (void)store_.checkpoint();
  return report;
}

std::vector<std::string> Accounts::trained_groups(std::int64_t user_id) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT group_id FROM trainer_groups WHERE user_id = ? ORDER BY group_id");
    q.bind(1, static_cast<int64_t>(user_id));
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

Status Accounts::set_trained_groups(std::int64_t user_id, const std::vector<std::string>& groups,
                                    const std::vector<std::string>& known_groups, std::int64_t actor_id,
                                    UnixSeconds now) {
  for (const auto& g : groups)
    if (std::find(known_groups.begin(), known_groups.end(), g) == known_groups.end())
      return Status::Invalid("unknown target group '" + g + "'");
  std::vector<std::string> sorted = groups;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return change_user(store_, user_id, [&](SQLite::Database& db) {
    SQLite::Statement del(db, "DELETE FROM trainer_groups WHERE user_id = ?");
    del.bind(1, static_cast<int64_t>(user_id));
    del.exec();
    std::string listed;
    for (const auto& g : sorted) {
      SQLite::Statement ins(db, "INSERT INTO trainer_groups(user_id, group_id) VALUES (?, ?)");
      ins.bind(1, static_cast<int64_t>(user_id));
      ins.bind(2, g);
      ins.exec();
      listed += (listed.empty() ? "" : ",") + g;
    }
    audit_record(db, actor_id, "user.groups", user_id, "groups=" + listed, now);
  });
}

std::vector<std::string> Accounts::invitation_groups(std::int64_t actor_id, const std::vector<std::string>& known_groups) {
  return store_.read([&](SQLite::Database& db) { return invitable_groups(db, actor_id, known_groups); });
}

std::vector<FieldError> Accounts::invitation_problems(const NewInvitation& inv,
                                                      const std::vector<std::string>& known_groups,
                                                      std::int64_t actor_id) {
  return store_.read([&](SQLite::Database& db) { return invitation_problems_in(db, inv, known_groups, actor_id); });
}

Result<std::string> Accounts::create_invitation(const NewInvitation& inv, const std::vector<std::string>& groups,
                                                std::int64_t actor_id, UnixSeconds now) {
  const std::string code = random_code(kInvitationCodeLength);
  Status st = store_.write([&](SQLite::Database& db) {
    // Checked in the transaction of the write: the actor's groups may have changed meanwhile.
    if (auto problems = invitation_problems_in(db, inv, groups, actor_id); !problems.empty())
      throw StatusError(Status::Invalid(join_messages(problems)));
    SQLite::Statement ins(db,
        "INSERT INTO invitations(code_hash, code_hint, target_group, organization, created_by,"
        " created_at, expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, secret_hash(normalize_code(code)));
    ins.bind(2, code.substr(0, 4));
    ins.bind(3, inv.target_group);
    ins.bind(4, inv.organization);
    if (actor_id) ins.bind(5, static_cast<int64_t>(actor_id)); else ins.bind(5);
    ins.bind(6, static_cast<int64_t>(now));
    ins.bind(7, static_cast<int64_t>(now + std::int64_t{inv.valid_days} * 86400));
    ins.bind(8, inv.max_uses);
    ins.exec();
    audit_record(db, actor_id, "invitation.create", 0,
                 "id=" + std::to_string(db.getLastInsertRowid()) + " group=" + inv.target_group, now);
  });
  if (!st.ok()) return st;
  return code;
}

std::vector<Invitation> Accounts::invitations() {
  return store_.read([](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kInvitationSelect) + " ORDER BY i.id DESC");
    std::vector<Invitation> out;
    while (q.executeStep()) out.push_back(read_invitation(q));
    return out;
  });
}

Status Accounts::revoke_invitation(std::int64_t id, std::int64_t actor_id, UnixSeconds now) {
  return store_.write([&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    up.bind(1, static_cast<int64_t>(now));
    up.bind(2, static_cast<int64_t>(id));
    if (up.exec() == 0) throw StatusError(Status::NotFound("no such invitation, or already revoked"));
    audit_record(db, actor_id, "invitation.revoke", 0, "id=" + std::to_string(id), now);
  });
}

Result<Invitation> Accounts::check_invitation(std::string_view code, UnixSeconds now) {
  const std::string hash = secret_hash(normalize_code(code));
  auto inv = store_.read([&](SQLite::Database& db) -> std::optional<Invitation> {
    SQLite::Statement q(db, std::string(kInvitationSelect) + " WHERE i.code_hash = ?");
    q.bind(1, hash);
    if (!q.executeStep()) return std::nullopt;
    return read_invitation(q);
  });
  if (!inv) return Status::NotFound("unknown invitation code");
  if (Status st = invitation_status(*inv, now); !st.ok()) return st;
  return *inv;
}

Result<User> Accounts::register_with_invitation(std::string_view code, NewUser user,
                                                const std::vector<std::string>& groups, UnixSeconds now) {
  auto inv = check_invitation(code, now);
  if (!inv.ok()) return inv.status();
  user.target_group = inv->target_group;
  user.organization = inv->organization;
  user.roles = Role::learner;
  if (auto errors = validate(user, groups); !errors.empty()) return Status::Invalid(join_messages(errors));
  const std::string hash = hash_password(user.password);
  const std::string code_hash = secret_hash(normalize_code(code));
  std::int64_t id = 0;
  Status st = store_.write([&](SQLite::Database& db) {
    // Counted inside the transaction: the check above may be stale by now.
    SQLite::Statement use(db,
        "UPDATE invitations SET uses = uses + 1 WHERE code_hash = ? AND revoked_at IS NULL"
        " AND expires_at > ? AND uses < max_uses");
    use.bind(1, code_hash);
    use.bind(2, static_cast<int64_t>(now));
    if (use.exec() != 1) throw StatusError(Status::Invalid("used up"));
    id = insert_user(db, user, hash, now);
    audit_record(db, id, "user.register", id, "invitation=" + std::to_string(inv->id), now);
  });
  if (!st.ok()) return st;
  return *find(id);
}

std::vector<std::pair<std::string, int>> Accounts::count_by_group() {
  return store_.read([](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT target_group, COUNT(*) FROM users GROUP BY target_group ORDER BY target_group");
    std::vector<std::pair<std::string, int>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt());
    return out;
  });
}

}  // namespace sentinella
