#include "site/format.h"

#include "core/domain.h"
#include "core/local_time.h"
#include "core/text.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace sentinella {

std::string format_hours(double hours, const std::string& language) {
  char buf[32];
  double rounded = std::round(hours * 100) / 100;
  std::snprintf(buf, sizeof buf, "%.2f", rounded);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (language == "it")
    for (auto& c : s)
      if (c == '.') c = ',';
  return s;
}

namespace {

const char* const kMonthsIt[] = {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                                 "agosto", "settembre", "ottobre", "novembre", "dicembre"};
const char* const kMonthsEn[] = {"January", "February", "March", "April", "May", "June", "July",
                                 "August", "September", "October", "November", "December"};
const char* const kDaysIt[] = {"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"};
const char* const kDaysEn[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kShortDaysIt[] = {"lun", "mar", "mer", "gio", "ven", "sab", "dom"};
const char* const kShortDaysEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// The table is chosen into a pointer first: gcc 12's UBSan bounds check miscompiles an index into
// a conditional expression of two arrays, `(c ? a : b)[i]`, reading the wrong element (make dev).
std::string month_name(int month, const std::string& language) {
  const char* const* names = language == "en" ? kMonthsEn : kMonthsIt;
  return names[(month - 1) % 12];
}


std::string clock(const LocalDateTime& t) { return two_digits(t.hour) + ":" + two_digits(t.minute); }

std::string format_time(std::int64_t unix_seconds, const char* format, bool utc) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (utc) gmtime_r(&t, &tm);
  else localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

std::string weekday_name(int weekday, bool abbreviated, const std::string& language) {
  const bool en = language == "en";
  const char* const* names = abbreviated ? (en ? kShortDaysEn : kShortDaysIt) : (en ? kDaysEn : kDaysIt);
  return names[weekday % 7];
}

std::string format_date(const LocalDateTime& d, const std::string& language) {
  return std::to_string(d.day) + " " + month_name(d.month, language) + " " + std::to_string(d.year);
}

std::string format_long_date(const LocalDateTime& d, const std::string& language) {
  return weekday_name(weekday(d.year, d.month, d.day), false, language) + " " + format_date(d, language);
}

std::string format_month(int year, int month, const std::string& language) {
  std::string name = month_name(month, language);
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name + " " + std::to_string(year);
}

namespace {

// From `start_local` to `end_local` as people say it (see format_event_when); `dates_only` leaves
// the times out of a span over several days.
std::string format_span(const std::string& start_local, const std::string& end_local, bool dates_only,
                        const std::string& language) {
  auto start = parse_local_date_time(start_local), end = parse_local_date_time(end_local);
  if (!start.ok() || !end.ok()) return start_local;
  const LocalDateTime& s = start.value();
  const LocalDateTime& f = end.value();
  const bool same_day = s.year == f.year && s.month == f.month && s.day == f.day;
  const bool en = language == "en";
  if (!s.has_time || (dates_only && !same_day)) {
    if (same_day) return format_long_date(s, language);
    return (en ? "from " : "da ") + format_long_date(s, language) + (en ? " to " : " a ") + format_long_date(f, language);
  }
  if (same_day) return format_long_date(s, language) + ", " + clock(s) + "-" + clock(f);
  return format_long_date(s, language) + ", " + clock(s) + " - " + format_long_date(f, language) + ", " + clock(f);
}

}  // namespace

std::string format_event_when(const Event& e, const std::string& language) {
  // The meetings are listed on the event's page: in short, an event of several days says which.
  return format_span(e.start_local, e.end_local, e.meetings.size() > 1, language);
}

std::string format_meeting_when(const EventMeeting& m, const std::string& language) {
  return format_span(m.start_local, m.end_local, false, language);
}

std::string format_meeting_when(const Event& event, int number, const std::string& language) {
  if (event.meetings.empty()) return format_event_when(event, language);
  return format_meeting_when(event.meetings.at(static_cast<std::size_t>(number) - 1), language);
}

std::string format_meeting_clock(const EventMeeting& m) {
  auto start = parse_local_date_time(m.start_local), end = parse_local_date_time(m.end_local);
  if (!start.ok() || !end.ok()) return m.start_local;
  return clock(start.value()) + "-" + clock(end.value());
}

std::string format_iso_utc(std::int64_t unix_seconds) { return format_time(unix_seconds, "%Y-%m-%dT%H:%M:%SZ", true); }

std::string format_day_time(std::int64_t unix_seconds) { return format_time(unix_seconds, "%d/%m/%Y %H:%M", false); }

}  // namespace sentinella
