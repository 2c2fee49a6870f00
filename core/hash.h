// Content hashes (BLAKE2b through libsodium), as lower-case hex.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// 128-bit BLAKE2b of `data`, 32 hex characters. Used to notice changed files and for ETags.
std::string content_hash(std::string_view data);

}  // namespace sentinella
