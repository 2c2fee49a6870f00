#include "core/event_registrations.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <functional>

#include "core/audit.h"

namespace sentinella {

namespace {

std::optional<RegistrationState> parse_state(const std::string& s) {
  if (s == "confirmed") return RegistrationState::confirmed;
  if (s == "waiting") return RegistrationState::waiting;
  if (s == "cancelled") return RegistrationState::cancelled;
  return std::nullopt;
}

std::string event_detail(const std::string& uid) { return "event=" + uid; }

int count_in_state(SQLite::Database& db, const std::string& uid, RegistrationState state) {
  SQLite::Statement q(db, "SELECT COUNT(*) FROM event_registrations WHERE event_uid = ? AND state = ?");
  q.bind(1, uid);
  q.bind(2, registration_state_name(state));
  q.executeStep();
  return q.getColumn(0).getInt();
}

// Gives free places to the waiting list, first come first served. Runs inside the transaction of
// every change, so a place freed by a cancellation (or by a capacity raised in the content) is
// taken by the first in the queue before anyone new can register.
void fill_places(SQLite::Database& db, const Event& event, std::int64_t actor_id, UnixSeconds now) {
  int free = -1;  // -1: no limit
  if (event.capacity > 0) {
    free = event.capacity - count_in_state(db, event.uid, RegistrationState::confirmed);
    if (free <= 0) return;
  }
  SQLite::Statement q(db,
      "SELECT id, user_id FROM event_registrations WHERE event_uid = ? AND state = 'waiting'"
      " ORDER BY created_at, id LIMIT ?");
  q.bind(1, event.uid);
  q.bind(2, free);
  std::vector<std::pair<std::int64_t, std::int64_t>> promoted;
  while (q.executeStep()) promoted.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
  for (const auto& [id, user_id] : promoted) {
    SQLite::Statement up(db, "UPDATE event_registrations SET state = 'confirmed', updated_at = ? WHERE id = ?");
    up.bind(1, static_cast<int64_t>(now));
    up.bind(2, static_cast<int64_t>(id));
    up.exec();
    audit_record(db, actor_id, "event.promote", user_id, event_detail(event.uid), now);
  }
}

// Cancels one registration inside the caller's transaction and gives its place to the waiting list.
void cancel_in(SQLite::Database& db, const Event& event, std::int64_t user_id, std::int64_t actor_id,
               UnixSeconds now) {
  SQLite::Statement up(db,
      "UPDATE event_registrations SET state = 'cancelled', updated_at = ?"
      " WHERE event_uid = ? AND user_id = ?");
  up.bind(1, static_cast<int64_t>(now));
  up.bind(2, event.uid);
  up.bind(3, static_cast<int64_t>(user_id));
  up.exec();
  audit_record(db, actor_id, "event.cancel", user_id, event_detail(event.uid), now);
  fill_places(db, event, actor_id, now);
}

// The columns of a Registration; the waiting position is counted among the rows of the same event.
constexpr const char* kRegistrationSelect =
    "SELECT r.event_uid, r.user_id, u.display_name, u.username, u.organization, u.target_group, r.state,"
    " CASE WHEN r.state = 'waiting' THEN (SELECT COUNT(*) FROM event_registrations w"
    "   WHERE w.event_uid = r.event_uid AND w.state = 'waiting'"
    "   AND (w.created_at < r.created_at OR (w.created_at = r.created_at AND w.id <= r.id))) ELSE 0 END,"
    " r.created_at, r.updated_at"
    " FROM event_registrations r JOIN users u ON u.id = r.user_id";

Registration read_registration(SQLite::Statement& q) {
  Registration r;
  r.event_uid = q.getColumn(0).getString();
  r.user_id = q.getColumn(1).getInt64();
  r.display_name = q.getColumn(2).getString();
  r.username = q.getColumn(3).getString();
  r.organization = q.getColumn(4).getString();
  r.target_group = q.getColumn(5).getString();
  r.state = parse_state(q.getColumn(6).getString()).value_or(RegistrationState::cancelled);
  r.waiting_position = q.getColumn(7).getInt();
  r.created_at = q.getColumn(8).getInt64();
  r.updated_at = q.getColumn(9).getInt64();
  return r;
}

std::vector<Registration> select_registrations(Store& store, const std::string& where_order,
                                               const std::function<void(SQLite::Statement&)>& bind) {
  return store.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kRegistrationSelect) + " " + where_order);
    bind(q);
    std::vector<Registration> out;
    while (q.executeStep()) out.push_back(read_registration(q));
    return out;
  });
}

}  // namespace

