#include "core/local_time.h"

#include <libical/ical.h>

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
  const icaltimetype t = as_ical(local);
  const UnixSeconds instant = icaltime_as_timet_with_zone(t, z);
  // A skipped wall-clock time comes back as another one.
  LocalDateTime back = from_ical(icaltime_from_timet_with_zone(static_cast<time_t>(instant), 0, z));
  LocalDateTime wanted = local;
  wanted.has_time = true;
  if (!(back == wanted))
    return Status::Invalid(local.format() + " does not exist in " + tzid +
                           ": the clocks skip it for daylight saving time");
  if (ambiguous) {
    LocalDateTime earlier = from_ical(icaltime_from_timet_with_zone(static_cast<time_t>(instant - 3600), 0, z));
    *ambiguous = earlier == wanted;
  }
  return instant;
}

LocalDateTime from_utc(UnixSeconds instant, const std::string& tzid) {
  std::lock_guard lock(zone_mutex());
  icaltimezone* z = zone(tzid);
  if (!z) z = icaltimezone_get_utc_timezone();
  return from_ical(icaltime_from_timet_with_zone(static_cast<time_t>(instant), 0, z));
}

}  // namespace sentinella
