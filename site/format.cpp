#include "site/format.h"

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

std::string format_iso_utc(std::int64_t unix_seconds) { return format_time(unix_seconds, "%Y-%m-%dT%H:%M:%SZ", true); }

std::string format_day_time(std::int64_t unix_seconds) { return format_time(unix_seconds, "%d/%m/%Y %H:%M", false); }

}  // namespace sentinella
