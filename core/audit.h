// The audit log of privileged actions: who did what to whom, and when. Append-only (the schema's
// triggers refuse updates and deletes).
// Errors: recording happens inside Store::write, whose Status reports it; reading the log throws
// SQLite::Exception from reads of the database (one locked past the busy timeout, or damaged: see
// core/store.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/store.h"

namespace sentinella {

struct AuditEntry {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::int64_t actor_id = 0;      // 0: the command line
  std::string actor_name;         // display name now (an erased person's is anonymous)
  std::string action;             // e.g. "user.roles"
  std::int64_t target_user_id = 0;
  std::string target_name;
  std::string details;
};

// Appends an entry inside the caller's transaction.
void audit_record(SQLite::Database& db, std::int64_t actor_id, std::string_view action,
                  std::int64_t target_user_id, std::string_view details, UnixSeconds at);

// Newest first.
std::vector<AuditEntry> audit_entries(Store& store, int limit, int offset);

}  // namespace sentinella
