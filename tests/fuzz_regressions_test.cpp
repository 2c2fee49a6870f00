// Replays, through the fuzzers' own harness (fuzz/harness.h), every input a fuzzer once failed on
// (fuzz/regressions/<target>/) and the seed corpus (fuzz/corpus/<target>/), so that an ordinary
// build, without clang or libFuzzer, keeps them fixed. docs/fuzzing.md tells how to add one.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/local_time.h"
#include "fuzz/harness.h"
#include "importer/markdown.h"
#include "test_support.h"

namespace fs = std::filesystem;
using sentinella::test::read_file;
using sentinella::test::source_dir;

namespace {

using Harness = std::string (*)(const uint8_t*, size_t);

// The files directly in `dir`, sorted; none if it does not exist.
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs `harness` on every regression input and seed of `target`; returns how many seeds there were.
size_t replay(const std::string& target, Harness harness) {
  size_t seeds = 0;
  for (const char* set : {"regressions", "corpus"}) {
    for (const auto& file : files_in(source_dir() / "fuzz" / set / target)) {
      INFO(file.lexically_relative(source_dir()).generic_string());
      const std::string bytes = read_file(file);
      CHECK(harness(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) == "");
      if (std::string(set) == "corpus") ++seeds;
    }
  }
  return seeds;
}

}  // namespace

TEST_CASE("fuzz regressions: one content file") {
  CHECK(replay("fuzz_content_file", sentinella::fuzz::fuzz_content_file) > 0);
}

TEST_CASE("fuzz regressions: event dates and times") {
  CHECK(replay("fuzz_event_time", sentinella::fuzz::fuzz_event_time) > 0);
}

TEST_CASE("fuzz regressions: form bodies") {
  CHECK(replay("fuzz_form_data", sentinella::fuzz::fuzz_form_data) > 0);
}

// Found by timing cmark-gfm 0.29.0.gfm.6 on repeated patterns rather than by libFuzzer (a fuzzer's
// inputs are too small to show quadratic time); too large to keep as files, so built here.
TEST_CASE("fuzz regressions: Markdown that cmark-gfm would render in minutes") {
  const auto repeated = [](const std::string& unit, size_t bytes) {
    std::string s;
    while (s.size() < bytes) s += unit;
    return s;
  };
  const auto seconds_to_render = [](const std::string& markdown) {
    const auto start = std::chrono::steady_clock::now();
    const std::string html = sentinella::render_markdown(markdown);
    CHECK_FALSE(html.empty());
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  SUBCASE("autolinks in one long run of text") {
    // 80 s with the autolink extension; the bound leaves room for the sanitizers of `make dev`.
    CHECK(seconds_to_render(repeated("_www.", 200 * 1024)) < 10);
    CHECK(seconds_to_render(repeated("www._", 200 * 1024)) < 10);
    CHECK(seconds_to_render(repeated("a<http://", 256 * 1024)) < 10);  // 50 s
  }
  SUBCASE("a table row with thousands of cells") {
    // 70 s with the table extension.
    const std::string row = repeated("| a ", 128 * 1024), delimiters = repeated("|---", 128 * 1024);
    CHECK(seconds_to_render(row + "\n" + delimiters + "\n") < 10);
  }
  SUBCASE("a paragraph of lines that could be table delimiter rows") {
    // 33 s with the table extension: each "-|-" parses the paragraph above again.
    CHECK(seconds_to_render(repeated("a\n-|-\n", 64 * 1024)) < 10);
  }
  SUBCASE("ordinary tables and autolinks keep their extensions") {
    const std::string table = sentinella::render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n");
    CHECK(table.find("<table>") != std::string::npos);
    const std::string link = sentinella::render_markdown("Vedi www.comune.cremona.it oggi.");
    CHECK(link.find("<a href=\"http://www.comune.cremona.it\">") != std::string::npos);
  }
}

// fuzz_event_time ran at 90 inputs a second where the year was past 2582: libical worked out all of
// a zone's changes again on every conversion, under its global lock, and gave no summer time.
TEST_CASE("fuzz regressions: event times in the years libical does not cover") {
  using sentinella::LocalDateTime;
  const std::string rome = "Europe/Rome";
  const auto start = std::chrono::steady_clock::now();
  for (int day = 1; day <= 28; ++day) {
    const LocalDateTime noon{2999, 7, day, 12, 0, true};
    auto instant = sentinella::to_utc(noon, rome);
    REQUIRE(instant.ok());
    CHECK(sentinella::from_utc(instant.value(), "UTC").hour == 10);  // summer time, UTC+2
    CHECK(sentinella::from_utc(instant.value(), rome) == noon);
  }
  // Was 8 s; the bound leaves room for the sanitizers of `make dev`.
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 2);
  CHECK_FALSE(sentinella::to_utc(LocalDateTime{2999, 3, 31, 2, 30, true}, rome).ok());  // skipped
}
