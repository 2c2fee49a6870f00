// Text helpers: UTF-8 validation, positions, edit distance, phone numbers.
#include <doctest/doctest.h>

#include <string>

#include "core/text.h"

using namespace sentinella;

namespace {
constexpr size_t npos = std::string_view::npos;
}

TEST_CASE("find_invalid_utf8 returns the offset of the first bad sequence") {
  SUBCASE("ASCII and the empty string are valid") {
    CHECK(find_invalid_utf8("") == npos);
    CHECK(find_invalid_utf8("Comune di Prova, 112\n") == npos);
  }
  SUBCASE("valid 2-, 3- and 4-byte sequences") {
    CHECK(find_invalid_utf8("perch\xC3\xA9") == npos);           // é, U+00E9
    CHECK(find_invalid_utf8("\xC2\x80") == npos);                // U+0080, smallest 2-byte
    CHECK(find_invalid_utf8("\xE2\x80\x99") == npos);            // ’, U+2019
    CHECK(find_invalid_utf8("\xE0\xA0\x80") == npos);            // U+0800, smallest 3-byte
    CHECK(find_invalid_utf8("\xEF\xBF\xBF") == npos);            // U+FFFF
    CHECK(find_invalid_utf8("\xF0\x9F\x98\x80") == npos);        // U+1F600
    CHECK(find_invalid_utf8("\xF4\x8F\xBF\xBF") == npos);        // U+10FFFF, the largest
    CHECK(find_invalid_utf8("\xED\x9F\xBF") == npos);            // U+D7FF, just below surrogates
  }
  SUBCASE("a truncated sequence at the end") {
    CHECK(find_invalid_utf8("abc\xC3") == 3);
    CHECK(find_invalid_utf8("ab\xE2\x80") == 2);
    CHECK(find_invalid_utf8("\xF0\x9F\x98") == 0);
  }
  SUBCASE("a sequence cut short by an ASCII byte") {
    CHECK(find_invalid_utf8("x\xE2\x80y") == 1);
  }
  SUBCASE("overlong encodings") {
    CHECK(find_invalid_utf8("ok \xC0\xAF") == 3);      // '/' in two bytes
    CHECK(find_invalid_utf8("\xC1\xBF") == 0);
    CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);     // '/' in three bytes
    CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0); // '/' in four bytes
  }
  SUBCASE("UTF-16 surrogates") {
    CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1);    // U+D800
    CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0);     // U+DFFF
  }
  SUBCASE("code points above U+10FFFF") {
    CHECK(find_invalid_utf8("ab\xF4\x90\x80\x80") == 2);
    CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0);
    CHECK(find_invalid_utf8("\xFF") == 0);
  }
  SUBCASE("a stray continuation byte") {
    CHECK(find_invalid_utf8("\x80") == 0);
    CHECK(find_invalid_utf8("caf\xC3\xA9\xA9!") == 5);
  }
  SUBCASE("the first of several bad sequences is reported") {
    CHECK(find_invalid_utf8("\xC3\xA9 \xFF \xC0\xAF") == 3);
  }
}

TEST_CASE("position_of gives line and column from 1") {
  const std::string text = "ab\ncde\n\nf";
  SUBCASE("the first byte") {
    auto p = position_of(text, 0);
    CHECK(p.line == 1);
    CHECK(p.column == 1);
  }
  SUBCASE("within the first line") {
    auto p = position_of(text, 1);
    CHECK(p.line == 1);
    CHECK(p.column == 2);
  }
  SUBCASE("the newline itself belongs to its line") {
    auto p = position_of(text, 2);
    CHECK(p.line == 1);
    CHECK(p.column == 3);
  }
  SUBCASE("the start of the second line") {
    auto p = position_of(text, 3);
    CHECK(p.line == 2);
    CHECK(p.column == 1);
  }
  SUBCASE("inside the second line") {
    auto p = position_of(text, 5);
    CHECK(p.line == 2);
    CHECK(p.column == 3);
  }
  SUBCASE("after an empty line") {
    auto p = position_of(text, 8);
    CHECK(p.line == 4);
    CHECK(p.column == 1);
  }
  SUBCASE("columns count bytes, not characters") {
    auto p = position_of("\xC3\xA9x", 2);
    CHECK(p.line == 1);
    CHECK(p.column == 3);
  }
  SUBCASE("an offset past the end stops at the end") {
    auto p = position_of("a\nb", 100);
    CHECK(p.line == 2);
    CHECK(p.column == 2);
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
