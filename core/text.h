// Text helpers with no knowledge of any format.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sentinella {

// Byte offset of the first invalid UTF-8 sequence in `s`, or npos if all of it is valid.
// Overlong encodings, surrogates and code points above U+10FFFF are invalid.
size_t find_invalid_utf8(std::string_view s);

// Line and column (both from 1, column in bytes) of byte `offset` in `s`.
struct TextPosition {
  int line;
  int column;
};
TextPosition position_of(std::string_view s, size_t offset);

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

// Encodes everything but unreserved characters (RFC 3986), for query strings and redirects.
std::string url_encode(std::string_view in);

// Only the digits and a leading '+' of a phone number, for tel: links.
std::string phone_digits(std::string_view number);

// The number of characters (code points) in the UTF-8 text `s`.
size_t utf8_length(std::string_view s);

// `text` if it has at most `max_chars` characters (code points); otherwise cut at the last space
// that leaves room for "…" within `max_chars` (in the middle of a word only if there is none),
// trailing spaces and punctuation dropped, and "…" added. For titles with a length limit.
std::string shorten(std::string_view text, size_t max_chars);

// `n` in decimal with at least two digits: 5 -> "05", 12 -> "12" (months, days, hours).
std::string two_digits(int n);

// The whole number `s` spells in decimal digits only (no sign, no spaces, at most 18 digits), if
// it lies in [min, max]; nullopt otherwise. For numbers and ids from forms and query strings.
std::optional<std::int64_t> parse_whole_number(std::string_view s, std::int64_t min, std::int64_t max);

// `s` made comparable as a typed answer: lower case, the accents of Latin letters removed (à -> a,
// É -> e, ç -> c), typographic apostrophes and quotes made plain, spaces and tabs trimmed and runs
// of them made one space. "  Perché  L’usura " and "perche l'usura" fold alike. Other characters
// are kept as they are. For short answers and for spotting duplicate options.
std::string fold_for_matching(std::string_view s);

// `s` without the spaces, tabs and line breaks at either end.
std::string_view trim_spaces(std::string_view s);

}  // namespace sentinella
