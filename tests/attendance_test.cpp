// Attendance per meeting (core/attendance.h): statuses and their hours, bounds, who may mark,
// "all present", walk-ins and their merge into an account, erasure, and the hours per module.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <memory>

#include "core/accounts.h"
#include "core/attendance.h"
#include "core/completion.h"
#include "core/event_registrations.h"
#include "core/personal_data.h"
#include "importer/importer.h"
#include "store_dump.h"
#include "event_fixtures.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

constexpr UnixSeconds kNow = 1'790'000'000;  // September 2026, before the course

// Three meetings: 4 h, 3.5 h, 4 h; module alfa (for polizia-locale).
const std::string kCourse =
    "---\ntitle: Corso in tre mattine\ntype: formazione\n" + kThreeMeetings +
    "modules:\n  - alfa\n"
    "location:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune di Prova\nregistration: true\n"
    "---\nIl corso.\n";

// One span of 2 h, no meetings, no modules.
const char* const kEvening =
    "---\ntitle: Serata\ntype: incontro\nstart: 2026-12-20 18:00\nend: 2026-12-20 20:00\n"
    "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\n---\nSerata.\n";

struct Fixture {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  Accounts accounts{*store};
  Attendance attendance{*store};
  Event course, evening;

  Fixture() {
    tree.write("events/2026/corso.md", kCourse);
    tree.write("events/2026/serata.md", kEvening);
    auto report = import_content(tree.root(), *store);
    REQUIRE(report.ok());
    course = store->event(2026, "corso").value();
    evening = store->event(2026, "serata").value();
  }

  std::int64_t person(const std::string& username) { return insert_person(*store, username, kNow); }

  std::int64_t staff(const std::string& username, RoleSet roles, const std::vector<std::string>& trains = {}) {
    const auto id = person(username);
    REQUIRE(accounts.set_roles(id, roles, 0, kNow).ok());
    if (!trains.empty())
      REQUIRE(accounts.set_trained_groups(id, trains, {"polizia-locale", "servizi-sociali"}, 0, kNow).ok());
    return id;
  }

  Result<double> mark(std::int64_t user, int meeting, AttendanceStatus status,
                      std::optional<double> hours = std::nullopt, const std::string& note = "") {
    return attendance.mark(course, meeting, Attendee{user, 0}, status, hours, note, 0, kNow);
  }

  int count(const std::string& sql) {
    return store->read([&](SQLite::Database& db) {
      SQLite::Statement q(db, sql);
      q.executeStep();
      return q.getColumn(0).getInt();
    });
  }

  // The marks of a meeting as its roster lists them (alphabetical), without the unmarked.
  std::vector<RosterEntry> marks(int meeting) {
    std::vector<RosterEntry> out;
    for (auto& r : AttendanceRoster(*store).roster(course.uid, meeting))
      if (r.marked) out.push_back(std::move(r));
    return out;
  }

  double hours(std::int64_t user, const std::string& module) {
    return store->read([&](SQLite::Database& db) { return attended_hours(db, user, module); });
  }
};

}  // namespace

TEST_CASE("attendance: each status records its hours, defaulting from the meeting's length") {
  Fixture f;
  const auto anna = f.person("anna");
  CHECK(meeting_hours(f.course, 2) == 3.5);
  CHECK(meeting_hours(f.evening, 1) == 2.0);  // an event without meetings is meeting 1
  CHECK_FALSE(meeting_hours(f.evening, 2));
  CHECK_FALSE(meeting_hours(f.course, 0));
  CHECK_FALSE(meeting_hours(f.course, 4));

  CHECK(f.mark(anna, 1, AttendanceStatus::present).value() == 4.0);
  CHECK(f.mark(anna, 2, AttendanceStatus::late).value() == 3.5 * kPartialAttendanceShare);
  CHECK(f.mark(anna, 2, AttendanceStatus::left_early, 3.0).value() == 3.0);
  CHECK(f.mark(anna, 3, AttendanceStatus::present, 3.75).value() == 3.75);
  CHECK(f.mark(anna, 3, AttendanceStatus::excused).value() == 0.0);
  CHECK(f.mark(anna, 3, AttendanceStatus::absent, 0.0).value() == 0.0);
  // Marking again replaces the mark: one per person per meeting.
  CHECK(f.count("SELECT COUNT(*) FROM attendance_marks") == 3);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'attendance.mark'") == 6);
  CHECK(parse_attendance_status("left_early") == AttendanceStatus::left_early);
  CHECK_FALSE(parse_attendance_status("presente"));
}

