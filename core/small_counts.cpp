#include "core/small_counts.h"

#include <cstddef>

namespace sentinella {

std::vector<bool> hidden_counts(const std::vector<int>& column, int total) {
  std::vector<bool> hidden(column.size());
  int count = 0;
  for (std::size_t i = 0; i < column.size(); ++i)
    if (is_small_count(column[i])) {
      hidden[i] = true;
      ++count;
    }
  if (count != 1 || is_small_count(total)) return hidden;
  std::size_t smallest = column.size();
  for (std::size_t i = 0; i < column.size(); ++i)
    if (!hidden[i] && (smallest == column.size() || column[i] < column[smallest])) smallest = i;
  if (smallest < column.size()) hidden[smallest] = true;
  return hidden;
}

}  // namespace sentinella
