// Slugs: the lower-case ASCII words joined by single hyphens that name things in URLs.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sentinella {

// True if `s` is one or more groups of [a-z0-9] separated by single hyphens.
bool is_valid_slug(std::string_view s);

// A lesson file name "NN-slug.md" split into its order and slug; nullopt if it has not that shape
// (the slug part is returned even if it is not a valid slug, so the caller can say why).
struct LessonFileName {
  int order;
  std::string slug;
};
std::optional<LessonFileName> parse_lesson_file_name(std::string_view file_name);

}  // namespace sentinella
