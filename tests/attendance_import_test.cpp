// Importing a paper sign-in sheet as CSV (core/csv_reader.h, core/attendance_import.h): the reader's
// quoting, separators and line numbers; one fixture per error kind under
// tests/fixtures/attendance_csv/errors/ (NAME.csv and the exact output expected, NAME.expected), each
// changing nothing; valid sheets (';' with BOM and CRLF, ',' with LF) and what they write.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/accounts.h"
#include "core/attendance_import.h"
#include "core/csv_reader.h"
#include "core/learning.h"
#include "importer/importer.h"
#include "event_fixtures.h"
#include "store_dump.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

constexpr UnixSeconds kNow = 1'790'000'000;

// Three meetings: 4 h, 3.5 h, 4 h; module alfa.
const std::string kCourse = "---\ntitle: Corso\ntype: formazione\n" + kThreeMeetings +
                            "modules:\n  - alfa\nlocation:\n  name: Sala\naudience: [polizia-locale]\n"
                            "organizer: Comune di Prova\nregistration: true\n---\nIl corso.\n";

std::filesystem::path fixtures() { return source_dir() / "tests" / "fixtures" / "attendance_csv"; }

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string formatted(const std::string& file, const std::vector<CsvProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += format_csv_problem(file, p) + "\n";
  return out;
}

struct Fixture {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  Accounts accounts{*store};
  Event course;
  std::int64_t anna = 0, bruno = 0;

  Fixture() {
    tree.write("events/2026/corso.md", kCourse);
    REQUIRE(import_content(tree.root(), *store).ok());
    course = store->event(2026, "corso").value();
    anna = insert_person(*store, "anna", kNow);
    bruno = insert_person(*store, "bruno", kNow);
  }

  SheetImport import(const std::string& csv, int meeting = 1, std::int64_t actor = 0) {
    return AttendanceImport(*store).import(course, meeting, csv, actor, kNow);
  }

  std::string query(const std::string& sql) {
    return store->read([&](SQLite::Database& db) {
      SQLite::Statement q(db, sql);
      return rows_text(q);
    });
  }

  // What an import may change, as one string to compare before and after.
  std::string state() {
    return query("SELECT (SELECT COUNT(*) FROM attendance_marks), (SELECT COUNT(*) FROM walk_ins),"
                 " (SELECT COUNT(*) FROM audit_log)");
  }
};

}  // namespace

TEST_CASE("csv reader: separators, quotes, BOM, line breaks and physical line numbers") {
  SUBCASE("';' when the header has more of them, quotes keep separators and line breaks") {
    auto t = read_csv("\xEF\xBB\xBF" "a;b,c;d\r\n1;\"x;y\";\"two\r\nlines\"\r\n\r\n;;\n2;\"say \"\"hi\"\"\";3");
    CHECK(t.separator == ';');
    CHECK(t.problems.empty());
    REQUIRE(t.header.fields == std::vector<std::string>{"a", "b,c", "d"});
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0].line == 2);
    CHECK(t.rows[0].fields == std::vector<std::string>{"1", "x;y", "two\nlines"});
    CHECK(t.rows[1].line == 6);  // after the quoted line break, an empty line and a blank row
    CHECK(t.rows[1].fields == std::vector<std::string>{"2", "say \"hi\"", "3"});
  }
  SUBCASE("',' otherwise; every bad row is reported and reading goes on") {
    auto t = read_csv("a,b\n1,2,3\n\"x\"y,2\n4,5\n");
    CHECK(t.separator == ',');
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].line == 4);
    CHECK(formatted("f.csv", t.problems) ==
          "f.csv:2: error: 3 fields where the header has 2 (a field holding ',' needs quotes)\n"
          "f.csv:3: error: text after the closing quote of field 1; a quote inside a quoted field is written twice (\"\")\n");
  }
  SUBCASE("invalid UTF-8 is reported at the physical line of the bad byte") {
    auto t = read_csv("a;b\n1;\"ok\nbad \xC3\x28\"\n");
    CHECK(formatted("f.csv", t.problems) ==
          "f.csv:3: error: the line is not valid UTF-8 text: save the file as \"CSV UTF-8\"\n");
  }
  SUBCASE("bounds: the file's size and its rows") {
    CsvLimits small{20, 2, 5};
    CHECK(formatted("f.csv", read_csv(std::string(21, 'a'), small).problems) ==
          "f.csv: error: the file is larger than 0 KiB; split it into smaller files\n");
    CHECK(formatted("f.csv", read_csv("a\n1\n2\n3\n4\n", small).problems) ==
          "f.csv:4: error: more than 2 rows; split the sheet into smaller files\n");
    CHECK(formatted("f.csv", read_csv("a\n123456\n", small).problems) ==
          "f.csv:2: error: field 1 is longer than 5 bytes\n");
  }
}

