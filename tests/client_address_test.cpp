// Who sent a request: addresses, trusted proxies and the forwarding headers they add.
#include <doctest/doctest.h>

#include "server/client_address.h"

using namespace sentinella;

namespace {

TrustedProxies proxies(const std::vector<std::string>& entries) {
  auto p = TrustedProxies::parse(entries);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  return p.value();
}

// "address https|http" for a request from `peer` with these headers.
std::string origin(const std::string& peer, const TrustedProxies& trusted, const std::string& xff,
                   const std::string& proto = "", const std::string& forwarded = "") {
  auto o = client_origin(peer, trusted, {forwarded, xff, proto});
  return o.address + (o.https ? " https" : " http");
}

}  // namespace

TEST_CASE("IpAddress reads addresses with or without a port, and nothing else") {
  CHECK(IpAddress::parse("192.0.2.1")->to_string() == "192.0.2.1");
  CHECK(IpAddress::parse(" 192.0.2.1:8080 ")->to_string() == "192.0.2.1");
  CHECK(IpAddress::parse("2001:DB8:0::1")->to_string() == "2001:db8::1");
  CHECK(IpAddress::parse("[2001:db8::1]:443")->to_string() == "2001:db8::1");
  CHECK(IpAddress::parse("[2001:db8::1]")->to_string() == "2001:db8::1");
  CHECK(IpAddress::parse("::ffff:192.0.2.1")->to_string() == "192.0.2.1");
  CHECK(IpAddress::parse("::ffff:192.0.2.1") == IpAddress::parse("192.0.2.1"));
  for (const char* bad : {"", "unknown", "_hidden", "192.0.2", "192.0.2.256", "192.0.2.1:", "192.0.2.1:http",
                          "[192.0.2.1]", "[2001:db8::1", "[2001:db8::1]x", "2001:db8::1:99999x", "1.2.3.4 5.6.7.8",
                          "192.0.2.1\r\nX: y"})
    CHECK_MESSAGE(!IpAddress::parse(bad), bad);
}

TEST_CASE("TrustedProxies: addresses and CIDR ranges") {
  auto p = proxies({"10.0.0.0/8", "192.0.2.1", " fd00::/8 , ::1", ""});
  CHECK(p.trusts(*IpAddress::parse("10.255.0.3")));
  CHECK_FALSE(p.trusts(*IpAddress::parse("11.0.0.1")));
  CHECK(p.trusts(*IpAddress::parse("192.0.2.1")));
  CHECK_FALSE(p.trusts(*IpAddress::parse("192.0.2.2")));
  CHECK(p.trusts(*IpAddress::parse("fd12:3456::1")));
  CHECK(p.trusts(*IpAddress::parse("::1")));
  CHECK_FALSE(p.trusts(*IpAddress::parse("fe80::1")));
  CHECK(p.trusts(*IpAddress::parse("::ffff:10.1.2.3")));  // an IPv4 client of a dual-stack socket
  CHECK(proxies({"172.16.0.0/12"}).trusts(*IpAddress::parse("172.31.255.255")));
  CHECK_FALSE(proxies({"172.16.0.0/12"}).trusts(*IpAddress::parse("172.32.0.0")));
  CHECK(proxies({"0.0.0.0/0"}).trusts(*IpAddress::parse("203.0.113.9")));
  CHECK_FALSE(proxies({"0.0.0.0/0"}).trusts(*IpAddress::parse("2001:db8::1")));
  CHECK(proxies({}).empty());
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "proxy.example",
                          "10.0.0.1:80"}) {
    auto r = TrustedProxies::parse({bad});
    CHECK_MESSAGE(!r.ok(), bad);
    CHECK(r.status().message().find(bad) != std::string::npos);
  }
}

