// Self check-in (core/checkin.h): the code and its window, the margin from site.yaml, who may open
// the screen, a mark already there kept, the limit on wrong codes, the QR as SVG, and the request
// log keeping neither the code nor the address of a check-in.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <set>

#include "core/accounts.h"
#include "core/attendance.h"
#include "core/checkin.h"
#include "importer/importer.h"
#include "server/app.h"
#include "server/login_throttle.h"
#include "server/request_log.h"
#include "site/qr_svg.h"
#include "event_fixtures.h"
#include "store_dump.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

constexpr UnixSeconds kBefore = 1'790'000'000;  // September 2026, before the course

// The rows `sql` reads, as rows_text writes them.
std::string dump(Store& store, const std::string& sql) {
  return store.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, sql);
    return rows_text(q);
  });
}

struct Fixture {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  Accounts accounts{*store};
  Attendance attendance{*store};
  Checkin checkin{*store, 15};
  Event course;
  std::int64_t trainer = 0, other_trainer = 0, anna = 0, bruno = 0;

  Fixture() {
    tree.write("events/2026/corso.md", kThreeMorningsCourse);
    REQUIRE(import_content(tree.root(), *store).ok());
    course = store->event(2026, "corso").value();
    trainer = staff("formatrice", {"polizia-locale"});
    other_trainer = staff("altro", {"servizi-sociali"});
    anna = insert_person(*store, "anna", kBefore);
    bruno = insert_person(*store, "bruno", kBefore);
  }

  std::int64_t staff(const std::string& username, const std::vector<std::string>& trains) {
    const auto id = insert_person(*store, username, kBefore);
    REQUIRE(accounts.set_roles(id, Role::trainer, 0, kBefore).ok());
    REQUIRE(accounts.set_trained_groups(id, trains, {"polizia-locale", "servizi-sociali"}, 0, kBefore).ok());
    return id;
  }

  UnixSeconds start(int meeting) const { return course.meetings[static_cast<size_t>(meeting) - 1].start_utc; }
  UnixSeconds end(int meeting) const { return course.meetings[static_cast<size_t>(meeting) - 1].end_utc; }

  // The code of `meeting` for the step of `at`, from its stored key, whether or not it is accepted.
  std::string code_at(int meeting, UnixSeconds at) {
    const std::string key = store->read([&](SQLite::Database& db) {
      SQLite::Statement q(db, "SELECT secret FROM checkin_keys WHERE event_uid = ? AND meeting = ?");
      q.bind(1, course.uid);
      q.bind(2, meeting);
      REQUIRE(q.executeStep());
      return q.getColumn(0).getString();
    });
    return checkin_code(key, course.uid, meeting, checkin_step(at));
  }

  CheckinOutcome check_in(std::int64_t who, const std::string& code, UnixSeconds at) {
    auto r = checkin.check_in(code, who, at);
    REQUIRE(r.ok());
    return r->outcome;
  }

  std::string marks() {
    return dump(*store, "SELECT meeting, user_id, status, hours, note, marked_by, source FROM attendance_marks"
                        " ORDER BY meeting, user_id");
  }
};

}  // namespace

TEST_CASE("check-in: a code is six digits, the same for the same key and step, and changes with the step") {
  const std::string key(32, 'k');
  const std::string a = checkin_code(key, "2026-corso", 1, 100);
  CHECK(a.size() == kCheckinCodeDigits);
  CHECK(a.find_first_not_of("0123456789") == std::string::npos);
  CHECK(checkin_code(key, "2026-corso", 1, 100) == a);
  std::set<std::string> seen;
  for (std::int64_t step = 0; step < 50; ++step) seen.insert(checkin_code(key, "2026-corso", 1, step));
  CHECK(seen.size() >= 49);  // a repeat is possible (one in a million per pair), two are not
  CHECK(checkin_code(key, "2026-corso", 2, 100) != a);
  CHECK(checkin_code(std::string(32, 'x'), "2026-corso", 1, 100) != a);
  CHECK(checkin_step(59) == 1);
  CHECK(checkin_step(60) == 2);

  CHECK(parse_checkin_code("123456") == "123456");
  CHECK(parse_checkin_code(" 123 456 ") == "123456");
  CHECK(parse_checkin_code("123-456") == "123456");
  CHECK_FALSE(parse_checkin_code("12345"));
  CHECK_FALSE(parse_checkin_code("1234567"));
  CHECK_FALSE(parse_checkin_code("12345a"));
  CHECK_FALSE(parse_checkin_code(""));
}

