// Civil dates and times in a named time zone (IANA, e.g. "Europe/Rome"), through libical and the
// system's zoneinfo.
// Errors are returned as Status/Result; nothing here throws except std::bad_alloc.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace sentinella {

struct LocalDateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0;
  bool has_time = false;  // false: a whole day

  // "2026-11-25" or "2026-11-25 18:00".
  std::string format() const;
  bool operator==(const LocalDateTime&) const = default;
};

// Parses "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (a 'T' may separate them). Invalid naming the problem
// for a malformed text or an impossible date or time (2026-02-29, 24:00, 13th month).
Result<LocalDateTime> parse_local_date_time(std::string_view text);
bool is_valid_date(int year, int month, int day);
// Day of the week, 0 = Monday.
int weekday(int year, int month, int day);
int days_in_month(int year, int month);
// The day after `date`, at midnight.
LocalDateTime next_day(const LocalDateTime& date);

bool is_known_time_zone(const std::string& tzid);

// libical keeps global state (its time-zone cache above all) that is not thread-safe: every use of
// libical holds this lock. The functions here take it themselves, so do not call them holding it.
std::mutex& libical_mutex();

// The instant a wall-clock time names in `tzid`. Invalid ("does not exist") for a time skipped by
// a daylight-saving change; for one that happens twice, the later (standard-time) instant, and
// `*ambiguous` set. A whole day is its midnight.
Result<UnixSeconds> to_utc(const LocalDateTime& local, const std::string& tzid, bool* ambiguous = nullptr);
// The wall-clock time in `tzid` at `instant`.
LocalDateTime from_utc(UnixSeconds instant, const std::string& tzid);
// The date in `tzid` at `instant` (a whole day: has_time false): "today" for the site.
LocalDateTime date_at(UnixSeconds instant, const std::string& tzid);

}  // namespace sentinella