const char* registration_state_name(RegistrationState state) {
  switch (state) {
    case RegistrationState::confirmed: return "confirmed";
    case RegistrationState::waiting: return "waiting";
    case RegistrationState::cancelled: return "cancelled";
  }
  return "cancelled";
}

RegistrationClosed EventRegistrations::closed_reason(const Event& event, UnixSeconds now) {
  if (!event.registration) return RegistrationClosed::not_offered;
  if (event.status != EventStatus::scheduled) return RegistrationClosed::not_scheduled;
  if (event.end_utc <= now) return RegistrationClosed::ended;
  return RegistrationClosed::open;
}

bool EventRegistrations::admits(const Event& event, const std::string& target_group) {
  if (event.is_public()) return true;
  return !target_group.empty() &&
         std::find(event.audience.begin(), event.audience.end(), target_group) != event.audience.end();
}

Result<RegistrationState> EventRegistrations::register_person(const Event& event, std::int64_t user_id,
                                                              UnixSeconds now) {
  switch (closed_reason(event, now)) {
    case RegistrationClosed::open: break;
    case RegistrationClosed::not_offered: return Status::Invalid("this event does not take registrations");
    case RegistrationClosed::not_scheduled: return Status::Invalid("this event is cancelled or postponed");
    case RegistrationClosed::ended: return Status::Invalid("this event has ended");
  }
  RegistrationState result = RegistrationState::waiting;
  Status st = store_.write([&](SQLite::Database& db) {
    SQLite::Statement who(db, "SELECT target_group FROM users WHERE id = ? AND erased = 0 AND disabled = 0");
    who.bind(1, static_cast<int64_t>(user_id));
    if (!who.executeStep()) throw StatusError(Status::NotFound("no such person"));
    if (!admits(event, who.getColumn(0).getString()))
      throw StatusError(Status::Invalid("this event is reserved for its audience, and the person's target group is not in it"));

    fill_places(db, event, user_id, now);
    SQLite::Statement q(db, "SELECT state FROM event_registrations WHERE event_uid = ? AND user_id = ?");
    q.bind(1, event.uid);
    q.bind(2, static_cast<int64_t>(user_id));
    const bool exists = q.executeStep();
    if (exists) {
      auto current = parse_state(q.getColumn(0).getString());
      if (current && *current != RegistrationState::cancelled) {
        result = *current;
        return;
      }
    }
    // Counted in the same transaction as the write: Store::write serializes writers.
    const bool place_free =
        event.capacity == 0 || count_in_state(db, event.uid, RegistrationState::confirmed) < event.capacity;
    result = place_free ? RegistrationState::confirmed : RegistrationState::waiting;
    if (exists) {
      // A new id puts the person behind everyone already in the queue, even someone who
      // registered in the same second.
      SQLite::Statement up(db,
          "UPDATE event_registrations SET id = (SELECT MAX(id) + 1 FROM event_registrations), state = ?,"
          " created_at = ?, updated_at = ? WHERE event_uid = ? AND user_id = ?");
      up.bind(1, registration_state_name(result));
      up.bind(2, static_cast<int64_t>(now));
      up.bind(3, static_cast<int64_t>(now));
      up.bind(4, event.uid);
      up.bind(5, static_cast<int64_t>(user_id));
      up.exec();
    } else {
      SQLite::Statement ins(db,
          "INSERT INTO event_registrations(event_uid, user_id, state, created_at, updated_at)"
          " VALUES (?, ?, ?, ?, ?)");
      ins.bind(1, event.uid);
      ins.bind(2, static_cast<int64_t>(user_id));
      ins.bind(3, registration_state_name(result));
      ins.bind(4, static_cast<int64_t>(now));
      ins.bind(5, static_cast<int64_t>(now));
      ins.exec();
    }
    audit_record(db, user_id, "event.register", user_id,
                 event_detail(event.uid) + " state=" + registration_state_name(result), now);
  });
  if (!st.ok()) return st;
  return result;
}