TEST_CASE("client_origin believes forwarding headers only from a trusted proxy") {
  const auto trusted = proxies({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  SUBCASE("an untrusted peer's headers are ignored") {
    CHECK(origin("203.0.113.9", trusted, "198.51.100.1", "https") == "203.0.113.9 http");
    CHECK(origin("203.0.113.9", trusted, "", "", "for=198.51.100.1;proto=https") == "203.0.113.9 http");
    CHECK(origin("203.0.113.9", proxies({}), "198.51.100.1") == "203.0.113.9 http");
  }
  SUBCASE("the right-most address that is not a proxy is the client") {
    CHECK(origin("127.0.0.1", trusted, "198.51.100.1") == "198.51.100.1 http");
    CHECK(origin("127.0.0.1", trusted, "198.51.100.1", "https") == "198.51.100.1 https");
    // A client that sends its own X-Forwarded-For cannot choose its address: the proxy appends.
    CHECK(origin("127.0.0.1", trusted, "1.1.1.1, 198.51.100.1") == "198.51.100.1 http");
    CHECK(origin("127.0.0.1", trusted, "1.1.1.1, 198.51.100.1, 10.0.0.2") == "198.51.100.1 http");
    CHECK(origin("127.0.0.1", trusted, "1.1.1.1,198.51.100.1:5123,  10.0.0.2") == "198.51.100.1 http");
    // Several lines of the header arrive joined.
    CHECK(origin("127.0.0.1", trusted, "1.1.1.1, 198.51.100.1", "http, https") == "198.51.100.1 https");
    // Every hop a proxy: the left-most is the client.
    CHECK(origin("127.0.0.1", trusted, "10.0.0.3, 10.0.0.2") == "10.0.0.3 http");
  }
  SUBCASE("IPv6") {
    CHECK(origin("fd00::1", trusted, "2001:db8::7") == "2001:db8::7 http");
    CHECK(origin("::ffff:127.0.0.1", trusted, "[2001:db8::7]:4711") == "2001:db8::7 http");
    CHECK(origin("127.0.0.1", trusted, "", "", "for=\"[2001:db8:cafe::17]:4711\";proto=https") ==
          "2001:db8:cafe::17 https");
  }
  SUBCASE("Forwarded (RFC 7239), read when there is no X-Forwarded-For") {
    CHECK(origin("127.0.0.1", trusted, "", "", "for=192.0.2.60;proto=https;by=203.0.113.43") == "192.0.2.60 https");
    CHECK(origin("127.0.0.1", trusted, "", "", "For=\"1.1.1.1\", for=192.0.2.60, for=10.0.0.2;proto=http") ==
          "192.0.2.60 http");
    CHECK(origin("127.0.0.1", trusted, "", "", "for=\"a,b\";proto=https, for=192.0.2.60") == "192.0.2.60 http");
    CHECK(origin("127.0.0.1", trusted, "192.0.2.1", "", "for=192.0.2.60") == "192.0.2.1 http");
  }
  SUBCASE("garbage ends the walk at the last address believed") {
    CHECK(origin("127.0.0.1", trusted, "not-an-address") == "127.0.0.1 http");
    CHECK(origin("127.0.0.1", trusted, "198.51.100.1, garbage, 10.0.0.2") == "10.0.0.2 http");
    CHECK(origin("127.0.0.1", trusted, ",,,") == "127.0.0.1 http");
    CHECK(origin("127.0.0.1", trusted, "", "", "for=unknown") == "127.0.0.1 http");
    CHECK(origin("127.0.0.1", trusted, "", "", "for=_hidden;proto=https") == "127.0.0.1 http");
    CHECK(origin("127.0.0.1", trusted, "", "", "proto=https;=;;,\"") == "127.0.0.1 http");
    CHECK(origin("127.0.0.1", trusted, std::string(5000, ',') + "198.51.100.1") == "198.51.100.1 http");
  }
  SUBCASE("a peer that is not an address is kept as it came") {
    CHECK(origin("", trusted, "198.51.100.1") == " http");
    CHECK(origin("/run/sentinella.sock", trusted, "198.51.100.1") == "/run/sentinella.sock http");
  }
}
