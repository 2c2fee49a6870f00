// The personal-data registry: every table that holds a person's id is registered, the download
// holds all of a person's data, and erasure leaves nothing of it in the files on disk.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "core/accounts.h"
#include "core/audit.h"
#include "core/event_registrations.h"
#include "core/learning_stats.h"
#include "core/personal_data.h"
#include "core/sessions.h"
#include "test_support.h"

using namespace sentinella;
using sentinella::test::read_file;
using sentinella::test::TempDir;

namespace {

constexpr UnixSeconds kNow = 1'800'000'000;

bool names_a_person(const std::string& column) {
  auto ends = [&](const std::string& tail) {
    return column.size() >= tail.size() && column.compare(column.size() - tail.size(), tail.size(), tail) == 0;
  };
  return column == "user_id" || ends("_user_id") || column == "person_id" || ends("_person_id") ||
         column == "actor_id" || ends("_by");
}

// "table.column" for every column of the schema that refers to a person (a foreign key to users,
// or a name that says so) and is not among its table's registered person columns.
std::vector<std::string> unregistered_person_columns(SQLite::Database& db) {
  std::vector<std::string> tables;
  SQLite::Statement t(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (t.executeStep()) tables.push_back(t.getColumn(0).getString());
  std::vector<std::string> missing;
  for (const auto& table : tables) {
    std::set<std::string> person;
    SQLite::Statement cols(db, "SELECT name FROM pragma_table_info(?)");
    cols.bind(1, table);
    while (cols.executeStep())
      if (names_a_person(cols.getColumn(0).getString())) person.insert(cols.getColumn(0).getString());
    SQLite::Statement fks(db, "SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE \"table\" = 'users'");
    fks.bind(1, table);
    while (fks.executeStep()) person.insert(fks.getColumn(0).getString());
    if (table == "users") person.insert("id");
    std::set<std::string> registered;
    for (const auto& kind : personal_data_kinds())
      if (kind.table == table) registered.insert(kind.person_columns.begin(), kind.person_columns.end());
    for (const auto& column : person)
      if (!registered.count(column)) missing.push_back(table + "." + column);
  }
  std::sort(missing.begin(), missing.end());
  return missing;
}

std::int64_t add_person(Accounts& accounts, const std::string& username, const std::string& name,
                        const std::string& email, const std::string& organization) {
  NewUser u{username, name, email, "polizia-locale", organization, "una password lunga", Role::learner};
  auto r = accounts.add_user(u, {"polizia-locale"}, 0, kNow);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  return r->id;
}

std::map<std::string, nlohmann::json> exported(Store& store, std::int64_t id) {
  auto out = export_personal_data(store, id);
  REQUIRE_MESSAGE(out.ok(), out.status().message());
  std::map<std::string, nlohmann::json> by_key;
  for (const auto& [key, text] : out.value()) by_key[key] = nlohmann::json::parse(text);
  return by_key;
}

// The database file and its write-ahead log, as they are on disk.
std::string stored_bytes(const std::filesystem::path& path) {
  std::string bytes = read_file(path);
  if (std::filesystem::exists(path.string() + "-wal")) bytes += read_file(path.string() + "-wal");
  return bytes;
}

}  // namespace

TEST_CASE("every table that holds a person's id is registered in core/personal_data") {
  auto store = std::move(Store::open(":memory:").value());
  SUBCASE("the schema as the migrations make it") {
    store->read([&](SQLite::Database& db) { CHECK(unregistered_person_columns(db) == std::vector<std::string>{}); });
  }
  SUBCASE("a new table is caught, by its foreign key or by its column's name") {
    REQUIRE(store->write([](SQLite::Database& db) {
      db.exec("CREATE TABLE lesson_notes (learner INTEGER REFERENCES users(id), lesson TEXT)");
      db.exec("CREATE TABLE certificates (code TEXT, issued_by INTEGER)");
    }).ok());
    store->read([&](SQLite::Database& db) {
      CHECK(unregistered_person_columns(db) ==
            std::vector<std::string>{"certificates.issued_by", "lesson_notes.learner"});
    });
  }
  SUBCASE("every entry names existing columns, and its export runs") {
    store->read([&](SQLite::Database& db) {
      for (const auto& kind : personal_data_kinds()) {
        INFO(kind.table);
        std::set<std::string> columns;
        SQLite::Statement cols(db, "SELECT name FROM pragma_table_info(?)");
        cols.bind(1, kind.table);
        while (cols.executeStep()) columns.insert(cols.getColumn(0).getString());
        CHECK_FALSE(columns.empty());
        for (const auto& c : kind.person_columns) CHECK(columns.count(c) == 1);
        CHECK(kind.export_key.empty() == kind.export_sql.empty());
        CHECK((kind.erasure == Erasure::keep_for_counts || kind.erase != nullptr));
      }
    });
    CHECK(export_personal_data(*store, 12345).status().code() == Status::Code::not_found);
  }
}

TEST_CASE("the data download holds all of the person's data, however busy the site") {
  auto store = std::move(Store::open(":memory:").value());
  Accounts accounts(*store);
  const auto mario = add_person(accounts, "mario", "Mario Rossi", "mario@example.org", "Comune di Prova");
  const auto admin = add_person(accounts, "anna", "Anna", "", "Comune di Prova");
  REQUIRE(accounts.set_trained_groups(mario, {"polizia-locale"}, {"polizia-locale"}, admin, kNow + 1).ok());
  Event e;
  e.uid = "2027-prova";
  e.capacity = 0;
  e.registration = true;
  e.audience = {kPublicAudience};
  e.end_utc = kNow + 86400;
  REQUIRE(EventRegistrations(*store).register_person(e, mario, kNow + 2).ok());
  Sessions(*store, {}).start(mario, kNow + 3);
  // 1,500 entries about other people, after Mario's: the site's newest 1,000 hold none of his.
  REQUIRE(store->write([&](SQLite::Database& db) {
    for (int i = 0; i < 1500; ++i) audit_record(db, admin, "user.roles", admin, "roles=admin", kNow + 10 + i);
  }).ok());

  auto data = exported(*store, mario);
  CHECK(data["profile"]["username"] == "mario");
  CHECK(data["profile"]["email"] == "mario@example.org");
  CHECK(data["profile"]["roles"] == nlohmann::json::array({"learner"}));
  CHECK(data["profile"]["target_group"]["id"] == "polizia-locale");
  std::vector<std::string> actions;
  for (const auto& a : data["activity"]) actions.push_back(a["action"]);
  CHECK(actions == std::vector<std::string>{"event.register", "user.groups", "user.add"});
  CHECK(data["event_registrations"].size() == 1);
  CHECK(data["event_registrations"][0]["event"] == "2027-prova");
  CHECK(data["event_registrations"][0]["attended"].is_null());
  CHECK(data["trained_groups"] == nlohmann::json::array({"polizia-locale"}));
  CHECK(data["sessions"].size() == 1);
  CHECK(data["invitations_created"].empty());
  CHECK(exported(*store, admin)["activity"].size() == 1502);  // their own add, Mario's groups, the 1,500
}

TEST_CASE("erasure leaves none of the person's data in the database file or its log") {
  TempDir dir;
  const auto path = dir.path() / "s.db";
  auto store = std::move(Store::open(path.string()).value());
  Accounts accounts(*store);
  add_person(accounts, "restante", "Persona Restante", "", "Comune di Prova");
  const auto id = add_person(accounts, "zorro-unico", "Zorba Unicissimo", "zorba.unico@example.org",
                             "Ente Unicissimo Zeta");
  Sessions(*store, {}).start(id, kNow);
  const std::string hash = store->read([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT password_hash FROM users WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    q.executeStep();
    return q.getColumn(0).getString();
  });
  REQUIRE(hash.size() > 20);
  REQUIRE(accounts.erase(id, 0, kNow).ok());
  const std::string bytes = stored_bytes(path);
  for (const std::string& s : {std::string("zorro-unico"), std::string("Zorba Unicissimo"),
                               std::string("zorba.unico@example.org"), std::string("Ente Unicissimo Zeta"), hash}) {
    INFO(s);
    CHECK(bytes.find(s) == std::string::npos);
  }
  CHECK(bytes.find("Persona Restante") != std::string::npos);  // the check can see what is there
}

TEST_CASE("learning: the download holds enrolments, lessons read and attempts with answers; erasure keeps only counts") {
  TempDir dir;
  const auto path = dir.path() / "s.db";
  auto store = std::move(Store::open(path.string()).value());
  ContentChanges site;
  site.site = Site{};
  site.site->name = "Prova";
  site.site->time_zone = "Europe/Rome";
  REQUIRE(store->apply(site).ok());
  Accounts accounts(*store);
  const auto id = add_person(accounts, "zorro-unico", "Zorba Unicissimo", "", "Ente Unicissimo Zeta");
  const std::string who = std::to_string(id);
  // alfa: enrolled 2026-04-01 00:30 in Rome (still 31 March in UTC), completed; beta: 2026-03-10, open.
  REQUIRE(store->write([&](SQLite::Database& db) {
    db.exec("INSERT INTO enrolments VALUES (" + who + ", 'alfa', 1774996200, 1775000000), (" + who +
            ", 'beta', 1773133200, NULL)");
    db.exec("INSERT INTO lesson_progress VALUES (" + who + ", 'alfa', 'uno', 1774996300)");
    db.exec("INSERT INTO quiz_attempts (id, user_id, module_slug, quiz_slug, quiz_version, started_at, submitted_at,"
            " option_order, score, max_score, passed) VALUES (7, " + who +
            ", 'alfa', 'verifica', 'v1', 1774996400, 1774996500, '[]', 1, 2, 0)");
    db.exec("INSERT INTO quiz_answers VALUES (7, 0, 'RispostaUnicissimaQ', 0), (7, 1, '0,2', 1)");
  }).ok());

  auto data = exported(*store, id);
  REQUIRE(data["enrolments"].size() == 2);
  CHECK(data["enrolments"][0]["module"] == "beta");
  CHECK(data["enrolments"][0]["completed_at"].is_null());
  CHECK(data["enrolments"][1]["module"] == "alfa");
  CHECK(data["enrolments"][1]["enrolled_at"] == "2026-03-31T22:30:00Z");
  CHECK(data["lessons_read"] == nlohmann::json::parse(
                                    R"([{"module": "alfa", "lesson": "uno", "read_at": "2026-03-31T22:31:40Z"}])"));
  REQUIRE(data["quiz_attempts"].size() == 1);
  CHECK(data["quiz_attempts"][0]["score"] == 1);
  CHECK(data["quiz_attempts"][0]["answers"] ==
        nlohmann::json::parse(R"([{"question": 1, "answer": "RispostaUnicissimaQ", "correct": false},
                                  {"question": 2, "answer": "0,2", "correct": true}])"));

  REQUIRE(accounts.erase(id, 0, kNow).ok());
  const std::string bytes = stored_bytes(path);
  for (const std::string& s : {std::string("Zorba Unicissimo"), std::string("RispostaUnicissimaQ")}) {
    INFO(s);
    CHECK(bytes.find(s) == std::string::npos);
  }
  auto count = [&](const std::string& sql) {
    return store->read([&](SQLite::Database& db) { return db.execAndGet(sql).getString(); });
  };
  for (const char* table : {"enrolments", "lesson_progress", "quiz_attempts"})
    CHECK(count(std::string("SELECT count(*) FROM ") + table + " WHERE user_id = " + who) == "0");
  CHECK(count("SELECT count(*) FROM quiz_answers") == "0");
  // The months are the site's: alfa's enrolment counts in April, as the trainer's period sees it.
  CHECK(count("SELECT group_concat(module_slug || ' ' || target_group || ' ' || month || ' ' || enrolled || ' ' ||"
              " completed, '; ') FROM (SELECT * FROM learning_counts ORDER BY module_slug)") ==
        "alfa polizia-locale 2026-04 1 1; beta polizia-locale 2026-03 1 0");

  // The trainer's statistics still count the erased learner in their group, and only there.
  Module alfa;
  alfa.slug = "alfa";
  auto april = parse_stats_period("2026-04-01", "2026-04-30", "Europe/Rome");
  REQUIRE(april.ok());
  const auto stats = compute_learning_stats(*store, alfa, {}, april.value(), StatsViewer{});
  CHECK(stats.learners.empty());
  CHECK(stats.totals.enrolled == 1);
  CHECK(stats.totals.completed == 1);
  CHECK(stats.by_group.at("polizia-locale").erased_enrolled == 1);
  CHECK(stats.by_organization.empty());
  auto march = parse_stats_period("2026-03-01", "2026-03-31", "Europe/Rome");
  CHECK(compute_learning_stats(*store, alfa, {}, march.value(), StatsViewer{}).totals.enrolled == 0);
}
