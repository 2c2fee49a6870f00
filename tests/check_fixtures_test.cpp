// Runs every folder of tests/fixtures/check: base tree + overlay, diagnostics compared exactly.
#include <doctest/doctest.h>

#include <fstream>

#include "importer/importer.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella;
using namespace sentinella::test;

namespace {

std::string run_case(const fs::path& dir) {
  ContentTree tree;
  if (fs::exists(dir / "files")) copy_tree(dir / "files", tree.root());
  if (fs::exists(dir / "remove.txt")) {
    std::ifstream in(dir / "remove.txt");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) tree.remove(line);
  }
  auto report = check_content(tree.root());
  // Name the temporary folder "content", as a user running from the repository would see it.
  std::string out = report.diagnostics.format_all();
  const std::string prefix = tree.root().generic_string();
  for (size_t pos; (pos = out.find(prefix)) != std::string::npos;)
    out.replace(pos, prefix.size(), "content");
  return out;
}

}  // namespace

TEST_CASE("check reports each kind of content error at its position") {
  const fs::path cases = source_dir() / "tests" / "fixtures" / "check";
  int count = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    if (!entry.is_directory()) continue;
    ++count;
    const std::string name = entry.path().filename().string();
    INFO("fixture: " << name);
    CHECK(run_case(entry.path()) == read_file(entry.path() / "expected.txt"));
  }
  CHECK(count >= 20);
}

TEST_CASE("the base fixture and the bundled content are valid") {
  ContentTree tree;
  auto base = check_content(tree.root());
  CHECK(base.diagnostics.format_all() == "");
  CHECK(base.files == 8);

  auto bundled = check_content(source_dir() / "content");
  INFO(bundled.diagnostics.format_all());
  CHECK(bundled.diagnostics.error_count() == 0);
  CHECK(bundled.diagnostics.warning_count() == 0);
  CHECK(bundled.files >= 6 * 4 + 5);
}

TEST_CASE("a file over 1 MiB is refused without being read") {
  ContentTree tree;
  tree.write("pages/grande.md", "---\ntitle: Grande\n---\n" + std::string(1024 * 1024, 'a'));
  auto report = check_content(tree.root());
  REQUIRE(report.diagnostics.items().size() == 1);
  CHECK(report.diagnostics.items()[0].message ==
        "the file is 1048598 bytes; the limit is 1 MiB (1048576 bytes)");
}

TEST_CASE("hidden files and symbolic links are not read") {
  ContentTree tree;
  tree.write(".git/HEAD", "ref: refs/heads/main\n");
  tree.write("pages/.bozza.md.swp", "\xff\xfe");
  fs::create_symlink("/etc/hostname", tree.root() / "pages" / "link.md");
  auto report = check_content(tree.root());
  CHECK(report.diagnostics.error_count() == 0);
  REQUIRE(report.diagnostics.warning_count() == 1);
  CHECK(report.diagnostics.items()[0].message == "ignored: symbolic links are not followed");
}
