// import_content on the base fixture: incremental imports, and nothing written on any error.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/store.h"
#include "importer/importer.h"
#include "store_dump.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella;
using namespace sentinella::test;

namespace {

using Paths = std::vector<std::string>;

// A content tree and a store in a file, side by side in temporary folders.
struct Fixture {
  ContentTree tree;
  TempDir db_dir;
  std::string db_path = (db_dir.path() / "db" / "sentinella.db").string();
  std::unique_ptr<Store> store;

  Fixture() {
    auto opened = Store::open(db_path);
    INFO(opened.status().message());
    REQUIRE(opened.ok());
    store = std::move(opened).value();
  }

  ImportReport import() { return import_content(tree.root(), *store); }

  // The whole database, and what the store serves from it.
  std::string snapshot() { return dump_database(db_path) + "----\n" + describe(*store); }
};

// Relative paths of the regular files under `root`, sorted, with '/'.
Paths files_under(const fs::path& root) {
  Paths out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) out.push_back(e.path().lexically_relative(root).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

// Every entry under `root` with the bytes of each file.
std::map<std::string, std::string> tree_contents(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string rel = e.path().lexically_relative(root).generic_string();
    out[rel] = e.is_regular_file() ? read_file(e.path()) : std::string("<folder>");
  }
  return out;
}

Paths module_slugs(const std::vector<Module>& modules) {
  Paths out;
  for (const auto& m : modules) out.push_back(m.slug);
  return out;
}

bool mentions(const ImportReport& report, const std::string& rel_path) {
  for (const auto& d : report.diagnostics.items())
    if (d.severity == Diagnostic::Severity::error && d.path.ends_with("/" + rel_path)) return true;
  return false;
}

const std::string kBozzaLesson = "modules/bozza/01-unica.md";
const std::string kSecondLesson = "modules/alfa/02-secondo-passo.md";

}  // namespace

TEST_CASE("the first import adds every file, the next one nothing") {
  Fixture fx;
  const Paths files = files_under(fx.tree.root());
  REQUIRE(files.size() == 8);

  auto first = fx.import();
  INFO(first.diagnostics.format_all());
  REQUIRE(first.ok());
  CHECK(first.written);
  CHECK(first.files == 8);
  CHECK(first.added == files);
  CHECK(first.changed.empty());
  CHECK(first.removed.empty());
  CHECK(first.summary() == "checked 8 files: 0 errors, 0 warnings; added 8, changed 0, removed 0");

  std::map<std::string, std::string> hashes = fx.store->source_hashes();
  CHECK(hashes.size() == 8);
  for (const auto& f : files) CHECK(hashes.count(f) == 1);
  REQUIRE(fx.store->site().has_value());
  CHECK(fx.store->site()->name == "Sentinella Prova");
  CHECK(fx.store->lesson("alfa", "primo-passo").has_value());
  CHECK(fx.store->page("chi-siamo").has_value());

  const std::string after_first = fx.snapshot();
  auto second = fx.import();
  INFO(second.diagnostics.format_all());
  CHECK(second.ok());
  CHECK(second.written);
  CHECK(second.files == 8);
  CHECK(second.added.empty());
  CHECK(second.changed.empty());
  CHECK(second.removed.empty());
  CHECK(fx.snapshot() == after_first);
}

