// Italian telephone numbers: the form a phone dials, and the numbers mentioned in prose.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sentinella {

// What a tel: link dials for a number written as `written` ("0372 407066", "+39 333 1234567",
// "112"): its digits, with "+39" in front of Italian landline (0...) and mobile (3...) numbers, so
// that they work from a foreign SIM too, and "+" kept when written ("0039" becomes "+39"). Short
// numbers (112, 1522) and toll-free or special ones (800..., 803..., 199...) stay as written: they
// are reachable only inside the Italian network, where some phones refuse them with a prefix.
// "" when `written` has no digits.
std::string dialable_number(std::string_view written);

// `written` with its spaces made non-breaking (U+00A0), so that a number shown in a page stays on
// one line ("0372 407066" is never cut after "0372").
std::string unbreakable_number(std::string_view written);

// One telephone number found in a text: bytes [offset, offset + length) of it, and what to dial.
struct PhoneMention {
  size_t offset = 0;
  size_t length = 0;
  std::string dialable;  // as dialable_number() gives it
};

// The telephone numbers mentioned in `text` (plain text, one Markdown text node), in order.
// A number is (a) one of `known_numbers` (the site's helplines and contact phone, as written;
// spaces and punctuation do not matter) or (b) of an Italian shape: landline 0 + 5-10 digits,
// mobile 3 + 8-9 digits, toll-free 800/803 + 3-6 digits, possibly after +39 or 0039, its digits
// possibly grouped by one kind of separator (space, dot or dash). Short numbers (5 digits or fewer)
// count only by (a) and only written as one group ("1.522" is an amount). Never a number:
// - one touching letters, or glued to digits by '/' or ',' ("L. 44/1999", "1,5", "612-bis");
// - one after a reference word ("art.", "artt.", "comma", "n.", "L.", "L.R.", "legge", "D.Lgs.",
//   ...) or before a code or a unit ("c.p.", "c.p.p.", "euro", "€", "%", "anni", "persone", ...),
//   so "art. 112 c.p." stays text; the context is looked for inside `text` only;
// - a date (05.03.2024, 5-3-24), digits grouped by two kinds of separator (09.00-13.00), or an
//   amount with thousands dots (350.000.000).
// Linear in the size of `text`.
std::vector<PhoneMention> find_phone_numbers(std::string_view text, const std::vector<std::string>& known_numbers);

}  // namespace sentinella
