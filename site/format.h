// Numbers and dates as people read them in the site's language.
#pragma once

#include <string>

namespace sentinella {

// 4 -> "4", 2.5 -> "2,5" in Italian and "2.5" in English; at most two decimals.
std::string format_hours(double hours, const std::string& language);

}  // namespace sentinella
