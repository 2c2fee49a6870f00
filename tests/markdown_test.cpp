// Markdown rendering, driven by golden files: tests/golden/markdown/<name>.md is rendered and
// compared byte for byte with <name>.html. A bug found in rendering becomes one more pair.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "importer/markdown.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella;
using namespace sentinella::test;

namespace {

fs::path golden_dir() { return source_dir() / "tests" / "golden" / "markdown"; }

std::vector<fs::path> golden_inputs() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(golden_dir()))
    if (entry.is_regular_file() && entry.path().extension() == ".md") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string render_golden(const std::string& name) {
  return render_markdown(read_file(golden_dir() / (name + ".md")));
}

}  // namespace

TEST_CASE("every golden Markdown file renders to its .html byte for byte") {
  const auto inputs = golden_inputs();
  for (const auto& md : inputs) {
    fs::path html = md;
    html.replace_extension(".html");
    INFO("golden file: tests/golden/markdown/" << md.filename().string() << " -> "
                                               << html.filename().string());
    REQUIRE(fs::exists(html));
    CHECK(render_markdown(read_file(md)) == read_file(html));
  }
  CHECK(inputs.size() >= 8);
}

// The golden outputs were inspected once; these checks keep the safety rules true whatever the
// .html files say, so a wrong golden file cannot make an unsafe output pass.
TEST_CASE("rendering is safe by default") {
  SUBCASE("raw HTML blocks and inline tags are omitted, their text kept only when inline") {
    const std::string html = render_golden("raw-html-is-omitted");
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("alert") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("onerror") == std::string::npos);
    CHECK(html.find("onclick") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(html.find("<span") == std::string::npos);
    CHECK(html.find("in grassetto HTML") != std::string::npos);
    CHECK(html.find("<!-- raw HTML omitted -->") != std::string::npos);
  }
  SUBCASE("javascript:, vbscript:, file: and data:text/html links are blanked") {
    const std::string html = render_golden("dangerous-links");
    for (const char* scheme : {"href=\"javascript:", "href=\"JaVaScRiPt:", "href=\"vbscript:",
                               "href=\"data:", "href=\"file:", "src=\"javascript:"}) {
      INFO("scheme: " << scheme);
      CHECK(html.find(scheme) == std::string::npos);
    }
    CHECK(html.find("<a href=\"\">javascript</a>") != std::string::npos);
    CHECK(html.find("<a href=\"\">vbscript</a>") != std::string::npos);
    CHECK(html.find("<a href=\"\">data html</a>") != std::string::npos);
    CHECK(html.find("<img src=\"\" alt=\"immagine js\" />") != std::string::npos);
  }
  SUBCASE("safe links and data: images are kept") {
    const std::string html = render_golden("dangerous-links");
    CHECK(html.find("href=\"https://example.org/aiuto\"") != std::string::npos);
    CHECK(html.find("href=\"tel:1522\"") != std::string::npos);
    CHECK(html.find("href=\"mailto:prova@example.org\"") != std::string::npos);
    CHECK(html.find("<img src=\"data:image/png;base64,") != std::string::npos);
  }
  SUBCASE("HTML in code is escaped, not run") {
    const std::string html = render_golden("code-blocks");
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;resta testo&lt;/script&gt;") != std::string::npos);
  }
}

TEST_CASE("the GitHub extensions are on") {
  CHECK(render_markdown("| a |\n|---|\n| b |\n").find("<table>") != std::string::npos);
  CHECK(render_markdown("~~via~~").find("<del>via</del>") != std::string::npos);
  CHECK(render_markdown("www.example.org").find("<a href=\"http://www.example.org\">") !=
        std::string::npos);
  CHECK(render_markdown("") == "");
}

TEST_CASE("render_markdown can be called from several threads at once") {
  const std::string input = read_file(golden_dir() / "table.md");
  const std::string expected = read_file(golden_dir() / "table.html");
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 20; ++k) results[i] = render_markdown(input);
    });
  for (auto& t : threads) t.join();
  for (const auto& r : results) CHECK(r == expected);
}
