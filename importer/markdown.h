// Markdown to HTML with cmark-gfm: CommonMark plus tables, autolinks and strikethrough.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// Renders `markdown` to HTML with the library's safe defaults: raw HTML is omitted and links to
// javascript:, vbscript:, file: and data: (other than images) are blanked. Thread-safe. Text that
// would keep cmark-gfm's autolink or table extension busy for seconds or more (long runs full of
// "www.", ':' or '@', rows of over 256 cells, many "-|-" lines in one paragraph) is rendered
// without it.
std::string render_markdown(std::string_view markdown);

}  // namespace sentinella
