// People and their roles, invitations, and the personal-data duties (export, erasure).
// Every change is one transaction and leaves an entry in the audit log.
// Errors: changes return Status/Result; lookups throw SQLite::Exception from reads of the database
// (one locked past the busy timeout, or damaged: see core/store.h); anything may throw
// std::bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/roles.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

// Bounds on what people type, in bytes.
constexpr size_t kMaxUsername = 32;
constexpr size_t kMaxDisplayName = 100;
constexpr size_t kMaxEmail = 254;
constexpr size_t kMaxOrganization = 150;

// Erasure renames an account "cancellato-<id>": no new username may start with this.
constexpr std::string_view kErasedUsernamePrefix = "cancellato-";

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string email;         // may be empty
  std::string target_group;  // a TargetGroup id, or empty for staff without one
  std::string organization;  // free text, e.g. "Polizia Locale di Cremona"
  RoleSet roles;
  bool disabled = false;
  bool erased = false;
  UnixSeconds created_at = 0;
};

struct NewUser {
  std::string username, display_name, email, target_group, organization, password;
  RoleSet roles;
};

// A problem with one field of a form: `key` names it for the interface's strings
// (e.g. "username_taken"), `message` says it in English for the command line and logs.
struct FieldError {
  std::string field;
  std::string key;
  std::string message;
};

struct UserFilter {
  std::optional<Role> role;
  std::string target_group;  // empty: any
  std::string organization;  // substring, case-insensitive; empty: any
};

struct Invitation {
  std::int64_t id = 0;
  std::string code_hint;  // the first characters, to tell codes apart in lists
  std::string target_group;
  std::string organization;
  std::int64_t created_by = 0;
  std::string created_by_name;
  UnixSeconds created_at = 0, expires_at = 0;
  int max_uses = 1, uses = 0;
  bool revoked = false;

  // Usable now for one more registration.
  bool usable(UnixSeconds now) const { return !revoked && now < expires_at && uses < max_uses; }
};

struct NewInvitation {
  std::string target_group, organization;
  int valid_days = 30;  // 1 to 365
  int max_uses = 30;    // 1 to 1000
};

// What one run of the retention rule did: each person is erased in a transaction of their own, so
// one that fails (named here with the reason) does not keep the others' data.
struct RetentionReport {
  int erased = 0;
  std::vector<std::pair<std::int64_t, Status>> failed;  // person id, why
};

// Appends a problem with `field` (keys "<field>_missing", "_too_long", "_invalid") when `value` is
// empty but `required`, longer than `max` bytes, or holds control characters or invalid UTF-8.
void check_text(std::vector<FieldError>& errors, const char* field, std::string_view value, size_t max,
                bool required);
// The problems' English messages joined with "; ", for a Status.
std::string join_messages(const std::vector<FieldError>& errors);
// Inside a read or write of `db`: the groups of `known` the actor may act for (invite, assign
// modules to): all of them for an admin or the command line (actor 0), the ones they train for
// anyone else. Throws what SQLite throws.
std::vector<std::string> invitable_groups(SQLite::Database& db, std::int64_t actor_id,
                                          const std::vector<std::string>& known);

class Accounts {
public:
  explicit Accounts(Store& store) : store_(store) {}

  // Field problems of a new account (username shape, a name reserved for erased accounts, lengths,
  // e-mail shape, password policy, target group among `groups` when one is given); empty if none.
  // Uniqueness is checked on write.
  static std::vector<FieldError> validate(const NewUser& user, const std::vector<std::string>& groups);
  // The profile fields a person may change themselves.
  static std::vector<FieldError> validate_profile(std::string_view display_name, std::string_view email);
  // The password policy's verdict as a problem with `field`, or nullopt if the password is fine.
  static std::optional<FieldError> validate_password(std::string_view password, std::string_view username,
                                                     const std::string& field);

  // Creates the account (password hashed with argon2id). Invalid with the problems, Conflict if
  // the username is taken. `actor_id` 0 means the command line.
  Result<User> add_user(const NewUser& user, const std::vector<std::string>& groups,
                        std::int64_t actor_id, UnixSeconds now);
  std::optional<User> find(std::int64_t id);
  std::optional<User> find_by_username(std::string_view username);
  std::vector<User> list(const UserFilter& filter);
  bool has_admin();

