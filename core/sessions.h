// Login sessions: a random 256-bit token in the person's cookie, only its hash in the database,
// an idle and an absolute expiry, and a CSRF token tied to each session.
// Errors: creating a session throws std::runtime_error if it cannot be written; lookups throw
// SQLite::Exception from reads of the database (one locked past the busy timeout, or damaged: see
// core/store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/accounts.h"
#include "core/clock.h"
#include "core/store.h"

namespace sentinella {

struct SessionPolicy {
  std::int64_t idle_seconds = 2 * 3600;       // ends after two hours without a request
  std::int64_t absolute_seconds = 12 * 3600;  // and in any case twelve hours after login
};

struct StartedSession {
  std::string token;  // for the cookie; never stored
  std::string csrf_token;
};

struct ActiveSession {
  User user;
  std::string csrf_token;
  UnixSeconds created_at = 0;
};

class Sessions {
public:
  Sessions(Store& store, SessionPolicy policy) : store_(store), policy_(policy) {}

  // A new session for `user_id` (a new token every time: the id changes at login).
  StartedSession start(std::int64_t user_id, UnixSeconds now);
  // The session for `token` if it exists, has not expired and its person can still log in; it is
  // then refreshed. Expired sessions are deleted when met.
  std::optional<ActiveSession> resume(std::string_view token, UnixSeconds now);
  void end(std::string_view token);
  // Ends every session of the person: logout everywhere.
  void end_all(std::int64_t user_id);
  // Deletes every expired session; returns how many.
  int purge_expired(UnixSeconds now);
  const SessionPolicy& policy() const { return policy_; }

private:
  Store& store_;
  const SessionPolicy policy_;
};

// Ends every session of `user_id`, inside the caller's transaction.
void delete_sessions_of(SQLite::Database& db, std::int64_t user_id);

}  // namespace sentinella
