// The SQLite store: opening, migrations, apply() with its all-or-nothing transaction, and its
// connections (readers that never wait behind a write).
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>
#include <string>
#include <vector>

#include "core/migrations.h"
#include "core/store.h"
#include "store_dump.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella;
using namespace sentinella::test;

namespace {

std::unique_ptr<Store> open_store(const std::string& path) {
  auto store = Store::open(path);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

Site make_site() {
  Site s;
  s.name = "Sentinella Prova";
  s.municipality = "Comune di Prova";
  s.language = "it";
  s.base_url = "https://prova.example.org";
  s.description = "Un sito di prova.";
  s.intro_html = "<p>Benvenuti.</p>\n";
  s.help_page = "aiuto";
  s.quick_exit_url = "https://www.example.org/";
  s.municipality_url = "https://www.comune.prova.it/";
  s.logo = {"stemma.svg", "Stemma del Comune di Prova"};
  s.image = {"programma.png", "Il programma"};
  s.contacts = {"Ufficio Prova", "Via Roma 1", "0372 407006", "prova@example.org"};
  s.helplines = {{"Numero unico di emergenza", "112", "Per ogni emergenza.", "24 ore su 24"},
                 {"Antiviolenza e stalking", "1522", "", ""}};
  s.target_groups = {{"polizia-locale", "Polizia locale"}, {"servizi-sociali", "Servizi sociali"}};
  return s;
}

Page make_page(const std::string& slug, const std::string& title, std::optional<int> menu) {
  Page p;
  p.slug = slug;
  p.source_path = "pages/" + slug + ".md";
  p.title = title;
  p.summary = "Riassunto di " + title + ".";
  p.menu = menu;
  p.body_html = "<p>Pagina " + slug + ".</p>\n";
  return p;
}

Module make_module(const std::string& slug, const std::string& title, int order, ModuleStatus status) {
  Module m;
  m.slug = slug;
  m.source_path = "modules/" + slug + "/index.md";
  m.title = title;
  m.summary = "Riassunto di " + slug + ".";
  m.intro_html = "<p>Introduzione a " + slug + ".</p>\n";
  m.duration_hours = 1.5;
  m.order = order;
  m.status = status;
  m.target_groups = {"servizi-sociali"};
  return m;
}

Lesson make_lesson(const std::string& module_slug, const std::string& slug, int order) {
  Lesson l;
  l.module_slug = module_slug;
  l.slug = slug;
  l.source_path = "modules/" + module_slug + "/0" + std::to_string(order) + "-" + slug + ".md";
  l.title = "Lezione " + slug;
  l.minutes = 10 + order;
  l.order = order;
  l.body_html = "<p>Testo di " + slug + ".</p>\n";
  return l;
}

void add_hashes(ContentChanges& c) {
  if (c.site) c.hashes["site.yaml"] = "hash:site.yaml";
  for (const auto& p : c.pages) c.hashes[p.source_path] = "hash:" + p.source_path;
  for (const auto& m : c.modules) c.hashes[m.source_path] = "hash:" + m.source_path;
  for (const auto& l : c.lessons) c.hashes[l.source_path] = "hash:" + l.source_path;
}

// A whole site: three pages, three published modules whose order, title and slug disagree, and a
// draft module placed first by its order.
ContentChanges full_content() {
  ContentChanges c;
  c.site = make_site();
  auto aiuto = make_page("aiuto", "Chiedi aiuto", 2);
  aiuto.show_helplines = true;
  c.pages = {make_page("note-legali", "Note legali", std::nullopt), aiuto,
             make_page("chi-siamo", "Chi siamo", 1)};

  auto alfa = make_module("alfa", "Modulo Zeta", 5, ModuleStatus::published);
  alfa.objectives = {"Riconoscere i segnali", "Sapere a chi rivolgersi"};
  alfa.authors = {"Ufficio Prova", "Polizia locale"};
  alfa.target_groups = {"servizi-sociali", "polizia-locale"};
  alfa.duration_hours = 2.5;
  c.modules = {alfa, make_module("beta", "Modulo Beta", 5, ModuleStatus::published),
               make_module("gamma", "Modulo Gamma", 1, ModuleStatus::published),
               make_module("bozza", "Modulo in bozza", 0, ModuleStatus::draft)};
  // Given out of order: the store sorts by order, then slug.
  c.lessons = {make_lesson("alfa", "secondo", 2), make_lesson("alfa", "primo", 1),
               make_lesson("alfa", "aggiunta", 2), make_lesson("bozza", "unica", 1)};
  add_hashes(c);
  return c;
}

std::vector<std::string> slugs(const std::vector<Module>& modules) {
  std::vector<std::string> out;
  for (const auto& m : modules) out.push_back(m.slug);
  return out;
}

std::vector<std::string> slugs(const std::vector<Lesson>& lessons) {
  std::vector<std::string> out;
  for (const auto& l : lessons) out.push_back(l.slug);
  return out;
}

std::vector<std::string> slugs(const std::vector<Page>& pages) {
  std::vector<std::string> out;
  for (const auto& p : pages) out.push_back(p.slug);
  return out;
}

using Slugs = std::vector<std::string>;

// Brings `db` to the schema just before the migration called `name`, as an older release left it.
void migrate_until(SQLite::Database& db, std::string_view name) {
  schema_version(db);
  for (const auto& m : migrations()) {
    if (m.name == name) break;
    db.exec(std::string(m.sql));
    db.exec("INSERT INTO schema_migrations(version, name) VALUES (" + std::to_string(m.version) + ", '" +
            std::string(m.name) + "')");
  }
}

}  // namespace

TEST_CASE("Store::open creates the database and brings its schema up to date") {
  const int latest = migrations().back().version;

  SUBCASE("in memory") {
    auto store = open_store(":memory:");
    CHECK(store->schema_version() == latest);
    CHECK_FALSE(store->site().has_value());
    CHECK(store->modules(true).empty());
    CHECK(store->pages().empty());
    CHECK(store->source_hashes().empty());
  }
  SUBCASE("in a file, creating its folders") {
    TempDir dir;
    const fs::path path = dir.path() / "dati" / "db" / "sentinella.db";
    auto store = open_store(path.string());
    CHECK(fs::is_regular_file(path));
    CHECK(store->schema_version() == latest);
  }
  SUBCASE("lessons stored before the 'reviewed' column get an empty date") {
    TempDir dir;
    const std::string path = (dir.path() / "sentinella.db").string();
    {
      SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      migrate_until(old, "lesson_reviewed");
      old.exec("INSERT INTO lessons VALUES ('alfa', 'primo', 'modules/alfa/01-primo.md', 'Primo', 5, 1, '<p>x</p>')");
    }
    auto store = open_store(path);
    CHECK(store->schema_version() == latest);
    SQLite::Database check(path, SQLite::OPEN_READONLY);
    CHECK(check.execAndGet("SELECT reviewed FROM lessons WHERE slug = 'primo'").getString() == "");
  }
  SUBCASE("yes/no attendance on registrations becomes a mark at meeting 1, with the meeting's hours") {
    TempDir dir;
    const std::string path = (dir.path() / "sentinella.db").string();
    {
      SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      migrate_until(old, "attendance_sources");
      old.exec("INSERT INTO users(id, username, display_name, password_hash, created_at) VALUES"
               " (1, 'anna', 'Anna', 'x', 0), (2, 'bruno', 'Bruno', 'x', 0), (3, 'carla', 'Carla', 'x', 0)");
      old.exec("INSERT INTO event_registrations(event_uid, user_id, state, created_at, updated_at, attended) VALUES"
               " ('e1', 1, 'confirmed', 10, 20, 1), ('e1', 2, 'confirmed', 10, 30, 0),"
               " ('e1', 3, 'confirmed', 10, 10, NULL)");
    }
    auto store = open_store(path);
    SQLite::Database check(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(check, "SELECT user_id, meeting, status, hours, marked_at, source FROM attendance_marks"
                               " ORDER BY user_id");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 1);
    CHECK(q.getColumn(1).getInt() == 1);
    CHECK(q.getColumn(2).getString() == "present");
    CHECK(q.getColumn(4).getInt() == 20);
    CHECK(q.getColumn(5).getString() == "roster");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt() == 2);
    CHECK(q.getColumn(2).getString() == "absent");
    CHECK(q.getColumn(3).getDouble() == 0);
    CHECK_FALSE(q.executeStep());
  }
  SUBCASE("a file database uses WAL, which stays recorded in the file") {
    TempDir dir;
    const std::string path = (dir.path() / "sentinella.db").string();
    auto store = open_store(path);
    SQLite::Database second(path, SQLite::OPEN_READONLY);
    CHECK(second.execAndGet("PRAGMA journal_mode").getString() == "wal");
  }
  SUBCASE("a path that cannot be a database is an IOError, not an exception") {
    TempDir dir;
    write_file(dir.path() / "file", "not a folder");
    auto store = Store::open((dir.path() / "file" / "sentinella.db").string());
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == Status::Code::io_error);
    CHECK(store.status().message().starts_with("cannot open database "));
  }
}