TEST_CASE("a later import writes only what changed") {
  Fixture fx;
  REQUIRE(fx.import().ok());
  const auto hashes_before = fx.store->source_hashes();

  SUBCASE("a lesson whose text changed") {
    fx.tree.write(kSecondLesson, "---\ntitle: Secondo passo\nminutes: 15\n---\nTesto *nuovo*.\n");
    auto report = fx.import();
    INFO(report.diagnostics.format_all());
    REQUIRE(report.ok());
    CHECK(report.written);
    CHECK(report.changed == Paths{kSecondLesson});
    CHECK(report.added.empty());
    CHECK(report.removed.empty());
    auto lesson = fx.store->lesson("alfa", "secondo-passo");
    REQUIRE(lesson.has_value());
    CHECK(lesson->body_html == "<p>Testo <em>nuovo</em>.</p>\n");
    auto hashes = fx.store->source_hashes();
    CHECK(hashes.at(kSecondLesson) != hashes_before.at(kSecondLesson));
    hashes.erase(kSecondLesson);
    auto others = hashes_before;
    others.erase(kSecondLesson);
    CHECK(hashes == others);
  }
  SUBCASE("a deleted lesson") {
    fx.tree.remove("modules/alfa/01-primo-passo.md");
    auto report = fx.import();
    INFO(report.diagnostics.format_all());
    REQUIRE(report.ok());
    CHECK(report.written);
    CHECK(report.files == 7);
    CHECK(report.removed == Paths{"modules/alfa/01-primo-passo.md"});
    CHECK(report.added.empty());
    CHECK(report.changed.empty());
    CHECK_FALSE(fx.store->lesson("alfa", "primo-passo").has_value());
    auto alfa = fx.store->module("alfa");
    REQUIRE(alfa.has_value());
    REQUIRE(alfa->lessons.size() == 1);
    CHECK(alfa->lessons[0].slug == "secondo-passo");
    CHECK(fx.store->source_hashes().count("modules/alfa/01-primo-passo.md") == 0);
  }
  SUBCASE("a new page") {
    fx.tree.write("pages/contatti.md", "---\ntitle: Contatti\nmenu: 3\n---\nScrivici.\n");
    auto report = fx.import();
    INFO(report.diagnostics.format_all());
    REQUIRE(report.ok());
    CHECK(report.added == Paths{"pages/contatti.md"});
    CHECK(report.changed.empty());
    auto page = fx.store->page("contatti");
    REQUIRE(page.has_value());
    CHECK(page->body_html == "<p>Scrivici.</p>\n");
  }
  SUBCASE("site.yaml: everything re-parsed, only site.yaml reported as changed") {
    std::string site = read_file(fx.tree.root() / "site.yaml");
    site.replace(site.find("Sentinella Prova"), 16, "Sentinella Nuova");
    fx.tree.write("site.yaml", site);
    auto report = fx.import();
    INFO(report.diagnostics.format_all());
    REQUIRE(report.ok());
    CHECK(report.written);
    CHECK(report.changed == Paths{"site.yaml"});
    CHECK(report.added.empty());
    CHECK(report.removed.empty());
    CHECK(fx.store->site()->name == "Sentinella Nuova");
    // Every other file was rewritten with its unchanged hash and is still served.
    auto hashes = fx.store->source_hashes();
    CHECK(hashes.at("site.yaml") != hashes_before.at("site.yaml"));
    hashes.erase("site.yaml");
    auto others = hashes_before;
    others.erase("site.yaml");
    CHECK(hashes == others);
    CHECK(fx.store->lesson("alfa", "primo-passo").has_value());
    CHECK(fx.store->lesson("bozza", "unica", true).has_value());
    CHECK(fx.store->page("aiuto").has_value());
    REQUIRE(fx.store->module("alfa").has_value());
    CHECK(fx.store->module("alfa")->target_groups == Paths{"polizia-locale"});
  }
}

TEST_CASE("a site.yaml change re-checks the unchanged files against it") {
  Fixture fx;
  REQUIRE(fx.import().ok());
  const std::string before = fx.snapshot();

  // modules/bozza/index.md, unchanged, uses the group removed here.
  std::string site = read_file(fx.tree.root() / "site.yaml");
  const std::string group = "  - id: servizi-sociali\n    label: Servizi sociali\n";
  REQUIRE(site.find(group) != std::string::npos);
  site.erase(site.find(group), group.size());
  fx.tree.write("site.yaml", site);

  auto report = fx.import();
  CHECK_FALSE(report.ok());
  CHECK_FALSE(report.written);
  CHECK(mentions(report, "modules/bozza/index.md"));
  CHECK(report.diagnostics.format_all().find("unknown target group 'servizi-sociali'") !=
        std::string::npos);
  CHECK(fx.snapshot() == before);
}