TEST_CASE("check-in: the code window") {
  Fixture f;
  REQUIRE(f.checkin.open(f.course, 1, f.trainer, kBefore).ok());
  const UnixSeconds during = f.start(1) + 3600;

  SUBCASE("the current code is accepted, marks present for the whole meeting, by the person, as a check-in") {
    CHECK(f.check_in(f.anna, f.code_at(1, during), during) == CheckinOutcome::marked);
    CHECK(f.marks() == "1," + std::to_string(f.anna) + ",present,4.0,," + std::to_string(f.anna) + ",checkin");
    CHECK(f.checkin.screen(f.course, 1, during)->checked_in == 1);
  }
  SUBCASE("the previous step's code is accepted") {
    CHECK(f.check_in(f.anna, f.code_at(1, during - kCheckinStepSeconds), during) == CheckinOutcome::marked);
  }
  SUBCASE("a code two steps old is refused, and marks nothing") {
    CHECK(f.check_in(f.anna, f.code_at(1, during - 2 * kCheckinStepSeconds), during) == CheckinOutcome::wrong_code);
    CHECK(f.marks().empty());
  }
  SUBCASE("a code nobody showed is refused") {
    const std::string right = f.code_at(1, during), previous = f.code_at(1, during - kCheckinStepSeconds);
    std::string wrong = "000000";
    while (wrong == right || wrong == previous) wrong[5]++;
    CHECK(f.check_in(f.anna, wrong, during) == CheckinOutcome::wrong_code);
  }
  SUBCASE("before the start less the margin, the meeting's own code is refused as outside the meeting") {
    const UnixSeconds early = f.start(1) - 15 * 60 - 1;
    auto r = f.checkin.check_in(f.code_at(1, early), f.anna, early);
    CHECK(r->outcome == CheckinOutcome::outside_meeting);
    CHECK(r->title == "Corso in tre mattine");
    CHECK(r->window.opens == f.start(1) - 15 * 60);
    CHECK(f.marks().empty());
    CHECK_FALSE(f.checkin.screen(f.course, 1, early)->open);
    CHECK(f.checkin.screen(f.course, 1, early)->code.empty());
  }
  SUBCASE("after the end plus the margin it is refused") {
    const UnixSeconds late = f.end(1) + 15 * 60 + 1;
    CHECK(f.check_in(f.anna, f.code_at(1, late), late) == CheckinOutcome::outside_meeting);
    CHECK(f.marks().empty());
  }
  SUBCASE("inside the margin, before the start and after the end, it is accepted") {
    const UnixSeconds early = f.start(1) - 15 * 60;
    CHECK(f.checkin.screen(f.course, 1, early)->open);
    CHECK(f.check_in(f.anna, f.code_at(1, early), early) == CheckinOutcome::marked);
    const UnixSeconds late = f.end(1) + 15 * 60;
    CHECK(f.check_in(f.bruno, f.code_at(1, late), late) == CheckinOutcome::marked);
  }
  SUBCASE("the screen's code is the one accepted, until the step after next") {
    auto screen = f.checkin.screen(f.course, 1, during);
    REQUIRE(screen.ok());
    CHECK(screen->open);
    CHECK(screen->expires_at == (checkin_step(during) + 1) * kCheckinStepSeconds);
    CHECK(f.check_in(f.anna, screen->code, screen->expires_at + kCheckinStepSeconds - 1) == CheckinOutcome::marked);
    CHECK(f.check_in(f.bruno, screen->code, screen->expires_at + kCheckinStepSeconds) == CheckinOutcome::wrong_code);
  }
  SUBCASE("a meeting whose check-in nobody opened has no code") {
    const UnixSeconds second = f.start(2) + 60;
    CHECK(f.checkin.screen(f.course, 2, second).status().code() == Status::Code::not_found);
  }
}