TEST_CASE("migrations are numbered from 1 and applied once") {
  SUBCASE("versions increase strictly from 1, each with a name and some SQL") {
    const auto& all = migrations();
    REQUIRE_FALSE(all.empty());
    CHECK(all.front().version == 1);
    for (size_t i = 0; i < all.size(); ++i) {
      INFO("migration " << all[i].version);
      CHECK_FALSE(all[i].name.empty());
      CHECK_FALSE(all[i].sql.empty());
      if (i > 0) CHECK(all[i].version > all[i - 1].version);
    }
  }
  SUBCASE("a new database gets every migration, then none on the next call") {
    TempDir dir;
    SQLite::Database db((dir.path() / "raw.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    CHECK(schema_version(db) == 0);
    CHECK(apply_migrations(db) == static_cast<int>(migrations().size()));
    CHECK(schema_version(db) == migrations().back().version);
    CHECK(apply_migrations(db) == 0);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM schema_migrations").getInt() ==
          static_cast<int>(migrations().size()));
  }
  SUBCASE("opening a store twice applies nothing new and keeps the data") {
    TempDir dir;
    const std::string path = (dir.path() / "sentinella.db").string();
    {
      auto store = open_store(path);
      REQUIRE(store->apply(full_content()).ok());
    }
    std::string before;
    {
      auto store = open_store(path);
      CHECK(store->schema_version() == migrations().back().version);
      before = describe(*store);
      CHECK(store->site().has_value());
    }
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    CHECK(apply_migrations(db) == 0);
    CHECK(schema_version(db) == migrations().back().version);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM schema_migrations").getInt() ==
          static_cast<int>(migrations().size()));
    CHECK(db.execAndGet("SELECT COUNT(*) FROM modules").getInt() == 4);
    auto again = open_store(path);
    CHECK(describe(*again) == before);
  }
}

