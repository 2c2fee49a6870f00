// Slows down and then refuses repeated failed logins, per username and per client address.
// In memory: a restart forgets, which only ever helps a legitimate person.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace sentinella {

struct ThrottlePolicy {
  int slow_after = 5;                     // failures in the window before answers slow down
  int lock_after = 10;                    // failures in the window before refusing
  std::int64_t window_seconds = 15 * 60;  // failures older than this are forgotten
  std::int64_t lock_seconds = 15 * 60;    // how long a lock lasts
  int max_delay_ms = 2000;                // the slowest answer
  size_t max_keys = 10000;                // memory bound
};

class LoginThrottle {
public:
  explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  struct Verdict {
    bool locked = false;
    std::int64_t retry_after_seconds = 0;  // when locked
    int delay_ms = 0;                      // when not locked, how long to wait before answering
  };

  // What to do with an attempt for these keys (e.g. "user:mario", "ip:10.0.0.1"): the stricter
  // verdict of the two.
  Verdict check(const std::string& user_key, const std::string& address_key, UnixSeconds now);
  void record_failure(const std::string& user_key, const std::string& address_key, UnixSeconds now);
  void record_success(const std::string& user_key);

private:
  struct Entry {
    int failures = 0;
    UnixSeconds first_failure = 0;
    UnixSeconds locked_until = 0;
  };
  Verdict verdict_for(const std::string& key, UnixSeconds now);
  void fail(const std::string& key, UnixSeconds now);

  const ThrottlePolicy policy_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
};

}  // namespace sentinella
