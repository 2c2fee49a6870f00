#include "core/slug.h"

namespace sentinella {

bool is_valid_slug(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word && c != '-') return false;
    if (c == '-' && prev == '-') return false;
    prev = c;
  }
  return true;
}

std::optional<LessonFileName> parse_lesson_file_name(std::string_view name) {
  constexpr std::string_view ext = ".md";
  if (name.size() <= ext.size() || name.substr(name.size() - ext.size()) != ext) return std::nullopt;
  name.remove_suffix(ext.size());
  size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  if (digits == 0 || digits > 4 || digits + 1 >= name.size() || name[digits] != '-')
    return std::nullopt;
  int order = 0;
  for (size_t i = 0; i < digits; ++i) order = order * 10 + (name[i] - '0');
  return LessonFileName{order, std::string(name.substr(digits + 1))};
}

}  // namespace sentinella
