#include "server/byte_range.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace sentinella {

namespace {

// Optional whitespace around the range (RFC 9110 allows it around list elements).
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A run of digits only (no sign, no space), or nullopt; "" is nullopt too.
std::optional<size_t> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  size_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

ByteRangeChoice choose_byte_range(std::string_view range, size_t size) {
  using Kind = ByteRangeChoice::Kind;
  constexpr std::string_view kUnit = "bytes=";
  if (range.size() < kUnit.size()) return {};
  for (size_t i = 0; i < kUnit.size(); ++i)  // the unit is case-insensitive
    if (std::tolower(static_cast<unsigned char>(range[i])) != kUnit[i]) return {};
  const std::string_view spec = trim(range.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return {};
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);
  if (first_text.empty()) {  // "-suffix": the last `suffix` bytes
    const auto suffix = digits(last_text);
    if (!suffix) return {};
    if (*suffix == 0 || size == 0) return {Kind::unsatisfiable, 0, 0};
    const size_t length = std::min(*suffix, size);
    return {Kind::part, size - length, length};
  }
  const auto first = digits(first_text);
  if (!first) return {};
  std::optional<size_t> last;
  if (!last_text.empty()) {
    last = digits(last_text);
    if (!last || *last < *first) return {};  // invalid: ignored, as RFC 9110 says
  }
  if (*first >= size) return {Kind::unsatisfiable, 0, 0};
  const size_t end = last ? std::min(*last, size - 1) : size - 1;
  return {Kind::part, *first, end - *first + 1};
}

}  // namespace sentinella
