// Small counts hidden from public figures (core/small_counts.h).
#include <doctest/doctest.h>

#include "core/small_counts.h"

using namespace sentinella;

TEST_CASE("small counts: 4 is hidden, 5 is shown") {
  CHECK(is_small_count(0));
  CHECK(is_small_count(4));
  CHECK_FALSE(is_small_count(5));
  CHECK_FALSE(is_small_count(120));
}

TEST_CASE("hidden_counts: small cells, and one more when only one would be hidden") {
  using V = std::vector<bool>;
  SUBCASE("nothing small: nothing hidden") { CHECK(hidden_counts({5, 12, 7}, 24) == V{false, false, false}); }
  SUBCASE("one small cell: the smallest other goes too, or the total gives it back") {
    CHECK(hidden_counts({12, 4, 7, 9}, 32) == V{false, true, true, false});
  }
  SUBCASE("ties: the first of the smallest") { CHECK(hidden_counts({6, 3, 6}, 15) == V{true, true, false}); }
  SUBCASE("two small cells: enough already") { CHECK(hidden_counts({12, 4, 1, 9}, 26) == V{false, true, true, false}); }
  SUBCASE("one cell, small, and a small total: nothing else to hide") { CHECK(hidden_counts({3}, 3) == V{true}); }
  SUBCASE("one small cell and no other: nothing else to hide") { CHECK(hidden_counts({2}, 8) == V{true}); }
  SUBCASE("empty") { CHECK(hidden_counts({}, 0).empty()); }
}