TEST_CASE("check-in: the margin comes from site.yaml, 15 minutes by default, between 0 and 240") {
  ContentTree tree;
  auto store = std::move(Store::open(":memory:").value());
  REQUIRE(import_content(tree.root(), *store).ok());
  CHECK(store->site()->checkin_margin_minutes == kDefaultCheckinMarginMinutes);
  tree.write("site.yaml", read_file(tree.root() / "site.yaml") + "attendance:\n  checkin_margin_minutes: 30\n");
  REQUIRE(import_content(tree.root(), *store).ok());
  CHECK(store->site()->checkin_margin_minutes == 30);
  // Out of bounds: the import fails, naming the place (see also tests/fixtures/check).
  ContentTree bad;
  bad.write("site.yaml", read_file(bad.root() / "site.yaml") + "attendance:\n  checkin_margin_minutes: 241\n");
  auto report = import_content(bad.root(), *store);
  CHECK_FALSE(report.ok());
  CHECK(store->site()->checkin_margin_minutes == 30);  // nothing changed
}

TEST_CASE("check-in: only those who may mark open the screen; a learner marks only themselves") {
  Fixture f;
  const UnixSeconds during = f.start(1) + 600;
  CHECK(f.checkin.open(f.course, 1, f.anna, during).code() == Status::Code::invalid);
  CHECK(f.checkin.open(f.course, 1, f.other_trainer, during).code() == Status::Code::invalid);
  CHECK(f.checkin.open(f.course, 4, f.trainer, during).code() == Status::Code::invalid);
  CHECK(dump(*f.store, "SELECT COUNT(*) FROM checkin_keys") == "0");
  REQUIRE(f.checkin.open(f.course, 1, f.trainer, during).ok());
  REQUIRE(f.checkin.open(f.course, 1, f.trainer, during + 5).ok());  // harmless again: the same key
  CHECK(dump(*f.store, "SELECT COUNT(*) FROM checkin_keys") == "1");
  CHECK(dump(*f.store, "SELECT actor_id, action, details FROM audit_log WHERE action = 'attendance.checkin_open'") ==
        std::to_string(f.trainer) + ",attendance.checkin_open,event=2026-corso meeting=1");
  // A learner with the code still cannot mark someone else through the roster's way.
  CHECK(f.attendance.mark(f.course, 1, Attendee{f.bruno, 0}, AttendanceStatus::present, std::nullopt, "", f.anna,
                          during, MarkSource::checkin)
            .status()
            .code() == Status::Code::invalid);
  CHECK(f.check_in(f.anna, f.code_at(1, during), during) == CheckinOutcome::marked);
  CHECK(f.marks() == "1," + std::to_string(f.anna) + ",present,4.0,," + std::to_string(f.anna) + ",checkin");
  // An erased (or missing) person is not found.
  CHECK(f.checkin.check_in(f.code_at(1, during), 99999, during).status().code() == Status::Code::not_found);
}

TEST_CASE("check-in: a mark already there (the trainer's) is kept, and the trainer can still correct one") {
  Fixture f;
  const UnixSeconds during = f.start(2) + 600;
  REQUIRE(f.checkin.open(f.course, 2, f.trainer, during).ok());
  REQUIRE(f.attendance.mark(f.course, 2, Attendee{f.anna, 0}, AttendanceStatus::late, 2.0, "arrivata alle 10",
                            f.trainer, during).ok());
  auto r = f.checkin.check_in(f.code_at(2, during), f.anna, during);
  REQUIRE(r.ok());
  CHECK(r->outcome == CheckinOutcome::already_marked);
  CHECK(r->meeting == 2);
  const std::string kept =
      "2," + std::to_string(f.anna) + ",late,2.0,arrivata alle 10," + std::to_string(f.trainer) + ",roster";
  CHECK(f.marks() == kept);
  // Checking in twice is harmless too.
  CHECK(f.check_in(f.bruno, f.code_at(2, during), during) == CheckinOutcome::marked);
  CHECK(f.check_in(f.bruno, f.code_at(2, during), during) == CheckinOutcome::already_marked);
  // The trainer overrides a check-in with a normal mark.
  REQUIRE(f.attendance.mark(f.course, 2, Attendee{f.bruno, 0}, AttendanceStatus::left_early, 1.0, "", f.trainer,
                            during + 60).ok());
  CHECK(f.marks() == kept + " | 2," + std::to_string(f.bruno) + ",left_early,1.0,," + std::to_string(f.trainer) +
                         ",roster");
}

