// Running independent pieces of work on every core.
// Errors: the first exception a piece of work throws is rethrown to the caller, after all pieces
// end.
#pragma once

#include <cstddef>
#include <functional>

namespace sentinella {

// Calls `work(i)` for every i in [0, count), on up to one thread per core (at most 8), the calling
// thread included; returns when all are done. Which thread runs which i, and in what order, is not
// defined: each call must touch only what belongs to its i. The first exception a call throws is
// rethrown here, after the others have finished; the indexes not started by then are skipped.
void parallel_for(size_t count, const std::function<void(size_t)>& work);

}  // namespace sentinella