TEST_CASE("attendance: bad input is refused, naming the problem, and changes nothing") {
  Fixture f;
  const auto anna = f.person("anna");
  auto refused = [&](Result<double> r, const std::string& words) {
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK_MESSAGE(r.status().message().find(words) != std::string::npos, r.status().message());
  };
  refused(f.mark(anna, 4, AttendanceStatus::present), "no meeting 4");
  refused(f.mark(anna, 1, AttendanceStatus::present, 4.25), "more than the meeting's length");
  refused(f.mark(anna, 1, AttendanceStatus::late, -1.0), "negative");
  refused(f.mark(anna, 1, AttendanceStatus::absent, 1.0), "0 hours");
  refused(f.mark(anna, 1, AttendanceStatus::present, std::nullopt, std::string(501, 'x')), "500 characters");
  refused(f.attendance.mark(f.course, 1, Attendee{}, AttendanceStatus::present, std::nullopt, "", 0, kNow), "either");
  refused(f.attendance.mark(f.course, 1, Attendee{anna, 1}, AttendanceStatus::present, std::nullopt, "", 0, kNow),
          "either");
  CHECK(f.mark(9999, 1, AttendanceStatus::present).status().code() == Status::Code::not_found);
  CHECK(f.count("SELECT COUNT(*) FROM attendance_marks") == 0);
  // 500 characters (not bytes) is the limit.
  std::string accented;
  for (int i = 0; i < 500; ++i) accented += "è";
  CHECK(f.mark(anna, 1, AttendanceStatus::present, std::nullopt, accented).ok());
}

TEST_CASE("attendance: who may mark") {
  SUBCASE("the rule") {
    const std::vector<std::string> alfa_groups{"polizia-locale"};
    CHECK(may_mark_attendance(Role::admin, {}, alfa_groups));
    CHECK(may_mark_attendance(Role::organizer, {}, {}));
    CHECK(may_mark_attendance(Role::trainer, {"servizi-sociali", "polizia-locale"}, alfa_groups));
    CHECK_FALSE(may_mark_attendance(Role::trainer, {"servizi-sociali"}, alfa_groups));
    CHECK_FALSE(may_mark_attendance(Role::trainer, {"polizia-locale"}, {}));  // an event without modules
    CHECK_FALSE(may_mark_attendance(Role::learner, {"polizia-locale"}, alfa_groups));
    CHECK_FALSE(may_mark_attendance(RoleSet(), {}, alfa_groups));
  }
  SUBCASE("applied to stored people") {
    Fixture f;
    const auto anna = f.person("anna");
    const auto organizer = f.staff("org", Role::organizer);
    const auto trainer = f.staff("trainer", Role::trainer, {"polizia-locale"});
    const auto other = f.staff("other-trainer", Role::trainer, {"servizi-sociali"});
    const auto learner = f.staff("learner", Role::learner);
    CHECK(f.attendance.may_mark(f.course, organizer));
    CHECK(f.attendance.may_mark(f.course, trainer));
    CHECK_FALSE(f.attendance.may_mark(f.evening, trainer));
    CHECK_FALSE(f.attendance.may_mark(f.course, other));
    auto by = [&](std::int64_t actor) {
      return f.attendance.mark(f.course, 1, Attendee{anna, 0}, AttendanceStatus::present, std::nullopt, "", actor, kNow);
    };
    CHECK(by(trainer).ok());
    CHECK(by(organizer).ok());
    CHECK(by(other).status().code() == Status::Code::invalid);
    CHECK(by(learner).status().code() == Status::Code::invalid);
    CHECK(f.attendance.mark_all_present(f.course, 1, learner, kNow).status().code() == Status::Code::invalid);
  }
}

