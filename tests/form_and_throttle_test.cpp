// Form bodies within bounds, and the login throttle.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/text.h"
#include "server/form_data.h"
#include "server/login_throttle.h"
#include "server/request_log.h"

using namespace sentinella;

TEST_CASE("FormData") {
  SUBCASE("decodes names and values") {
    auto f = FormData::parse("username=mario&display_name=Mario+Rossi&city=Citt%C3%A0&empty=&&role=a&role=b");
    REQUIRE(f.ok());
    CHECK(f->get("username") == "mario");
    CHECK(f->get("display_name") == "Mario Rossi");
    CHECK(f->get("city") == "Città");
    CHECK(f->get("empty").empty());
    CHECK(f->has("empty"));
    CHECK_FALSE(f->has("missing"));
    CHECK(f->all("role") == std::vector<std::string>{"a", "b"});
  }
  SUBCASE("refuses what is malformed or too big, naming the problem") {
    CHECK(FormData::parse("a=%zz").status().message() == "the form has a malformed %-escape");
    CHECK(FormData::parse("a=%4").status().message() == "the form has a malformed %-escape");
    CHECK(FormData::parse("=x").status().message() == "the form has a field without a name");
    CHECK(FormData::parse("a=%FF").status().message() == "the form has text that is not valid UTF-8");
    CHECK(FormData::parse("a=%00").status().message() == "the form has text that is not valid UTF-8");
    CHECK(FormData::parse("a=" + std::string(kMaxFormValueBytes + 1, 'x')).status().message() ==
          "the field 'a' is longer than 4096 bytes");
    std::string many;
    for (size_t i = 0; i <= kMaxFormFields; ++i) many += "f" + std::to_string(i) + "=1&";
    CHECK(FormData::parse(many).status().message() == "the form has more than 64 fields");
    CHECK_FALSE(FormData::parse(std::string(kMaxFormBodyBytes + 1, 'a')).ok());
  }
  SUBCASE("url_encode is the inverse of url_decode") {
    const std::string text = "/moduli?gruppo=polizia locale&x=è/";
    std::string back;
    REQUIRE(url_decode(url_encode(text), back));
    CHECK(back == text);
    CHECK(url_encode("a b/è") == "a%20b%2F%C3%A8");
  }
}

namespace {

// One attempt that turns out wrong; returns whether it was admitted.
bool fail_once(LoginThrottle& t, const std::string& user, const std::string& address, UnixSeconds now) {
  return !t.begin_attempt(user, address, now).locked();
}

}  // namespace

TEST_CASE("LoginThrottle slows down, then refuses, then forgets") {
  ThrottlePolicy policy;
  LoginThrottle t(policy);
  const UnixSeconds now = 1'000'000;
  for (int i = 0; i < policy.slow_after; ++i) {
    auto a = t.begin_attempt("user:mario", "ip:1", now);
    CHECK_FALSE(a.locked());
    CHECK(a.verdict().delay_ms == 0);
  }
  auto slow = t.check("user:mario", "ip:1", now);
  CHECK_FALSE(slow.locked);
  CHECK(slow.delay_ms > 0);
  CHECK(t.begin_attempt("user:mario", "ip:1", now).verdict().delay_ms == slow.delay_ms);
  // Another address trying the same username is slowed too; another username from a fresh
  // address is not.
  CHECK(t.check("user:mario", "ip:2", now).delay_ms > 0);
  CHECK(t.check("user:anna", "ip:3", now).delay_ms == 0);
  for (int i = policy.slow_after + 1; i < policy.lock_after; ++i) CHECK(fail_once(t, "user:mario", "ip:1", now));
  auto locked = t.begin_attempt("user:mario", "ip:9", now + 10);
  CHECK(locked.locked());
  CHECK(locked.verdict().retry_after_seconds == policy.lock_seconds - 10);
  CHECK(t.check("user:anna", "ip:1", now).locked);  // the address is locked as well
  // Attempts refused while locked change nothing: the lock ends when it said it would.
  for (int i = 0; i < 20; ++i) CHECK_FALSE(fail_once(t, "user:mario", "ip:1", now + 100));
  CHECK(t.check("user:mario", "ip:9", now + policy.lock_seconds - 1).locked);
  CHECK_FALSE(t.check("user:mario", "ip:9", now + policy.lock_seconds + 1).locked);
  CHECK(t.check("user:mario", "ip:9", now + policy.lock_seconds + 1).delay_ms == 0);
}

