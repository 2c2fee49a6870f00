// The programme report through the real server: the staff's page, its relazione, the .xlsx (read
// back by openpyxl) and the CSV, who may see them; the public results with small counts hidden,
// without cookies, and their CSV and JSON. Attendance put straight into the database: a course of
// two 4-hour meetings in March 2026 naming module alfa; at meeting 1 five people of polizia-locale,
// two of servizi-sociali and a walk-in of no group; at meeting 2 one of them again.
//   by group x module: "" 1 person 4 h 1 meeting; polizia-locale 5 people 24 h 2 meetings;
//   servizi-sociali 2 people 8 h 1 meeting; totals 8 people, 36 h, 2 meetings.
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

#include "running_site.h"

using namespace sentinella::test;
using nlohmann::json;

namespace {

const char* const kCourse =
    "---\ntitle: Corso di marzo\ntype: formazione\n"
    "meetings:\n"
    "  - start: 2026-03-05 09:00\n    end: 2026-03-05 13:00\n"
    "  - start: 2026-03-12 09:00\n    end: 2026-03-12 13:00\n"
    "modules: [alfa]\n"
    "location:\n  name: Sala dei Quadri\naudience: [polizia-locale]\norganizer: Comune di Prova\n---\nIl corso.\n";

class ReportSite {
public:
  ReportSite()
      : site_(accounts(), [](ContentTree& tree) { tree.write("events/2026/corso-di-marzo.md", kCourse); }) {
    SQLite::Database db(site_.db_path(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);
    const std::string uid = db.execAndGet("SELECT uid FROM events WHERE slug = 'corso-di-marzo'").getString();
    const auto id = [&](const std::string& username) {
      return db.execAndGet("SELECT id FROM users WHERE username = '" + username + "'").getString();
    };
    const auto mark = [&](int meeting, const std::string& user) {
      db.exec("INSERT INTO attendance_marks (event_uid, meeting, user_id, status, hours, marked_by, marked_at) VALUES ('" +
              uid + "', " + std::to_string(meeting) + ", " + id(user) + ", 'present', 4, 0, 0)");
    };
    db.exec("UPDATE users SET organization = 'Comando <Alfa>' WHERE target_group = 'polizia-locale'");
    for (const char* u : {"learner", "pol1", "pol2", "pol3", "pol4", "soc1", "soc2"}) mark(1, u);
    mark(2, "learner");
    db.exec("INSERT INTO walk_ins (id, name, created_by, created_at) VALUES (1, 'Ospite', 0, 0)");
    db.exec("INSERT INTO attendance_marks (event_uid, meeting, walk_in_id, status, hours, marked_by, marked_at) VALUES ('" +
            uid + "', 1, 1, 'late', 4, 0, 0)");
    // Enrolments in March 2026 (10:00 on the 10th): five in alfa, one completed.
    for (const char* u : {"learner", "pol1", "pol2", "pol3", "pol4"})
      db.exec("INSERT INTO enrolments VALUES (" + id(u) + ", 'alfa', 1773133200, " +
              (std::string(u) == "pol1" ? "1773133300" : "NULL") + ")");
  }

  Browser as(const std::string& username) {
    Browser b = site_.browser();
    REQUIRE(b.login(username, kTestPassword));
    return b;
  }
  RunningSite& site() { return site_; }

private:
  static std::vector<TestAccount> accounts() {
    auto all = standard_accounts();
    for (const char* u : {"pol1", "pol2", "pol3", "pol4"}) all.push_back({u, "learner", "polizia-locale"});
    for (const char* u : {"soc1", "soc2"}) all.push_back({u, "learner", "servizi-sociali"});
    return all;
  }
  RunningSite site_;
};

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(part, at)) != std::string::npos; ++at) ++n;
  return n;
}

// The output of a command.
std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  pclose(p);
  return out;
}

}  // namespace

