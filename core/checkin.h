// Self check-in at a meeting: the trainer's screen shows a six-digit code that changes every
// kCheckinStepSeconds; a signed-in learner who types it (or scans its QR) is marked present.
//
// Each meeting has a random key (table checkin_keys), made when someone who may mark attendance
// opens the screen. The code of a time step is derived from the key, the event's uid, the meeting
// and the step (HMAC-SHA-512-256, libsodium's crypto_auth, truncated to six digits), so nothing per
// code is stored. A code is accepted only inside the meeting's window (from its start less the
// margin to its end plus the margin, site.yaml `attendance: checkin_margin_minutes`) and only while
// it is the current step's or the previous step's: a photo sent home stops working within a minute.
//
// Nothing about the device is kept: no address, no user agent. A check-in is an attendance mark
// with source "checkin", made by the person themselves (core/attendance.h: check_in_self).
// Errors: changes return Status/Result (Invalid, NotFound as documented) and write nothing when they
// fail; reads throw SQLite::Exception from the database (core/store.h); anything may throw
// std::bad_alloc. Call sodium_init() first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

inline constexpr UnixSeconds kCheckinStepSeconds = 30;
inline constexpr std::size_t kCheckinCodeDigits = 6;
inline constexpr int kDefaultCheckinMarginMinutes = 15;
inline constexpr int kMaxCheckinMarginMinutes = 240;

// When codes of a meeting are accepted: [opens, closes].
struct CheckinWindow {
  UnixSeconds opens = 0;
  UnixSeconds closes = 0;
  bool contains(UnixSeconds t) const { return opens <= t && t <= closes; }
};

// The window of meeting `meeting` of the event with a margin of `margin_minutes` on each side;
// nullopt when the event has no such meeting.
std::optional<CheckinWindow> checkin_window(const Event& event, int meeting, int margin_minutes);

// The time step of `now`: codes change when it does.
inline std::int64_t checkin_step(UnixSeconds now) { return now / kCheckinStepSeconds; }

// The six-digit code (leading zeros kept) of step `step` for the meeting with key `key`
// (crypto_auth_KEYBYTES bytes; any other size gives a code nobody can guess either, but a wrong
// one). Pure: the same inputs always give the same code.
std::string checkin_code(const std::string& key, const std::string& event_uid, int meeting, std::int64_t step);

// "123456" from what a person typed: spaces, dots and hyphens removed; nullopt unless exactly six
// digits remain.
std::optional<std::string> parse_checkin_code(std::string_view typed);

// What the trainer's screen shows at `now`.
struct CheckinScreen {
  CheckinWindow window;
  bool open = false;            // now is inside the window: `code` is set
  std::string code;             // the current step's code
  UnixSeconds expires_at = 0;   // when the next code replaces it
  int checked_in = 0;           // marks of the meeting made by check-in
};

enum class CheckinOutcome {
  marked,           // recorded present, whole hours
  already_marked,   // the person had a mark at that meeting (a trainer's, say): kept as it was
  wrong_code,       // no meeting near now has this code as its current or previous one
  outside_meeting,  // the code is a meeting's, but now is outside its window
  ambiguous,        // the code is the current one of several meetings, none (or several) the person's
};

struct CheckinResult {
  CheckinOutcome outcome = CheckinOutcome::wrong_code;
  std::string event_uid;  // set unless wrong_code or ambiguous
  int year = 0;
  std::string slug;
  std::string title;
  int meeting = 0;
  CheckinWindow window;
};

class Checkin {
public:
  // `margin_minutes`: the site's checkin_margin_minutes.
  Checkin(Store& store, int margin_minutes) : store_(store), margin_minutes_(margin_minutes) {}

  // Makes the meeting's key if it has none (audited attendance.checkin_open); harmless to repeat.
  // Invalid for a meeting the event does not have, or an actor who may not mark attendance at the
  // event (Attendance::may_mark). One transaction.
  Status open(const Event& event, int meeting, std::int64_t actor_id, UnixSeconds now);

  // What the screen shows at `now`. NotFound when the meeting has no key yet (open() it first);
  // Invalid for a meeting the event does not have.
  Result<CheckinScreen> screen(const Event& event, int meeting, UnixSeconds now);

  // Checks in `user_id` with `code` (six digits, as parse_checkin_code gives) at `now`: finds the
  // meeting whose key gives this code for the current or previous step among the meetings near now,
  // and marks the person present there (MarkSource::checkin, by themselves) unless they already
  // have a mark there. When the code is current at several meetings, the one whose event the person
  // is registered for (confirmed) wins; otherwise the outcome is ambiguous and nothing changes.
  // Refusals are outcomes (see CheckinOutcome), never Status errors; NotFound for no such (or an
  // erased) person. One transaction for the mark.
  Result<CheckinResult> check_in(const std::string& code, std::int64_t user_id, UnixSeconds now);

private:
  Store& store_;
  const int margin_minutes_;
};

}  // namespace sentinella
