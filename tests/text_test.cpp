// Text helpers: UTF-8 validation, positions, edit distance, phone numbers, numbers from forms.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/text.h"

using namespace sentinella;

namespace {
constexpr size_t npos = std::string_view::npos;
}

TEST_CASE("find_invalid_utf8 returns the offset of the first bad sequence") {
  struct Case {
    const char* what;
    std::string_view input;
    size_t expected;
  };
  const Case cases[] = {
      // ASCII and the empty string are valid.
      {"the empty string", "", npos},
      {"ASCII", "Comune di Prova, 112\n", npos},
      // Valid 2-, 3- and 4-byte sequences.
      {"é, U+00E9", "perch\xC3\xA9", npos},
      {"U+0080, smallest 2-byte", "\xC2\x80", npos},
      {"’, U+2019", "\xE2\x80\x99", npos},
      {"U+0800, smallest 3-byte", "\xE0\xA0\x80", npos},
      {"U+FFFF", "\xEF\xBF\xBF", npos},
      {"U+1F600", "\xF0\x9F\x98\x80", npos},
      {"U+10FFFF, the largest", "\xF4\x8F\xBF\xBF", npos},
      {"U+D7FF, just below surrogates", "\xED\x9F\xBF", npos},
      // A truncated sequence at the end.
      {"2-byte sequence cut at the end", "abc\xC3", 3},
      {"3-byte sequence cut at the end", "ab\xE2\x80", 2},
      {"4-byte sequence cut at the end", "\xF0\x9F\x98", 0},
      {"a sequence cut short by an ASCII byte", "x\xE2\x80y", 1},
      // Overlong encodings.
      {"'/' in two bytes", "ok \xC0\xAF", 3},
      {"overlong 2-byte U+007F", "\xC1\xBF", 0},
      {"'/' in three bytes", "\xE0\x80\xAF", 0},
      {"'/' in four bytes", "\xF0\x80\x80\xAF", 0},
      // UTF-16 surrogates.
      {"U+D800", "a\xED\xA0\x80", 1},
      {"U+DFFF", "\xED\xBF\xBF", 0},
      // Code points above U+10FFFF.
      {"U+110000", "ab\xF4\x90\x80\x80", 2},
      {"lead byte F5", "\xF5\x80\x80\x80", 0},
      {"byte FF", "\xFF", 0},
      // Stray continuation bytes.
      {"a lone continuation byte", "\x80", 0},
      {"a continuation byte after a whole é", "caf\xC3\xA9\xA9!", 5},
      {"the first of several bad sequences is reported", "\xC3\xA9 \xFF \xC0\xAF", 3},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(find_invalid_utf8(c.input) == c.expected);
  }
}

TEST_CASE("position_of gives line and column from 1") {
  const std::string text = "ab\ncde\n\nf";
  struct Case {
    const char* what;
    std::string_view text;
    size_t offset;
    int line, column;
  };
  const Case cases[] = {
      {"the first byte", text, 0, 1, 1},
      {"within the first line", text, 1, 1, 2},
      {"the newline itself belongs to its line", text, 2, 1, 3},
      {"the start of the second line", text, 3, 2, 1},
      {"inside the second line", text, 5, 2, 3},
      {"after an empty line", text, 8, 4, 1},
      {"columns count bytes, not characters", "\xC3\xA9x", 2, 1, 3},
      {"an offset past the end stops at the end", "a\nb", 100, 2, 2},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CAPTURE(c.offset);
    const auto p = position_of(c.text, c.offset);
    CHECK(p.line == c.line);
    CHECK(p.column == c.column);
  }
}

