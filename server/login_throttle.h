// Slows down and then refuses repeated failed logins, per username and per client address.
// In memory: a restart forgets, which only ever helps a legitimate person.
//
// An attempt is admitted before its password is checked, in one locked step with the check, and
// counts as pending until it ends: a key never has more than `lock_after` failures and pending
// attempts together (a further attempt waits for one to end). So however many requests run at
// once, at most `lock_after` wrong guesses per key are ever checked in a window, and a burst of
// right passwords from one address (a classroom behind one router) is only queued, not locked.
//
// Nothing here throws except std::bad_alloc.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"

namespace sentinella {

struct ThrottlePolicy {
  int slow_after = 5;                     // failures in the window before answers slow down
  int lock_after = 10;                    // failures in the window before refusing
  std::int64_t window_seconds = 15 * 60;  // failures older than this are forgotten
  std::int64_t lock_seconds = 15 * 60;    // how long a lock lasts
  int max_delay_ms = 2000;                // the slowest answer
  size_t max_keys = 10000;                // memory bound
  // How long an attempt waits for pending ones to end before it is refused.
  std::chrono::milliseconds max_wait{10000};
};

class LoginThrottle {
public:
  struct Verdict {
    bool locked = false;
    std::int64_t retry_after_seconds = 0;  // when locked
    int delay_ms = 0;                      // when not locked, how long to wait before answering
  };

  // One admitted (or refused) attempt. Unless succeeded() is called, it counts as a failure when
  // it ends (an exception on the way counts too).
  class Attempt {
  public:
    Attempt(Attempt&& other) noexcept;
    Attempt& operator=(Attempt&&) = delete;
    ~Attempt();
    const Verdict& verdict() const { return verdict_; }
    bool locked() const { return verdict_.locked; }
    // The password (or code) was right: the user's failures are forgotten, and the attempt does
    // not count against the address.
    void succeeded();

  private:
    friend class LoginThrottle;
    Attempt(LoginThrottle* throttle, std::vector<std::string> keys, UnixSeconds now, Verdict verdict)
        : throttle_(throttle), keys_(std::move(keys)), now_(now), verdict_(verdict) {}
    LoginThrottle* throttle_;  // null once ended, or when refused
    std::vector<std::string> keys_;
    UnixSeconds now_;
    Verdict verdict_;
  };

  explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // Admits an attempt for these keys (e.g. "user:mario" and "ip:10.0.0.1"), or refuses it
  // (locked) if either key is locked or has `lock_after` failures in the window. While a key's
  // failures and pending attempts reach `lock_after`, waits (up to policy.max_wait, then refused)
  // for one of them to end. The Attempt must not outlive this throttle. Never throws but for
  // std::bad_alloc.
  Attempt begin_attempt(const std::string& user_key, const std::string& address_key, UnixSeconds now);
  // The same for an attempt counted only per address (an invitation code).
  Attempt begin_attempt(const std::string& address_key, UnixSeconds now);

  // What begin_attempt would answer now for these keys if nothing were pending; counts nothing.
  Verdict check(const std::string& user_key, const std::string& address_key, UnixSeconds now);

private:
  struct Entry {
    int failures = 0;
    int pending = 0;  // attempts admitted and not ended
    UnixSeconds first_failure = 0;
    UnixSeconds locked_until = 0;  // 0 while not locked
  };
  Attempt begin(std::vector<std::string> keys, UnixSeconds now);
  void end(const std::vector<std::string>& keys, bool success, UnixSeconds now);
  // The entry for `key` after forgetting an expired lock or window; null if there is none.
  Entry* live_entry(const std::string& key, UnixSeconds now);
  Verdict verdict_for(const std::string& key, UnixSeconds now);
  bool busy(const std::string& key, UnixSeconds now);
  void make_room(const std::string& key, UnixSeconds now);

  const ThrottlePolicy policy_;
  std::mutex mutex_;
  std::condition_variable attempt_ended_;
  std::map<std::string, Entry> entries_;  // guarded by mutex_
};

}  // namespace sentinella
