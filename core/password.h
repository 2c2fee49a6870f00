// Passwords: the policy they must meet, argon2id hashing and verification (libsodium).
// Errors: hash_password throws std::runtime_error when libsodium lacks the memory to hash; the rest
// throws nothing except std::bad_alloc.
#pragma once

#include <cstdint>
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

// Each argon2id computation takes 64 MiB for about 0.1 s, so at most password_work_limit() of them
// (hashes and verifications together) run at once in the process; the others wait their turn.

// argon2id through crypto_pwhash_str (interactive limits): an encoded string with salt and
// parameters. Throws std::runtime_error only if memory for the hash cannot be had.
std::string hash_password(std::string_view password);
// Constant-time verification against a stored hash; false for any malformed or empty hash (an
// erased account), after the same argon2id work as a real check, so that the time taken says
// nothing about the account. Never throws.
bool verify_password(std::string_view password, const std::string& stored_hash);
// Verifies against a fixed dummy hash, so a login for an unknown username costs the same time.
void burn_password_check(std::string_view password);

// How many argon2id computations may run at once: the number of cores, from 1 to 4.
int password_work_limit();

// What the password functions did since the process started (or the last reset), for tests and
// diagnostics.
struct PasswordWorkStats {
  std::uint64_t hashes = 0;         // argon2id hashes computed
  std::uint64_t verifications = 0;  // argon2id verifications computed (dummy ones included)
  int peak_concurrency = 0;         // the most computations that ever ran at the same time
};
PasswordWorkStats password_work_stats();
void reset_password_work_stats();

}  // namespace sentinella
