#include "core/checkin.h"

#include <sodium.h>
#include <SQLiteCpp/Statement.h>

#include <cstdio>

#include "core/attendance.h"
#include "core/audit.h"
#include "core/secrets.h"

namespace sentinella {

namespace {

// How far outside a meeting's window a code is still recognized, to say "outside the meeting"
// rather than "wrong code" to someone who typed it just too late.
constexpr UnixSeconds kRecognizedOutside = 3600;

constexpr std::size_t kKeyBytes = crypto_auth_hmacsha512256_KEYBYTES;

struct Match {
  std::string uid;
  int year = 0;
  std::string slug;
  int meeting = 0;
};

bool registered(SQLite::Database& db, const std::string& uid, std::int64_t user_id) {
  SQLite::Statement q(db,
      "SELECT 1 FROM event_registrations WHERE event_uid = ? AND user_id = ? AND state = 'confirmed'");
  q.bind(1, uid);
  q.bind(2, static_cast<int64_t>(user_id));
  return q.executeStep();
}

}  // namespace

std::optional<CheckinWindow> checkin_window(const Event& event, int meeting, int margin_minutes) {
  if (meeting < 1) return std::nullopt;
  UnixSeconds start = event.start_utc, end = event.end_utc;
  if (!event.meetings.empty()) {
    if (static_cast<std::size_t>(meeting) > event.meetings.size()) return std::nullopt;
    const auto& m = event.meetings[static_cast<std::size_t>(meeting) - 1];
    start = m.start_utc;
    end = m.end_utc;
  } else if (meeting != 1) {
    return std::nullopt;
  }
  const UnixSeconds margin = static_cast<UnixSeconds>(margin_minutes) * 60;
  return CheckinWindow{start - margin, end + margin};
}

std::string checkin_code(const std::string& key, const std::string& event_uid, int meeting, std::int64_t step) {
  const std::string message = event_uid + "|" + std::to_string(meeting) + "|" + std::to_string(step);
  unsigned char mac[crypto_auth_hmacsha512256_BYTES];
  crypto_auth_hmacsha512256_state state;
  crypto_auth_hmacsha512256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha512256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha512256_final(&state, mac);
  // Dynamic truncation as in HOTP (RFC 4226): four bytes at an offset the MAC itself chooses.
  const unsigned offset = mac[sizeof mac - 1] & 0x0f;
  const std::uint32_t bits = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                             (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                             (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  char out[16];
  std::snprintf(out, sizeof out, "%06u", static_cast<unsigned>(bits % 1000000u));
  return out;
}

std::optional<std::string> parse_checkin_code(std::string_view typed) {
  if (typed.size() > 32) return std::nullopt;
  std::string digits;
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.size() != kCheckinCodeDigits) return std::nullopt;
  return digits;
}

Status Checkin::open(const Event& event, int meeting, std::int64_t actor_id, UnixSeconds now) {
  if (!checkin_window(event, meeting, margin_minutes_))
    return Status::Invalid("the event has no meeting " + std::to_string(meeting));
  if (!Attendance(store_).may_mark(event, actor_id))
    return Status::Invalid("only admins, organizers and the trainers of the event's modules may show the check-in code");
  return store_.write([&](SQLite::Database& db) {
    SQLite::Statement has(db, "SELECT 1 FROM checkin_keys WHERE event_uid = ? AND meeting = ?");
    has.bind(1, event.uid);
    has.bind(2, meeting);
    if (has.executeStep()) return;
    unsigned char key[kKeyBytes];
    randombytes_buf(key, sizeof key);
    SQLite::Statement ins(db,
        "INSERT INTO checkin_keys(event_uid, meeting, secret, opened_by, opened_at) VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, event.uid);
    ins.bind(2, meeting);
    ins.bind(3, key, static_cast<int>(sizeof key));
    ins.bind(4, static_cast<int64_t>(actor_id));
    ins.bind(5, static_cast<int64_t>(now));
    ins.exec();
    sodium_memzero(key, sizeof key);
    audit_record(db, actor_id, "attendance.checkin_open", 0,
                 "event=" + event.uid + " meeting=" + std::to_string(meeting), now);
  });
}

Result<CheckinScreen> Checkin::screen(const Event& event, int meeting, UnixSeconds now) {
  auto window = checkin_window(event, meeting, margin_minutes_);
  if (!window) return Status::Invalid("the event has no meeting " + std::to_string(meeting));
  return store_.read([&](SQLite::Database& db) -> Result<CheckinScreen> {
    SQLite::Statement key(db, "SELECT secret FROM checkin_keys WHERE event_uid = ? AND meeting = ?");
    key.bind(1, event.uid);
    key.bind(2, meeting);
    if (!key.executeStep()) return Status::NotFound("the check-in of this meeting has not been opened");
    CheckinScreen s;
    s.window = *window;
    s.open = window->contains(now);
    const std::int64_t step = checkin_step(now);
    if (s.open) s.code = checkin_code(key.getColumn(0).getString(), event.uid, meeting, step);
    s.expires_at = (step + 1) * kCheckinStepSeconds;
    SQLite::Statement count(db,
        "SELECT COUNT(*) FROM attendance_marks WHERE event_uid = ? AND meeting = ? AND source = 'checkin'");
    count.bind(1, event.uid);
    count.bind(2, meeting);
    count.executeStep();
    s.checked_in = count.getColumn(0).getInt();
    return s;
  });
}

Result<CheckinResult> Checkin::check_in(const std::string& code, std::int64_t user_id, UnixSeconds now) {
  const UnixSeconds reach = static_cast<UnixSeconds>(margin_minutes_) * 60 + kRecognizedOutside;
  const std::int64_t step = checkin_step(now);
  // The meetings whose key gives this code now or a step ago, among the events near now.
  std::vector<Match> matches = store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT k.event_uid, e.year, e.slug, k.meeting, k.secret FROM checkin_keys k"
        " JOIN events e ON e.uid = k.event_uid WHERE e.start_utc <= ? AND e.end_utc >= ?"
        " ORDER BY k.event_uid, k.meeting");
    q.bind(1, static_cast<int64_t>(now + reach));
    q.bind(2, static_cast<int64_t>(now - reach));
    std::vector<Match> out;
    while (q.executeStep()) {
      const std::string uid = q.getColumn(0).getString(), key = q.getColumn(4).getString();
      const int meeting = q.getColumn(3).getInt();
      // Both steps always computed and compared in constant time: the answer's timing says nothing.
      const bool now_code = constant_time_equal(checkin_code(key, uid, meeting, step), code);
      const bool previous_code = constant_time_equal(checkin_code(key, uid, meeting, step - 1), code);
      if (now_code || previous_code) out.push_back({uid, q.getColumn(1).getInt(), q.getColumn(2).getString(), meeting});
    }
    return out;
  });

