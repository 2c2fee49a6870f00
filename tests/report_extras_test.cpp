// The report's tables beyond attendance (core/report_extras.h), against numbers worked out by hand:
// enrolments of three people in two modules around the end of March 2026, anonymous counts of
// erased learners, and the audiences of six events (recorded counts and attended marks).
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <sstream>

#include "core/report_extras.h"

using namespace sentinella;

namespace {

constexpr const char* kZone = "Europe/Rome";
// Enrolment instants (Europe/Rome wall-clock times in the comments).
constexpr std::int64_t kMar10 = 1773133200;  // 2026-03-10 10:00
constexpr std::int64_t kMar12 = 1773306000;  // 2026-03-12 10:00
constexpr std::int64_t kMar31 = 1774992600;  // 2026-03-31 23:30 (21:30 UTC)
constexpr std::int64_t kApr05 = 1775376000;  // 2026-04-05 10:00
constexpr std::int64_t kApr20 = 1776672000;  // 2026-04-20 10:00

std::string event_row(const std::string& uid, const std::string& type, const std::string& day,
                      const std::string& status = "scheduled") {
  return "('" + uid + "', '" + uid + "', 2026, 'events/2026/" + uid + ".md', '" + uid + "', '" + type + "', 0, '" +
         day + "T18:00', '" + day + "T20:00', 0, 0, 'Sala', '', NULL, NULL, 'Comune', 0, 0, '" + status +
         "', '', '', '')";
}

struct Fixture {
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());

  Fixture() {
    REQUIRE(store->write([](SQLite::Database& db) {
      db.exec(
          "INSERT INTO users (id, username, display_name, password_hash, target_group, organization, created_at)"
          " VALUES (1, 'anna', 'Anna', '', 'polizia-locale', 'Comune A', 0),"
          " (2, 'bruno', 'Bruno', '', 'polizia-locale', 'Comune B', 0),"
          " (3, 'carla', 'Carla', '', 'servizi-sociali', 'Comune A', 0)");
      const auto at = [](std::int64_t t) { return std::to_string(t); };
      db.exec("INSERT INTO enrolments VALUES (1, 'alfa', " + at(kMar10) + ", " + at(kApr05) + "), (2, 'alfa', " +
              at(kMar12) + ", NULL), (3, 'alfa', " + at(kApr05) + ", " + at(kApr20) + "), (3, 'beta', " + at(kMar31) +
              ", NULL), (1, 'beta', " + at(kApr20) + ", NULL)");
      db.exec("INSERT INTO learning_counts VALUES ('alfa', 'servizi-sociali', '2026-03', 2, 1),"
              " ('alfa', 'polizia-locale', '2026-04', 1, 1), ('beta', '', '2026-02', 3, 0)");
      db.exec("INSERT INTO event_types VALUES ('teatro', 'Teatro', 1), ('proiezione', 'Proiezione', 2),"
              " ('incontro', 'Incontro', 3)");
      db.exec("INSERT INTO events (uid, slug, year, source_path, title, type, all_day, start_local, end_local,"
              " start_utc, end_utc, location_name, location_address, latitude, longitude, organizer, capacity,"
              " registration, status, image, image_alt, body_html) VALUES " +
              event_row("e1", "teatro", "2026-03-05") + ", " + event_row("e2", "proiezione", "2026-03-20") + ", " +
              event_row("e3", "incontro", "2026-03-25") + ", " + event_row("e4", "incontro", "2026-04-02") + ", " +
              event_row("e5", "teatro", "2026-03-10", "cancelled") + ", " + event_row("e6", "incontro", "2026-03-28"));
      db.exec("INSERT INTO event_modules VALUES ('e6', 'alfa', 0)");
      db.exec("INSERT INTO event_audiences VALUES ('e1', '', 120, 1, 0), ('e2', 'polizia-locale', 30, 1, 0),"
              " ('e2', 'volontariato', 12, 1, 0), ('e5', '', 50, 1, 0)");
      db.exec("INSERT INTO walk_ins (id, name, target_group, organization, created_by, created_at)"
              " VALUES (1, 'Ospite', 'volontariato', 'Assoc X', 1, 0)");
      db.exec("INSERT INTO attendance_marks (event_uid, meeting, user_id, walk_in_id, status, hours, marked_by, marked_at)"
              " VALUES ('e2', 1, 1, NULL, 'present', 2, 0, 0),"  // ignored: e2 has a recorded audience
              " ('e3', 1, 1, NULL, 'present', 2, 0, 0), ('e3', 1, 2, NULL, 'absent', 0, 0, 0),"
              " ('e3', 1, NULL, 1, 'late', 1, 0, 0), ('e3', 2, 1, NULL, 'present', 2, 0, 0),"
              " ('e3', 2, 3, NULL, 'left_early', 1, 0, 0), ('e3', 3, 2, NULL, 'excused', 0, 0, 0),"
              " ('e4', 1, 2, NULL, 'present', 2, 0, 0), ('e6', 1, 1, NULL, 'present', 2, 0, 0)");
      return Status::Ok();
    }).ok());
  }

