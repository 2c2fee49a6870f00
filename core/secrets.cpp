#include "core/secrets.h"

#include <sodium.h>

#include <vector>

namespace sentinella {

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.pop_back();
  return hex;
}

std::string random_code(size_t length) {
  static constexpr char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";  // 30 symbols
  std::string out;
  for (size_t i = 0; i < length; ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += alphabet[randombytes_uniform(sizeof alphabet - 1)];
  }
  return out;
}

std::string normalize_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

std::string secret_hash(std::string_view secret) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sentinella