TEST_CASE("attendance import: each error fixture gives exactly its problems and changes nothing") {
  Fixture f;
  const std::string before = f.state();
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(fixtures() / "errors")) {
    if (entry.path().extension() != ".csv") continue;
    ++seen;
    const std::string name = entry.path().filename().string();
    INFO(name);
    auto result = f.import(slurp(entry.path()));
    CHECK(result.status.ok());
    CHECK_FALSE(result.ok());
    CHECK(result.marks == 0);
    CHECK(formatted(name, result.problems) == slurp(entry.path().parent_path() / (entry.path().stem().string() + ".expected")));
    CHECK(f.state() == before);
  }
  CHECK(seen >= 25);
}

TEST_CASE("attendance import: a sheet separated by ';', with BOM and CRLF, decimal comma") {
  Fixture f;
  auto r = f.import(slurp(fixtures() / "valid" / "semicolon_bom_crlf.csv"));
  INFO(formatted("sheet.csv", r.problems));
  REQUIRE(r.ok());
  CHECK(r.marks == 4);
  CHECK(r.walk_ins_added == 2);
  CHECK(r.walk_ins_reused == 0);
  CHECK(f.query("SELECT COALESCE(u.username, w.name), m.meeting, m.status, m.hours, m.note, m.source, m.marked_by"
                " FROM attendance_marks m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN walk_ins w ON w.id = m.walk_in_id"
                " ORDER BY m.id") ==
        "anna,1,present,4.0,,import,0 | bruno,1,late,2.5,arrivato alle 10; in treno,import,0 | "
        "Mario Rossi,1,left_early,1.25,,import,0 | Giulia Verdi,1,excused,0.0,malata,\nha avvisato,import,0");
  CHECK(f.query("SELECT name, target_group, organization FROM walk_ins ORDER BY id") ==
        "Mario Rossi,polizia-locale,Comune di Prova | Giulia Verdi,servizi-sociali,");
  CHECK(f.query("SELECT action, COUNT(*) FROM audit_log GROUP BY action ORDER BY action") ==
        "attendance.import,1 | attendance.mark,4 | attendance.walk_in,2");
  CHECK(f.query("SELECT details FROM audit_log WHERE action = 'attendance.import'") ==
        "event=" + f.course.uid + " meeting=1 marks=4 walk_ins_added=2");
}

TEST_CASE("attendance import: a sheet separated by ',', columns in another order and case, decimal point") {
  Fixture f;
  auto r = f.import(slurp(fixtures() / "valid" / "comma_lf.csv"), 2);
  INFO(formatted("sheet.csv", r.problems));
  REQUIRE(r.ok());
  CHECK(r.marks == 3);
  CHECK(r.walk_ins_added == 1);
  CHECK(f.query("SELECT COALESCE(u.username, w.name), m.meeting, m.status, m.hours FROM attendance_marks m"
                " LEFT JOIN users u ON u.id = m.user_id LEFT JOIN walk_ins w ON w.id = m.walk_in_id ORDER BY m.id") ==
        "anna,2,present,3.5 | bruno,2,absent,0.0 | Rossi, Mario,2,late,1.5");
}

TEST_CASE("attendance import: walk-ins of the event are reused, a row replaces the person's mark") {
  Fixture f;
  REQUIRE(f.import("name;target_group;status\nMario Rossi;polizia-locale;presente\n").ok());
  auto again = f.import("name;status\n MARIO ROSSI ;ritardo\nGiulia Verdi;presente\n", 2);
  REQUIRE(again.ok());
  CHECK(again.walk_ins_added == 1);
  CHECK(again.walk_ins_reused == 1);
  CHECK(f.query("SELECT COUNT(*) FROM walk_ins") == "2");
  auto replaced = f.import("name;status;hours\nmario rossi;presente;1\n");
  REQUIRE(replaced.ok());
  CHECK(f.query("SELECT meeting, status, hours FROM attendance_marks WHERE walk_in_id = 1 ORDER BY meeting") ==
        "1,present,1.0 | 2,late,1.75");
  SUBCASE("a walk-in merged into an account is not reused") {
    REQUIRE(Attendance(*f.store).merge_walk_in(1, f.anna, 0, kNow).ok());
    auto after = f.import("name;status\nMario Rossi;presente\n", 3);
    REQUIRE(after.ok());
    CHECK(after.walk_ins_added == 1);
  }
}