  ReportExtrasFilter filter(const std::string& from, const std::string& to) {
    ReportExtrasFilter f;
    f.period = parse_stats_period(from, to, kZone).value();
    return f;
  }
};

std::string dump(const ModuleCompletionReport& r) {
  std::ostringstream out;
  for (const auto& c : r.rows)
    out << c.target_group << "/" << c.module << " " << c.enrolled << " " << c.completed << " (" << c.erased_enrolled
        << " " << c.erased_completed << ")\n";
  out << "= " << r.totals.enrolled << " " << r.totals.completed << " (" << r.totals.erased_enrolled << " "
      << r.totals.erased_completed << ")";
  return out.str();
}

std::string dump(const AudienceReport& r) {
  std::ostringstream out;
  for (const auto& a : r.rows) out << a.event_type << "/" << a.target_group << " " << a.people << " " << a.events << "\n";
  out << "= " << r.people << " people, " << r.events << " events, " << r.recorded_events << " recorded";
  return out.str();
}

}  // namespace

TEST_CASE("module_completion_report: enrolments of the period and their completions, erased counts included") {
  Fixture fx;
  SUBCASE("March 2026: the enrolment at 23:30 on 31 March counts; erased people of March count") {
    CHECK(dump(module_completion_report(*fx.store, fx.filter("2026-03-01", "2026-03-31"))) ==
          "polizia-locale/alfa 2 1 (0 0)\n"
          "servizi-sociali/alfa 2 1 (2 1)\n"
          "servizi-sociali/beta 1 0 (0 0)\n"
          "= 5 2 (2 1)");
  }
  SUBCASE("all time") {
    CHECK(dump(module_completion_report(*fx.store, fx.filter("", ""))) ==
          "/beta 3 0 (3 0)\n"
          "polizia-locale/alfa 3 2 (1 1)\n"
          "polizia-locale/beta 1 0 (0 0)\n"
          "servizi-sociali/alfa 3 2 (2 1)\n"
          "servizi-sociali/beta 1 0 (0 0)\n"
          "= 11 4 (6 2)");
  }
  SUBCASE("an organization leaves the erased counts out") {
    auto f = fx.filter("", "");
    f.organization = "Comune A";
    CHECK(dump(module_completion_report(*fx.store, f)) ==
          "polizia-locale/alfa 1 1 (0 0)\n"
          "polizia-locale/beta 1 0 (0 0)\n"
          "servizi-sociali/alfa 1 1 (0 0)\n"
          "servizi-sociali/beta 1 0 (0 0)\n"
          "= 4 2 (0 0)");
  }
  SUBCASE("a target group and a module") {
    auto f = fx.filter("2026-03-01", "2026-03-31");
    f.target_group = "servizi-sociali";
    f.module = "alfa";
    CHECK(dump(module_completion_report(*fx.store, f)) == "servizi-sociali/alfa 2 1 (2 1)\n= 2 1 (2 1)");
  }
  SUBCASE("an empty period: no rows, zero totals") {
    CHECK(dump(module_completion_report(*fx.store, fx.filter("2025-01-01", "2025-12-31"))) == "= 0 0 (0 0)");
  }
}

TEST_CASE("audience_report: recorded audiences, else the people who attended, by event type and target group") {
  Fixture fx;
  SUBCASE("March 2026: a person at three meetings counts once per event; absent, excused, cancelled do not") {
    CHECK(dump(audience_report(*fx.store, fx.filter("2026-03-01", "2026-03-31"))) ==
          "incontro/polizia-locale 2 2\n"
          "incontro/servizi-sociali 1 1\n"
          "incontro/volontariato 1 1\n"
          "proiezione/polizia-locale 30 1\n"
          "proiezione/volontariato 12 1\n"
          "teatro/ 120 1\n"
          "= 166 people, 4 events, 2 recorded");
  }
  SUBCASE("an organization leaves recorded counts out") {
    auto f = fx.filter("2026-03-01", "2026-03-31");
    f.organization = "Comune A";
    CHECK(dump(audience_report(*fx.store, f)) ==
          "incontro/polizia-locale 2 2\n"
          "incontro/servizi-sociali 1 1\n"
          "= 3 people, 2 events, 0 recorded");
  }
  SUBCASE("a target group leaves the unsplit totals out") {
    auto f = fx.filter("2026-03-01", "2026-03-31");
    f.target_group = "volontariato";
    CHECK(dump(audience_report(*fx.store, f)) ==
          "incontro/volontariato 1 1\n"
          "proiezione/volontariato 12 1\n"
          "= 13 people, 2 events, 1 recorded");
  }
  SUBCASE("a module keeps the events that name it") {
    auto f = fx.filter("", "");
    f.module = "alfa";
    CHECK(dump(audience_report(*fx.store, f)) == "incontro/polizia-locale 1 1\n= 1 people, 1 events, 0 recorded");
  }
  SUBCASE("April: the event of 2 April") {
    CHECK(dump(audience_report(*fx.store, fx.filter("2026-04-01", "2026-04-30"))) ==
          "incontro/polizia-locale 1 1\n= 1 people, 1 events, 0 recorded");
  }
}