TEST_CASE("Store::apply writes content that the reads give back") {
  auto store = open_store(":memory:");
  const ContentChanges content = full_content();
  REQUIRE(store->apply(content).ok());

  SUBCASE("the site, its helplines and target groups in order") {
    auto s = store->site();
    REQUIRE(s.has_value());
    const Site expected = make_site();
    CHECK(s->name == expected.name);
    CHECK(s->municipality == expected.municipality);
    CHECK(s->language == expected.language);
    CHECK(s->base_url == expected.base_url);
    CHECK(s->description == expected.description);
    CHECK(s->intro_html == expected.intro_html);
    CHECK(s->help_page == expected.help_page);
    CHECK(s->quick_exit_url == expected.quick_exit_url);
    CHECK(s->municipality_url == "https://www.comune.prova.it/");
    CHECK(s->logo.file == "stemma.svg");
    CHECK(s->logo.alt == "Stemma del Comune di Prova");
    CHECK(s->image.file == "programma.png");
    CHECK(s->image.alt == "Il programma");
    CHECK(s->contacts.office == "Ufficio Prova");
    CHECK(s->contacts.address == "Via Roma 1");
    CHECK(s->contacts.phone == "0372 407006");
    CHECK(s->contacts.email == "prova@example.org");
    REQUIRE(s->helplines.size() == 2);
    CHECK(s->helplines[0].name == "Numero unico di emergenza");
    CHECK(s->helplines[0].number == "112");
    CHECK(s->helplines[0].description == "Per ogni emergenza.");
    CHECK(s->helplines[0].hours == "24 ore su 24");
    CHECK(s->helplines[1].number == "1522");
    REQUIRE(s->target_groups.size() == 2);
    CHECK(s->target_groups[0].id == "polizia-locale");
    CHECK(s->target_groups[0].label == "Polizia locale");
    CHECK(s->target_groups[1].id == "servizi-sociali");
  }
  SUBCASE("pages by menu position, pages without one last, listed without bodies") {
    auto pages = store->pages();
    CHECK(slugs(pages) == Slugs{"chi-siamo", "aiuto", "note-legali"});
    for (const auto& p : pages) CHECK(p.body_html.empty());
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].menu == 1);
    CHECK_FALSE(pages[2].menu.has_value());
    CHECK(pages[1].show_helplines);
    CHECK_FALSE(pages[0].show_helplines);
  }
  SUBCASE("one page with its body") {
    auto p = store->page("aiuto");
    REQUIRE(p.has_value());
    CHECK(p->source_path == "pages/aiuto.md");
    CHECK(p->title == "Chiedi aiuto");
    CHECK(p->summary == "Riassunto di Chiedi aiuto.");
    CHECK(p->menu == 2);
    CHECK(p->show_helplines);
    CHECK(p->body_html == "<p>Pagina aiuto.</p>\n");
    CHECK_FALSE(store->page("nessuna").has_value());
  }
  SUBCASE("published modules by order then title; drafts only when asked") {
    // gamma has order 1; beta and alfa share order 5 and sort by title (Beta < Zeta), not slug.
    CHECK(slugs(store->modules()) == Slugs{"gamma", "beta", "alfa"});
    CHECK(slugs(store->modules(/*include_drafts=*/true)) == Slugs{"bozza", "gamma", "beta", "alfa"});
  }
  SUBCASE("one module with its details and its lessons sorted by order then slug, without bodies") {
    auto m = store->module("alfa");
    REQUIRE(m.has_value());
    CHECK(m->source_path == "modules/alfa/index.md");
    CHECK(m->title == "Modulo Zeta");
    CHECK(m->summary == "Riassunto di alfa.");
    CHECK(m->intro_html == "<p>Introduzione a alfa.</p>\n");
    CHECK(m->duration_hours == doctest::Approx(2.5));
    CHECK(m->order == 5);
    CHECK(m->status == ModuleStatus::published);
    CHECK(m->objectives == Slugs{"Riconoscere i segnali", "Sapere a chi rivolgersi"});
    CHECK(m->authors == Slugs{"Ufficio Prova", "Polizia locale"});
    CHECK(m->target_groups == Slugs{"servizi-sociali", "polizia-locale"});
    CHECK(slugs(m->lessons) == Slugs{"primo", "aggiunta", "secondo"});
    for (const auto& l : m->lessons) {
      CHECK(l.module_slug == "alfa");
      CHECK(l.body_html.empty());
    }
    REQUIRE(m->lessons.size() == 3);
    CHECK(m->lessons[0].title == "Lezione primo");
    CHECK(m->lessons[0].minutes == 11);
    CHECK(m->lessons[0].order == 1);
    CHECK(m->lessons[0].source_path == "modules/alfa/01-primo.md");
  }
  SUBCASE("the module list carries the same details") {
    auto all = store->modules();
    REQUIRE(all.size() == 3);
    CHECK(all[2].slug == "alfa");
    CHECK(all[2].objectives.size() == 2);
    CHECK(slugs(all[2].lessons) == Slugs{"primo", "aggiunta", "secondo"});
    CHECK(all[0].lessons.empty());
  }
  SUBCASE("a draft module is hidden unless asked for") {
    CHECK_FALSE(store->module("bozza").has_value());
    auto m = store->module("bozza", /*include_drafts=*/true);
    REQUIRE(m.has_value());
    CHECK(m->status == ModuleStatus::draft);
    CHECK(slugs(m->lessons) == Slugs{"unica"});
    CHECK_FALSE(store->module("nessuno", true).has_value());
  }
  SUBCASE("one lesson with its body") {
    auto l = store->lesson("alfa", "secondo");
    REQUIRE(l.has_value());
    CHECK(l->module_slug == "alfa");
    CHECK(l->slug == "secondo");
    CHECK(l->source_path == "modules/alfa/02-secondo.md");
    CHECK(l->title == "Lezione secondo");
    CHECK(l->minutes == 12);
    CHECK(l->order == 2);
    CHECK(l->body_html == "<p>Testo di secondo.</p>\n");
    CHECK_FALSE(store->lesson("alfa", "nessuna").has_value());
    CHECK_FALSE(store->lesson("beta", "secondo").has_value());
  }
  SUBCASE("a lesson of a draft module is hidden unless asked for") {
    CHECK_FALSE(store->lesson("bozza", "unica").has_value());
    auto l = store->lesson("bozza", "unica", /*include_drafts=*/true);
    REQUIRE(l.has_value());
    CHECK(l->body_html == "<p>Testo di unica.</p>\n");
  }
  SUBCASE("the hash of every source file") {
    CHECK(store->source_hashes() == content.hashes);
    CHECK(store->source_hashes().size() == 12);
  }
}

