#include "core/text.h"

#include <algorithm>
#include <vector>

namespace sentinella {

size_t find_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

TextPosition position_of(std::string_view s, size_t offset) {
  TextPosition pos{1, 1};
  for (size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n') { ++pos.line; pos.column = 1; }
    else ++pos.column;
  }
  return pos;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string url_encode(std::string_view in) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string phone_digits(std::string_view number) {
  std::string out;
  for (char c : number)
    if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out += c;
  return out;
}

size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string shorten(std::string_view text, size_t max_chars) {
  // Byte offsets where each code point starts (continuation bytes are 10xxxxxx).
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() <= max_chars) return std::string(text);
  if (max_chars == 0) return "";
  // Keep at most max_chars - 1 code points, then the ellipsis.
  size_t end = starts[max_chars - 1];
  const size_t space = text.substr(0, end + 1).rfind(' ');
  if (space != std::string_view::npos && space > 0) end = space;
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view tail : {" ", ",", ";", ":", "-", "·", "–", "—"})
      if (text.substr(0, end).ends_with(tail)) {
        end -= tail.size();
        trimmed = true;
      }
  }
  return std::string(text.substr(0, end)) + "…";
}

std::string two_digits(int n) { return (n >= 0 && n < 10 ? "0" : "") + std::to_string(n); }

std::optional<std::int64_t> parse_whole_number(std::string_view s, std::int64_t min, std::int64_t max) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::int64_t value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  if (value < min || value > max) return std::nullopt;
  return value;
}

namespace {

// The base letter of U+00C0..U+00FF (Latin-1 letters), lower case; 0 for the signs without one.
char latin1_base(unsigned code) {
  static const char table[] =
      "aaaaaaaceeeeiiii"   // U+00C0..U+00CF (U+00C6 Æ: 'a')
      "dnooooo\0ouuuuyts"  // U+00D0..U+00DF (U+00D7 ×: none, U+00DE Þ: 't', U+00DF ß: 's')
      "aaaaaaaceeeeiiii"   // U+00E0..U+00EF
      "dnooooo\0ouuuuyty"; // U+00F0..U+00FF (U+00F7 ÷: none)
  return table[code - 0xC0];
}

}  // namespace

std::string fold_for_matching(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  auto put = [&](std::string_view piece) {
    if (space && !out.empty()) out += ' ';
    space = false;
    out += piece;
  };
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      ++i;
    } else if (c < 0x80) {
      const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      put(std::string_view(&lower, 1));
      ++i;
    } else if (c == 0xC3 && i + 1 < s.size()) {  // U+00C0..U+00FF
      const unsigned code = 0xC0 + (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      const char base = latin1_base(code);
      if (base) put(std::string_view(&base, 1));
      else put(s.substr(i, 2));
      i += 2;
    } else if (s.substr(i, 3) == "\u2019" || s.substr(i, 3) == "\u2018") {
      put("'");
      i += 3;
    } else if (s.substr(i, 3) == "\u201C" || s.substr(i, 3) == "\u201D") {
      put("\"");
      i += 3;
    } else if (s.substr(i, 2) == "\u00A0") {  // no-break space
      space = true;
      i += 2;
    } else {
      const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      put(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string_view trim_spaces(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace sentinella