TEST_CASE("content stored by an older import format is parsed again, once, by the next import") {
  Fixture fx;
  REQUIRE(fx.import().ok());
  const std::string fresh = fx.snapshot();
  const std::string page_before = fx.store->page("chi-siamo")->body_html;
  // What a binary from before import formats left: every file recorded with its bare content hash,
  // and a page rendered differently from what this binary renders from the same file.
  const std::string site_hash = content_hash(read_file(fx.tree.root() / "site.yaml"));
  REQUIRE(fx.store->write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "UPDATE source_files SET hash = ? WHERE path = 'site.yaml'");
    st.bind(1, site_hash);
    REQUIRE(st.exec() == 1);
    db.exec("UPDATE pages SET body_html = '<p>rendered by an older binary</p>' WHERE slug = 'chi-siamo'");
  }).ok());
  REQUIRE(fx.store->page("chi-siamo")->body_html != page_before);

  auto report = fx.import();
  INFO(report.diagnostics.format_all());
  REQUIRE(report.ok());
  CHECK(report.changed.empty());  // no file changed: the format did
  CHECK(fx.store->page("chi-siamo")->body_html == page_before);
  CHECK(fx.snapshot() == fresh);
  // and the one after it parses nothing again
  auto next = fx.import();
  CHECK(next.changed.empty());
  CHECK(fx.snapshot() == fresh);
}

TEST_CASE("an import with an error in its last file writes nothing") {
  Fixture fx;
  REQUIRE(fx.import().ok());
  const std::string before = fx.snapshot();
  const auto hashes_before = fx.store->source_hashes();

  // Several good changes, all before the faulty file in path order.
  fx.tree.write("modules/alfa/index.md",
                read_file(fx.tree.root() / "modules/alfa/index.md") + "\nUn paragrafo in più.\n");
  fx.tree.write(kSecondLesson, "---\ntitle: Secondo passo, rivisto\nminutes: 20\n---\nNuovo.\n");
  fx.tree.remove("modules/alfa/01-primo-passo.md");
  fx.tree.write("modules/alfa/03-terzo-passo.md", "---\ntitle: Terzo passo\nminutes: 5\n---\nTre.\n");

  std::string faulty;
  std::string fixed;
  SUBCASE("a bad minutes in the last lesson of the last module") {
    faulty = kBozzaLesson;
    fx.tree.write(faulty, "---\ntitle: Lezione della bozza\nminutes: 0\n---\nTesto.\n");
    fixed = "---\ntitle: Lezione della bozza\nminutes: 7\n---\nTesto.\n";
  }
  SUBCASE("a new page sorting after every other Markdown file, without front matter") {
    faulty = "pages/zz-ultima.md";
    fx.tree.write(faulty, "# Ultima\n\nSenza front matter.\n");
    fixed = "---\ntitle: Ultima\n---\nCon front matter.\n";
  }
  SUBCASE("a bad base_url in site.yaml, the last path of all") {
    faulty = "site.yaml";
    std::string site = read_file(fx.tree.root() / faulty);
    fixed = site;
    site.replace(site.find("https://prova.example.org/"), 26, "prova.example.org");
    fx.tree.write(faulty, site);
  }
  REQUIRE(fs::exists(fx.tree.root() / faulty));
  INFO("faulty file: " << faulty);

  auto bad = fx.import();
  INFO(bad.diagnostics.format_all());
  CHECK_FALSE(bad.ok());
  CHECK_FALSE(bad.written);
  CHECK(bad.diagnostics.error_count() == 1);
  CHECK(mentions(bad, faulty));
  CHECK(fx.snapshot() == before);
  CHECK(fx.store->source_hashes() == hashes_before);
  CHECK(fx.store->lesson("alfa", "primo-passo").has_value());
  CHECK_FALSE(fx.store->lesson("alfa", "terzo-passo").has_value());

  // Once fixed, the same changes go in.
  fx.tree.write(faulty, fixed);
  auto good = fx.import();
  INFO(good.diagnostics.format_all());
  REQUIRE(good.ok());
  CHECK(good.written);
  CHECK(good.removed == Paths{"modules/alfa/01-primo-passo.md"});
  CHECK(std::count(good.changed.begin(), good.changed.end(), kSecondLesson) == 1);
  CHECK(std::count(good.changed.begin(), good.changed.end(), "modules/alfa/index.md") == 1);
  CHECK(std::count(good.added.begin(), good.added.end(), "modules/alfa/03-terzo-passo.md") == 1);
  CHECK_FALSE(fx.store->lesson("alfa", "primo-passo").has_value());
  auto second = fx.store->lesson("alfa", "secondo-passo");
  REQUIRE(second.has_value());
  CHECK(second->title == "Secondo passo, rivisto");
  CHECK(second->minutes == 20);
  auto alfa = fx.store->module("alfa");
  REQUIRE(alfa.has_value());
  CHECK(alfa->intro_html.find("Un paragrafo in più.") != std::string::npos);
  REQUIRE(alfa->lessons.size() == 2);
  CHECK(alfa->lessons[0].slug == "secondo-passo");
  CHECK(alfa->lessons[1].slug == "terzo-passo");
  CHECK(fx.snapshot() != before);
  CHECK(fx.store->source_hashes().size() == files_under(fx.tree.root()).size());
}