TEST_CASE("attendance: all present marks the confirmed people without a mark, and no one else") {
  Fixture f;
  EventRegistrations regs(*f.store);
  const auto anna = f.person("anna"), bruno = f.person("bruno"), carla = f.person("carla"), dario = f.person("dario");
  for (auto id : {anna, bruno, carla, dario}) REQUIRE(regs.register_person(f.course, id, kNow).ok());
  REQUIRE(regs.cancel(f.course, dario, kNow).ok());
  f.person("estranea");  // not registered: never marked by "all present"
  REQUIRE(f.mark(bruno, 2, AttendanceStatus::late, 1.0, "treno in ritardo").ok());

  auto marked = f.attendance.mark_all_present(f.course, 2, 0, kNow);
  REQUIRE(marked.ok());
  CHECK(marked.value() == 2);  // anna and carla
  auto marks = f.marks(2);
  REQUIRE(marks.size() == 3);
  CHECK(marks[0].name == "Nome anna");
  CHECK(marks[0].hours == 3.5);
  CHECK(marks[1].name == "Nome bruno");
  CHECK(marks[1].status == AttendanceStatus::late);  // left alone
  CHECK(marks[1].hours == 1.0);
  CHECK(marks[1].note == "treno in ritardo");
  CHECK(marks[2].name == "Nome carla");
  CHECK(f.attendance.mark_all_present(f.course, 2, 0, kNow).value() == 0);  // again: nothing new
  CHECK(f.marks(1).empty());
  CHECK(f.attendance.mark_all_present(f.course, 9, 0, kNow).status().code() == Status::Code::invalid);
}

TEST_CASE("attendance: walk-ins are marked, listed by name, and merged into an account with their hours") {
  Fixture f;
  const auto anna = f.person("anna");
  auto w = f.attendance.add_walk_in({" Zeno Ospite ", "servizi-sociali", "ASST Cremona"}, 0, kNow);
  REQUIRE(w.ok());
  CHECK(f.attendance.add_walk_in({" ", "", ""}, 0, kNow).status().code() == Status::Code::invalid);
  CHECK(f.attendance.add_walk_in({"Tizio", "nessuno", ""}, 0, kNow).status().code() == Status::Code::invalid);
  CHECK(f.attendance.add_walk_in({std::string(201, 'a'), "", ""}, 0, kNow).status().code() == Status::Code::invalid);
  auto mark_walk_in = [&](int meeting, AttendanceStatus s, std::optional<double> h = std::nullopt) {
    return f.attendance.mark(f.course, meeting, Attendee{0, w.value()}, s, h, "", 0, kNow);
  };
  REQUIRE(mark_walk_in(1, AttendanceStatus::present).ok());
  REQUIRE(mark_walk_in(2, AttendanceStatus::left_early, 2.0).ok());
  REQUIRE(f.mark(anna, 1, AttendanceStatus::present).ok());
  auto marks = f.marks(1);
  REQUIRE(marks.size() == 2);
  CHECK(marks[0].name == "Nome anna");
  CHECK(marks[1].name == "Zeno Ospite");
  CHECK(marks[1].walk_in_id == w.value());
  CHECK(marks[1].target_group == "servizi-sociali");
  CHECK(marks[1].organization == "ASST Cremona");

  SUBCASE("merged: the marks move, hours kept") {
    const auto zeno = f.person("zeno");
    REQUIRE(f.attendance.merge_walk_in(w.value(), zeno, 0, kNow).ok());
    CHECK(f.hours(zeno, "alfa") == 6.0);
    CHECK(f.count("SELECT COUNT(*) FROM attendance_marks WHERE walk_in_id IS NOT NULL") == 0);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'attendance.merge'") == 1);
    // The merged walk-in is no longer marked or merged.
    CHECK(mark_walk_in(3, AttendanceStatus::present).status().code() == Status::Code::invalid);
    CHECK(f.attendance.merge_walk_in(w.value(), anna, 0, kNow).code() == Status::Code::invalid);
  }
  SUBCASE("a conflict with the account's own mark changes nothing") {
    Status st = f.attendance.merge_walk_in(w.value(), anna, 0, kNow);
    CHECK(st.code() == Status::Code::conflict);
    CHECK_MESSAGE(st.message().find("meeting 1 of event 2026-corso") != std::string::npos, st.message());
    CHECK(f.count("SELECT COUNT(*) FROM attendance_marks WHERE walk_in_id IS NOT NULL") == 2);
    CHECK(f.count("SELECT COUNT(*) FROM walk_ins WHERE merged_into IS NOT NULL") == 0);
    CHECK(f.hours(anna, "alfa") == 4.0);
  }
  SUBCASE("unknown walk-in or person") {
    CHECK(f.attendance.merge_walk_in(w.value() + 1, anna, 0, kNow).code() == Status::Code::not_found);
    CHECK(f.attendance.merge_walk_in(w.value(), 9999, 0, kNow).code() == Status::Code::not_found);
  }
}

