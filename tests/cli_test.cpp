// The sentinella command line: check and import, through the real binary.
#include <doctest/doctest.h>

#include "process.h"
#include "test_support.h"

using namespace sentinella::test;

TEST_CASE("sentinella check") {
  SUBCASE("the bundled content has no errors") {
    auto r = run_sentinella({"check", "--content", (source_dir() / "content").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(": 0 errors") != std::string::npos);
  }
  SUBCASE("errors are printed with their position and the exit status is 1") {
    ContentTree tree;
    tree.write("modules/alfa/01-primo-passo.md", "---\ntitle: Primo\nminutes: dieci\n---\n");
    auto r = run_sentinella({"check", "--content", tree.root().string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(tree.root().generic_string() +
                     "/modules/alfa/01-primo-passo.md:3:10: error: 'minutes' must be a whole "
                     "number, not 'dieci'") != std::string::npos);
    CHECK(r.out.find("checked 8 files: 1 error, 0 warnings") != std::string::npos);
  }
  SUBCASE("check writes nothing") {
    TempDir dir;
    auto r = run_sentinella({"check", "--content", (source_dir() / "content").string()});
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::is_empty(dir.path()));
  }
}

TEST_CASE("sentinella import") {
  ContentTree tree;
  TempDir data;
  const std::string db = (data.path() / "db" / "s.db").string();
  auto first = run_sentinella({"import", "--content", tree.root().string(), "--db", db});
  INFO(first.err);
  CHECK(first.exit_code == 0);
  CHECK(first.out.find("added    modules/alfa/index.md") != std::string::npos);
  CHECK(first.out.find("added 8, changed 0, removed 0") != std::string::npos);

  SUBCASE("again, with nothing changed") {
    auto again = run_sentinella({"import", "--content", tree.root().string(), "--db", db});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("added 0, changed 0, removed 0") != std::string::npos);
  }
  SUBCASE("after a change and a removal") {
    tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\n---\n");
    tree.remove("modules/alfa/02-secondo-passo.md");
    auto again = run_sentinella({"import", "--content", tree.root().string(), "--db", db});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("changed  pages/chi-siamo.md") != std::string::npos);
    CHECK(again.out.find("removed  modules/alfa/02-secondo-passo.md") != std::string::npos);
    CHECK(again.out.find("added 0, changed 1, removed 1") != std::string::npos);
  }
  SUBCASE("with an error nothing is imported") {
    tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\n---\n");
    tree.write("modules/bozza/01-unica.md", "---\ntitle: [\n---\n");
    auto bad = run_sentinella({"import", "--content", tree.root().string(), "--db", db});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("nothing was imported: the database is unchanged") != std::string::npos);
    tree.write("modules/bozza/01-unica.md", "---\ntitle: Unica\nminutes: 5\n---\n");
    auto fixed = run_sentinella({"import", "--content", tree.root().string(), "--db", db});
    CHECK(fixed.exit_code == 0);
    CHECK(fixed.out.find("added 0, changed 2, removed 0") != std::string::npos);
  }
}

TEST_CASE("every subcommand has --help") {
  for (const char* sub : {"check", "import", "serve", "import-gift"}) {
    auto r = run_sentinella({sub, "--help"});
    INFO(sub);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("--content") != std::string::npos);
  }
  CHECK(run_sentinella({"serve", "--port", "70000"}).exit_code != 0);
  CHECK(run_sentinella({}).exit_code != 0);
}

TEST_CASE("sentinella import-gift, then check, on a copy of the bundled content") {
  TempDir dir;
  const auto content = dir.path() / "content";
  copy_tree(source_dir() / "content", content);
  const std::string gift = (source_dir() / "tests" / "fixtures" / "gift" / "usura.gift").string();
  auto r = run_sentinella({"import-gift", gift, "--module", "usura", "--content", content.string(),
                           "--name", "da-moodle"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const auto written = content / "modules" / "usura" / "quiz-da-moodle.md";
  CHECK(r.out == "wrote " + written.generic_string() +
                     ": 12 questions converted, 5 skipped; review it, then run 'sentinella check'\n");
  CHECK(contains(r.err, "usura.gift:49:1: warning: question 'Abbinamenti' skipped: matching questions ('->') "
                        "are not a quiz question kind"));
  auto check = run_sentinella({"check", "--content", content.string()});
  INFO(check.err);
  CHECK(check.exit_code == 0);
  CHECK(contains(check.out, ": 0 errors, 0 warnings"));

  SUBCASE("again: refused without --force") {
    auto again = run_sentinella({"import-gift", gift, "--module", "usura", "--content", content.string(),
                                 "--name", "da-moodle"});
    CHECK(again.exit_code == 1);
    CHECK(contains(again.err, "exists already: choose another name with --name, or replace it with --force"));
    auto forced = run_sentinella({"import-gift", gift, "--module", "usura", "--content", content.string(),
                                  "--name", "da-moodle", "--force"});
    CHECK(forced.exit_code == 0);
  }
  SUBCASE("an unknown module") {
    auto bad = run_sentinella({"import-gift", gift, "--module", "nessuno", "--content", content.string()});
    CHECK(bad.exit_code == 1);
    CHECK(contains(bad.err, "error: unknown module 'nessuno'"));
  }
}