TEST_CASE("report: the staff's page with its charts, tables and filters") {
  ReportSite r;
  for (const char* who : {"admin", "trainer", "organizer"}) {
    CAPTURE(who);
    Browser b = r.as(who);
    auto res = b.get("/admin/report?periodo=2026");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Cache-Control") == "no-store");
    const std::string& page = res->body;
    CHECK(page.find("<title>Report del programma") != std::string::npos);
    // Headline: 8 people, 36 person-hours, 2 meetings, 1 module completed online, audience 8.
    CHECK(page.find("<dt>Persone formate</dt><dd>8</dd>") != std::string::npos);
    CHECK(page.find("<dt>Ore-persona di formazione</dt><dd>36</dd>") != std::string::npos);
    CHECK(page.find("<dt>Incontri svolti</dt><dd>2</dd>") != std::string::npos);
    CHECK(page.find("<dt>Moduli online completati</dt><dd>1</dd>") != std::string::npos);
    CHECK(page.find("<dt>Pubblico degli eventi</dt><dd>8</dd>") != std::string::npos);
    CHECK(count(page, "<svg ") == 5);
    CHECK(count(page, "role=\"img\"") == 5);
    CHECK(count(page, "<caption") == 5);
    CHECK(page.find("<th scope=\"row\">Comando &lt;Alfa&gt;</th>") != std::string::npos);  // escaped
    CHECK(page.find("Comando <Alfa>") == std::string::npos);
    CHECK(page.find("href=\"/admin/report.xlsx?periodo=2026\"") != std::string::npos);
    CHECK(page.find("href=\"/admin/report/relazione?periodo=2026\"") != std::string::npos);
  }
  Browser admin = r.as("admin");
  SUBCASE("filters: a group, a month outside the course, a custom range") {
    auto g = admin.get("/admin/report?periodo=2026&gruppo=servizi-sociali");
    REQUIRE(g);
    CHECK(g->body.find("<dt>Persone formate</dt><dd>2</dd>") != std::string::npos);
    CHECK(g->body.find("<dt>Ore-persona di formazione</dt><dd>8</dd>") != std::string::npos);
    auto april = admin.get("/admin/report?periodo=2026-04");
    REQUIRE(april);
    CHECK(april->body.find("<dt>Persone formate</dt><dd>0</dd>") != std::string::npos);
    auto range = admin.get("/admin/report?dal=2026-03-10&al=2026-03-31&raggruppa=trimestre");
    REQUIRE(range);
    CHECK(range->body.find("<dt>Persone formate</dt><dd>1</dd>") != std::string::npos);  // meeting 2 only
    CHECK(range->body.find("1° trimestre 2026") != std::string::npos);
  }
  SUBCASE("bad filters: 400 naming the problem") {
    for (const char* q : {"periodo=2026-13", "periodo=abc", "dal=2026-03-10&al=2026-03-01", "gruppo=nessuno",
                          "modulo=nessuno", "raggruppa=settimana"}) {
      CAPTURE(q);
      auto res = admin.get(std::string("/admin/report?") + q);
      REQUIRE(res);
      CHECK(res->status == 400);
      CHECK(res->body.find("Filtri non validi") != std::string::npos);
    }
  }
}

TEST_CASE("report: who may see it") {
  ReportSite r;
  Browser learner = r.as("learner");
  for (const char* path : {"/admin/report", "/admin/report/relazione", "/admin/report.xlsx", "/admin/report.csv"}) {
    CAPTURE(path);
    auto res = learner.get(path);
    REQUIRE(res);
    CHECK(res->status == 403);
    auto anonymous = r.site().get(path);
    REQUIRE(anonymous);
    CHECK(anonymous->status == 303);
  }
}

TEST_CASE("report: relazione, CSV and .xlsx with the same numbers") {
  ReportSite r;
  Browser trainer = r.as("trainer");
  SUBCASE("the relazione: programme, period, every section on its own page") {
    auto res = trainer.get("/admin/report/relazione?periodo=2026-Q1");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body.find("Relazione sulle attività del programma") != std::string::npos);
    CHECK(res->body.find("01/01/2026 – 31/03/2026") != std::string::npos);
    CHECK(count(res->body, "class=\"relazione-section\"") == 5);
    CHECK(count(res->body, "<svg ") == 5);
    CHECK(res->body.find("Ctrl+P") != std::string::npos);
  }
  SUBCASE("the CSV: the table by group and module") {
    auto res = trainer.get("/admin/report.csv?periodo=2026");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(res->get_header_value("Content-Disposition") == "attachment; filename=\"report-2026-01-01-2026-12-31.csv\"");
    CHECK(res->body.find("Gruppo di destinatari;Modulo;Persone;Ore-persona;Incontri\r\n") != std::string::npos);
    CHECK(res->body.find(";Modulo Alfa;5;24;2\r\n") != std::string::npos);
    CHECK(res->body.find("Totale;;8;36;2\r\n") != std::string::npos);
  }
  SUBCASE("the workbook: one sheet per table, numbers as numbers, read back by openpyxl") {
    auto res = trainer.get("/admin/report.xlsx?periodo=2026");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    std::ofstream(file, std::ios::binary) << res->body;
    const std::string cells = run(std::string(SENTINELLA_PYTHON3) + " '" + (source_dir() / "tests" / "read_xlsx.py").string() +
                                  "' '" + file.string() + "' 2>&1");
    INFO(cells);
    CHECK(count(cells, "\tfrozen\t") == 5);  // five sheets
    // The first sheet's totals row: 8 people, 36 person-hours, 2 meetings, as numbers.
    const std::string sheet = "Formazione in presenza per grup\t";
    const size_t total = cells.find("\ttext\tTotale\n");
    REQUIRE(total != std::string::npos);
    const size_t line = cells.rfind('\n', total) + 1;
    REQUIRE(cells.compare(line, sheet.size(), sheet) == 0);
    const std::string row = cells.substr(line + sheet.size() + 1, total - line - sheet.size() - 1);  // after "A"
    for (const std::string& cell : {"C" + row + "\tnumber\t8\n", "D" + row + "\tnumber\t36\n", "E" + row + "\tnumber\t2\n"})
      CHECK_MESSAGE(cells.find(sheet + cell) != std::string::npos, cell);
  }
}

