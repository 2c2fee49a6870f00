#include "site/html_text.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/html_entities.h"

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
      if (size_t used = decode_html_entity(html, i, decoded)) {
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
