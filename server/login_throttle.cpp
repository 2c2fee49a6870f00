#include "server/login_throttle.h"

#include <algorithm>
#include <utility>

namespace sentinella {

namespace {

LoginThrottle::Verdict stricter(const LoginThrottle::Verdict& a, const LoginThrottle::Verdict& b) {
  if (a.locked || b.locked)
    return {true, std::max(a.locked ? a.retry_after_seconds : 0, b.locked ? b.retry_after_seconds : 0), 0};
  return {false, 0, std::max(a.delay_ms, b.delay_ms)};
}

}  // namespace

LoginThrottle::Attempt::Attempt(Attempt&& other) noexcept
    : throttle_(std::exchange(other.throttle_, nullptr)),
      keys_(std::move(other.keys_)),
      now_(other.now_),
      verdict_(other.verdict_) {}

LoginThrottle::Attempt::~Attempt() {
  if (throttle_) throttle_->end(keys_, false, now_);
}

void LoginThrottle::Attempt::succeeded() {
  if (auto* t = std::exchange(throttle_, nullptr)) t->end(keys_, true, now_);
}

LoginThrottle::Entry* LoginThrottle::live_entry(const std::string& key, UnixSeconds now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  Entry& e = it->second;
  const bool lock_over = e.locked_until != 0 && e.locked_until <= now;
  const bool window_over = e.locked_until == 0 && e.failures > 0 && now - e.first_failure > policy_.window_seconds;
  if (lock_over || window_over) {
    e.failures = 0;
    e.locked_until = 0;
  }
  if (e.failures == 0 && e.pending == 0) {
    entries_.erase(it);
    return nullptr;
  }
  return &e;
}

LoginThrottle::Verdict LoginThrottle::verdict_for(const std::string& key, UnixSeconds now) {
  Verdict v;
  const Entry* e = live_entry(key, now);
  if (!e) return v;
  if (e->locked_until != 0) {
    v.locked = true;
    v.retry_after_seconds = e->locked_until - now;
  } else if (e->failures >= policy_.slow_after) {
    v.delay_ms = std::min(policy_.max_delay_ms, 250 * (e->failures - policy_.slow_after + 1));
  }
  return v;
}

bool LoginThrottle::busy(const std::string& key, UnixSeconds now) {
  const Entry* e = live_entry(key, now);
  return e && e->failures + e->pending >= policy_.lock_after;
}

void LoginThrottle::make_room(const std::string& key, UnixSeconds now) {
  if (entries_.size() < policy_.max_keys || entries_.count(key)) return;
  // Forget what is stale; if everything is fresh, forget the oldest first failure (a lock is
  // worth more). Never an entry with attempts pending: their end must find it.
  std::erase_if(entries_, [&](const auto& kv) {
    const Entry& e = kv.second;
    if (e.pending > 0) return false;
    return e.locked_until != 0 ? e.locked_until <= now : now - e.first_failure > policy_.window_seconds;
  });
  if (entries_.size() < policy_.max_keys) return;
  auto victim = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.pending > 0) continue;
    if (victim == entries_.end() ||
        std::make_pair(it->second.locked_until != 0, it->second.first_failure) <
            std::make_pair(victim->second.locked_until != 0, victim->second.first_failure))
      victim = it;
  }
  if (victim != entries_.end()) entries_.erase(victim);
}

LoginThrottle::Attempt LoginThrottle::begin(std::vector<std::string> keys, UnixSeconds now) {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + policy_.max_wait;
  for (;;) {
    Verdict verdict;
    for (const auto& key : keys) verdict = stricter(verdict, verdict_for(key, now));
    if (verdict.locked) return Attempt(nullptr, {}, now, verdict);
    if (std::none_of(keys.begin(), keys.end(), [&](const auto& key) { return busy(key, now); })) {
      for (const auto& key : keys) {
        make_room(key, now);
        ++entries_[key].pending;
      }
      return Attempt(this, std::move(keys), now, verdict);
    }
    if (attempt_ended_.wait_until(lock, deadline) == std::cv_status::timeout)
      return Attempt(nullptr, {}, now, Verdict{true, 1, 0});
  }
}

void LoginThrottle::end(const std::vector<std::string>& keys, bool success, UnixSeconds now) {
  {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < keys.size(); ++i) {
      auto it = entries_.find(keys[i]);
      if (it == entries_.end()) continue;  // cannot happen: pending entries are never dropped
      Entry& e = it->second;
      --e.pending;
      if (success) {
        // The first key is the user's when there are two: a right password forgets its failures.
        if (i == 0 && keys.size() > 1) e.failures = 0, e.locked_until = 0;
      } else {
        if (e.failures == 0) e.first_failure = now;
        if (++e.failures >= policy_.lock_after && e.locked_until == 0) e.locked_until = now + policy_.lock_seconds;
      }
      if (e.failures == 0 && e.pending == 0) entries_.erase(it);
    }
  }
  attempt_ended_.notify_all();
}

LoginThrottle::Attempt LoginThrottle::begin_attempt(const std::string& user_key, const std::string& address_key,
                                                    UnixSeconds now) {
  return begin({user_key, address_key}, now);
}

LoginThrottle::Attempt LoginThrottle::begin_attempt(const std::string& address_key, UnixSeconds now) {
  return begin({address_key}, now);
}

LoginThrottle::Verdict LoginThrottle::check(const std::string& user_key, const std::string& address_key,
                                            UnixSeconds now) {
  std::lock_guard lock(mutex_);
  return stricter(verdict_for(user_key, now), verdict_for(address_key, now));
}

}  // namespace sentinella