TEST_CASE("attendance: attended hours per module sum the marks at events that name it") {
  Fixture f;
  const auto anna = f.person("anna"), bruno = f.person("bruno");
  REQUIRE(f.mark(anna, 1, AttendanceStatus::present).ok());
  REQUIRE(f.mark(anna, 2, AttendanceStatus::late, 2.5).ok());
  REQUIRE(f.mark(anna, 3, AttendanceStatus::absent).ok());
  REQUIRE(f.attendance.mark(f.evening, 1, Attendee{anna, 0}, AttendanceStatus::present, std::nullopt, "", 0, kNow).ok());
  CHECK(f.hours(anna, "alfa") == 6.5);  // the evening names no module
  CHECK(f.hours(anna, "bozza") == 0.0);
  CHECK(f.hours(bruno, "alfa") == 0.0);
}

TEST_CASE("attendance: the download has the marks; erasure keeps them anonymous, for the counts per group") {
  Fixture f;
  const auto anna = f.person("anna");
  REQUIRE(f.mark(anna, 1, AttendanceStatus::present, std::nullopt, "Annotazione riservatissima").ok());
  REQUIRE(f.mark(anna, 2, AttendanceStatus::late, 2.0).ok());
  auto w = f.attendance.add_walk_in({"Zeno Ospite", "polizia-locale", "Ente Zeta"}, 0, kNow);
  REQUIRE(w.ok());
  REQUIRE(f.attendance.mark(f.course, 3, Attendee{0, w.value()}, AttendanceStatus::present, std::nullopt, "", 0, kNow)
              .ok());
  REQUIRE(f.attendance.merge_walk_in(w.value(), anna, 0, kNow).ok());

  auto data = export_personal_data(*f.store, anna);
  REQUIRE(data.ok());
  std::string attendance, walk_ins;
  for (const auto& [key, json] : data.value()) {
    if (key == "attendance") attendance = json;
    if (key == "walk_in_records") walk_ins = json;
  }
  CHECK(contains(attendance, "Annotazione riservatissima"));
  CHECK(contains(attendance, "\"meeting\":3"));
  CHECK(contains(walk_ins, "Zeno Ospite"));

  REQUIRE(f.accounts.erase(anna, 0, kNow).ok());
  // The marks stay, with their hours, on the erased account that keeps only its target group.
  CHECK(f.count("SELECT COUNT(*) FROM attendance_marks m JOIN users u ON u.id = m.user_id"
                " WHERE u.erased = 1 AND u.target_group = 'polizia-locale'") == 3);
  CHECK(f.count("SELECT SUM(hours) * 10 FROM attendance_marks") == 100);  // 4 + 2 + 4
  CHECK(f.count("SELECT COUNT(*) FROM attendance_marks WHERE note <> ''") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM walk_ins WHERE name <> '' OR organization <> ''") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM walk_ins WHERE target_group = 'polizia-locale'") == 1);
}