TEST_CASE("risultati: public, without cookies, small counts hidden") {
  ReportSite r;
  SUBCASE("the page") {
    auto res = r.site().get("/risultati?anno=2026");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_FALSE(res->has_header("Set-Cookie"));
    CHECK(res->get_header_value("Cache-Control") == "public, max-age=300");
    const std::string& page = res->body;
    CHECK(page.find("<h1>Risultati del programma</h1>") != std::string::npos);
    CHECK(page.find("role=\"img\"") != std::string::npos);
    CHECK(page.find("<caption id=\"formazione-didascalia\">") != std::string::npos);
    // polizia-locale: 5 people shown, 24 hours; servizi-sociali: 2, and the walk-in: 1, hidden.
    CHECK(page.find("<td class=\"num\">5</td>\n          <td class=\"num\">24</td>") != std::string::npos);
    CHECK(count(page, "<td class=\"num\">meno di 5</td>\n          <td class=\"num\">non mostrate</td>") == 2);
    CHECK(page.find(">2</td>") == std::string::npos);
    CHECK(page.find("<td class=\"num\">8</td>\n          <td class=\"num\">36</td>") != std::string::npos);  // totals
    CHECK(page.find("href=\"/risultati.csv?anno=2026\"") != std::string::npos);
  }
  SUBCASE("signed in, the page is for the person alone") {
    Browser b = r.as("learner");
    auto res = b.get("/risultati?anno=2026");
    REQUIRE(res);
    CHECK(res->get_header_value("Cache-Control") == "no-store");
  }
  SUBCASE("the footer links it") {
    auto res = r.site().get("/");
    REQUIRE(res);
    CHECK(res->body.find("<a href=\"/risultati\">Risultati del programma</a>") != std::string::npos);
  }
  SUBCASE("CSV: hidden values as <5") {
    auto res = r.site().get("/risultati.csv?anno=2026");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK_FALSE(res->has_header("Set-Cookie"));
    CHECK(res->body.find("Gruppo di destinatari;Modulo;Persone;Ore-persona;Incontri\r\n") != std::string::npos);
    CHECK(res->body.find("Senza gruppo;Modulo Alfa;<5;<5;<5\r\n") != std::string::npos);
    CHECK(res->body.find(";Modulo Alfa;5;24;<5\r\n") != std::string::npos);
    CHECK(res->body.find("Totale;;8;36;<5\r\n") != std::string::npos);
  }
  SUBCASE("JSON: hidden values null, named in suppressed") {
    auto res = r.site().get("/risultati.json?anno=2026");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK_FALSE(res->has_header("Set-Cookie"));
    const json j = json::parse(res->body);
    CHECK(j["from"] == "2026-01-01");
    CHECK(j["to"] == "2026-12-31");
    CHECK(j["smallest_count_shown"] == 5);
    const json& rows = j["attendance"]["rows"];
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["target_group"] == "");
    CHECK(rows[0]["people"].is_null());
    CHECK(rows[0]["suppressed"] == json({"people", "person_hours", "meetings"}));
    CHECK(rows[1]["target_group"] == "polizia-locale");
    CHECK(rows[1]["module"] == "alfa");
    CHECK(rows[1]["people"] == 5);
    CHECK(rows[1]["person_hours"] == 24);
    CHECK(rows[1]["suppressed"] == json({"meetings"}));
    CHECK(j["attendance"]["totals"]["people"] == 8);
    CHECK(j["attendance"]["totals"]["person_hours"] == 36);
    const json& online = j["online_modules"]["rows"];
    REQUIRE(online.size() == 1);
    CHECK(online[0]["enrolled"] == 5);
    CHECK(online[0]["completed"].is_null());
  }
  SUBCASE("a bad year") {
    auto res = r.site().get("/risultati?anno=1999");
    REQUIRE(res);
    CHECK(res->status == 400);
  }
}
