// serve --watch when a reload cannot complete: a theme that does not load changes nothing, and a
// store error in the watcher's thread is logged without stopping the server.
#include <doctest/doctest.h>
#include <httplib.h>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "browser.h"
#include "process.h"
#include "test_support.h"

using namespace sentinella::test;

namespace {

// serve --watch on a content tree and a copy of the default theme.
struct WatchedSite {
  WatchedSite() {
    copy_tree(source_dir() / "themes" / "default", theme);
    server = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--content", tree.root().string(), "--db", db, "--theme", theme.string(), "--watch"});
    client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    allow_a_busy_machine(*client);
  }
  std::string body(const std::string& path) {
    auto res = client->Get(path.c_str());
    return res && res->status == 200 ? res->body : std::string();
  }

  ContentTree tree;
  TempDir data, theme_dir;
  std::string db = (data.path() / "s.db").string();
  std::filesystem::path theme = theme_dir.path() / "theme";
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<httplib::Client> client;
};

const char* const kNewPage = "---\ntitle: Chi siamo oggi\nmenu: 1\n---\nUn testo nuovo.\n";

}  // namespace

TEST_CASE("serve --watch: a reload whose theme does not load leaves the site and the database as they were") {
  WatchedSite site;
  REQUIRE(contains(site.body("/aiuto"), "<html"));  // cached; /chi-siamo is not

  site.tree.write("pages/chi-siamo.md", kNewPage);
  std::filesystem::remove(site.theme / "i18n" / "it.json");
  CHECK(poll_until([&] { return contains(site.server->log(), "still serving the last good content"); }));
  CHECK(contains(site.server->log(), "it.json"));
  // Neither a page rendered now nor a cached one shows the new content.
  CHECK(contains(site.body("/chi-siamo"), "Siamo il Comune di Prova."));
  CHECK(contains(site.body("/aiuto"), "<html"));
  {
    SQLite::Database db(site.db, SQLite::OPEN_READONLY);
    CHECK(contains(db.execAndGet("SELECT body_html FROM pages WHERE slug = 'chi-siamo'").getString(),
                   "Siamo il Comune di Prova."));
  }

  // The theme fixed, the content held back goes in.
  copy_tree(source_dir() / "themes" / "default", site.theme);
  CHECK(poll_until([&] { return contains(site.body("/chi-siamo"), "Un testo nuovo."); }));
  CHECK(site.server->stop() == 0);
}

TEST_CASE("serve --watch: a store error during a reload is logged and the server goes on") {
  WatchedSite site;
  REQUIRE(contains(site.body("/chi-siamo"), "Siamo il Comune di Prova."));
  {
    // A damaged database: a table the reload reads is gone.
    SQLite::Database db(site.db, SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);  // the server may be writing as it starts (a larger theme loads longer)
    db.exec("DROP TABLE helplines");
  }
  site.tree.write("pages/chi-siamo.md", kNewPage);
  CHECK(poll_until([&] { return contains(site.server->log(), "not reloaded"); }));
  CHECK(contains(site.server->log(), "no such table: helplines"));
  auto health = site.client->Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(site.server->stop() == 0);
}
