// The attendance report (core/attendance_report.h) against a hand-computed fixture, the parsing of
// its dimensions and the checks of its query; the report's tables as CSV and as an .xlsx workbook
// read back by an independent reader (openpyxl, tests/read_xlsx.py).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include "core/attendance.h"
#include "core/accounts.h"
#include "core/attendance_report.h"
#include "core/attendance_report_cache.h"
#include "importer/importer.h"
#include "server/report_files.h"
#include "store_dump.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

constexpr UnixSeconds kNow = 1'790'000'000;

// Three meetings: 4 h on 2026-11-20, 3.5 h on 2026-12-10, 4 h on 2027-01-15; modules alfa and beta.
const char* const kCourse =
    "---\ntitle: Corso\ntype: formazione\n"
    "meetings:\n"
    "  - start: 2026-11-20 09:00\n    end: 2026-11-20 13:00\n"
    "  - start: 2026-12-10 09:00\n    end: 2026-12-10 12:30\n"
    "  - start: 2027-01-15 14:00\n    end: 2027-01-15 18:00\n"
    "modules:\n  - alfa\n  - beta\n"
    "location:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune di Prova\nregistration: true\n"
    "---\nIl corso.\n";

// No meetings (one of 2 h), no modules.
const char* const kEvening =
    "---\ntitle: Serata\ntype: incontro\nstart: 2026-12-20 18:00\nend: 2026-12-20 20:00\n"
    "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\n---\nSerata.\n";

// Only an absent mark: no meeting held as far as the report goes.
const char* const kEmptyEvening =
    "---\ntitle: Serata vuota\ntype: incontro\nstart: 2026-10-05 18:00\nend: 2026-10-05 20:00\n"
    "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\n---\nSerata.\n";

const char* const kBeta =
    "---\ntitle: Modulo Beta\nsummary: Il secondo.\ntarget_groups: [servizi-sociali]\nobjectives: [Capire]\n"
    "duration_hours: 1\nstatus: published\n---\nBeta.\n";

// The fixture's attended marks (status, hours), person: group / organization:
//   course 1 (2026-11-20): anna present 4, bruno late 2, walk-in dario present 4 (carla absent)
//   course 2 (2026-12-10): anna left early 1.5, carla present 3.5 (bruno excused)
//   course 3 (2027-01-15): anna present 4, walk-in ugo present 4
//   evening (2026-12-20): anna present 2, bruno present 2, dario late 1
//   empty evening (2026-10-05): bruno absent
// anna: polizia-locale / Comune di Prova; bruno: servizi-sociali / ASST Cremona; carla: marked while
// in polizia-locale, now servizi-sociali / Comune di Prova; dario: servizi-sociali / Cooperativa;
// ugo: no group, no organization.
struct Fixture {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  Attendance attendance{*store};
  Event course, evening, empty;
  std::int64_t anna = 0, bruno = 0, carla = 0, dario = 0, ugo = 0;

  Fixture() {
    tree.write("modules/beta/index.md", kBeta);
    tree.write("events/2026/corso.md", kCourse);
    tree.write("events/2026/serata.md", kEvening);
    tree.write("events/2026/vuota.md", kEmptyEvening);
    REQUIRE(import_content(tree.root(), *store).ok());
    course = store->event(2026, "corso").value();
    evening = store->event(2026, "serata").value();
    empty = store->event(2026, "vuota").value();
    anna = insert_person(*store, "anna", kNow);
    bruno = insert_person(*store, "bruno", kNow);
    carla = insert_person(*store, "carla", kNow);
    exec("UPDATE users SET target_group = 'servizi-sociali', organization = 'ASST Cremona' WHERE id = " +
         std::to_string(bruno));
    dario = attendance.add_walk_in({"Dario Ospite", "servizi-sociali", "Cooperativa"}, 0, kNow).value();
    ugo = attendance.add_walk_in({"Ugo Ignoto", "", ""}, 0, kNow).value();
    using S = AttendanceStatus;
    mark(course, 1, {anna, 0}, S::present);
    mark(course, 1, {bruno, 0}, S::late);
    mark(course, 1, {0, dario}, S::present);
    mark(course, 1, {carla, 0}, S::absent);
    mark(course, 2, {anna, 0}, S::left_early, 1.5);
    mark(course, 2, {carla, 0}, S::present);
    mark(course, 2, {bruno, 0}, S::excused);
    mark(course, 3, {anna, 0}, S::present);
    mark(course, 3, {0, ugo}, S::present);
    mark(evening, 1, {anna, 0}, S::present);
    mark(evening, 1, {bruno, 0}, S::present);
    mark(evening, 1, {0, dario}, S::late);
    mark(empty, 1, {bruno, 0}, S::absent);
    exec("UPDATE users SET target_group = 'servizi-sociali' WHERE id = " + std::to_string(carla));
  }

