// Events that meet several times and name their modules: parsing, hours, storage, re-import, the
// calendar feed (one VEVENT per meeting) and the event page.
#include <doctest/doctest.h>

#include <libical/ical.h>

#include <memory>

#include "importer/importer.h"
#include "site/calendar_feed.h"
#include "site/public_site.h"
#include "event_fixtures.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

// A course of three mornings in Europe/Rome (UTC+1 in December), the last one elsewhere.
const std::string kCourse =
    "---\ntitle: Corso in tre mattine\ntype: formazione\n" + kThreeMeetings +
    "    location:\n      name: Comando\n      address: Via Prova 1\n"
    "modules:\n  - alfa\n  - bozza\n"
    "location:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune di Prova\n---\nIl corso.\n";

struct CourseSite {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());

  ImportReport import() { return import_content(tree.root(), *store); }
};

std::vector<std::string> uids(const std::string& ics) {
  std::vector<std::string> out;
  std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> cal(icalcomponent_new_from_string(ics.c_str()),
                                                               icalcomponent_free);
  REQUIRE(cal);
  CHECK(icalcomponent_count_errors(cal.get()) == 0);
  for (auto* c = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT))
    out.push_back(icalcomponent_get_uid(c));
  return out;
}

}  // namespace

TEST_CASE("an event's meetings and modules are parsed, stored and give its hours") {
  CourseSite s;
  s.tree.write("events/2026/corso.md", kCourse);
  REQUIRE(s.import().ok());
  auto e = s.store->event(2026, "corso");
  REQUIRE(e);

  SUBCASE("the meetings in order, the event spanning them") {
    REQUIRE(e->meetings.size() == 3);
    CHECK(e->meetings[0].start_local == "2026-12-01 09:00");
    CHECK(e->meetings[1].end_local == "2026-12-10 12:30");
    CHECK(e->meetings[0].start_utc == 1796112000);  // 08:00 UTC
    CHECK(e->meetings[0].seconds() == 4 * 3600);
    CHECK_FALSE(e->meetings[0].location);
    REQUIRE(e->meetings[2].location);
    CHECK(e->meetings[2].location->name == "Comando");
    CHECK(e->meetings[2].location->address == "Via Prova 1");
    CHECK(e->start_local == "2026-12-01 09:00");
    CHECK(e->end_local == "2026-12-15 18:00");
    CHECK(e->start_utc == e->meetings[0].start_utc);
    CHECK(e->end_utc == e->meetings[2].end_utc);
    CHECK_FALSE(e->all_day);
  }

  SUBCASE("hours: the sum of the meetings' lengths, not the span from the first to the last") {
    CHECK(e->hours() == doctest::Approx(11.5));
  }

  SUBCASE("the modules as listed; the lists of events carry them too") {
    CHECK(e->modules == std::vector<std::string>{"alfa", "bozza"});
    auto listed = s.store->events({});
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].meetings.size() == 3);
    CHECK(listed[0].modules.size() == 2);
  }

  SUBCASE("a re-import replaces them with the event") {
    std::string changed = kCourse;
    changed.replace(changed.find("  - start: 2026-12-10"), std::string("  - start: 2026-12-10 09:00\n    end: 2026-12-10 12:30\n").size(), "");
    changed.replace(changed.find("  - bozza\n"), 10, "");
    s.tree.write("events/2026/corso.md", changed);
    REQUIRE(s.import().ok());
    auto again = s.store->event(2026, "corso");
    REQUIRE(again);
    CHECK(again->meetings.size() == 2);
    CHECK(again->modules == std::vector<std::string>{"alfa"});
    CHECK(again->hours() == doctest::Approx(8));
    s.tree.remove("events/2026/corso.md");
    REQUIRE(s.import().ok());
    CHECK(s.store->read([](SQLite::Database& db) {
      return db.execAndGet("SELECT (SELECT count(*) FROM event_meetings) + (SELECT count(*) FROM event_modules)").getInt();
    }) == 0);
  }

  SUBCASE("a module removed later makes the unchanged event an error, and nothing is written") {
    s.tree.remove("modules/bozza");
    auto report = s.import();
    CHECK_FALSE(report.written);
    INFO(report.diagnostics.format_all());
    CHECK(contains(report.diagnostics.format_all(), "corso.md:16:5: error: unknown module 'bozza'"));
    CHECK(s.store->module("bozza", true));
  }
}

TEST_CASE("hours without meetings") {
  Event e;
  e.start_utc = 1000;
  e.end_utc = 1000 + 5400;
  CHECK(e.hours() == doctest::Approx(1.5));
  e.all_day = true;
  CHECK(e.hours() == 0);  // a whole day has no known hours
}

