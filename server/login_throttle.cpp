#include "server/login_throttle.h"

#include <algorithm>

namespace sentinella {

LoginThrottle::Verdict LoginThrottle::verdict_for(const std::string& key, UnixSeconds now) {
  Verdict v;
  auto it = entries_.find(key);
  if (it == entries_.end()) return v;
  Entry& e = it->second;
  if (e.locked_until > now) {
    v.locked = true;
    v.retry_after_seconds = e.locked_until - now;
    return v;
  }
  if (now - e.first_failure > policy_.window_seconds) {
    entries_.erase(it);
    return v;
  }
  if (e.failures >= policy_.slow_after)
    v.delay_ms = std::min(policy_.max_delay_ms, 250 * (e.failures - policy_.slow_after + 1));
  return v;
}

LoginThrottle::Verdict LoginThrottle::check(const std::string& user_key, const std::string& address_key,
                                            UnixSeconds now) {
  std::lock_guard lock(mutex_);
  Verdict a = verdict_for(user_key, now), b = verdict_for(address_key, now);
  if (a.locked || b.locked)
    return {true, std::max(a.locked ? a.retry_after_seconds : 0, b.locked ? b.retry_after_seconds : 0), 0};
  return {false, 0, std::max(a.delay_ms, b.delay_ms)};
}

void LoginThrottle::fail(const std::string& key, UnixSeconds now) {
  if (entries_.size() >= policy_.max_keys && !entries_.count(key)) {
    // Forget what is stale; if everything is fresh, forget the oldest.
    std::erase_if(entries_, [&](const auto& kv) {
      return kv.second.locked_until <= now && now - kv.second.first_failure > policy_.window_seconds;
    });
    if (entries_.size() >= policy_.max_keys)
      entries_.erase(std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
        return a.second.first_failure < b.second.first_failure;
      }));
  }
  Entry& e = entries_[key];
  if (e.failures == 0 || now - e.first_failure > policy_.window_seconds) e = Entry{0, now, 0};
  if (++e.failures >= policy_.lock_after) {
    e.locked_until = now + policy_.lock_seconds;
    e.failures = 0;
    e.first_failure = now;
  }
}

void LoginThrottle::record_failure(const std::string& user_key, const std::string& address_key,
                                   UnixSeconds now) {
  std::lock_guard lock(mutex_);
  fail(user_key, now);
  fail(address_key, now);
}

void LoginThrottle::record_success(const std::string& user_key) {
  std::lock_guard lock(mutex_);
  entries_.erase(user_key);
}

}  // namespace sentinella
