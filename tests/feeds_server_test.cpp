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
    auto res = site.get("/events.ics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(parsed_events(res->body) == 1);
    CHECK(res->body.find("UID:2026-serata@prova.example.org\r\n") != std::string::npos);
    const std::string etag = res->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    auto again = site.get("/events.ics", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
  }

  SUBCASE("/events.ics?audience=: a group's calendar, 404 for an unknown audience") {
    auto group = site.get("/events.ics?audience=polizia-locale");
    REQUIRE(group);
    CHECK(group->status == 200);
    CHECK(parsed_events(group->body) == 0);
    auto everyone = site.get("/events.ics?audience=pubblico");
    REQUIRE(everyone);
    CHECK(parsed_events(everyone->body) == 1);
    auto unknown = site.get("/events.ics?audience=nessuno");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
  }

  SUBCASE("/eventi/<year>/<slug>.ics: one event, as a file to open") {
    auto res = site.get("/eventi/2026/serata.ics");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/calendar; charset=utf-8");
    CHECK(res->get_header_value("Content-Disposition") == "inline; filename=\"2026-serata.ics\"");
    CHECK(parsed_events(res->body) == 1);
    auto missing = site.get("/eventi/2026/nessuno.ics");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK_FALSE(missing->has_header("Content-Disposition"));
  }

  SUBCASE("/feed.atom") {
    auto res = site.get("/feed.atom");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/atom+xml; charset=utf-8");
    CHECK(res->body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\"") != std::string::npos);
    CHECK(res->body.find("https://prova.example.org/eventi/2026/serata") != std::string::npos);
  }
}