Status EventRegistrations::cancel(const Event& event, std::int64_t user_id, UnixSeconds now) {
  if (event.end_utc <= now) return Status::Invalid("this event has ended");
  return store_.write([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT state FROM event_registrations WHERE event_uid = ? AND user_id = ?");
    q.bind(1, event.uid);
    q.bind(2, static_cast<int64_t>(user_id));
    if (!q.executeStep()) throw StatusError(Status::NotFound("not registered for this event"));
    if (parse_state(q.getColumn(0).getString()) == RegistrationState::cancelled) return;
    cancel_in(db, event, user_id, user_id, now);
  });
}

std::optional<Registration> EventRegistrations::find(const std::string& event_uid, std::int64_t user_id) {
  auto found = select_registrations(store_, "WHERE r.event_uid = ? AND r.user_id = ?", [&](SQLite::Statement& q) {
    q.bind(1, event_uid);
    q.bind(2, static_cast<int64_t>(user_id));
  });
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Registration> EventRegistrations::list(const std::string& event_uid) {
  return select_registrations(
      store_,
      "WHERE r.event_uid = ? ORDER BY CASE r.state WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END,"
      " r.created_at, r.id",
      [&](SQLite::Statement& q) { q.bind(1, event_uid); });
}

std::vector<Registration> EventRegistrations::mine(std::int64_t user_id) {
  return select_registrations(store_, "WHERE r.user_id = ? ORDER BY r.created_at DESC, r.id DESC",
                              [&](SQLite::Statement& q) { q.bind(1, static_cast<int64_t>(user_id)); });
}

RegistrationCounts EventRegistrations::counts(const std::string& event_uid) {
  return store_.read([&](SQLite::Database& db) {
    return RegistrationCounts{count_in_state(db, event_uid, RegistrationState::confirmed),
                              count_in_state(db, event_uid, RegistrationState::waiting)};
  });
}

std::map<std::string, RegistrationCounts> EventRegistrations::all_counts() {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT event_uid, SUM(state = 'confirmed'), SUM(state = 'waiting') FROM event_registrations"
        " GROUP BY event_uid");
    std::map<std::string, RegistrationCounts> out;
    while (q.executeStep())
      out[q.getColumn(0).getString()] = {q.getColumn(1).getInt(), q.getColumn(2).getInt()};
    return out;
  });
}

void withdraw_upcoming_registrations(SQLite::Database& db, std::int64_t user_id, std::int64_t actor_id,
                                     UnixSeconds now) {
  std::vector<Event> events;
  {
    SQLite::Statement q(db,
        "SELECT e.uid, e.capacity FROM event_registrations r JOIN events e ON e.uid = r.event_uid"
        " WHERE r.user_id = ? AND r.state <> 'cancelled' AND e.end_utc > ?");
    q.bind(1, static_cast<int64_t>(user_id));
    q.bind(2, static_cast<int64_t>(now));
    while (q.executeStep()) {
      Event e;
      e.uid = q.getColumn(0).getString();
      e.capacity = q.getColumn(1).getInt();
      events.push_back(std::move(e));
    }
  }
  for (const auto& e : events) {
    cancel_in(db, e, user_id, actor_id, now);
  }
}

}  // namespace sentinella
