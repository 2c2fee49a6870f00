#include "site/html_text.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sentinella {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[at + i]) != prefix[i]) return false;
  return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
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

// Decodes the entity starting at html[at] == '&' into `out`; the bytes it took, 0 if there is no
// entity there (the '&' is then text).
size_t decode_entity(std::string_view html, size_t at, std::string& out) {
  const size_t semi = html.find(';', at);
  if (semi == std::string_view::npos || semi - at > 10) return 0;
  const std::string_view name = html.substr(at + 1, semi - at - 1);
  static const struct {
    std::string_view name, text;
  } named[] = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  for (const auto& n : named)
    if (name == n.name) {
      out += n.text;
      return semi - at + 1;
    }
  if (name.size() < 2 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  std::uint32_t cp = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && lower(c) >= 'a' && lower(c) <= 'f') d = lower(c) - 'a' + 10;
    else return 0;
    cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
    if (cp > 0x10FFFF) return 0;
  }
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  append_utf8(out, cp);
  return semi - at + 1;
}

// Collects text, turning requested breaks and collapsed white space into characters only when
// more text follows (so nothing trails and nothing leads).
class TextWriter {
public:
  // `newlines`: 1 for a line break, 2 for a paragraph break; the larger request wins.
  void request_break(int newlines) {
    if (!prefix_.empty()) return;  // a list item whose text has not started yet
    pending_newlines_ = std::max(pending_newlines_, newlines);
  }
  void request_space() { pending_space_ = true; }
  // Text that starts the next line, after the break already requested (a list item's marker).
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }

  void text(std::string_view s, bool preformatted) {
    for (char c : s) {
      if (c == '\r') continue;
      if (preformatted && c == '\n') {
        ++pending_newlines_;  // pending, so the newline ending a <pre> merges with the break after it
      } else if (!preformatted && is_space(c)) {
        pending_space_ = true;
      } else {
        flush();
        out_ += c;
      }
    }
  }

  std::string finish() { return std::move(out_); }

private:
  void flush() {
    if (!out_.empty() && pending_newlines_ > 0) {
      out_.append(static_cast<size_t>(pending_newlines_), '\n');
    } else if (!out_.empty() && pending_space_ && out_.back() != '\n' && prefix_.empty()) {
      out_ += ' ';
    }
    out_ += prefix_;
    prefix_.clear();
    pending_newlines_ = 0;
    pending_space_ = false;
  }

  std::string out_;
  std::string prefix_;
  int pending_newlines_ = 0;
  bool pending_space_ = false;
};

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_block(std::string_view name) {
  return one_of(name, {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
                       "hr", "section", "article", "header", "footer", "figure", "figcaption", "details",
                       "summary", "dl", "address", "nav", "aside", "main"});
}

}  // namespace

std::string html_to_text(std::string_view html) {
  TextWriter w;
  std::vector<int> lists;  // open lists, innermost last: 0 for <ul>, else the next <ol> number
  int pre_depth = 0;
  std::string decoded;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      decoded.clear();
      if (size_t used = decode_entity(html, i, decoded)) {
        w.text(decoded, pre_depth > 0);
        i += used;
      } else {
        w.text("&", pre_depth > 0);
        ++i;
      }
      continue;
    }
    if (c != '<') {
      const size_t next = html.find_first_of("<&", i);
      const size_t end = next == std::string_view::npos ? html.size() : next;
      w.text(html.substr(i, end - i), pre_depth > 0);
      i = end;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    // A tag: '<', an optional '/', a letter; then up to the '>' outside quoted attribute values.
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t p = i + (closing ? 2 : 1);
    const bool letter = p < html.size() && lower(html[p]) >= 'a' && lower(html[p]) <= 'z';
    size_t end = p;
    char quote = 0;
    for (; letter && end < html.size(); ++end) {
      if (quote) {
        if (html[end] == quote) quote = 0;
      } else if (html[end] == '"' || html[end] == '\'') {
        quote = html[end];
      } else if (html[end] == '>') {
        break;
      }
    }
    if (!letter || end >= html.size()) {  // not a tag after all
      w.text("<", pre_depth > 0);
      ++i;
      continue;
    }
    std::string name;
    for (; p < end && !is_space(html[p]) && html[p] != '/' && html[p] != '>'; ++p) name += lower(html[p]);
    i = end + 1;

    if (!closing && (name == "script" || name == "style")) {
      size_t close = i;
      while ((close = html.find("</", close)) != std::string_view::npos &&
             !starts_with_nocase(html, close + 2, name))
        close += 2;
      const size_t gt = close == std::string_view::npos ? close : html.find('>', close);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (name == "ul" || name == "ol") {
      w.request_break(lists.empty() ? 2 : 1);
      if (closing) {
        if (!lists.empty()) lists.pop_back();
      } else {
        lists.push_back(name == "ol" ? 1 : 0);
      }
    } else if (name == "li") {
      w.request_break(1);
      if (!closing) {
        const size_t depth = lists.empty() ? 1 : lists.size();
        std::string marker = std::string(2 * (depth - 1), ' ');
        if (!lists.empty() && lists.back() > 0) marker += std::to_string(lists.back()++) + ". ";
        else marker += "- ";
        w.set_prefix(std::move(marker));
      }
    } else if (name == "br") {
      w.request_break(1);
    } else if (one_of(name, {"tr", "dt", "dd"})) {
      w.request_break(1);
    } else if (one_of(name, {"td", "th"})) {
      w.request_space();
    } else if (is_block(name)) {
      w.request_break(2);
      if (name == "pre") pre_depth = std::max(0, pre_depth + (closing ? -1 : 1));
    }
  }
  return w.finish();
}

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

}  // namespace sentinella