TEST_CASE("check-in: wrong codes are limited per account, 5 in 10 minutes") {
  LoginThrottle throttle(AppConfig{}.checkin_throttle);
  const UnixSeconds t = 1'000'000;
  // Right codes do not count.
  for (int i = 0; i < 10; ++i) throttle.begin_attempt("checkin:1", t).succeeded();
  for (int i = 0; i < 5; ++i) {
    auto wrong = throttle.begin_attempt("checkin:1", t + i);
    CHECK_FALSE(wrong.locked());
    CHECK(wrong.verdict().delay_ms == 0);
  }  // each ends as a failure
  auto refused = throttle.begin_attempt("checkin:1", t + 10);
  CHECK(refused.locked());
  CHECK(refused.verdict().retry_after_seconds == 10 * 60 - 6);
  CHECK_FALSE(throttle.begin_attempt("checkin:2", t + 10).locked());  // another account
  CHECK_FALSE(throttle.begin_attempt("checkin:1", t + 4 + 10 * 60).locked());  // the wait is over
}

TEST_CASE("QR codes as SVG: the size of their version, dark modules, the same every time, escaped name") {
  const std::string url = "https://prova.example.org/presenza?codice=123456";
  auto image = qr_image(url);
  REQUIRE(image.ok());
  CHECK(image->version >= 1);
  CHECK(image->version <= 5);
  CHECK(image->size == 17 + 4 * image->version + 2 * kQrQuietZone);
  const int symbol = 17 + 4 * image->version;
  CHECK(image->dark_modules > 3 * 49 - 3 * 9);  // at least the three finder patterns' dark modules
  CHECK(image->dark_modules < symbol * symbol);
  CHECK(qr_image(url)->path == image->path);
  CHECK(qr_image(url + "7")->path != image->path);
  // The path starts at the first dark module: the finder pattern's corner, after the quiet zone.
  CHECK(image->path.rfind("M4 4h7v1h-7z", 0) == 0);

  const std::string svg = qr_svg(image.value(), "Codice <QR> \"di\" presenza", "codice-qr");
  const std::string size = std::to_string(image->size);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"codice-qr\"", 0) == 0);
  CHECK(contains(svg, "viewBox=\"0 0 " + size + " " + size + "\""));
  CHECK(contains(svg, "role=\"img\" aria-label=\"Codice &lt;QR&gt; &quot;di&quot; presenza\""));
  CHECK(contains(svg, "shape-rendering=\"crispEdges\""));
  CHECK(svg.find("<path") == svg.rfind("<path"));  // one path
  CHECK(contains(svg, "d=\"" + image->path + "\"/></svg>"));

  CHECK(qr_image("").status().code() == Status::Code::invalid);
  CHECK(qr_image(std::string(8000, 'a')).status().code() == Status::Code::invalid);
}

TEST_CASE("the request log keeps neither a check-in code nor a check-in's address") {
  CHECK(redact_secrets("/presenza?codice=123456") == "/presenza?codice=***");
  // An anonymous visitor scanning the QR is sent to sign in, the code in the return path.
  CHECK(redact_secrets("/accedi?dopo=/presenza?codice=123456") == "/accedi?dopo=***");
  CHECK(redact_secrets("/accedi?dopo=%2Fpresenza%3Fcodice%3D123456") == "/accedi?dopo=***");
  CHECK(redact_secrets("/accedi?dopo=%2Farea") == "/accedi?dopo=%2Farea");
  CHECK_FALSE(logs_client_address("/presenza"));
  CHECK(logs_client_address("/area"));
  CHECK(contains(common_log_line("", "POST", "/presenza", "HTTP/1.1", 200, 10), "- - - ["));
}
