// Form bodies within bounds, and the login throttle.
#include <doctest/doctest.h>

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

TEST_CASE("LoginThrottle slows down, then refuses, then forgets") {
  ThrottlePolicy policy;
  LoginThrottle t(policy);
  const UnixSeconds now = 1'000'000;
  for (int i = 0; i < policy.slow_after; ++i) {
    CHECK(t.check("user:mario", "ip:1", now).delay_ms == 0);
    t.record_failure("user:mario", "ip:1", now);
  }
  auto slow = t.check("user:mario", "ip:1", now);
  CHECK_FALSE(slow.locked);
  CHECK(slow.delay_ms > 0);
  // Another address trying the same username is slowed too; another username from a fresh
  // address is not.
  CHECK(t.check("user:mario", "ip:2", now).delay_ms > 0);
  CHECK(t.check("user:anna", "ip:3", now).delay_ms == 0);
  for (int i = policy.slow_after; i < policy.lock_after; ++i) t.record_failure("user:mario", "ip:1", now);
  auto locked = t.check("user:mario", "ip:9", now + 10);
  CHECK(locked.locked);
  CHECK(locked.retry_after_seconds == policy.lock_seconds - 10);
  CHECK(t.check("user:anna", "ip:1", now).locked);  // the address is locked as well
  CHECK_FALSE(t.check("user:mario", "ip:9", now + policy.lock_seconds + 1).locked);
  t.record_success("user:mario");
  CHECK(t.check("user:mario", "ip:9", now + policy.lock_seconds + 1).delay_ms == 0);
}

TEST_CASE("LoginThrottle keeps its memory bounded") {
  ThrottlePolicy policy;
  policy.max_keys = 10;
  LoginThrottle t(policy);
  for (int i = 0; i < 100; ++i) t.record_failure("user:u" + std::to_string(i), "ip:x" + std::to_string(i), 1000 + i);
  // The newest keys are still remembered; the oldest were dropped.
  CHECK_FALSE(t.check("user:u0", "ip:x0", 1200).locked);
  for (int i = 0; i < policy.slow_after; ++i) t.record_failure("user:u99", "ip:y", 1200);
  CHECK(t.check("user:u99", "ip:z", 1200).delay_ms > 0);
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
