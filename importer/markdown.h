// Markdown to HTML with cmark-gfm: CommonMark plus tables, autolinks and strikethrough.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace sentinella {

// Renders `markdown` to HTML with the library's safe defaults: raw HTML is omitted and links to
// javascript:, vbscript:, file: and data: (other than images) are blanked. Thread-safe. Text that
// would keep cmark-gfm's autolink or table extension busy for seconds or more (long runs full of
// "www.", ':' or '@', rows of over 256 cells, many "-|-" lines in one paragraph) is rendered
// without it.
// Telephone numbers in the text become tel: links, as find_phone_numbers (core/phone_numbers.h)
// finds them with `known_phone_numbers` (the site's helplines and contact phone, as written); not
// inside links, images, code, headings or a table's header row, where a link would be odd.
std::string render_markdown(std::string_view markdown, const std::vector<std::string>& known_phone_numbers = {});

// The numbers the site publishes (helplines, the contact phone), which its Markdown links even when
// short (112, 1522); none for a null site.
std::vector<std::string> known_phone_numbers(const Site* site);

}  // namespace sentinella
