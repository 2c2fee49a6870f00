// The feeds as the running server answers them: content types, 404s, caching headers.
#include <doctest/doctest.h>

#include <libical/ical.h>

#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

const char* const kEvent =
    "---\ntitle: \"Serata, a teatro; con àccenti\"\ntype: teatro\nstart: 2026-10-24 21:00\nend: 2026-10-25 01:00\n"
    "location:\n  name: Teatro Ponchielli\naudience:\n  - pubblico\norganizer: Comune di Prova\n---\nUna serata.\n";

// The number of VEVENTs in `ics`, or -1 if libical cannot parse it or finds errors in it.
int parsed_events(const std::string& ics) {
  icalcomponent* cal = icalcomponent_new_from_string(ics.c_str());
  if (!cal) return -1;
  const int count = icalcomponent_count_errors(cal) == 0 ? icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) : -1;
  icalcomponent_free(cal);
  return count;
}

}  // namespace

TEST_CASE("the server answers the calendar and Atom feeds") {
  RunningSite site({}, [](ContentTree& tree) { tree.write("events/2026/serata.md", kEvent); });

  SUBCASE("/events.ics") {
    auto res = site.fetch("/events.ics", 200);
    CHECK(res.get_header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(parsed_events(res.body) == 1);
    CHECK(res.body.find("UID:2026-serata@prova.example.org\r\n") != std::string::npos);
    const std::string etag = res.get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    site.fetch("/events.ics", 304, {{"If-None-Match", etag}});
  }

  SUBCASE("/events.ics?audience=: a group's calendar, 404 for an unknown audience") {
    CHECK(parsed_events(site.fetch("/events.ics?audience=polizia-locale", 200).body) == 0);
    CHECK(parsed_events(site.fetch("/events.ics?audience=pubblico", 200).body) == 1);
    site.fetch("/events.ics?audience=nessuno", 404);
  }

  SUBCASE("/eventi/<year>/<slug>.ics: one event, as a file to open") {
    auto res = site.fetch("/eventi/2026/serata.ics", 200);
    CHECK(res.get_header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(res.get_header_value("Content-Disposition") == "inline; filename=\"2026-serata.ics\"");
    CHECK(parsed_events(res.body) == 1);
    CHECK_FALSE(site.fetch("/eventi/2026/nessuno.ics", 404).has_header("Content-Disposition"));
  }

  SUBCASE("/feed.atom") {
    auto res = site.fetch("/feed.atom", 200);
    CHECK(res.get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
    CHECK(res.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\"") != std::string::npos);
    CHECK(res.body.find("https://prova.example.org/eventi/2026/serata") != std::string::npos);
  }
}
