// Importing a paper sign-in sheet through the real binary: `sentinella attendance import` and the
// upload page /admin/eventi/<y>/<s>/incontri/<n>/importa (who may, CSRF, errors, success).
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <regex>

#include "core/store.h"
#include "event_fixtures.h"
#include "running_site.h"
#include "store_dump.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

const std::string kImportPath = "/admin/eventi/2030/corso/incontri/1/importa";

std::string query(const std::string& db_path, const std::string& sql) {
  auto store = Store::open(db_path);
  REQUIRE(store.ok());
  return store.value()->read([&](SQLite::Database& db) {
    SQLite::Statement q(db, sql);
    return rows_text(q);
  });
}

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

httplib::MultipartFormDataItems sheet(const std::string& content, const std::string& filename = "foglio.csv") {
  return {{"foglio", content, filename, "text/csv"}};
}

}  // namespace

TEST_CASE("sentinella attendance import") {
  ContentTree tree;
  tree.write("events/2030/corso.md", kPoliceCourse2030);
  TempDir data;
  const std::string db = (data.path() / "s.db").string();
  REQUIRE(run_sentinella({"import", "--content", tree.root().string(), "--db", db}).exit_code == 0);
  REQUIRE(run_sentinella({"user", "add", "--db", db, "--username", "anna", "--roles", "learner", "--group",
                          "polizia-locale", "--password-stdin"},
                         kTestPassword + "\n")
              .exit_code == 0);
  const auto file = [&](const std::string& name, const std::string& content) {
    const auto path = data.path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  };
  const std::string marks = "SELECT COUNT(*) FROM attendance_marks";

  SUBCASE("a valid sheet: its marks and walk-ins, and what was done") {
    const std::string path = file("foglio.csv", "username;name;organization;status;hours\r\nanna;;;presente;\r\n"
                                                ";Mario Rossi;Croce Rossa;ritardo;2,5\r\n");
    auto r = run_sentinella({"attendance", "import", path, "--event", "2030/corso", "--meeting", "2", "--db", db});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "2030/corso meeting 2: 2 marks recorded, 1 walk-in added, 0 already known\n");
    CHECK(query(db, "SELECT meeting, status, hours, source, marked_by FROM attendance_marks ORDER BY id") ==
          "2,present,4.0,import,0 | 2,late,2.5,import,0");
    CHECK(query(db, "SELECT actor_id, details FROM audit_log WHERE action = 'attendance.import'") ==
          "NULL,event=2030-corso meeting=2 marks=2 walk_ins_added=1");
  }
  SUBCASE("every problem is printed as FILE:line: error: and nothing changes") {
    const std::string path = file("errori.csv", "username;status;hours\nanna;presente;5\nzeta;presente;\n");
    auto r = run_sentinella({"attendance", "import", path, "--db", db, "--event", "2030/corso", "--meeting", "1"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == path + ":2: error: hours cannot be more than the meeting's length (4.00)\n" + path +
                       ":3: error: no account with username 'zeta'\n"
                       "2 errors; nothing was imported: the database is unchanged\n");
    CHECK(query(db, marks) == "0");
  }
  SUBCASE("a wrong event, meeting or file") {
    const std::string path = file("foglio.csv", "username;status\nanna;presente\n");
    auto no_event = run_sentinella({"attendance", "import", path, "--event", "2030/altro", "--meeting", "1", "--db", db});
    CHECK(no_event.exit_code == 1);
    CHECK(no_event.err == "error: no event 2030/altro (has the content been imported?)\n");
    auto bad_event = run_sentinella({"attendance", "import", path, "--event", "corso", "--meeting", "1", "--db", db});
    CHECK(bad_event.exit_code == 1);
    CHECK(bad_event.err == "error: --event takes YEAR/SLUG, e.g. 2026/corso-usura\n");
    auto no_meeting = run_sentinella({"attendance", "import", path, "--event", "2030/corso", "--meeting", "3", "--db", db});
    CHECK(no_meeting.exit_code == 1);
    CHECK(no_meeting.err == "error: the event has no meeting 3\n");
    const std::string missing = (data.path() / "manca.csv").string();
    auto no_file = run_sentinella({"attendance", "import", missing, "--event", "2030/corso", "--meeting", "1", "--db", db});
    CHECK(no_file.exit_code != 0);
    CHECK(query(db, marks) == "0");
  }
}

