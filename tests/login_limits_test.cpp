// The limits on guessing, through the real server: parallel wrong logins, clients behind a trusted
// proxy, invitation codes posted to the form, and where a login may send the browser next.
#include <doctest/doctest.h>

#include <cstdlib>
#include <future>
#include <vector>

#include "running_site.h"

using namespace sentinella::test;

namespace {

constexpr int kLockAfter = 10;  // ThrottlePolicy's default

// POSTs a form as a client would through a proxy that sets `headers`. Password checks queue, and
// a busy build machine is slow: a generous timeout.
httplib::Result post_form(int port, const std::string& path, const std::string& form,
                          const httplib::Headers& headers = {}) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(120);
  return client.Post(path.c_str(), headers, form, "application/x-www-form-urlencoded");
}

// The status of an answer that must have come.
int status_of(const httplib::Result& res) {
  REQUIRE(res);
  return res->status;
}

httplib::Result wrong_login(int port, const std::string& username, int n, const httplib::Headers& headers = {}) {
  return post_form(port, "/accedi", "username=" + username + "&password=sbagliata+" + std::to_string(n), headers);
}

httplib::Result right_login(int port, const std::string& username, const httplib::Headers& headers = {}) {
  return post_form(port, "/accedi", "username=" + username + "&password=" + url_encode_form(kTestPassword), headers);
}

httplib::Headers forwarded_for(const std::string& address) { return {{"X-Forwarded-For", address}}; }

}  // namespace

TEST_CASE("parallel wrong passwords never get more guesses than the limit") {
  RunningSite site(standard_accounts());
  int checked = 0, refused = 0;
  std::string retry_after;
  for (int wave = 0; wave < 5; ++wave) {
    std::vector<std::future<httplib::Result>> guesses;
    for (int i = 0; i < 11; ++i)
      guesses.push_back(std::async(std::launch::async, [&, n = wave * 11 + i] { return wrong_login(site.port(), "admin", n); }));
    for (auto& g : guesses) {
      auto res = g.get();
      REQUIRE(res);
      if (res->status == 400) ++checked;
      else if (res->status == 429) {
        ++refused;
        retry_after = res->get_header_value("Retry-After");
      } else FAIL("unexpected status " << res->status);
    }
  }
  CHECK(checked <= kLockAfter);
  CHECK(refused == 55 - checked);
  CHECK(std::stoi(retry_after) > 0);
  // Locked: the right password is refused too, and gets no session.
  auto res = right_login(site.port(), "admin");
  REQUIRE(res);
  CHECK(res->status == 429);
  CHECK_FALSE(res->has_header("Set-Cookie"));
}

TEST_CASE("behind a trusted proxy, failures lock the client that made them, not everyone") {
  RunningSite site(standard_accounts(), {}, {"--trusted-proxy", "127.0.0.1"});
  const auto mallory = forwarded_for("203.0.113.5"), alice = forwarded_for("198.51.100.7");
  // Different usernames, so that only the address can be what locks.
  for (int i = 0; i < kLockAfter; ++i) CHECK(status_of(wrong_login(site.port(), "nessuno" + std::to_string(i), i, mallory)) == 400);
  auto locked = right_login(site.port(), "trainer", mallory);
  REQUIRE(locked);
  CHECK(locked->status == 429);
  auto other = right_login(site.port(), "trainer", alice);
  REQUIRE(other);
  CHECK(other->status == 303);
  // A proxy's address in the chain is skipped, a spoofed one on the left is not believed.
  CHECK(status_of(right_login(site.port(), "trainer", forwarded_for("10.9.9.9, 203.0.113.5, 127.0.0.1"))) == 429);
  // The request log names the client, not the proxy (it is written after the answer: stop first).
  CHECK(site.server().stop() == 0);
  CHECK(contains(site.server().log(), "198.51.100.7 - - ["));
}

TEST_CASE("trusted proxies from SENTINELLA_TRUSTED_PROXIES, and a bad one refused at start") {
  ::setenv("SENTINELLA_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1", 1);
  RunningSite site;
  ::unsetenv("SENTINELLA_TRUSTED_PROXIES");
  REQUIRE(site.get("/", forwarded_for("198.51.100.9")));
  CHECK(site.server().stop() == 0);
  CHECK(contains(site.server().log(), "198.51.100.9 - - ["));
  auto bad = run_sentinella({"serve", "--port", "0", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "proxy.example"});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "'proxy.example' is not an IP address or a CIDR range"));
}