TEST_CASE("the calendar has one VEVENT per meeting, with stable, unique UIDs") {
  CourseSite s;
  s.tree.write("events/2026/corso.md", kCourse);
  // An event whose slug is the course's second UID without the "--": it must not collide.
  s.tree.write("events/2026/corso-2.md",
               "---\ntitle: Altro\ntype: incontro\nstart: 2026-12-02 18:00\nend: 2026-12-02 20:00\n"
               "location:\n  name: Sala\naudience: [polizia-locale]\norganizer: Comune\n---\nAltro.\n");
  REQUIRE(s.import().ok());
  const Site site = s.store->site().value();
  auto render = [&] {
    return render_calendar(calendar_feed_for(site, "polizia-locale"), calendar_events(*s.store, "polizia-locale"));
  };
  const std::string ics = render();
  CHECK(uids(ics) == std::vector<std::string>{"2026-corso@prova.example.org", "2026-corso--2@prova.example.org",
                                              "2026-corso--3@prova.example.org", "2026-corso-2@prova.example.org"});
  CHECK(contains(ics, "SUMMARY:Corso in tre mattine (2/3)\r\n"));
  CHECK(contains(ics, "DTSTART;TZID=Europe/Rome:20261210T090000\r\nDTEND;TZID=Europe/Rome:20261210T123000\r\n"));
  CHECK(contains(ics, "LOCATION:Comando\\, Via Prova 1\r\n"));
  CHECK(contains(ics, "LOCATION:Sala\r\n"));

  // Re-importing the same files gives the same bytes; a change keeps the UIDs and raises every
  // meeting's SEQUENCE.
  REQUIRE(s.import().ok());
  CHECK(render() == ics);
  std::string changed = kCourse;
  changed.replace(changed.find("2026-12-10 12:30"), 16, "2026-12-10 13:00");
  s.tree.write("events/2026/corso.md", changed);
  REQUIRE(s.import().ok());
  const std::string after = render();
  CHECK(uids(after) == uids(ics));
  size_t raised = 0;
  for (size_t at = 0; (at = after.find("SEQUENCE:1\r\n", at)) != std::string::npos; ++at) ++raised;
  CHECK(raised == 3);
}

TEST_CASE("the event page lists the meetings, the modules and the hours; the card the meetings") {
  CourseSite s;
  s.tree.write("events/2026/corso.md", kCourse);
  REQUIRE(s.import().ok());
  auto theme = Theme::load(source_dir() / "themes" / "default", "it");
  REQUIRE(theme.ok());
  PublicSite site(*s.store, s.store->site().value(), std::shared_ptr<const Theme>(std::move(theme.value())));
  const UnixSeconds before = 1796000000;  // November 2026
  const std::string page = site.event(2026, "corso", before).value();
  CHECK(contains(page, "<dd>11,5 ore in 3 incontri</dd>"));
  CHECK(contains(page, "<time datetime=\"2026-12-10T09:00\">giovedì 10 dicembre 2026, 09:00-12:30</time>"));
  CHECK(contains(page, "Incontro 3"));
  CHECK(contains(page, "Comando, Via Prova 1"));
  CHECK(contains(page, "<a href=\"/moduli/alfa\">Modulo Alfa</a>"));
  CHECK_FALSE(contains(page, "/moduli/bozza"));  // a draft is not shown
  CHECK(contains(page, "da martedì 1 dicembre 2026 a martedì 15 dicembre 2026"));
  const std::string list = site.events({}, before).value();
  CHECK(contains(list, "(3 incontri)"));
  // The month calendar shows the course on its meeting days only.
  const std::string month = site.events_month(2026, 12, {}, {2026, 11, 29, 0, 0, false}).value();
  CHECK(contains(month, "<span class=\"calendar-time\">14:00</span>"));
  size_t days = 0;
  for (size_t at = 0; (at = month.find("Corso in tre mattine", at)) != std::string::npos; ++at) ++days;
  CHECK(days == 3);
}

TEST_CASE("a month between two meetings does not show or count the event") {
  CourseSite s;
  s.tree.write("events/2027/ponte.md",
               "---\ntitle: Corso a cavallo\ntype: formazione\nmeetings:\n"
               "  - start: 2027-01-28 09:00\n    end: 2027-01-28 13:00\n"
               "  - start: 2027-03-02 09:00\n    end: 2027-03-02 13:00\n"
               "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\n---\nCorso.\n");
  REQUIRE(s.import().ok());
  auto theme = Theme::load(source_dir() / "themes" / "default", "it");
  REQUIRE(theme.ok());
  PublicSite site(*s.store, s.store->site().value(), std::shared_ptr<const Theme>(std::move(theme.value())));
  const std::string february = site.events_month(2027, 2, {}, {2026, 11, 29, 0, 0, false}).value();
  CHECK_FALSE(contains(february, "Corso a cavallo"));
  CHECK(contains(february, "<strong>0</strong>"));
  CHECK(contains(site.events_month(2027, 3, {}, {2026, 11, 29, 0, 0, false}).value(), "Corso a cavallo"));
}