TEST_CASE("edit_distance is the Levenshtein distance") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("titolo", "titolo") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("title", "titel") == 2);      // a swap is two edits
  CHECK(edit_distance("minutes", "minute") == 1);   // deletion
  CHECK(edit_distance("order", "orders") == 1);     // insertion
  CHECK(edit_distance("summary", "sumary") == 1);
  CHECK(edit_distance("status", "statos") == 1);    // substitution
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);   // symmetric
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("phone_digits keeps the digits and a leading plus") {
  CHECK(phone_digits("0372 407006") == "0372407006");
  CHECK(phone_digits("+39 06 123") == "+3906123");
  CHECK(phone_digits("1522") == "1522");
  CHECK(phone_digits("(0372) 40-70.06") == "0372407006");
  CHECK(phone_digits("800 + 123") == "800123");  // a plus after digits is dropped
  CHECK(phone_digits("++39 1") == "+391");       // only one plus is kept
  CHECK(phone_digits("numero verde") == "");
  CHECK(phone_digits("") == "");
}

TEST_CASE("two_digits pads to two digits") {
  CHECK(two_digits(0) == "00");
  CHECK(two_digits(5) == "05");
  CHECK(two_digits(12) == "12");
  CHECK(two_digits(2026) == "2026");
}

TEST_CASE("parse_whole_number takes digits only, within bounds") {
  CHECK(parse_whole_number("30", 1, 365) == 30);
  CHECK(parse_whole_number("1", 1, 365) == 1);
  CHECK(parse_whole_number("365", 1, 365) == 365);
  CHECK(parse_whole_number("007", 1, 365) == 7);
  CHECK(parse_whole_number("999999999999", 1, 999'999'999'999) == 999'999'999'999);
  for (const char* bad : {"", "0", "366", "-1", "+5", " 5", "5 ", "5a", "1e3", "3.0", "9999999999999999999"})
    CHECK_MESSAGE(!parse_whole_number(bad, 1, 365), bad);
  CHECK_FALSE(parse_whole_number("1234567890123456789", 0, INT64_MAX));  // 19 digits: could overflow
}

TEST_CASE("utf8_length counts characters") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("abc") == 3);
  CHECK(utf8_length("perché · così") == 13);
}

TEST_CASE("shorten cuts at a word and adds an ellipsis, counting characters") {
  CHECK(shorten("Breve", 70) == "Breve");
  CHECK(shorten("", 5) == "");
  CHECK(shorten("uno due tre", 11) == "uno due tre");
  CHECK(shorten("uno due tre", 10) == "uno due…");
  CHECK(shorten("uno, due tre", 9) == "uno, due…");
  CHECK(shorten("uno, due", 7) == "uno…");
  CHECK(shorten("Lezione · Modulo lungo", 12) == "Lezione…");
  CHECK(shorten("parolalunghissima", 6) == "parol…");
  CHECK(shorten("perché è così", 9) == "perché è…");  // 13 characters, 16 bytes
  const std::string cut = shorten(std::string(40, 'a') + " " + std::string(40, 'b'), 70);
  CHECK(cut == std::string(40, 'a') + "…");
}

TEST_CASE("fold_for_matching ignores case, accents, typographic quotes and extra spaces") {
  CHECK(fold_for_matching("  Perché  L’usura\t") == "perche l'usura");
  CHECK(fold_for_matching("ÀÈÉÌÒÙ àèéìòù ç Ñ") == "aeeiou aeeiou c n");
  CHECK(fold_for_matching("“1522”") == "\"1522\"");
  CHECK(fold_for_matching("a\xC2\xA0" "b") == "a b");
  CHECK(fold_for_matching("×÷") == "×÷");
  CHECK(fold_for_matching("Città") == fold_for_matching("CITTA"));
  CHECK(fold_for_matching("Straße €") == "strase €");
  CHECK(fold_for_matching("") == "");
}

TEST_CASE("trim_spaces drops spaces, tabs and line breaks at either end only") {
  CHECK(trim_spaces("  a  b \t\r\n") == "a  b");
  CHECK(trim_spaces("ab") == "ab");
  CHECK(trim_spaces(" \t ") == "");
  CHECK(trim_spaces("") == "");
}
