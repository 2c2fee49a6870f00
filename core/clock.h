// The time, in one place, so code that depends on it can be given another in tests.
// Nothing here throws.
#pragma once

#include <cstdint>
#include <ctime>

namespace sentinella {

using UnixSeconds = std::int64_t;

inline UnixSeconds now_seconds() { return static_cast<UnixSeconds>(std::time(nullptr)); }

}  // namespace sentinella
