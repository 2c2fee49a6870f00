// Numbers and dates as people read them in the site's language.
#pragma once

#include <cstdint>
#include <string>

namespace sentinella {

// 4 -> "4", 2.5 -> "2,5" in Italian and "2.5" in English; at most two decimals.
std::string format_hours(double hours, const std::string& language);

// Unix seconds as "2026-11-22T01:35:00Z", for data exports.
std::string format_iso_utc(std::int64_t unix_seconds);
// Unix seconds as "22/11/2026 02:35" in the server's local time, for administration pages.
std::string format_day_time(std::int64_t unix_seconds);

}  // namespace sentinella
