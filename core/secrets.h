// Random tokens, their hashes, and constant-time comparison (libsodium). Call sodium_init() first.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// `bytes` random bytes as lower-case hex (2 * bytes characters).
std::string random_hex(size_t bytes);

// A code people can type: `length` characters from an alphabet without look-alikes
// (no 0/O, 1/I/L, U), in groups of four joined by '-'. 5 bits of randomness per character.
std::string random_code(size_t length);
// Upper-cases and removes '-' and spaces, so "k7qm-3hxr" and "K7QM3HXR" are the same code.
std::string normalize_code(std::string_view code);

// SHA-256 of `secret` as hex: tokens and codes are stored only as this.
std::string secret_hash(std::string_view secret);

// Compares in time independent of where the strings differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace sentinella
