// Markdown to HTML with cmark-gfm: CommonMark plus tables, autolinks and strikethrough.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// Renders `markdown` to HTML with the library's safe defaults: raw HTML is omitted and links to
// javascript:, vbscript:, file: and data: (other than images) are blanked. Thread-safe. Text with
// a run of over 2048 bytes without whitespace gets no autolinks, and text with a line of over 256
// '|' no tables: cmark-gfm would take minutes on them.
std::string render_markdown(std::string_view markdown);

}  // namespace sentinella