TEST_CASE("the sign-in sheet upload page") {
  auto accounts = standard_accounts();
  accounts.push_back({"formatrice-sociale", "trainer", ""});
  RunningSite site(accounts, [](ContentTree& tree) { tree.write("events/2030/corso.md", kPoliceCourse2030); });
  Browser admin = site.browser();
  REQUIRE(admin.login("admin", kTestPassword));
  const std::string people = admin.get("/admin/persone?ruolo=trainer")->body;
  for (const auto& [who, group] : {std::pair{"trainer", "polizia-locale"}, std::pair{"formatrice-sociale", "servizi-sociali"}}) {
    const std::string person = first_match(people, "href=\"(/admin/persone/[0-9]+)\">" + std::string(who) + "<");
    REQUIRE_FALSE(person.empty());
    REQUIRE(admin.post(person + "/gruppi", "group=" + std::string(group))->status == 303);
  }
  const std::string marks = "SELECT COUNT(*) FROM attendance_marks";
  const std::string csv = "username;name;target_group;status\nlearner;;;presente\n;Mario Rossi;Servizi sociali;presente\n";

  SUBCASE("a trainer of the event's modules: the form, problems listed with nothing changed, then success") {
    Browser trainer = site.browser();
    REQUIRE(trainer.login("trainer", kTestPassword));
    auto page = trainer.get(kImportPath);
    REQUIRE(page->status == 200);
    CHECK(contains(page->body, "enctype=\"multipart/form-data\""));
    CHECK(contains(page->body, "accept=\".csv,text/csv\""));
    CHECK(contains(page->body, "name=\"foglio\""));

    auto bad = trainer.post_multipart(kImportPath, sheet(csv + "zeta;;;presente\n;Lucia;vigili;assente\n", "C:\\fogli\\<b>marzo.csv"));
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, "&lt;b&gt;marzo.csv:4: error: no account with username &apos;zeta&apos;"));
    CHECK(contains(bad->body, "&lt;b&gt;marzo.csv:5: error: unknown target group &apos;vigili&apos;"));
    CHECK_FALSE(contains(bad->body, "<b>marzo"));
    CHECK_FALSE(contains(bad->body, "fogli\\"));
    CHECK(query(site.db_path(), marks) == "0");

    auto none = trainer.post_multipart(kImportPath, {});
    CHECK(none->status == 400);
    CHECK(contains(none->body, "Scegli il file CSV del foglio firme."));

    auto good = trainer.post_multipart(kImportPath, sheet(csv));
    REQUIRE(good);
    CHECK(good->status == 200);
    CHECK(contains(good->body, "Presenze registrate: 2. Ospiti aggiunti: 1. Ospiti già presenti: 0."));
    CHECK(contains(good->body, "href=\"/admin/eventi/2030/corso/incontri/1\""));
    CHECK(query(site.db_path(), "SELECT COALESCE(u.username, w.name), w.target_group, m.source FROM attendance_marks m"
                                " LEFT JOIN users u ON u.id = m.user_id LEFT JOIN walk_ins w ON w.id = m.walk_in_id ORDER BY m.id") ==
          "learner,NULL,import | Mario Rossi,servizi-sociali,import");
  }
  SUBCASE("a trainer of other groups gets 403, a learner too; a missing meeting is 404") {
    Browser other = site.browser();
    REQUIRE(other.login("formatrice-sociale", kTestPassword));
    CHECK(other.get(kImportPath)->status == 403);
    CHECK(other.post_multipart(kImportPath, sheet(csv))->status == 403);
    Browser learner = site.browser();
    REQUIRE(learner.login("learner", kTestPassword));
    CHECK(learner.get(kImportPath)->status == 403);
    CHECK(admin.get("/admin/eventi/2030/corso/incontri/3/importa")->status == 404);
    CHECK(admin.get("/admin/eventi/2030/altro/incontri/1/importa")->status == 404);
    CHECK(query(site.db_path(), marks) == "0");
  }
  SUBCASE("CSRF: without the token, or with another's, nothing is imported; nor from a request over 1 MiB") {
    Browser organizer = site.browser();
    REQUIRE(organizer.login("organizer", kTestPassword));
    auto missing = organizer.post_multipart(kImportPath, sheet(csv), false);
    CHECK(missing->status == 403);
    auto items = sheet(csv);
    items.push_back({"csrf", admin.csrf(), "", ""});
    CHECK(organizer.post_multipart(kImportPath, items, false)->status == 403);
    CHECK(query(site.db_path(), marks) == "0");
    CHECK(organizer.post_multipart(kImportPath, sheet(std::string(1024 * 1024 + 1, 'x')))->status == 413);
    CHECK(query(site.db_path(), marks) == "0");
    CHECK(organizer.post_multipart(kImportPath, sheet(csv))->status == 200);  // an organizer may
    CHECK(query(site.db_path(), marks) == "2");
  }
}
