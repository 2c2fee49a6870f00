// Passwords: the policy they must meet, argon2id hashing and verification (libsodium).
// Errors: hash_password throws std::runtime_error when libsodium lacks the memory to hash; the rest
// throws nothing except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

constexpr size_t kMinPasswordLength = 10;   // characters (UTF-8 code points)
constexpr size_t kMaxPasswordLength = 256;  // bytes: argon2 reads it all, so keep it bounded

enum class PasswordProblem { none, too_short, too_long, too_common, contains_username };

// Checks length, a list of the most common passwords, and that it does not contain the username.
PasswordProblem check_password(std::string_view password, std::string_view username);
// An English sentence for the command line; the web UI uses its own i18n strings.
std::string describe(PasswordProblem problem);

// argon2id through crypto_pwhash_str (interactive limits): an encoded string with salt and
// parameters. Throws std::runtime_error only if memory for the hash cannot be had.
std::string hash_password(std::string_view password);
// Constant-time verification against a stored hash; false for any malformed hash.
bool verify_password(std::string_view password, const std::string& stored_hash);
// Verifies against a fixed dummy hash, so a login for an unknown username costs the same time.
void burn_password_check(std::string_view password);

}  // namespace sentinella
