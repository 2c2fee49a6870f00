// parallel_for: every index once, failures surfaced.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "core/parallel.h"

using namespace sentinella;

TEST_CASE("parallel_for runs every index exactly once") {
  for (size_t count : {0, 1, 2, 7, 1000}) {
    CAPTURE(count);
    std::vector<std::atomic<int>> runs(count);
    parallel_for(count, [&](size_t i) { ++runs[i]; });
    for (size_t i = 0; i < count; ++i) CHECK(runs[i] == 1);
  }
}

TEST_CASE("parallel_for rethrows the failure of one index in the calling thread") {
  CHECK_THROWS_WITH_AS(parallel_for(100,
                                    [](size_t i) {
                                      if (i == 3) throw std::runtime_error("file 3 is broken");
                                    }),
                       "file 3 is broken", std::runtime_error);
}
