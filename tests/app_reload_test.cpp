// App: a reload is all or nothing (content, settings, theme, cached pages), a change made by another
// process is picked up, and housekeeping survives a store error.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <string>

#include "importer/importer.h"
#include "server/app.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella;
using namespace sentinella::test;

namespace {

// The content tree, a copy of the default theme and a database, with an App over them, imported.
struct Fixture {
  Fixture() {
    copy_tree(source_dir() / "themes" / "default", theme);
    config.content_dir = tree.root();
    config.theme_dir = theme;
    config.db_path = (data.path() / "s.db").string();
    auto opened = App::open(config);
    REQUIRE(opened.ok());
    app = std::move(opened.value());
    REQUIRE(app->import().ok());
  }

  // The page `slug` as a request gets it: from the page cache of the snapshot in use.
  std::string served_page(const std::string& slug) {
    auto snapshot = app->snapshot();
    REQUIRE(snapshot);
    auto page = snapshot->cache.get("/" + slug, [&]() -> std::optional<CachedPage> {
      auto html = snapshot->site.page(slug);
      if (!html) return std::nullopt;
      return CachedPage{200, *html, "text/html", ""};
    });
    return page ? page->body : std::string();
  }

  ContentTree tree;
  TempDir data;
  TempDir theme_dir;
  fs::path theme = theme_dir.path() / "theme";
  AppConfig config;
  std::unique_ptr<App> app;
};

}  // namespace

TEST_CASE("a reload whose theme does not load changes nothing") {
  Fixture f;
  REQUIRE(contains(f.served_page("chi-siamo"), "Siamo il Comune di Prova."));
  const auto before = f.app->snapshot();
  const auto hashes = f.app->store().source_hashes();

  // New content, and the theme lost the strings of the site's language.
  f.tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\nmenu: 1\n---\nUn testo nuovo.\n");
  fs::remove(f.theme / "i18n" / "it.json");
  auto report = f.app->import();
  CHECK_FALSE(report.ok());
  CHECK(contains(report.diagnostics.format_all(), f.theme.generic_string()));

  // The old snapshot, its cached page, and the database as it was: nothing of the new content was
  // written, so the next import writes all of it.
  CHECK(f.app->snapshot() == before);
  CHECK(contains(f.served_page("chi-siamo"), "Siamo il Comune di Prova."));
  CHECK(contains(f.app->store().page("chi-siamo")->body_html, "Siamo il Comune di Prova."));
  CHECK(f.app->store().source_hashes() == hashes);

  // The theme fixed, the same content goes in whole, with a new snapshot and an empty cache.
  copy_tree(source_dir() / "themes" / "default", f.theme);
  REQUIRE(f.app->import().ok());
  CHECK(f.app->snapshot() != before);
  CHECK(f.app->snapshot()->cache.size() == 0);
  CHECK(contains(f.served_page("chi-siamo"), "Un testo nuovo."));
  CHECK(f.app->store().source_hashes() != hashes);
}

TEST_CASE("a snapshot keeps its settings, pages and media together across a reload") {
  Fixture f;
  const auto old = f.app->snapshot();
  const std::string old_page = f.served_page("chi-siamo");
  f.tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\nmenu: 1\n---\nUn testo nuovo.\n");
  REQUIRE(f.app->import().ok());
  // A request that started before the reload still has the old snapshot, whole.
  CHECK(old->cache.size() == 1);
  CHECK(f.app->snapshot()->cache.size() == 0);
  CHECK(f.app->site().get() == &f.app->snapshot()->site);
  CHECK(contains(f.served_page("chi-siamo"), "Un testo nuovo."));
}

TEST_CASE("App::refresh_if_changed publishes what another process imported") {
  Fixture f;
  REQUIRE(contains(f.served_page("chi-siamo"), "Siamo il Comune di Prova."));
  CHECK_FALSE(f.app->refresh_if_changed());

  // This process's own writes (sessions, accounts, the audit log) are not a content change.
  REQUIRE(f.app->store().write([](SQLite::Database& db) {
    db.exec("INSERT INTO audit_log(at, action) VALUES (1, 'test')");
  }).ok());
  CHECK_FALSE(f.app->refresh_if_changed());

  // `sentinella import` in another process: another connection to the same file.
  f.tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\nmenu: 1\n---\nUn testo nuovo.\n");
  {
    auto other = Store::open(f.config.db_path);
    REQUIRE(other.ok());
    REQUIRE(import_content(f.tree.root(), *other.value()).ok());
  }
  const auto before = f.app->snapshot();
  CHECK(f.app->refresh_if_changed());
  CHECK(f.app->snapshot() != before);
  CHECK(contains(f.served_page("chi-siamo"), "Un testo nuovo."));
  CHECK_FALSE(f.app->refresh_if_changed());
}

TEST_CASE("housekeeping logs a store error instead of throwing") {
  Fixture f;
  {
    // A damaged database: a table its reads need is gone.
    SQLite::Database other(f.config.db_path, SQLite::OPEN_READWRITE);
    other.exec("DROP TABLE helplines");
  }
  CHECK_NOTHROW(f.app->housekeeping(now_seconds()));
}
