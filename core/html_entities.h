// HTML character references decoded into UTF-8 text, for the readers of HTML: plain text for
// feeds (site/html_text) and Moodle questions written in HTML (importer/gift).
// Nothing here throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sentinella {

// Appends code point `cp` to `out` in UTF-8; 0, surrogates and values above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// Decodes the HTML entity starting at html[at] == '&' into `out`: the named ones cmark writes
// (&amp; &lt; &gt; &quot; &apos; &nbsp;), the accented letters and punctuation of Italian text
// (&agrave; &egrave; &eacute; &igrave; &ograve; &ugrave; and capitals, &rsquo; &laquo; &hellip;
// &euro; ...) and numeric ones. Returns the bytes it took; 0 if there is no entity there (the '&'
// is then text).
size_t decode_html_entity(std::string_view html, size_t at, std::string& out);

}  // namespace sentinella
