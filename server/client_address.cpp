#include "server/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace sentinella {

namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<IpAddress> parse_bare(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes.data(), kMapped, 12) == 0) {
    std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
    std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
    return a;
  }
  a.v6 = true;
  return a;
}

// Splits on `sep` outside double-quoted strings.
std::vector<std::string_view> split_outside_quotes(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') quoted = !quoted;
    else if (s[i] == '\\' && quoted) ++i;
    else if (s[i] == sep && !quoted) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::string unquote(std::string_view v) {
  v = trim(v);
  if (v.size() < 2 || v.front() != '"' || v.back() != '"') return std::string(v);
  std::string out;
  for (size_t i = 1; i + 1 < v.size(); ++i) {
    if (v[i] == '\\' && i + 2 < v.size()) ++i;
    out += v[i];
  }
  return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

// One hop of the chain, left (client) to right (nearest proxy).
struct Hop {
  std::string node;   // the address as written, maybe with a port
  std::string proto;  // "" when not given
};

std::vector<Hop> hops_from_x_forwarded(const ForwardingHeaders& h) {
  std::vector<Hop> hops;
  for (auto part : split_outside_quotes(h.x_forwarded_for, ',')) hops.push_back({std::string(trim(part)), ""});
  if (!h.x_forwarded_proto.empty()) {
    auto protos = split_outside_quotes(h.x_forwarded_proto, ',');
    // Proxies append on the right: the last proto belongs with the last address.
    for (size_t i = 0; i < protos.size() && i < hops.size(); ++i)
      hops[hops.size() - 1 - i].proto = std::string(trim(protos[protos.size() - 1 - i]));
  }
  return hops;
}

std::vector<Hop> hops_from_forwarded(std::string_view forwarded) {
  std::vector<Hop> hops;
  for (auto element : split_outside_quotes(forwarded, ',')) {
    Hop hop;
    for (auto pair : split_outside_quotes(element, ';')) {
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      const auto name = trim(pair.substr(0, eq));
      if (equals_ignoring_case(name, "for")) hop.node = unquote(pair.substr(eq + 1));
      else if (equals_ignoring_case(name, "proto")) hop.proto = unquote(pair.substr(eq + 1));
    }
    hops.push_back(std::move(hop));
  }
  return hops;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  text = trim(text);
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = text.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && all_digits(rest.substr(1)))) return std::nullopt;
    auto a = parse_bare(text.substr(1, close - 1));
    if (a && !a->v6) return std::nullopt;  // brackets are for IPv6
    return a;
  }
  if (auto a = parse_bare(text)) return a;
  // IPv4 with a port: "192.0.2.1:8080".
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos ||
      !all_digits(text.substr(colon + 1)))
    return std::nullopt;
  auto a = parse_bare(text.substr(0, colon));
  if (a && a->v6) return std::nullopt;
  return a;
}

std::string IpAddress::to_string() const {
  char out[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), out, sizeof out);
  return out;
}

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies proxies;
  for (const auto& entry : entries)
    for (auto item : split_outside_quotes(entry, ',')) {
      item = trim(item);
      if (item.empty()) continue;
      const size_t slash = item.find('/');
      const auto address = parse_bare(item.substr(0, slash));
      const int max_bits = address && address->v6 ? 128 : 32;
      int bits = max_bits;
      if (slash != std::string_view::npos) {
        const auto digits = item.substr(slash + 1);
        bits = all_digits(digits) && digits.size() <= 3 ? std::stoi(std::string(digits)) : -1;
      }
      if (!address || bits < 0 || bits > max_bits)
        return Status::Invalid("'" + std::string(item) +
                               "' is not an IP address or a CIDR range (such as 10.0.0.0/8 or fd00::/8)");
      proxies.ranges_.push_back({*address, bits});
    }
  return proxies;
}

bool TrustedProxies::trusts(const IpAddress& address) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& r) {
    if (r.base.v6 != address.v6) return false;
    const int whole = r.prefix_bits / 8, rest = r.prefix_bits % 8;
    if (!std::equal(address.bytes.begin(), address.bytes.begin() + whole, r.base.bytes.begin())) return false;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (address.bytes[whole] & mask) == (r.base.bytes[whole] & mask);
  });
}

ClientOrigin client_origin(std::string_view peer, const TrustedProxies& proxies, const ForwardingHeaders& headers) {
  const auto peer_address = IpAddress::parse(peer);
  if (!peer_address) return {std::string(peer), false};
  ClientOrigin origin{peer_address->to_string(), false};
  if (!proxies.trusts(*peer_address)) return origin;
  // X-Forwarded-For first: it is what proxies set by default, so one that sets only it may pass a
  // client's own Forwarded header through unchanged (and the other way round; see docs/security.md).
  const auto hops = !trim(headers.x_forwarded_for).empty() ? hops_from_x_forwarded(headers)
                                                           : hops_from_forwarded(headers.forwarded);
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    const auto address = IpAddress::parse(hop->node);
    if (!address) break;
    origin = {address->to_string(), equals_ignoring_case(hop->proto, "https")};
    if (!proxies.trusts(*address)) break;
  }
  return origin;
}

}  // namespace sentinella