TEST_CASE("attendance: in-person hours of a module's completion rule are met by the hours marked") {
  Fixture f;
  f.tree.write("modules/alfa/index.md",
               "---\ntitle: Modulo Alfa\nsummary: Il primo modulo.\ntarget_groups:\n  - polizia-locale\n"
               "objectives:\n  - Riconoscere i segnali\nduration_hours: 2.5\norder: 1\nstatus: published\n"
               "completion:\n  quizzes: none\n  in_person_hours: 7.5\n---\nAlfa.\n");
  REQUIRE(import_content(f.tree.root(), *f.store).ok());
  const auto anna = f.person("anna"), bruno = f.person("bruno");
  auto completed = [&](std::int64_t id) {
    return f.count("SELECT COUNT(*) FROM enrolments WHERE user_id = " + std::to_string(id) +
                   " AND completed_at IS NOT NULL");
  };
  auto read_all = [&](std::int64_t id) {
    return f.store->write([&](SQLite::Database& db) {
      for (const char* lesson : {"primo-passo", "secondo-passo"}) {
        SQLite::Statement ins(db, "INSERT INTO lesson_progress(user_id, module_slug, lesson_slug, read_at)"
                                  " VALUES (?, 'alfa', ?, ?)");
        ins.bind(1, static_cast<int64_t>(id));
        ins.bind(2, lesson);
        ins.bind(3, static_cast<int64_t>(kNow));
        ins.exec();
      }
      record_completion_if_met(db, id, "alfa", kNow);
    });
  };
  REQUIRE(read_all(anna).ok());
  REQUIRE(read_all(bruno).ok());
  CHECK(completed(anna) == 0);  // lessons read, no hours yet

  REQUIRE(f.mark(anna, 1, AttendanceStatus::present).ok());  // 4 h
  REQUIRE(f.mark(anna, 2, AttendanceStatus::late, 3.0).ok());  // 7 h: still short
  CHECK(completed(anna) == 0);
  REQUIRE(f.mark(anna, 2, AttendanceStatus::present).ok());  // 7.5 h: met
  CHECK(completed(anna) == 1);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'learning.complete'") == 1);

  // A walk-in's hours count once merged into the account.
  auto w = f.attendance.add_walk_in({"Bruno senza account", "polizia-locale", ""}, 0, kNow);
  REQUIRE(w.ok());
  for (int meeting : {1, 3})
    REQUIRE(f.attendance.mark(f.course, meeting, Attendee{0, w.value()}, AttendanceStatus::present, std::nullopt, "",
                              0, kNow).ok());
  CHECK(completed(bruno) == 0);
  REQUIRE(f.attendance.merge_walk_in(w.value(), bruno, 0, kNow).ok());
  CHECK(completed(bruno) == 1);

  // Marking does not enrol anyone.
  const auto carla = f.person("carla");
  REQUIRE(f.mark(carla, 1, AttendanceStatus::present).ok());
  CHECK(f.count("SELECT COUNT(*) FROM enrolments WHERE user_id = " + std::to_string(carla)) == 0);
}

TEST_CASE("attendance: hours typed with a decimal comma or point") {
  CHECK(parse_hours_text("1,5") == 1.5);
  CHECK(parse_hours_text(" 2.25 ") == 2.25);
  CHECK(parse_hours_text("3") == 3.0);
  CHECK(parse_hours_text("0") == 0.0);
  CHECK(parse_hours_text(",5") == 0.5);
  for (const char* bad : {"", " ", "-1", "+1", "1,", "1,5,0", "1.000,5", "uno", "1 5", "1e3", "1234567", "nan"})
    CHECK_MESSAGE(!parse_hours_text(bad), bad);
}