  CheckinResult result;
  std::vector<std::pair<Event, CheckinResult>> inside;
  for (const auto& m : matches) {
    auto event = store_.event(m.year, m.slug);
    if (!event) continue;
    auto window = checkin_window(*event, m.meeting, margin_minutes_);
    if (!window) continue;  // a meeting removed from the event since its key was made
    CheckinResult r{CheckinOutcome::outside_meeting, event->uid, event->year, event->slug, event->title, m.meeting, *window};
    if (window->contains(now)) inside.emplace_back(std::move(*event), r);
    else if (result.outcome == CheckinOutcome::wrong_code) result = r;
  }
  if (inside.empty()) return result;
  if (inside.size() > 1) {
    std::vector<std::pair<Event, CheckinResult>> theirs;
    for (auto& candidate : inside)
      if (store_.read([&](SQLite::Database& db) { return registered(db, candidate.first.uid, user_id); }))
        theirs.push_back(std::move(candidate));
    if (theirs.size() != 1) {
      CheckinResult ambiguous;
      ambiguous.outcome = CheckinOutcome::ambiguous;
      return ambiguous;
    }
    inside = std::move(theirs);
  }
  const Event& event = inside.front().first;
  CheckinResult& chosen = inside.front().second;
  bool marked = false;
  Status st = store_.write([&](SQLite::Database& db) { marked = check_in_self(db, event, chosen.meeting, user_id, now); });
  if (!st.ok()) return st;
  chosen.outcome = marked ? CheckinOutcome::marked : CheckinOutcome::already_marked;
  return chosen;
}

}  // namespace sentinella