TEST_CASE("a trusted proxy that says the client came over https gets a Secure cookie") {
  // An http base_url: only the proxy's word can make the cookie Secure.
  RunningSite site(standard_accounts(), [](ContentTree& tree) {
    std::string yaml = read_file(tree.root() / "site.yaml");
    yaml.replace(yaml.find("base_url: https://"), 18, "base_url: http://");
    tree.write("site.yaml", yaml);
  }, {"--trusted-proxy", "127.0.0.0/8"});
  auto https = right_login(site.port(), "admin", {{"X-Forwarded-For", "198.51.100.8"}, {"X-Forwarded-Proto", "https"}});
  REQUIRE(https);
  CHECK(contains(https->get_header_value("Set-Cookie"), "; Secure"));
  auto http = right_login(site.port(), "admin", {{"X-Forwarded-For", "198.51.100.8"}, {"X-Forwarded-Proto", "http"}});
  REQUIRE(http);
  REQUIRE(http->has_header("Set-Cookie"));
  CHECK_FALSE(contains(http->get_header_value("Set-Cookie"), "Secure"));
}

TEST_CASE("without a trusted proxy, X-Forwarded-For is not believed") {
  RunningSite site(standard_accounts());
  for (int i = 0; i < kLockAfter; ++i)
    CHECK(status_of(wrong_login(site.port(), "nessuno" + std::to_string(i), i, forwarded_for("203.0.113." + std::to_string(i)))) == 400);
  auto res = right_login(site.port(), "trainer", forwarded_for("198.51.100.7"));
  REQUIRE(res);
  CHECK(res->status == 429);
  CHECK(site.server().stop() == 0);
  CHECK(contains(site.server().log(), "127.0.0.1 - - ["));
  CHECK_FALSE(contains(site.server().log(), "198.51.100.7"));
}

TEST_CASE("wrong invitation codes posted to the form count toward the address's limit") {
  RunningSite site(standard_accounts());
  const std::string form = "username=mario&display_name=Mario&email=&password=cavallo+batteria+graffetta"
                           "&password_confirm=cavallo+batteria+graffetta&code=";
  for (int i = 0; i < kLockAfter; ++i) {
    auto res = post_form(site.port(), "/registrati", form + "AAAA-BBBB-CCCC-DDDD-EEE" + std::to_string(i));
    REQUIRE(res);
    CHECK(res->status == 400);
  }
  auto locked = post_form(site.port(), "/registrati", form + "AAAA-BBBB-CCCC-DDDD-EEEE");
  REQUIRE(locked);
  CHECK(locked->status == 429);
  CHECK(std::stoi(locked->get_header_value("Retry-After")) > 0);
  CHECK(site.fetch("/registrati?codice=AAAA-BBBB-CCCC-DDDD-EEEE", 429).status == 429);
  CHECK(status_of(right_login(site.port(), "trainer")) == 429);  // the same address, the same limit
}

TEST_CASE("after login the browser goes only to a plain local path") {
  RunningSite site(standard_accounts());
  for (const std::string next : {"%2F%0D%0ASet-Cookie:+x=1", "%2F%09x", "%2F%0Bx", "%2F%1Bx", "%2F%7Fx", "%2F%01x",
                                 "%2F%5Cevil.example", "%2F%2Fevil.example", "%5C%5Cevil.example",
                                 "https%3A%2F%2Fevil.example"}) {
    INFO("next=" << next);
    auto res = post_form(site.port(), "/accedi",
                         "username=admin&password=" + url_encode_form(kTestPassword) + "&next=" + next);
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == "/area");
  }
  auto fine = post_form(site.port(), "/accedi",
                        "username=admin&password=" + url_encode_form(kTestPassword) + "&next=%2Fmoduli%3Fgruppo%3Da");
  REQUIRE(fine);
  CHECK(fine->get_header_value("Location") == "/moduli?gruppo=a");
}
