#include "importer/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include "core/phone_numbers.h"

namespace sentinella {

namespace {

// cmark-gfm 0.29.0.gfm.6 (Debian 12) has paths in polynomial time that one 1 MiB file can drive for
// hours (fixed upstream in later versions):
// - autolink: for each "www.", ':' or '@' it scans the rest of that run of text without whitespace
//   ("_www." repeated: 80 s for 200 KB; "a<http://": 50 s for 256 KB);
// - table: each line that could be a delimiter row ("-|-") under a header of another width makes it
//   parse the whole paragraph above again ("a\n-|-\n" repeated: 8 s for 32 KB), and a row of n
//   cells takes more than n^2 (70 s for 32,000 cells).
// render_markdown estimates that work and leaves out the extension concerned when it is over a
// budget no real text comes near: such text still renders, without autolinks or without tables.
struct ExtensionWork {
  std::uint64_t autolink = 0;  // over runs without whitespace: length x ("www.", ':', '@' in it)
  std::uint64_t table = 0;     // over lines that could be delimiter rows: bytes of the paragraph so far
  size_t most_pipes_in_line = 0;
};
constexpr std::uint64_t kMaxAutolinkWork = 50'000'000;  // about half a second
constexpr std::uint64_t kMaxTableWork = 10'000'000;     // about a second
constexpr size_t kMaxTableLinePipes = 256;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// "|---|:-:|", also inside a block quote; generously, as only the count matters.
bool could_be_delimiter_row(std::string_view line) {
  return line.find_first_not_of(" \t\r|:->") == std::string_view::npos &&
         line.find('-') != std::string_view::npos;
}

ExtensionWork extension_work(std::string_view markdown) {
  ExtensionWork work;
  for (size_t i = 0; i < markdown.size();) {
    if (is_blank(markdown[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    std::uint64_t triggers = 0;
    for (; end < markdown.size() && !is_blank(markdown[end]); ++end)
      if (markdown[end] == '@' || markdown[end] == ':' || (markdown[end] == 'w' && markdown.substr(end, 4) == "www.")) ++triggers;
    work.autolink += (end - i) * triggers;
    i = end;
  }
  std::uint64_t paragraph = 0;  // bytes since the last blank line
  for (size_t start = 0; start < markdown.size();) {
    const size_t newline = markdown.find('\n', start);
    const size_t end = newline == std::string_view::npos ? markdown.size() : newline;
    const std::string_view line = markdown.substr(start, end - start);
    const auto pipes = static_cast<size_t>(std::count(line.begin(), line.end(), '|'));
    work.most_pipes_in_line = std::max(work.most_pipes_in_line, pipes);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      paragraph = 0;
    } else {
      if (could_be_delimiter_row(line)) work.table += paragraph;
      paragraph += line.size() + 1;
    }
    start = end + 1;
  }
  return work;
}

// Whether a link inside `node` would be odd: in a link or an image (no links in links), a heading
// (a landmark people jump to, not something to tap) or a table's header row (it names a column).
bool is_linkless(cmark_node* node) {
  const cmark_node_type type = cmark_node_get_type(node);
  return type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_HEADING ||
         std::string_view(cmark_node_get_type_string(node)) == "table_header";
}

cmark_node* new_text(std::string_view text) {
  cmark_node* node = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(node, std::string(text).c_str());
  return node;
}

// Splits each text node that mentions telephone numbers into text and tel: links, whose text has
// non-breaking spaces (a number is read, and dialled by hand, as one piece). Code spans and blocks
// hold literals, not text nodes, so they are never touched.
void link_phone_numbers(cmark_node* doc, const std::vector<std::string>& known_numbers) {
  cmark_consolidate_text_nodes(doc);  // "0372 407066" may have been split by the inline parser
  std::vector<cmark_node*> texts;  // outside linkless nodes; changed after the walk, not during it
  int linkless_depth = 0;
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(cmark_iter_new(doc), &cmark_iter_free);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (cmark_node_get_type(node) == CMARK_NODE_TEXT) {
      if (linkless_depth == 0) texts.push_back(node);
    } else if (is_linkless(node)) {
      linkless_depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
    }
  }
  for (cmark_node* node : texts) {
    const char* literal = cmark_node_get_literal(node);
    if (!literal) continue;
    const std::string text = literal;
    const auto mentions = find_phone_numbers(text, known_numbers);
    if (mentions.empty()) continue;
    size_t done = 0;
    for (const auto& m : mentions) {
      if (m.offset > done) cmark_node_insert_before(node, new_text(std::string_view(text).substr(done, m.offset - done)));
      cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
      cmark_node_set_url(link, ("tel:" + m.dialable).c_str());
      cmark_node_append_child(link, new_text(unbreakable_number(std::string_view(text).substr(m.offset, m.length))));
      cmark_node_insert_before(node, link);
      done = m.offset + m.length;
    }
    if (done < text.size()) cmark_node_set_literal(node, text.substr(done).c_str());
    else cmark_node_free(node);
  }
}

}  // namespace

std::string render_markdown(std::string_view markdown, const std::vector<std::string>& known_phone_numbers) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  const int options = CMARK_OPT_DEFAULT;  // "safe": no raw HTML, no dangerous URLs
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(options),
                                                                     &cmark_parser_free);
  const ExtensionWork work = extension_work(markdown);
  std::vector<const char*> extensions = {"strikethrough"};
  if (work.table <= kMaxTableWork && work.most_pipes_in_line <= kMaxTableLinePipes)
    extensions.push_back("table");
  if (work.autolink <= kMaxAutolinkWork) extensions.push_back("autolink");
  for (const char* name : extensions)
    if (auto* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(cmark_parser_finish(parser.get()),
                                                              &cmark_node_free);
  link_phone_numbers(doc.get(), known_phone_numbers);
  char* html = cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  std::free(html);
  // Header cells say what they head (WCAG H63): a GFM table has exactly one header row, and raw
  // HTML is not rendered, so every "<th" tag here heads a column.
  for (size_t pos = 0; (pos = out.find("<th", pos)) != std::string::npos; pos += 3)
    if (pos + 3 < out.size() && (out[pos + 3] == '>' || out[pos + 3] == ' ')) out.insert(pos + 3, " scope=\"col\"");
  return out;
}

std::vector<std::string> known_phone_numbers(const Site* site) {
  std::vector<std::string> out;
  if (!site) return out;
  for (const auto& h : site->helplines) out.push_back(h.number);
  if (!site->contacts.phone.empty()) out.push_back(site->contacts.phone);
  return out;
}

}  // namespace sentinella
