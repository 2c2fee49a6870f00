// Plain text from the HTML the Markdown renderer produces, for formats that carry text only
// (iCalendar descriptions, Atom summaries), and text escaped for HTML and XML.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// The text of `html` without its tags: paragraphs, headings and lists become lines separated by an
// empty line, <br> a line break, list items "- " lines; runs of white space collapse to one space
// (kept as they are inside <pre>); script and style contents are dropped; entities are decoded
// (see decode_html_entity in core/html_entities.h).
// No leading or trailing white space. Never fails: a stray '<' or '&' is kept as text.
std::string html_to_text(std::string_view html);

// The other way: `text` as HTML or XML character data or attribute value. & < > " ' are escaped;
// the characters XML 1.0 does not allow (control characters but tab and line ends) are dropped.
std::string escape_markup(std::string_view text);

}  // namespace sentinella
