#include "core/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

namespace sentinella {

namespace {

// Passwords at the top of public breach lists, Italian favourites included, compared lower-case.
// Anything of at least kMinPasswordLength characters that such lists rank high.
constexpr std::array<std::string_view, 48> kCommonPasswords = {
    "1234567890", "12345678910", "123456789a", "0123456789", "1111111111", "0000000000",
    "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t", "1qaz2wsx3edc", "asdfghjkl1",
    "password12", "password123", "password1!", "passw0rd12", "iloveyou12", "abcdefghij",
    "abc1234567", "aaaaaaaaaa", "zxcvbnm123", "987654321a", "9876543210", "princess12",
    "football12", "juventus12", "juventus1897", "forzajuve1", "forzanapoli", "forzainter",
    "forzamilan", "forzaroma1", "napoli1926", "ciaociao12", "ciao123456", "amoremio12",
    "tiamo12345", "cambiami12", "cambiami123", "cambiamelo", "benvenuto1", "sentinella",
    "sentinella1", "sentinella123", "polizialocale", "comune1234", "welcome123", "letmein123",
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

PasswordProblem check_password(std::string_view password, std::string_view username) {
  if (password.size() > kMaxPasswordLength) return PasswordProblem::too_long;
  if (code_points(password) < kMinPasswordLength) return PasswordProblem::too_short;
  const std::string lowered = lower(password);
  for (auto common : kCommonPasswords)
    if (lowered == common) return PasswordProblem::too_common;
  // The same character repeated, or a run of digits, is as weak as the list above.
  if (std::all_of(lowered.begin(), lowered.end(), [&](char c) { return c == lowered[0]; }))
    return PasswordProblem::too_common;
  if (username.size() >= 3 && lowered.find(lower(username)) != std::string::npos)
    return PasswordProblem::contains_username;
  return PasswordProblem::none;
}

std::string describe(PasswordProblem problem) {
  switch (problem) {
    case PasswordProblem::none: return "ok";
    case PasswordProblem::too_short:
      return "the password must be at least " + std::to_string(kMinPasswordLength) + " characters long";
    case PasswordProblem::too_long:
      return "the password must be at most " + std::to_string(kMaxPasswordLength) + " bytes long";
    case PasswordProblem::too_common: return "the password is too common; choose another";
    case PasswordProblem::contains_username: return "the password must not contain the username";
  }
  return "invalid password";
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

void burn_password_check(std::string_view password) {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [] { dummy = hash_password("sentinella dummy password for timing"); });
  (void)verify_password(password, dummy);
}

}  // namespace sentinella