  // The user if the password is right and the account is usable (recording `now` as their last
  // activity); nullopt otherwise, in about the same time whether or not the username exists.
  std::optional<User> authenticate(std::string_view username, std::string_view password, UnixSeconds now);

  // Each ends every session of the person where the issue demands it (password, disable, erase).
  Status set_roles(std::int64_t user_id, RoleSet roles, std::int64_t actor_id, UnixSeconds now);
  Status set_disabled(std::int64_t user_id, bool disabled, std::int64_t actor_id, UnixSeconds now);
  Status set_password(std::int64_t user_id, std::string_view password, std::int64_t actor_id,
                      UnixSeconds now);
  Status update_profile(std::int64_t user_id, std::string_view display_name, std::string_view email,
                        UnixSeconds now);
  // GDPR erasure: every kind of personal data (core/personal_data.h) is deleted, anonymized or kept
  // for the counts as its entry says; the account can never log in again; the row stays, with its
  // target group, so aggregate counts stay right. Then the write-ahead log is checkpointed, so the
  // old values leave the files on disk (Store opens with secure_delete). NotFound for no such
  // person, Invalid for an erased one, Internal for a database error.
  Status erase(std::int64_t user_id, std::int64_t actor_id, UnixSeconds now);

  // The target groups the person trains (sorted); empty for none or no such person.
  std::vector<std::string> trained_groups(std::int64_t user_id);
  // Replaces the groups the person trains, in one transaction, audited. Invalid for a group not in
  // `known_groups` (nothing is written), NotFound for no such person, Invalid for an erased one.
  Status set_trained_groups(std::int64_t user_id, const std::vector<std::string>& groups,
                            const std::vector<std::string>& known_groups, std::int64_t actor_id,
                            UnixSeconds now);
  // The groups of `known_groups` the actor may create invitations for: all of them for an admin or
  // the command line (actor 0), the ones they train for anyone else.
  std::vector<std::string> invitation_groups(std::int64_t actor_id, const std::vector<std::string>& known_groups);
  // Field problems of a new invitation (group among `known_groups` and one the actor may invite
  // for, organization, days, uses); empty if none. The rules create_invitation enforces.
  std::vector<FieldError> invitation_problems(const NewInvitation& inv, const std::vector<std::string>& known_groups,
                                              std::int64_t actor_id);

  // Returns the code, shown once: only its hash is stored. Invalid (naming every problem of
  // invitation_problems) and nothing written when the invitation breaks a rule.
  Result<std::string> create_invitation(const NewInvitation& inv, const std::vector<std::string>& groups,
                                        std::int64_t actor_id, UnixSeconds now);
  std::vector<Invitation> invitations();
  Status revoke_invitation(std::int64_t id, std::int64_t actor_id, UnixSeconds now);
  // The invitation for `code`; NotFound for an unknown code, Invalid ("expired", "used up",
  // "revoked") for one that cannot be used now.
  Result<Invitation> check_invitation(std::string_view code, UnixSeconds now);
  // Creates a learner in the invitation's group and organization, counting one use, in one
  // transaction (two people racing for the last use cannot both get it).
  Result<User> register_with_invitation(std::string_view code, NewUser user,
                                        const std::vector<std::string>& groups, UnixSeconds now);

  // Erases (as erase() does) every account whose last sign-in, or creation, is older than `cutoff`;
  // administrators are kept, so the site can never lose its last one. Each person in a transaction
  // of their own; the failures are in the report. Then checkpoints as erase() does, every time, so a
  // checkpoint that readers kept from finishing is done again. Internal if the accounts cannot be read.
  Result<RetentionReport> erase_inactive(UnixSeconds cutoff, UnixSeconds now);

  // Counts of accounts per target group, erased ones included: the figures that must survive erasure.
  std::vector<std::pair<std::string, int>> count_by_group();

private:
  Store& store_;
};

}  // namespace sentinella
