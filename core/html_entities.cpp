#include "core/html_entities.h"

namespace sentinella {

void append_utf8(std::string& out, char32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t decode_html_entity(std::string_view html, size_t at, std::string& out) {
  const size_t semi = html.find(';', at);
  if (semi == std::string_view::npos || semi - at > 10) return 0;
  const std::string_view name = html.substr(at + 1, semi - at - 1);
  static const struct {
    std::string_view name;
    char32_t cp;
  } named[] = {{"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
               {"apos", '\''},     {"nbsp", 0xA0},     {"agrave", 0xE0},   {"egrave", 0xE8},
               {"eacute", 0xE9},   {"igrave", 0xEC},   {"ograve", 0xF2},   {"ugrave", 0xF9},
               {"Agrave", 0xC0},   {"Egrave", 0xC8},   {"Eacute", 0xC9},   {"Igrave", 0xCC},
               {"Ograve", 0xD2},   {"Ugrave", 0xD9},   {"rsquo", 0x2019},  {"lsquo", 0x2018},
               {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"laquo", 0xAB},    {"raquo", 0xBB},
               {"hellip", 0x2026}, {"ndash", 0x2013},  {"mdash", 0x2014},  {"euro", 0x20AC}};
  for (const auto& n : named)
    if (name == n.name) {
      append_utf8(out, n.cp);
      return semi - at + 1;
    }
  if (name.size() < 2 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  char32_t cp = 0;
  for (char c : digits) {
    const char l = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    int d;
    if (l >= '0' && l <= '9') d = l - '0';
    else if (hex && l >= 'a' && l <= 'f') d = l - 'a' + 10;
    else return 0;
    cp = cp * (hex ? 16u : 10u) + static_cast<char32_t>(d);
    if (cp > 0x10FFFF) return 0;
  }
  append_utf8(out, cp);
  return semi - at + 1;
}

}  // namespace sentinella