TEST_CASE("Store::apply replaces changed files and removes deleted ones") {
  auto store = open_store(":memory:");
  REQUIRE(store->apply(full_content()).ok());

  SUBCASE("removed_paths removes the rows of those files") {
    ContentChanges c;
    c.removed_paths = {"pages/note-legali.md", "modules/alfa/02-secondo.md"};
    REQUIRE(store->apply(c).ok());
    CHECK_FALSE(store->page("note-legali").has_value());
    CHECK(slugs(store->pages()) == Slugs{"chi-siamo", "aiuto"});
    CHECK_FALSE(store->lesson("alfa", "secondo").has_value());
    CHECK(slugs(store->module("alfa")->lessons) == Slugs{"primo", "aggiunta"});
    auto hashes = store->source_hashes();
    CHECK(hashes.size() == 10);
    CHECK(hashes.count("pages/note-legali.md") == 0);
    CHECK(hashes.count("modules/alfa/02-secondo.md") == 0);
    CHECK(hashes.count("modules/alfa/01-primo.md") == 1);
  }
  SUBCASE("removing a module with its lessons removes its details too") {
    ContentChanges c;
    c.removed_paths = {"modules/bozza/index.md", "modules/bozza/01-unica.md"};
    REQUIRE(store->apply(c).ok());
    CHECK_FALSE(store->module("bozza", true).has_value());
    CHECK_FALSE(store->lesson("bozza", "unica", true).has_value());
    CHECK(slugs(store->modules(true)) == Slugs{"gamma", "beta", "alfa"});
  }
  SUBCASE("a changed page replaces the old row") {
    ContentChanges c;
    auto p = make_page("chi-siamo", "Chi siamo davvero", 7);
    p.body_html = "<p>Nuovo testo.</p>\n";
    c.pages = {p};
    c.hashes[p.source_path] = "nuovo";
    REQUIRE(store->apply(c).ok());
    auto got = store->page("chi-siamo");
    REQUIRE(got.has_value());
    CHECK(got->title == "Chi siamo davvero");
    CHECK(got->menu == 7);
    CHECK(got->body_html == "<p>Nuovo testo.</p>\n");
    CHECK(store->source_hashes().at("pages/chi-siamo.md") == "nuovo");
    CHECK(slugs(store->pages()) == Slugs{"aiuto", "chi-siamo", "note-legali"});
  }
  SUBCASE("a changed module index keeps its lessons and replaces its lists") {
    ContentChanges c;
    auto m = make_module("alfa", "Modulo Alfa", 0, ModuleStatus::published);
    m.objectives = {"Uno solo"};
    m.target_groups = {"polizia-locale"};
    c.modules = {m};
    c.hashes[m.source_path] = "nuovo";
    REQUIRE(store->apply(c).ok());
    auto got = store->module("alfa");
    REQUIRE(got.has_value());
    CHECK(got->title == "Modulo Alfa");
    CHECK(got->objectives == Slugs{"Uno solo"});
    CHECK(got->authors.empty());
    CHECK(got->target_groups == Slugs{"polizia-locale"});
    CHECK(slugs(got->lessons) == Slugs{"primo", "aggiunta", "secondo"});
    CHECK(slugs(store->modules()) == Slugs{"alfa", "gamma", "beta"});
  }
  SUBCASE("a module turned into a draft disappears with its lessons") {
    ContentChanges c;
    auto m = make_module("gamma", "Modulo Gamma", 1, ModuleStatus::draft);
    c.modules = {m};
    c.hashes[m.source_path] = "nuovo";
    REQUIRE(store->apply(c).ok());
    CHECK(slugs(store->modules()) == Slugs{"beta", "alfa"});
    CHECK(store->module("gamma", true).has_value());
  }
  SUBCASE("a changed site.yaml replaces helplines and target groups") {
    ContentChanges c;
    auto s = make_site();
    s.name = "Sentinella Nuova";
    s.helplines = {{"Solo questo", "1522", "", ""}};
    c.site = s;
    c.hashes["site.yaml"] = "nuovo";
    REQUIRE(store->apply(c).ok());
    auto got = store->site();
    REQUIRE(got.has_value());
    CHECK(got->name == "Sentinella Nuova");
    REQUIRE(got->helplines.size() == 1);
    CHECK(got->helplines[0].name == "Solo questo");
    CHECK(got->target_groups.size() == 2);
    CHECK(store->module("alfa")->target_groups == Slugs{"servizi-sociali", "polizia-locale"});
  }
}