TEST_CASE("LoginThrottle: a right password does not count") {
  ThrottlePolicy policy;
  LoginThrottle t(policy);
  const UnixSeconds now = 1'000'000;
  // Many people signing in from one office address never lock it.
  for (int i = 0; i < 3 * policy.lock_after; ++i) {
    auto a = t.begin_attempt("user:u" + std::to_string(i), "ip:office", now);
    REQUIRE_FALSE(a.locked());
    a.succeeded();
  }
  CHECK(t.check("user:x", "ip:office", now).delay_ms == 0);
  // A success forgets the user's failures, not the address's.
  for (int i = 0; i < policy.lock_after - 1; ++i) fail_once(t, "user:mario", "ip:x", now);
  CHECK(t.check("user:mario", "ip:y", now).delay_ms > 0);
  t.begin_attempt("user:mario", "ip:y", now).succeeded();
  CHECK(t.check("user:mario", "ip:y", now).delay_ms == 0);
  CHECK(t.check("user:other", "ip:x", now).delay_ms > 0);
  // Per address only (invitation codes).
  for (int i = 0; i < policy.lock_after; ++i) CHECK_FALSE(t.begin_attempt("ip:guesser", now).locked());
  CHECK(t.begin_attempt("ip:guesser", now).locked());
}

TEST_CASE("LoginThrottle holds its limit however many attempts run at once") {
  ThrottlePolicy policy;
  LoginThrottle t(policy);
  const UnixSeconds now = 1'000'000;
  std::atomic<int> allowed_user{0}, allowed_address{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 20; ++k) {
        // One account from many addresses, and one address against many accounts: every guess
        // wrong, each held a moment as a password check would be.
        const std::string n = std::to_string(i * 100 + k);
        if (auto a = t.begin_attempt("user:mario", "ip:" + n, now); !a.locked()) {
          ++allowed_user;
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (auto a = t.begin_attempt("user:" + n, "ip:bot", now); !a.locked()) ++allowed_address;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(allowed_user == policy.lock_after);
  CHECK(allowed_address == policy.lock_after);
  CHECK(t.check("user:mario", "ip:new", now).locked);
  CHECK(t.check("user:new", "ip:bot", now).locked);
}

TEST_CASE("LoginThrottle queues a burst of right passwords from one address instead of locking it") {
  ThrottlePolicy policy;
  LoginThrottle t(policy);
  const UnixSeconds now = 1'000'000;
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 3 * policy.lock_after; ++i)
    threads.emplace_back([&, i] {
      auto a = t.begin_attempt("user:u" + std::to_string(i), "ip:classroom", now);
      if (a.locked()) return void(++refused);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      a.succeeded();
    });
  for (auto& th : threads) th.join();
  CHECK(refused == 0);
  CHECK_FALSE(t.check("user:x", "ip:classroom", now).locked);
}

TEST_CASE("LoginThrottle keeps its memory bounded") {
  ThrottlePolicy policy;
  policy.max_keys = 10;
  LoginThrottle t(policy);
  for (int i = 0; i < 100; ++i) fail_once(t, "user:u" + std::to_string(i), "ip:x" + std::to_string(i), 1000 + i);
  // The newest keys are still remembered; the oldest were dropped.
  CHECK(t.check("user:u0", "ip:x0", 1200).delay_ms == 0);
  for (int i = 0; i < policy.slow_after - 1; ++i) fail_once(t, "user:u99", "ip:y", 1200);
  CHECK(t.check("user:u99", "ip:z", 1200).delay_ms > 0);
  // A lock is kept in preference to a fresh first failure.
  for (int i = 0; i < policy.lock_after; ++i) fail_once(t, "user:locked", "ip:l", 1300);
  for (int i = 0; i < 100; ++i) fail_once(t, "user:v" + std::to_string(i), "ip:v" + std::to_string(i), 1301);
  CHECK(t.check("user:locked", "ip:other", 1302).locked);
}

TEST_CASE("the request log hides invitation codes and escapes control characters") {
  const std::string line = common_log_line("127.0.0.1", "GET", "/registrati?codice=K7QM-3HXR&x=1\"\n", "HTTP/1.1", 200, 42);
  CHECK(line.find("K7QM") == std::string::npos);
  CHECK(line.find("\"GET /registrati?codice=***&x=1\\x22\\x0A HTTP/1.1\" 200 42") != std::string::npos);
}

TEST_CASE("the request log hides invitation codes however the parameter's name is encoded") {
  // The server decodes parameter names, so each of these is "codice" to it.
  for (const std::string target : {"/registrati?%63odice=K7QM-3HXR", "/registrati?x=1&c%6Fdice=K7QM-3HXR&y=2",
                                   "/registrati?%63%6F%64%69%63%65=K7QM-3HXR", "/registrati?codice=A&codice=K7QM-3HXR"}) {
    INFO(target);
    const std::string line = common_log_line("127.0.0.1", "GET", target, "HTTP/1.1", 200, 1);
    CHECK(line.find("K7QM") == std::string::npos);
    CHECK(line.find("=***") != std::string::npos);
  }
  // Other names, however close, are left alone (the server would not read them as the code).
  CHECK(redact_secrets("/registrati?codici=A&Codice=B&xcodice=C") == "/registrati?codici=A&Codice=B&xcodice=C");
  CHECK(redact_secrets("/a?x=1&codice=K7&y=2") == "/a?x=1&codice=***&y=2");
  CHECK(redact_secrets("/a") == "/a");
}
