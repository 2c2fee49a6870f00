// Registrations for events (RSVP): places up to the event's capacity, then a waiting list that
// moves up in order when someone cancels. Attendance is taken per meeting (core/attendance.h).
// Every change is one transaction (so two people cannot both take the last place) and leaves an
// entry in the audit log naming the event's uid.
// Errors: changes return Status/Result; lookups throw SQLite::Exception from reads of the database
// (one locked past the busy timeout, or damaged: see core/store.h); anything may throw
// std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

enum class RegistrationState { confirmed, waiting, cancelled };

// "confirmed", "waiting", "cancelled": the values stored in the database.
const char* registration_state_name(RegistrationState state);

// Why an event takes no registrations now; `open` when it does.
enum class RegistrationClosed { open, not_offered, not_scheduled, ended };

// One person's registration for one event, with what the organizers need to know about them.
struct Registration {
  std::string event_uid;
  std::int64_t user_id = 0;
  std::string display_name, username, organization, target_group;
  RegistrationState state = RegistrationState::confirmed;
  int waiting_position = 0;         // 1 for the first in the waiting list; 0 unless waiting
  UnixSeconds created_at = 0;       // when the person (last) joined: their place in the queue
  UnixSeconds updated_at = 0;
};

struct RegistrationCounts {
  int confirmed = 0;
  int waiting = 0;
};

class EventRegistrations {
public:
  explicit EventRegistrations(Store& store) : store_(store) {}

  // Whether `event` takes registrations at `now`: it must offer registration, be scheduled (not
  // cancelled or postponed) and not have ended.
  static RegistrationClosed closed_reason(const Event& event, UnixSeconds now);

  // Who may register: everyone signed in when the event's audience includes "pubblico"; otherwise
  // only people whose target group is in the audience (a closed course for its groups). Staff
  // without a target group manage such events but do not register for them.
  static bool admits(const Event& event, const std::string& target_group);

  // Registers the person: confirmed while the confirmed count is below the capacity (or there is
  // no limit), waiting otherwise. Registering again while confirmed or waiting changes nothing and
  // returns the current state; after a cancellation the person goes to the end of the queue.
  // Invalid (in English, naming the reason) when closed_reason() is not `open`, or when the event
  // does not admit() the person's group; nothing is written then. NotFound for no such person.
  Result<RegistrationState> register_person(const Event& event, std::int64_t user_id, UnixSeconds now);

  // Cancels the person's registration and, in the same transaction, gives the free place to the
  // first in the waiting list. NotFound if the person never registered; Invalid once the event
  // has ended. Cancelling a cancelled registration changes nothing.
  Status cancel(const Event& event, std::int64_t user_id, UnixSeconds now);

  // The person's registration for the event, if any (cancelled ones too).
  std::optional<Registration> find(const std::string& event_uid, std::int64_t user_id);
  // Everyone who registered: confirmed by date, then the waiting list in order, then cancelled.
  std::vector<Registration> list(const std::string& event_uid);
  // The person's registrations for every event, most recent first.
  std::vector<Registration> mine(std::int64_t user_id);

  RegistrationCounts counts(const std::string& event_uid);
  // Counts for every event that has registrations, by uid.
  std::map<std::string, RegistrationCounts> all_counts();

private:
  Store& store_;
};

// Inside the caller's transaction: cancels every registration of the person for events that have
// not ended, giving each place to the waiting list. Used when an account is erased.
void withdraw_upcoming_registrations(SQLite::Database& db, std::int64_t user_id, std::int64_t actor_id,
                                     UnixSeconds now);

}  // namespace sentinella
