// Who sent a request: the peer that connected, or, when that peer is a reverse proxy the operator
// trusts, the client the proxy names in X-Forwarded-For or Forwarded (RFC 7239). Pure functions
// over header values, so that they can be tested without a server.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sentinella {

// An IPv4 or IPv6 address. IPv4-mapped IPv6 addresses (::ffff:192.0.2.1) are read as IPv4.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4

  // Parses "192.0.2.1" and "2001:db8::1", also with a port ("192.0.2.1:8080",
  // "[2001:db8::1]:443") or brackets alone; nullopt for anything else. Never throws.
  static std::optional<IpAddress> parse(std::string_view text);
  // The canonical text: "192.0.2.1", "2001:db8::1".
  std::string to_string() const;
  bool operator==(const IpAddress&) const = default;
};

// The reverse proxies whose forwarding headers are believed: single addresses and CIDR ranges.
class TrustedProxies {
public:
  // Each entry is a comma-separated list of addresses ("10.0.0.1", "::1") and ranges
  // ("10.0.0.0/8", "fd00::/8"); spaces and empty items are ignored. Invalid naming the first item
  // that is neither. Never throws but for std::bad_alloc.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);
  bool empty() const { return ranges_.empty(); }
  bool trusts(const IpAddress& address) const;

private:
  struct Range {
    IpAddress base;
    int prefix_bits = 0;
  };
  std::vector<Range> ranges_;
};

// A request's forwarding headers, each the values of all its lines joined with ", ".
struct ForwardingHeaders {
  std::string forwarded;        // Forwarded: for=...;proto=..., ...
  std::string x_forwarded_for;  // X-Forwarded-For: client, proxy1, ...
  std::string x_forwarded_proto;
};

struct ClientOrigin {
  std::string address;  // the canonical address, or the peer's text as it came if it is not one
  bool https = false;   // a trusted proxy says the client reached it over https
};

// The client of a request whose connection came from `peer`. Forwarding headers are read only
// when `peer` is trusted: X-Forwarded-For (or, without it, Forwarded's for= list) is walked from
// the right, and the client is the right-most address that is not a trusted proxy; an entry that
// is not an address ends the walk at the last address believed. `https` comes from the proto
// given for the client's hop (X-Forwarded-Proto aligned from the right, or the Forwarded
// element's proto=). Never throws but for std::bad_alloc.
ClientOrigin client_origin(std::string_view peer, const TrustedProxies& proxies, const ForwardingHeaders& headers);

}  // namespace sentinella
