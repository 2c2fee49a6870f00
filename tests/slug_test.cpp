// Slugs and lesson file names: what the path of a content file may look like.
#include <doctest/doctest.h>

#include "core/slug.h"

using namespace sentinella;

TEST_CASE("is_valid_slug accepts lower-case words joined by single hyphens") {
  SUBCASE("valid slugs") {
    CHECK(is_valid_slug("usura"));
    CHECK(is_valid_slug("chi-siamo"));
    CHECK(is_valid_slug("polizia-locale-e-vigili"));
    CHECK(is_valid_slug("a"));
  }
  SUBCASE("digits are letters like the others") {
    CHECK(is_valid_slug("2024"));
    CHECK(is_valid_slug("modulo-2"));
    CHECK(is_valid_slug("3-passi"));
  }
  SUBCASE("upper case is refused") {
    CHECK_FALSE(is_valid_slug("Usura"));
    CHECK_FALSE(is_valid_slug("chi-SIAMO"));
  }
  SUBCASE("underscore, space and other punctuation are refused") {
    CHECK_FALSE(is_valid_slug("chi_siamo"));
    CHECK_FALSE(is_valid_slug("chi siamo"));
    CHECK_FALSE(is_valid_slug("chi.siamo"));
    CHECK_FALSE(is_valid_slug("chi/siamo"));
  }
  SUBCASE("a double hyphen is refused") {
    CHECK_FALSE(is_valid_slug("chi--siamo"));
  }
  SUBCASE("a leading or trailing hyphen is refused") {
    CHECK_FALSE(is_valid_slug("-usura"));
    CHECK_FALSE(is_valid_slug("usura-"));
    CHECK_FALSE(is_valid_slug("-"));
  }
  SUBCASE("the empty string is refused") {
    CHECK_FALSE(is_valid_slug(""));
  }
  SUBCASE("accented letters are refused") {
    CHECK_FALSE(is_valid_slug("attività"));
    CHECK_FALSE(is_valid_slug("perch\xC3\xA9"));
  }
}

TEST_CASE("parse_lesson_file_name splits NN-slug.md into order and slug") {
  SUBCASE("two digits") {
    auto p = parse_lesson_file_name("01-segnali-di-allarme.md");
    REQUIRE(p.has_value());
    CHECK(p->order == 1);
    CHECK(p->slug == "segnali-di-allarme");
  }
  SUBCASE("one digit") {
    auto p = parse_lesson_file_name("1-x.md");
    REQUIRE(p.has_value());
    CHECK(p->order == 1);
    CHECK(p->slug == "x");
  }
  SUBCASE("four digits with leading zeros") {
    auto p = parse_lesson_file_name("0012-x.md");
    REQUIRE(p.has_value());
    CHECK(p->order == 12);
    CHECK(p->slug == "x");
  }
  SUBCASE("the largest order, four nines") {
    auto p = parse_lesson_file_name("9999-fine.md");
    REQUIRE(p.has_value());
    CHECK(p->order == 9999);
  }
  SUBCASE("five digits are refused") {
    CHECK_FALSE(parse_lesson_file_name("00001-x.md").has_value());
  }
  SUBCASE("no number prefix is refused") {
    CHECK_FALSE(parse_lesson_file_name("x.md").has_value());
    CHECK_FALSE(parse_lesson_file_name("-x.md").has_value());
  }
  SUBCASE("digits not followed by a hyphen are refused") {
    CHECK_FALSE(parse_lesson_file_name("01x.md").has_value());
    CHECK_FALSE(parse_lesson_file_name("01_x.md").has_value());
  }
  SUBCASE("a name without .md is refused") {
    CHECK_FALSE(parse_lesson_file_name("01-x").has_value());
    CHECK_FALSE(parse_lesson_file_name("01-x.txt").has_value());
    CHECK_FALSE(parse_lesson_file_name("01-x.MD").has_value());
    CHECK_FALSE(parse_lesson_file_name(".md").has_value());
  }
  SUBCASE("an empty slug is refused") {
    CHECK_FALSE(parse_lesson_file_name("01-.md").has_value());
    CHECK_FALSE(parse_lesson_file_name("01.md").has_value());
  }
  SUBCASE("an invalid slug is still returned, for the caller to explain") {
    auto p = parse_lesson_file_name("03-Segnali_Forti.md");
    REQUIRE(p.has_value());
    CHECK(p->order == 3);
    CHECK(p->slug == "Segnali_Forti");
    CHECK_FALSE(is_valid_slug(p->slug));
  }
}