  void exec(const std::string& sql) {
    REQUIRE(store->write([&](SQLite::Database& db) { db.exec(sql); }).ok());
  }

  void mark(const Event& e, int meeting, Attendee who, AttendanceStatus status, std::optional<double> hours = {}) {
    REQUIRE(attendance.mark(e, meeting, who, status, hours, "", 0, kNow).ok());
  }

  AttendanceReport report(const std::string& by, std::string from = "2026-01-01", std::string to = "2027-12-31") {
    ReportQuery q;
    q.from = std::move(from);
    q.to = std::move(to);
    q.by = parse_report_dimensions(by).value();
    return run(q);
  }

  AttendanceReport run(const ReportQuery& q) {
    auto r = attendance_report(*store, q);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return r.value();
  }
};

// The rows as "key|key: people, hours, meetings" lines, for comparing with the hand count.
std::vector<std::string> lines(const AttendanceReport& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows) {
    std::string keys;
    for (size_t i = 0; i < row.keys.size(); ++i) keys += (i ? "|" : "") + row.keys[i];
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, ": %d, %g, %d", row.numbers.people, row.numbers.person_hours,
                  row.numbers.meetings);
    out.push_back(keys + numbers);
  }
  return out;
}

const ReportNumbers kAll{5, 28, 4};  // anna, bruno, carla, dario, ugo; every hour; 4 meetings held

}  // namespace

TEST_CASE("attendance report: totals count each person, hour and meeting once") {
  Fixture f;
  for (const char* by : {"", "target_group", "module", "target_group,module", "organization", "month", "quarter",
                         "year", "year,quarter,month,module,organization,target_group"}) {
    CAPTURE(by);
    CHECK(f.report(by).totals == kAll);
  }
  CHECK(f.report("").rows.empty());
}

TEST_CASE("attendance report: the breakdowns, against the hand count") {
  Fixture f;
  // Carla counts in her current group; ugo, a walk-in without one, under "".
  CHECK(lines(f.report("target_group")) ==
        std::vector<std::string>{": 1, 4, 1", "polizia-locale: 1, 11.5, 4", "servizi-sociali: 3, 12.5, 3"});
  // The course names two modules: its marks count in both; the evening names none.
  CHECK(lines(f.report("module")) == std::vector<std::string>{": 3, 5, 1", "alfa: 5, 23, 3", "beta: 5, 23, 3"});
  CHECK(lines(f.report("target_group,module")) ==
        std::vector<std::string>{"|alfa: 1, 4, 1", "|beta: 1, 4, 1", "polizia-locale|: 1, 2, 1",
                                 "polizia-locale|alfa: 1, 9.5, 3", "polizia-locale|beta: 1, 9.5, 3",
                                 "servizi-sociali|: 2, 3, 1", "servizi-sociali|alfa: 3, 9.5, 2",
                                 "servizi-sociali|beta: 3, 9.5, 2"});
  // The dimensions' order is the columns' order.
  CHECK(lines(f.report("module,target_group")).front() == "|polizia-locale: 1, 2, 1");
  CHECK(lines(f.report("organization")) ==
        std::vector<std::string>{": 1, 4, 1", "ASST Cremona: 1, 4, 2", "Comune di Prova: 2, 15, 4",
                                 "Cooperativa: 1, 5, 2"});
  CHECK(lines(f.report("month")) ==
        std::vector<std::string>{"2026-11: 3, 10, 1", "2026-12: 4, 10, 2", "2027-01: 2, 8, 1"});
  CHECK(lines(f.report("quarter")) == std::vector<std::string>{"2026-Q4: 4, 20, 3", "2027-Q1: 2, 8, 1"});
  CHECK(lines(f.report("year")) == std::vector<std::string>{"2026: 4, 20, 3", "2027: 2, 8, 1"});
  CHECK(lines(f.report("year,quarter")) == std::vector<std::string>{"2026|2026-Q4: 4, 20, 3", "2027|2027-Q1: 2, 8, 1"});
}