TEST_CASE("a failed Store::apply leaves everything exactly as before") {
  TempDir dir;
  const std::string path = (dir.path() / "sentinella.db").string();
  auto store = open_store(path);
  REQUIRE(store->apply(full_content()).ok());
  const std::string before = describe(*store);
  const std::string tables_before = dump_database(path);
  REQUIRE(before.find("module alfa:") != std::string::npos);

  // Good changes first, so that a rollback has something to undo.
  ContentChanges c;
  auto page = make_page("chi-siamo", "Titolo cambiato", 1);
  c.pages = {page, make_page("nuova", "Pagina nuova", 3)};
  auto changed_lesson = make_lesson("alfa", "primo", 1);
  changed_lesson.body_html = "<p>Testo cambiato.</p>\n";
  c.lessons = {changed_lesson};
  c.removed_paths = {"pages/note-legali.md", "modules/alfa/02-secondo.md"};

  SUBCASE("a lesson whose module does not exist fails at commit") {
    c.lessons.push_back(make_lesson("nessuno", "orfana", 1));
  }
  SUBCASE("a module target group not in target_groups fails at commit") {
    auto m = make_module("delta", "Modulo Delta", 3, ModuleStatus::published);
    m.target_groups = {"sconosciuto"};
    c.modules = {m};
  }
  SUBCASE("a site without the target groups the modules use fails at commit") {
    auto s = make_site();
    s.target_groups = {{"polizia-locale", "Polizia locale"}};
    c.site = s;
  }
  SUBCASE("a lesson of zero minutes fails at once") {
    auto l = make_lesson("alfa", "vuota", 4);
    l.minutes = 0;
    c.lessons.push_back(l);
  }
  SUBCASE("a module removed while its lessons stay fails at commit") {
    c.removed_paths.push_back("modules/gamma/index.md");
    c.lessons.push_back(make_lesson("gamma", "rimasta", 1));
  }
  add_hashes(c);

  Status st = store->apply(c);
  CHECK_FALSE(st.ok());
  CHECK(st.code() == Status::Code::internal);
  CHECK(st.message().starts_with("import not written: "));
  CHECK(describe(*store) == before);
  CHECK(dump_database(path) == tables_before);

  // The store is still usable: the same changes without the fault go through.
  ContentChanges good;
  good.pages = {page};
  add_hashes(good);
  REQUIRE(store->apply(good).ok());
  CHECK(store->page("chi-siamo")->title == "Titolo cambiato");
}

