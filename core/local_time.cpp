#include "core/local_time.h"

#include <libical/ical.h>

#include <cstdint>
#include <cstdio>
#include <mutex>

namespace sentinella {

namespace {

std::mutex& zone_mutex() { return libical_mutex(); }

icaltimezone* zone(const std::string& tzid) {
  return icaltimezone_get_builtin_timezone(tzid.c_str());
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

icaltimetype as_ical(const LocalDateTime& l) {
  icaltimetype t = icaltime_null_time();
  t.year = l.year;
  t.month = l.month;
  t.day = l.day;
  t.hour = l.hour;
  t.minute = l.minute;
  return t;
}

LocalDateTime from_ical(const icaltimetype& t) {
  return {t.year, t.month, t.day, t.hour, t.minute, true};
}

// The wall-clock time in `z` at `instant`, by libical; the caller holds libical_mutex().
LocalDateTime ical_local(UnixSeconds instant, icaltimezone* z) {
  return from_ical(icaltime_from_timet_with_zone(static_cast<time_t>(instant), 0, z));
}

// Days from 1970-01-01 to a civil date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(int year, int month, int day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int year_of_era = y - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<std::int64_t>(era) * 146097 + day_of_era - 719468;
}

// libical works out a zone's changes up to 2582 only (ICALTIMEZONE_MAX_YEAR): a later year gets no
// daylight-saving time, and each conversion in it works all the changes out again (some 80 ms,
// holding libical_mutex; the month pages reach 2999 from any URL). The Gregorian calendar, weekdays
// included, repeats every 400 years, and so do changes given by rules ("last Sunday of March"):
// later years are converted 400 years earlier.
constexpr int kLibicalLastYear = 2582;
constexpr UnixSeconds kFourHundredYears = 146097LL * 86400;
constexpr UnixSeconds kLibicalLastYearStart = days_from_civil(kLibicalLastYear, 1, 1) * 86400;
static_assert(days_from_civil(1970, 1, 1) == 0 && days_from_civil(2000, 3, 1) == 11017);

}  // namespace

std::mutex& libical_mutex() {
  static std::mutex m;
  return m;
}

std::string LocalDateTime::format() const {
  char buf[32];
  if (has_time) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

LocalDateTime next_day(const LocalDateTime& d) {
  LocalDateTime n{d.year, d.month, d.day + 1, 0, 0, false};
  if (n.day > days_in_month(n.year, n.month)) {
    n.day = 1;
    if (++n.month > 12) {
      n.month = 1;
      ++n.year;
    }
  }
  return n;
}

bool is_valid_date(int year, int month, int day) {
  return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

int weekday(int year, int month, int day) {
  // Sakamoto's method gives 0 = Sunday; shift to 0 = Monday.
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (month < 3) year -= 1;
  int sunday_based = (year + year / 4 - year / 100 + year / 400 + t[month - 1] + day) % 7;
  return (sunday_based + 6) % 7;
}

Result<LocalDateTime> parse_local_date_time(std::string_view text) {
  const auto malformed = [&] {
    return Status::Invalid("'" + std::string(text) + "' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DD HH:MM)");
  };
  if (text.size() != 10 && text.size() != 16) return malformed();
  if (text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4)) || !digits(text.substr(5, 2)) ||
      !digits(text.substr(8, 2)))
    return malformed();
  LocalDateTime l{number(text.substr(0, 4)), number(text.substr(5, 2)), number(text.substr(8, 2)), 0, 0, false};
  if (text.size() == 16) {
    if ((text[10] != ' ' && text[10] != 'T') || text[13] != ':' || !digits(text.substr(11, 2)) ||
        !digits(text.substr(14, 2)))
      return malformed();
    l.hour = number(text.substr(11, 2));
    l.minute = number(text.substr(14, 2));
    l.has_time = true;
    if (l.hour > 23 || l.minute > 59) return Status::Invalid("'" + std::string(text) + "' is not a time of day");
  }
  if (!is_valid_date(l.year, l.month, l.day))
    return Status::Invalid("'" + std::string(text.substr(0, 10)) + "' is not a date that exists");
  return l;
}

bool is_known_time_zone(const std::string& tzid) {
  std::lock_guard lock(zone_mutex());
  return zone(tzid) != nullptr;
}

Result<UnixSeconds> to_utc(const LocalDateTime& local, const std::string& tzid, bool* ambiguous) {
  std::lock_guard lock(zone_mutex());
  icaltimezone* z = zone(tzid);
  if (!z) return Status::Invalid("unknown time zone '" + tzid + "'");
  // A year past libical's last one is converted as the year 400 (or 800, ...) years before.
  LocalDateTime wanted = local;
  wanted.has_time = true;
  const int folds = wanted.year > kLibicalLastYear ? (wanted.year - kLibicalLastYear + 399) / 400 : 0;
  wanted.year -= 400 * folds;
  const UnixSeconds shift = folds * kFourHundredYears;
  const UnixSeconds instant = icaltime_as_timet_with_zone(as_ical(wanted), z);
  // A skipped wall-clock time comes back as another one.
  if (!(ical_local(instant, z) == wanted))
    return Status::Invalid(local.format() + " does not exist in " + tzid +
                           ": the clocks skip it for daylight saving time");
  if (ambiguous) {
    // Clocks go back by an hour in most zones, by 30 minutes on Lord Howe Island, by 2 hours at Troll.
    *ambiguous = false;
    for (const UnixSeconds earlier : {1800, 3600, 7200})
      if (ical_local(instant - earlier, z) == wanted) *ambiguous = true;
  }
  return instant + shift;
}

LocalDateTime from_utc(UnixSeconds instant, const std::string& tzid) {
  std::lock_guard lock(zone_mutex());
  icaltimezone* z = zone(tzid);
  if (!z) z = icaltimezone_get_utc_timezone();
  const UnixSeconds folds =
      instant >= kLibicalLastYearStart ? (instant - kLibicalLastYearStart) / kFourHundredYears + 1 : 0;
  LocalDateTime local = ical_local(instant - folds * kFourHundredYears, z);
  local.year += static_cast<int>(400 * folds);
  return local;
}

LocalDateTime date_at(UnixSeconds instant, const std::string& tzid) {
  const LocalDateTime now = from_utc(instant, tzid);
  return {now.year, now.month, now.day, 0, 0, false};
}

}  // namespace sentinella