TEST_CASE("attendance report: the same numbers whichever way the tallies are held") {
  Fixture f;
  for (const char* by : {"target_group", "module", "target_group,module", "organization,month", "quarter,module",
                         "year,quarter,month,module,organization,target_group"}) {
    CAPTURE(by);
    const auto usual = f.report(by);
    ReportQuery q = usual.query;
    for (const ReportMemory memory : {ReportMemory{0, 0}, ReportMemory{0, 1 << 20}, ReportMemory{1 << 20, 0}}) {
      auto other = attendance_report(*f.store, q, memory);
      REQUIRE(other.ok());
      CHECK(lines(other.value()) == lines(usual));
      CHECK(other->totals == usual.totals);
    }
  }
}

TEST_CASE("attendance report: the period takes meetings by their local date, both ends included") {
  Fixture f;
  const auto december = f.report("month", "2026-12-01", "2026-12-31");
  CHECK(lines(december) == std::vector<std::string>{"2026-12: 4, 10, 2"});
  CHECK(december.totals == ReportNumbers{4, 10, 2});
  CHECK(f.report("", "2026-12-10", "2026-12-10").totals == ReportNumbers{2, 5, 1});  // one day
  CHECK(f.report("", "2026-12-11", "2026-12-19").totals == ReportNumbers{});          // nothing
  CHECK(f.report("", "2027-01-15", "2027-01-15").totals == ReportNumbers{2, 8, 1});
}

TEST_CASE("attendance report: filters") {
  Fixture f;
  ReportQuery q{"2026-01-01", "2027-12-31", {}, {}, {}, {}};
  SUBCASE("target group") {
    q.target_group = "servizi-sociali";
    CHECK(f.run(q).totals == ReportNumbers{3, 12.5, 3});
    q.target_group = "";
    CHECK(f.run(q).totals == ReportNumbers{1, 4, 1});
  }
  SUBCASE("organization") {
    q.organization = "Cooperativa";
    CHECK(f.run(q).totals == ReportNumbers{1, 5, 2});
  }
  SUBCASE("module, with and without the module dimension") {
    q.module = "alfa";
    CHECK(f.run(q).totals == ReportNumbers{5, 23, 3});
    q.by = {ReportDimension::module};
    CHECK(lines(f.run(q)) == std::vector<std::string>{"alfa: 5, 23, 3"});
    q.by = {ReportDimension::target_group};
    CHECK(lines(f.run(q)) ==
          std::vector<std::string>{": 1, 4, 1", "polizia-locale: 1, 9.5, 3", "servizi-sociali: 3, 9.5, 2"});
    q.module = "";
    CHECK(f.run(q).totals == ReportNumbers{3, 5, 1});
    q.by = {ReportDimension::module};
    CHECK(lines(f.run(q)) == std::vector<std::string>{": 3, 5, 1"});
  }
  SUBCASE("all together") {
    q.module = "alfa";
    q.target_group = "servizi-sociali";
    q.organization = "Comune di Prova";
    CHECK(f.run(q).totals == ReportNumbers{1, 3.5, 1});  // carla at the second meeting
  }
}

TEST_CASE("attendance report: a walk-in merged into an account counts as that person") {
  Fixture f;
  const auto ezio = insert_person(*f.store, "ezio", kNow);  // polizia-locale
  REQUIRE(f.attendance.merge_walk_in(f.ugo, ezio, 0, kNow).ok());
  CHECK(f.report("").totals == kAll);
  CHECK(lines(f.report("target_group")) ==
        std::vector<std::string>{"polizia-locale: 2, 15.5, 4", "servizi-sociali: 3, 12.5, 3"});
}