TEST_CASE("a draft module is imported but not served by default") {
  Fixture fx;
  auto report = fx.import();
  REQUIRE(report.ok());
  CHECK(module_slugs(fx.store->modules()) == Paths{"alfa"});
  CHECK(module_slugs(fx.store->modules(/*include_drafts=*/true)) == Paths{"alfa", "bozza"});
  CHECK_FALSE(fx.store->module("bozza").has_value());
  CHECK_FALSE(fx.store->lesson("bozza", "unica").has_value());
  auto lesson = fx.store->lesson("bozza", "unica", /*include_drafts=*/true);
  REQUIRE(lesson.has_value());
  CHECK(lesson->body_html == "<p>Testo segreto della bozza.</p>\n");
}

TEST_CASE("check_content writes nothing") {
  ContentTree tree;
  const fs::path outer = tree.root().parent_path();
  const auto before = tree_contents(outer);
  REQUIRE(before.count("content/site.yaml") == 1);

  SUBCASE("on valid content") {
    auto report = check_content(tree.root());
    CHECK(report.ok());
    CHECK(report.files == 8);
    CHECK(report.added.empty());
    CHECK_FALSE(report.written);
    CHECK(tree_contents(outer) == before);
  }
  SUBCASE("on content with an error") {
    tree.write(kBozzaLesson, "---\ntitle: Rotta\n");
    const auto with_error = tree_contents(outer);
    auto report = check_content(tree.root());
    CHECK_FALSE(report.ok());
    CHECK(mentions(report, kBozzaLesson));
    CHECK_FALSE(report.written);
    CHECK(tree_contents(outer) == with_error);
  }
}

TEST_CASE("a reader's kept statements never hide another connection's import") {
  // The Store keeps its read statements prepared; one left open after a single row would keep its
  // read transaction, and with it an old snapshot of the database.
  TempDir dir;
  ContentTree tree;
  const std::string db = (dir.path() / "sentinella.db").string();
  auto reader = std::move(Store::open(db).value());
  auto writer = std::move(Store::open(db).value());
  REQUIRE(import_content(tree.root(), *writer).ok());
  REQUIRE(reader->module("alfa").has_value());  // returns after the first row
  REQUIRE(reader->lesson("alfa", "secondo-passo").has_value());
  tree.write("modules/alfa/index.md", std::regex_replace(read_file(tree.root() / "modules/alfa/index.md"),
                                                         std::regex("Modulo Alfa"), "Modulo Alfa rivisto"));
  tree.write(kSecondLesson, "---\ntitle: Secondo passo\nminutes: 15\n---\nTesto *nuovo*.\n");
  REQUIRE(import_content(tree.root(), *writer).ok());
  CHECK(reader->module("alfa")->title == "Modulo Alfa rivisto");
  CHECK(reader->lesson("alfa", "secondo-passo")->body_html == "<p>Testo <em>nuovo</em>.</p>\n");
}
