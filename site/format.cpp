#include "site/format.h"

#include <cmath>
#include <cstdio>

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

}  // namespace sentinella