namespace {

// Every breakdown the cache is compared on, over the fixture's whole period and parts of it, with
// and without filters.
std::vector<ReportQuery> cache_queries() {
  std::vector<ReportQuery> out;
  for (const char* by : {"", "target_group", "module", "target_group,module", "organization", "month,module",
                         "year,quarter,month,module,organization,target_group"})
    for (auto [from, to] : {std::pair{"2026-01-01", "2027-12-31"}, std::pair{"2026-12-01", "2026-12-31"}}) {
      ReportQuery q{from, to, parse_report_dimensions(by).value(), {}, {}, {}};
      out.push_back(q);
      q.module = "alfa";
      out.push_back(q);
      q.module.reset();
      q.target_group = "servizi-sociali";
      out.push_back(q);
      q.organization = "Comune di Prova";
      out.push_back(q);
    }
  return out;
}

// The cached report of every query equals the direct one; the cache's reports, as lines.
std::vector<std::string> cached_equals_direct(Fixture& f, AttendanceReportCache& cache) {
  std::vector<std::string> all;
  for (const auto& q : cache_queries()) {
    CAPTURE(report_dimensions_text(q.by));
    CAPTURE(q.from);
    auto cached = attendance_report(cache, q);
    REQUIRE(cached.ok());
    const auto direct = f.run(q);
    CHECK(lines(cached.value()) == lines(direct));
    CHECK(cached->totals == direct.totals);
    for (auto& line : lines(cached.value())) all.push_back(std::move(line));
    char totals[96];
    std::snprintf(totals, sizeof totals, "totals %d, %g, %d", cached->totals.people, cached->totals.person_hours,
                  cached->totals.meetings);
    all.emplace_back(totals);
  }
  return all;
}

}  // namespace

