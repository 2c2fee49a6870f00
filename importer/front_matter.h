// Splits a Markdown file into its YAML front matter and its body.
// Errors are returned as values; nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sentinella {

struct FrontMatterSplit {
  std::string yaml;     // the text between the two "---" lines
  int yaml_first_line;  // line number (from 1) in the file of the first YAML line
  std::string body;     // everything after the closing "---" line
  int body_first_line;  // line number in the file of the body's first line
};

// The file must start with a line "---" (after an optional UTF-8 byte-order mark) and have a
// closing "---" line. Returns Invalid naming the problem otherwise; both errors are at line 1.
Result<FrontMatterSplit> split_front_matter(std::string_view text);

}  // namespace sentinella
