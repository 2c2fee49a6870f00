#include "importer/front_matter.h"

namespace sentinella {

namespace {

// Returns the line starting at `pos` without its "\n" or "\r\n"; advances `pos` past it.
std::string_view next_line(std::string_view text, size_t& pos) {
  size_t end = text.find('\n', pos);
  size_t stop = end == std::string_view::npos ? text.size() : end;
  std::string_view line = text.substr(pos, stop - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos = end == std::string_view::npos ? text.size() : end + 1;
  return line;
}

bool is_fence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "---";
}

}  // namespace

Result<FrontMatterSplit> split_front_matter(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t pos = 0;
  if (text.empty() || !is_fence(next_line(text, pos)))
    return Status::Invalid("the file must start with a front-matter block: a line '---', "
                           "the YAML fields, then another line '---'");
  size_t yaml_start = pos;
  int line_no = 1;
  while (pos < text.size()) {
    size_t line_start = pos;
    ++line_no;
    if (is_fence(next_line(text, pos))) {
      FrontMatterSplit out;
      out.yaml = std::string(text.substr(yaml_start, line_start - yaml_start));
      out.yaml_first_line = 2;
      out.body = std::string(text.substr(pos));
      out.body_first_line = line_no + 1;
      return out;
    }
  }
  return Status::Invalid("the front-matter block is not closed: add a line '---' after the fields");
}

}  // namespace sentinella