TEST_CASE("attendance: the roster lists registered and marked people and walk-ins, alphabetically") {
  Fixture f;
  EventRegistrations regs(*f.store);
  AttendanceRoster roster(*f.store);
  const auto zoe = f.person("zoe"), bruno = f.person("bruno"), carla = f.person("carla"), dario = f.person("dario");
  const auto erased = f.person("ugo");
  for (auto id : {zoe, bruno, dario, erased}) REQUIRE(regs.register_person(f.course, id, kNow).ok());
  REQUIRE(regs.cancel(f.course, dario, kNow).ok());          // cancelled and unmarked: not listed
  REQUIRE(f.mark(carla, 2, AttendanceStatus::late, 1.5, "treno").ok());  // marked, not registered
  REQUIRE(f.mark(bruno, 1, AttendanceStatus::present).ok());  // another meeting
  REQUIRE(f.mark(erased, 2, AttendanceStatus::present).ok());
  REQUIRE(f.accounts.erase(erased, 0, kNow).ok());  // the mark stays, for the counts; not listed
  auto w = roster.add_walk_in_present(f.course, 2, {"Anna Ospite", "servizi-sociali", "ASST"}, 0, kNow);
  REQUIRE(w.ok());

  auto names = [](const std::vector<RosterEntry>& rows) {
    std::string out;
    for (const auto& r : rows)
      out += r.name + (r.registered ? "+" : "") + (r.marked ? std::string(":") + attendance_status_name(r.status) : "") + " ";
    return out;
  };
  const auto rows = roster.roster(f.course.uid, 2);
  CHECK(names(rows) == "Anna Ospite:present Nome bruno+ Nome carla:late Nome zoe+ ");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].walk_in_id == w.value());
  CHECK(rows[0].hours == 3.5);
  CHECK(rows[0].organization == "ASST");
  CHECK(rows[2].user_id == carla);
  CHECK(rows[2].username == "carla");
  CHECK(rows[2].hours == 1.5);
  CHECK(rows[2].note == "treno");
  CHECK(names(roster.roster(f.course.uid, 1)) == "Nome bruno+:present Nome zoe+ ");
  CHECK(roster.roster("2026-nessuno", 1).empty());

  const auto tallies = roster.tallies(f.course.uid);
  REQUIRE(tallies.size() == 2);
  CHECK(tallies[0].meeting == 1);
  CHECK(tallies[0].marked == 1);
  CHECK(tallies[1].meeting == 2);
  CHECK(tallies[1].marked == 3);  // the erased person's mark counts
  CHECK(tallies[1].attended == 3);
  CHECK(tallies[1].hours == 8.5);
  CHECK(roster.hours_by_person(f.course.uid) ==
        std::map<std::int64_t, double>{{bruno, 4.0}, {carla, 1.5}, {erased, 3.5}});
}

TEST_CASE("attendance: a walk-in added on the roster is marked present in the same transaction") {
  Fixture f;
  AttendanceRoster roster(*f.store);
  const auto learner = f.staff("allievo", Role::learner);
  const int audited = f.count("SELECT COUNT(*) FROM audit_log");
  CHECK(roster.add_walk_in_present(f.course, 4, {"Zeno", "", ""}, 0, kNow).status().code() == Status::Code::invalid);
  CHECK(roster.add_walk_in_present(f.course, 1, {"Zeno", "nessuno", ""}, 0, kNow).status().code() == Status::Code::invalid);
  CHECK(roster.add_walk_in_present(f.course, 1, {" ", "", ""}, 0, kNow).status().code() == Status::Code::invalid);
  CHECK(roster.add_walk_in_present(f.course, 1, {"Zeno", "", ""}, learner, kNow).status().code() == Status::Code::invalid);
  // No walk-in without its mark, nothing audited.
  CHECK(f.count("SELECT COUNT(*) FROM walk_ins") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log") == audited);

  auto w = roster.add_walk_in_present(f.course, 3, {" Zeno ", "", " Pro Loco "}, 0, kNow);
  REQUIRE(w.ok());
  auto marks = f.marks(3);
  REQUIRE(marks.size() == 1);
  CHECK(marks[0].walk_in_id == w.value());
  CHECK(marks[0].name == "Zeno");
  CHECK(marks[0].organization == "Pro Loco");
  CHECK(marks[0].hours == 4.0);
  CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('attendance.walk_in', 'attendance.mark')") == 2);
}
