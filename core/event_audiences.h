// The audience of a public event without registration (a theatre show, a screening), counted by
// its organizers: a total, optionally split by target group. Stored in event_audiences as one row
// per target group with people, and a row with target group '' for the people not attributed to a
// group; the total is the sum of the rows.
//
// Errors: record() returns a Status and writes nothing when it fails; audience() throws
// SQLite::Exception from reads of the database (see core/store.h); anything may throw
// std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/clock.h"
#include "core/domain.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

inline constexpr std::int64_t kMaxAudience = 1'000'000;  // people at one event

struct EventAudience {
  std::int64_t total = 0;
  std::map<std::string, std::int64_t> by_group;  // target group id -> people; only groups counted
  std::int64_t recorded_by = 0;                   // 0 when nothing is recorded
  UnixSeconds recorded_at = 0;

  // The people not attributed to a target group.
  std::int64_t unsplit() const;
};

class EventAudiences {
public:
  explicit EventAudiences(Store& store) : store_(store) {}

  // Replaces the event's audience with `total` people, of whom `by_group` are attributed to target
  // groups (groups with 0 may be given and are not stored). Invalid, naming the problem, for an
  // event that takes registrations (its attendance is taken on the roster), an event that has not
  // started at `now`, a count below 0 or above kMaxAudience, an unknown target group, or counts by
  // group adding up to more than the total. Audited as event.audience in the same transaction.
  // Who may record is the caller's to check (organizers and admins).
  Status record(const Event& event, std::int64_t total, const std::map<std::string, std::int64_t>& by_group,
                std::int64_t actor_id, UnixSeconds now);

  // The recorded audience; total 0 and recorded_by 0 when none is recorded.
  EventAudience audience(const std::string& event_uid);

private:
  Store& store_;
};

}  // namespace sentinella
