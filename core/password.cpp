#include "core/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

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

namespace {

// Lets at most password_work_limit() argon2id computations run at once and counts them.
class PasswordWork {
public:
  template <typename F>
  auto run(std::uint64_t PasswordWorkStats::*counter, F&& compute) {
    {
      std::unique_lock lock(mutex_);
      turn_.wait(lock, [&] { return running_ < password_work_limit(); });
      ++running_;
      ++(stats_.*counter);
      stats_.peak_concurrency = std::max(stats_.peak_concurrency, running_);
    }
    struct Done {
      PasswordWork& work;
      ~Done() {
        {
          std::lock_guard lock(work.mutex_);
          --work.running_;
        }
        work.turn_.notify_one();
      }
    } done{*this};
    return compute();
  }
  PasswordWorkStats stats() {
    std::lock_guard lock(mutex_);
    return stats_;
  }
  void reset() {
    std::lock_guard lock(mutex_);
    stats_ = PasswordWorkStats{};
  }

private:
  std::mutex mutex_;
  std::condition_variable turn_;
  int running_ = 0;          // guarded by mutex_
  PasswordWorkStats stats_;  // guarded by mutex_
};

PasswordWork& password_work() {
  static PasswordWork work;
  return work;
}

const std::string& dummy_hash() {
  static const std::string hash = hash_password("sentinella dummy password for timing");
  return hash;
}

bool is_password_hash(const std::string& stored_hash) {
  return !stored_hash.empty() && stored_hash.size() < crypto_pwhash_STRBYTES &&
         crypto_pwhash_str_needs_rehash(stored_hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
}

}  // namespace

int password_work_limit() {
  static const int limit = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
  return limit;
}

PasswordWorkStats password_work_stats() { return password_work().stats(); }

void reset_password_work_stats() { password_work().reset(); }

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  const int rc = password_work().run(&PasswordWorkStats::hashes, [&] {
    return crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
  });
  if (rc != 0) throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  // Not a hash (an erased account has none): the same work against the dummy, and false.
  const bool real = is_password_hash(stored_hash);
  const std::string& against = real ? stored_hash : dummy_hash();
  const bool match = password_work().run(&PasswordWorkStats::verifications, [&] {
    return crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  });
  return real && match;
}

void burn_password_check(std::string_view password) { (void)verify_password(password, dummy_hash()); }

}  // namespace sentinella
