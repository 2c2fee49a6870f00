#include "importer/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

namespace sentinella {

namespace {

// cmark-gfm 0.29.0.gfm.6 (Debian 12) takes time quadratic in the length of a run of text without
// whitespace in its autolink extension ("_www._www." repeated: 80 s for 200 KB, half an hour for
// 1 MiB) and more than quadratic in the number of cells of a table row (70 s for 32,000). A
// document with a longer run, or a line with more '|', is rendered without that extension, so one
// file cannot hold an import for minutes; no real text has either.
constexpr size_t kMaxAutolinkRunBytes = 2048;
constexpr size_t kMaxTableLinePipes = 256;

struct MarkdownShape {
  size_t longest_run = 0;         // bytes without ' ', '\t', '\r' or '\n'
  size_t most_pipes_in_line = 0;  // '|' on one line
};

MarkdownShape shape_of(std::string_view markdown) {
  MarkdownShape shape;
  size_t run = 0, pipes = 0;
  for (char c : markdown) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') run = 0;
    else shape.longest_run = std::max(shape.longest_run, ++run);
    if (c == '\n') pipes = 0;
    else if (c == '|') shape.most_pipes_in_line = std::max(shape.most_pipes_in_line, ++pipes);
  }
  return shape;
}

}  // namespace

std::string render_markdown(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  const int options = CMARK_OPT_DEFAULT;  // "safe": no raw HTML, no dangerous URLs
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(options),
                                                                     &cmark_parser_free);
  const MarkdownShape shape = shape_of(markdown);
  std::vector<const char*> extensions = {"strikethrough"};
  if (shape.most_pipes_in_line <= kMaxTableLinePipes) extensions.push_back("table");
  if (shape.longest_run <= kMaxAutolinkRunBytes) extensions.push_back("autolink");
  for (const char* name : extensions)
    if (auto* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(cmark_parser_finish(parser.get()),
                                                              &cmark_node_free);
  char* html = cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  std::free(html);
  return out;
}

}  // namespace sentinella