// The store's connections: reads on a pool of readers that never wait behind a write, one writer,
// and the counter that tells serve another process changed the database.
namespace {

int count_audit_rows(Store& store) {
  return store.read([](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM audit_log").getInt(); });
}

void add_audit_row(SQLite::Database& db) {
  db.exec("INSERT INTO audit_log(at, action, details) VALUES (1, 'test', '')");
}

}  // namespace

TEST_CASE("Store reads do not wait while another connection holds the write lock") {
  TempDir dir;
  const std::string path = (dir.path() / "s.db").string();
  auto store = open_store(path);

  // Another process's import: a write transaction held open.
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  add_audit_row(other);

  // A write of this process (a login's new session) now waits for the lock, up to the busy timeout.
  auto blocked_write = std::async(std::launch::async, [&] { return store->write(add_audit_row); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it reach the lock

  // Reads from other request threads (a session check, a page) answer meanwhile.
  std::atomic<bool> read_done{false};
  int rows = -1;
  std::thread reader([&] {
    rows = count_audit_rows(*store);
    (void)store->site();
    read_done = true;
  });
  const bool read_while_held = poll_until([&] { return read_done.load(); }, std::chrono::seconds(3));
  other.exec("COMMIT");
  reader.join();
  CHECK(read_while_held);
  CHECK(rows == 0);  // the last commit, not the other transaction's row
  CHECK(blocked_write.get().ok());
  CHECK(count_audit_rows(*store) == 2);
}

TEST_CASE("Store::read runs on connections that refuse writes") {
  TempDir dir;
  auto store = open_store((dir.path() / "s.db").string());
  CHECK_THROWS(store->read([](SQLite::Database& db) {
    add_audit_row(db);
    return 0;
  }));
  CHECK(count_audit_rows(*store) == 0);
}

TEST_CASE("Store reads from many threads at once all see the writes") {
  TempDir dir;
  auto store = open_store((dir.path() / "s.db").string());
  REQUIRE(store->write(add_audit_row).ok());
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 3 * Store::kReaders; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (count_audit_rows(*store) >= 1) ++right;
    });
  for (auto& t : threads) t.join();
  CHECK(right == 3 * Store::kReaders * 50);
}

TEST_CASE("an in-memory Store is one database for reads and writes") {
  auto store = open_store(":memory:");
  REQUIRE(store->write(add_audit_row).ok());
  CHECK(count_audit_rows(*store) == 1);
  CHECK(store->schema_version() > 0);
}

TEST_CASE("Store::external_change_counter moves with other connections' commits only") {
  TempDir dir;
  const std::string path = (dir.path() / "s.db").string();
  auto store = open_store(path);
  const auto start = store->external_change_counter();
  REQUIRE(start);

  REQUIRE(store->write(add_audit_row).ok());
  CHECK(store->external_change_counter() == start);  // this process's own write

  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  add_audit_row(other);
  const auto after = store->external_change_counter();
  CHECK(after != start);
  CHECK(store->external_change_counter() == after);
}