TEST_CASE("attendance import: a disabled account may be marked, an erased one is unknown") {
  Fixture f;
  REQUIRE(f.accounts.set_disabled(f.bruno, true, 0, kNow).ok());
  CHECK(f.import("username;status\nbruno;presente\n").ok());
  REQUIRE(f.accounts.erase(f.anna, 0, kNow).ok());
  const std::string before = f.state();
  auto r = f.import("username;status\ncancellato-" + std::to_string(f.anna) + ";presente\nanna;presente\n");
  CHECK(formatted("s.csv", r.problems) ==
        "s.csv:2: error: no account with username 'cancellato-" + std::to_string(f.anna) + "'\n"
        "s.csv:3: error: no account with username 'anna'\n");
  CHECK(f.state() == before);
}

TEST_CASE("attendance import: bounds of the sheet, the meeting and who may import") {
  Fixture f;
  const std::string before = f.state();
  SUBCASE("more than 5000 rows") {
    std::string csv = "name;status\n";
    for (int i = 0; i <= 5000; ++i) csv += "Ospite " + std::to_string(i) + ";presente\n";
    auto r = f.import(csv);
    CHECK(formatted("s.csv", r.problems) == "s.csv:5002: error: more than 5000 rows; split the sheet into smaller files\n");
  }
  SUBCASE("more than 1 MiB") {
    auto r = f.import("name;status\n" + std::string(1024 * 1024, 'x'));
    CHECK(formatted("s.csv", r.problems) == "s.csv: error: the file is larger than 1024 KiB; split it into smaller files\n");
  }
  SUBCASE("no such meeting") {
    auto r = f.import("username;status\nanna;presente\n", 4);
    CHECK(r.status.code() == Status::Code::invalid);
    CHECK(r.status.message() == "the event has no meeting 4");
  }
  SUBCASE("a learner may not import, even a sheet with problems") {
    auto r = f.import("username;status\nanna;boh\n", 1, f.bruno);
    CHECK(r.status.code() == Status::Code::invalid);
    CHECK(r.problems.empty());
  }
  CHECK(f.state() == before);
}

TEST_CASE("attendance import: the hours imported complete the module of an enrolled learner") {
  Fixture f;
  std::string alfa = slurp(source_dir() / "tests" / "fixtures" / "content-base" / "modules" / "alfa" / "index.md");
  alfa.insert(alfa.find("\n---") + 1, "completion:\n  quizzes: none\n  in_person_hours: 4\n");
  f.tree.write("modules/alfa/index.md", alfa);
  REQUIRE(import_content(f.tree.root(), *f.store).ok());
  Learning learning(*f.store);
  for (const char* lesson : {"primo-passo", "secondo-passo"}) REQUIRE(learning.mark_read(f.anna, "alfa", lesson, kNow).ok());
  const std::string completed = "SELECT COUNT(*) FROM enrolments WHERE completed_at IS NOT NULL";
  CHECK(f.query(completed) == "0");
  REQUIRE(f.import("username;status\nanna;ritardo\n").ok());  // 2 h
  CHECK(f.query(completed) == "0");
  REQUIRE(f.import("username;status\nanna;presente\n", 2).ok());  // 5.5 h
  CHECK(f.query(completed) == "1");
  CHECK(f.query("SELECT COUNT(*) FROM audit_log WHERE action = 'learning.complete'") == "1");
}

TEST_CASE("csv reader: random text from the characters that matter keeps its promises") {
  // Deterministic: the same sequence on every run.
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  const std::string alphabet[] = {";", ",", "\"", "\r", "\n", "\r\n", "a", "status", "\xC3\xA8", "\xC3", "\xEF\xBB\xBF", " "};
  for (int run = 0; run < 2000; ++run) {
    std::string text;
    const int pieces = static_cast<int>(next() % 40);
    for (int i = 0; i < pieces; ++i) text += alphabet[(next() >> 8) % std::size(alphabet)];
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    auto t = read_csv(text);
    INFO(text);
    for (const auto& row : t.rows) {
      CHECK(row.fields.size() == t.header.fields.size());
      CHECK(row.line > t.header.line);
      CHECK(row.line <= lines);
    }
    for (const auto& p : t.problems) CHECK((p.line >= 0 && p.line <= lines));
    auto sheet = parse_attendance_sheet(text, 4.0);
    CHECK(std::is_sorted(sheet.problems.begin(), sheet.problems.end(),
                         [](const CsvProblem& a, const CsvProblem& b) { return a.line < b.line; }));
  }
}
