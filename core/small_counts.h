// Small counts hidden from public figures (/risultati), so that nobody in a small group can be
// singled out: every count under kSmallestPublicCount is shown as "meno di 5", never as its value.
// A table's total is shown beside its cells, so hiding one cell alone would not hide it (the total
// minus the others gives it back): when exactly one cell of a column is hidden, the smallest
// other one is hidden too. What goes with a hidden count (the hours of a hidden number of people)
// is the caller's to hide with it.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <vector>

namespace sentinella {

inline constexpr int kSmallestPublicCount = 5;

// True when the public may not see `count` (0 to 4; 5 is shown).
constexpr bool is_small_count(int count) { return count < kSmallestPublicCount; }

// Which cells of a column of counts to hide, given the column's `total` as shown beside it: each
// small count, and, when that hides exactly one cell while the total is shown, the smallest of the
// others (the first of equal ones). A total that is itself small hides nothing more: the caller
// hides it (is_small_count).
std::vector<bool> hidden_counts(const std::vector<int>& column, int total);

}  // namespace sentinella