TEST_CASE("attendance report: the cache gives the direct numbers, reading the database once") {
  Fixture f;
  AttendanceReportCache cache(*f.store);
  CHECK(cache.bytes() == 0);
  cached_equals_direct(f, cache);
  CHECK(cache.rebuilds() == 1);
  CHECK(cache.bytes() > 0);
  // The hand count, through the cache, with every way of holding the tallies.
  for (const ReportMemory memory : {ReportMemory{}, ReportMemory{0, 0}, ReportMemory{0, 1 << 20}}) {
    auto r = attendance_report(cache, {"2026-01-01", "2027-12-31", {ReportDimension::target_group}, {}, {}, {}}, memory);
    REQUIRE(r.ok());
    CHECK(lines(r.value()) ==
          std::vector<std::string>{": 1, 4, 1", "polizia-locale: 1, 11.5, 4", "servizi-sociali: 3, 12.5, 3"});
    CHECK(r->totals == kAll);
  }
  CHECK(cache.rebuilds() == 1);
  // A bad query is refused as the direct report refuses it.
  auto bad = attendance_report(cache, {"2026-12-31", "2026-01-01", {}, {}, {}, {}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "to: 2026-01-01 is before from (2026-12-31)");
}

TEST_CASE("attendance report: every write the report counts makes the cache read again") {
  Fixture f;
  const auto ezio = insert_person(*f.store, "ezio", kNow);  // polizia-locale, no marks
  AttendanceReportCache cache(*f.store);
  auto before = cached_equals_direct(f, cache);
  CHECK(cache.rebuilds() == 1);
  const auto changed = [&](const char* what) {
    CAPTURE(what);
    const auto rebuilds = cache.rebuilds();
    auto after = cached_equals_direct(f, cache);
    CHECK(cache.rebuilds() == rebuilds + 1);
    CHECK(after != before);
    before = std::move(after);
  };
  // Writes the report does not count leave the snapshot as it is.
  REQUIRE(Accounts(*f.store).update_profile(f.anna, "Anna Nuova", "anna@example.org", kNow).ok());
  f.exec("UPDATE users SET target_group = target_group, organization = organization");
  cached_equals_direct(f, cache);
  CHECK(cache.rebuilds() == 1);

  f.mark(f.course, 3, {f.bruno, 0}, AttendanceStatus::present);
  changed("a new mark");
  f.mark(f.course, 3, {f.bruno, 0}, AttendanceStatus::late, 1);
  changed("a mark changed");
  f.exec("UPDATE users SET target_group = 'polizia-locale' WHERE id = " + std::to_string(f.carla));
  changed("a changed target group");
  f.exec("UPDATE users SET organization = 'Cooperativa' WHERE id = " + std::to_string(f.bruno));
  changed("a changed organization");
  REQUIRE(f.attendance.merge_walk_in(f.ugo, ezio, 0, kNow).ok());
  changed("a merged walk-in");
  f.exec("UPDATE walk_ins SET target_group = 'polizia-locale' WHERE id = " + std::to_string(f.dario));
  changed("a walk-in's target group");
  REQUIRE(Accounts(*f.store).erase(f.anna, 0, kNow).ok());
  changed("an erased person (organization cleared)");
  f.exec("DELETE FROM attendance_marks WHERE user_id = " + std::to_string(f.bruno));
  changed("marks deleted");
  // The content: a meeting moved to another month, a module dropped, an event removed.
  std::string course = kCourse;
  course.replace(course.find("2026-12-10"), 10, "2026-11-30");
  f.tree.write("events/2026/corso.md", course);
  REQUIRE(import_content(f.tree.root(), *f.store).ok());
  changed("a meeting moved");
  course.erase(course.find("  - beta\n"), 9);
  f.tree.write("events/2026/corso.md", course);
  REQUIRE(import_content(f.tree.root(), *f.store).ok());
  changed("a module dropped");
  std::string evening = kEvening;
  evening.replace(evening.find("2026-12-20"), 10, "2026-11-27");
  f.tree.write("events/2026/serata.md", evening);
  REQUIRE(import_content(f.tree.root(), *f.store).ok());
  changed("the date of an event without meetings");
  f.tree.remove("events/2026/serata.md");
  REQUIRE(import_content(f.tree.root(), *f.store).ok());
  changed("an event removed");
}

TEST_CASE("attendance report: requests during a rebuild share one snapshot") {
  Fixture f;
  AttendanceReportCache cache(*f.store);
  const ReportQuery q{"2026-01-01", "2027-12-31", {ReportDimension::target_group, ReportDimension::module}, {}, {}, {}};
  REQUIRE(attendance_report(cache, q).ok());
  f.mark(f.course, 3, {f.carla, 0}, AttendanceStatus::present);
  const auto expected = lines(f.run(q));
  std::vector<std::vector<std::string>> got(8);
  std::vector<std::thread> threads;
  for (auto& out : got)
    threads.emplace_back([&cache, &q, &out] {
      auto r = attendance_report(cache, q);
      if (r.ok()) out = lines(r.value());
    });
  for (auto& t : threads) t.join();
  for (const auto& out : got) CHECK(out == expected);
  CHECK(cache.rebuilds() == 2);
}

TEST_CASE("attendance report: people with very large ids are counted") {
  Fixture f;
  f.exec("INSERT INTO users(id, username, display_name, password_hash, organization, target_group, created_at)"
         " VALUES (1000000000000, 'lontano', 'Lontano', 'x', 'Lontana', 'servizi-sociali', 0)");
  REQUIRE(f.attendance.mark(f.evening, 1, {1000000000000, 0}, AttendanceStatus::present, {}, "", 0, kNow).ok());
  AttendanceReportCache cache(*f.store);
  cached_equals_direct(f, cache);
  CHECK(f.report("").totals == ReportNumbers{6, 30, 4});
}

TEST_CASE("attendance report: dimensions are parsed, refusing unknown, repeated and empty ones") {
  CHECK(parse_report_dimensions("").value().empty());
  CHECK(parse_report_dimensions(" target_group , module").value() ==
        std::vector<ReportDimension>{ReportDimension::target_group, ReportDimension::module});
  CHECK(report_dimensions_text(parse_report_dimensions("year,quarter,month,organization").value()) ==
        "year,quarter,month,organization");
  auto refused = [](const std::string& text, const std::string& words) {
    auto r = parse_report_dimensions(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK_MESSAGE(r.status().message().find(words) != std::string::npos, r.status().message());
    CHECK(r.status().message().rfind("by: ", 0) == 0);
  };
  refused("target_group,gruppo", "unknown dimension 'gruppo'");
  refused("module,module", "'module' is given twice");
  refused("module,,year", "empty dimension");
  refused("module,", "empty dimension");
  refused("Module", "unknown dimension 'Module'");
}

TEST_CASE("attendance report: a bad query is refused, naming the field") {
  Fixture f;
  auto refused = [&](ReportQuery q, const std::string& words) {
    auto r = attendance_report(*f.store, q);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK_MESSAGE(r.status().message().find(words) != std::string::npos, r.status().message());
  };
  refused({"", "2026-12-31", {}, {}, {}, {}}, "from: a date (YYYY-MM-DD) is required");
  refused({"2026-01-01", "", {}, {}, {}, {}}, "to: a date (YYYY-MM-DD) is required");
  refused({"2026-13-01", "2026-12-31", {}, {}, {}, {}}, "from:");
  refused({"2026-02-29", "2026-12-31", {}, {}, {}, {}}, "is not a date that exists");
  refused({"2026-01-01", "2026-12-31 10:00", {}, {}, {}, {}}, "to:");
  refused({"1.1.2026", "2026-12-31", {}, {}, {}, {}}, "from:");
  refused({"2026-12-31", "2026-01-01", {}, {}, {}, {}}, "to: 2026-01-01 is before from (2026-12-31)");
  refused({"2016-01-01", "2026-01-01", {}, {}, {}, {}}, "longer than 3653 days");
  refused({"2026-01-01", "2026-12-31", {ReportDimension::year, ReportDimension::year}, {}, {}, {}},
          "by: 'year' is given twice");
  CHECK(attendance_report(*f.store, {"2016-01-01", "2025-12-31", {}, {}, {}, {}}).ok());  // ten years exactly
}

namespace {

std::string run_reader(const std::string& workbook) {
  TempDir dir;
  const auto path = dir.path() / "report.xlsx";
  std::ofstream(path, std::ios::binary) << workbook;
  const std::string command =
      std::string(SENTINELLA_PYTHON3) + " '" + (source_dir() / "tests" / "read_xlsx.py").string() + "' '" + path.string() + "' 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  CHECK_MESSAGE(pclose(pipe) == 0, out);
  return out;
}

ReportLabels italian_labels() {
  ReportLabels labels;
  labels.label = [](std::string_view key) -> std::string {
    if (key == "target_group") return "Gruppo";
    if (key == "people") return "Persone";
    if (key == "total") return "Totale";
    if (key == "from") return "Dal";
    return "";  // the key itself
  };
  labels.key_text = [](ReportDimension d, const std::string& value) -> std::string {
    return d == ReportDimension::target_group && value.empty() ? "(nessun gruppo)" : "";
  };
  return labels;
}

}  // namespace

TEST_CASE("attendance report: as a table, as CSV for Italian Excel") {
  Fixture f;
  const ReportTable t = attendance_table(f.report("target_group"), "Per gruppo", italian_labels());
  CHECK(t.title == "Per gruppo");
  REQUIRE(t.facts.size() == 2);
  CHECK(t.facts[0].first == "Dal");
  CHECK(t.facts[0].second.kind == ReportCell::Kind::date);
  CHECK(t.facts[1].first == "to");
  CHECK(t.facts[1].second.text == "2027-12-31");
  CHECK(t.columns == std::vector<std::string>{"Gruppo", "Persone", "person_hours", "meetings"});
  REQUIRE(t.rows.size() == 4);  // three groups and the totals
  CHECK(t.rows[0][0].text == "(nessun gruppo)");
  CHECK(t.rows[1][2].kind == ReportCell::Kind::number);
  CHECK(t.rows[1][2].number == 11.5);
  CHECK(t.rows[3][0].text == "Totale");
  CHECK(t.rows[3][1].number == 5);
  CHECK(report_csv(t) ==
        "\xEF\xBB\xBFGruppo;Persone;person_hours;meetings\r\n(nessun gruppo);1;4;1\r\npolizia-locale;1;11,5;4\r\n"
        "servizi-sociali;3;12,5;3\r\nTotale;5;28;4\r\n");
  // Without dimensions: the totals alone.
  const ReportTable totals = attendance_table(f.report(""), "Totali");
  CHECK(totals.columns == std::vector<std::string>{"people", "person_hours", "meetings"});
  REQUIRE(totals.rows.size() == 1);
  CHECK(totals.rows[0].size() == 3);
  // Dates as Italian Excel reads them; hours rounded to two decimals.
  ReportTable dates{"Date", {}, {"giorno", "ore"}, {{ReportCell::of_date("2026-03-09"), ReportCell::of_number(1.0 / 3)}}};
  CHECK(report_csv(dates) == "\xEF\xBB\xBFgiorno;ore\r\n09/03/2026;0,33\r\n");
}

TEST_CASE("attendance report: sheet names are valid and unique") {
  CHECK(workbook_sheet_name("Per gruppo", {}) == "Per gruppo");
  CHECK(workbook_sheet_name("Ore [2026]: gruppo/modulo*?\\", {}) == "Ore  2026   gruppo modulo");
  CHECK(workbook_sheet_name("'Citato'", {}) == "Citato");
  CHECK(workbook_sheet_name("", {}) == "Foglio");
  CHECK(workbook_sheet_name("[]", {}) == "Foglio");
  const std::string long_title = "Persone formate per gruppo e modulo nel periodo";
  CHECK(workbook_sheet_name(long_title, {}) == "Persone formate per gruppo e mo");
  CHECK(workbook_sheet_name(long_title, {"persone formate per gruppo e mo"}) == "Persone formate per gruppo (2)");
  CHECK(workbook_sheet_name("Per gruppo", {"Per gruppo", "Per gruppo (2)"}) == "Per gruppo (3)");
  // 31 characters, not bytes.
  std::string accented;
  for (int i = 0; i < 40; ++i) accented += "è";
  CHECK(workbook_sheet_name(accented, {}).size() == 31 * 2);
}

TEST_CASE("attendance report: the .xlsx workbook, read back by openpyxl") {
  Fixture f;
  const auto by_group = attendance_table(f.report("target_group"), "Per gruppo", italian_labels());
  const auto by_month = attendance_table(f.report("month,module"), "Ore per mese/modulo: [dettaglio]");
  auto bytes = report_workbook({by_group, by_month});
  REQUIRE_MESSAGE(bytes.ok(), bytes.status().message());
  CHECK(bytes->rfind("PK", 0) == 0);  // a zip file
  const std::string cells = run_reader(bytes.value());
  CAPTURE(cells);
  for (const char* line : {
           "Per gruppo\tA1\ttext\tPer gruppo\tbold",
           "Per gruppo\tA2\ttext\tDal",
           "Per gruppo\tB2\tdate\t2026-01-01 dd/mm/yyyy",
           "Per gruppo\tB3\tdate\t2027-12-31 dd/mm/yyyy",
           "Per gruppo\tA5\ttext\tGruppo\tbold",
           "Per gruppo\tB5\ttext\tPersone\tbold",
           "Per gruppo\tA6\ttext\t(nessun gruppo)",
           "Per gruppo\tB6\tnumber\t1",
           "Per gruppo\tA7\ttext\tpolizia-locale",
           "Per gruppo\tC7\tnumber\t11.5",
           "Per gruppo\tD7\tnumber\t4",
           "Per gruppo\tA9\ttext\tTotale",
           "Per gruppo\tC9\tnumber\t28",
           "Per gruppo\tfrozen\tA6",
           "Ore per mese modulo   dettaglio\tA1\ttext\tOre per mese/modulo: [dettaglio]\tbold",
           "Ore per mese modulo   dettaglio\tA6\ttext\t2026-11",
           "Ore per mese modulo   dettaglio\tB6\ttext\talfa",
           "Ore per mese modulo   dettaglio\tC6\tnumber\t3",
       }) {
    CHECK_MESSAGE(contains(cells, std::string(line) + "\n"), line);
  }
  // The first column of the sheet is only text: no number or date slipped into the keys.
  CHECK_FALSE(contains(cells, "Per gruppo\tA6\tnumber"));
}
