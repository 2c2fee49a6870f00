// An event with meetings and modules as the running server shows it: its page, the list of events,
// its calendar file and the feed.
#include <doctest/doctest.h>

#include "event_fixtures.h"
#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(part, at)) != std::string::npos; ++at) ++n;
  return n;
}

}  // namespace

TEST_CASE("the server shows an event's meetings, modules and hours") {
  RunningSite site({}, [](ContentTree& tree) { tree.write("events/2030/corso.md", kPoliceCourse2030); });

  const std::string page = site.fetch("/eventi/2030/corso", 200).body;
  CHECK(contains(page, "<dd>8 ore in 2 incontri</dd>"));
  CHECK(contains(page, "<time datetime=\"2030-03-05T09:00\">martedì 5 marzo 2030, 09:00-13:00</time>"));
  CHECK(contains(page, "<time datetime=\"2030-03-12T09:00\">martedì 12 marzo 2030, 09:00-13:00</time>"));
  CHECK(contains(page, "<span class=\"event-meeting-place\">Comando di polizia locale</span>"));
  CHECK(contains(page, "<a href=\"/moduli/alfa\">Modulo Alfa</a>"));
  site.fetch("/moduli/alfa", 200);  // the link leads somewhere

  CHECK(contains(site.fetch("/eventi", 200).body, "(2 incontri)"));

  const std::string ics = site.fetch("/eventi/2030/corso.ics", 200).body;
  CHECK(count(ics, "BEGIN:VEVENT") == 2);
  CHECK(contains(ics, "UID:2030-corso@prova.example.org\r\n"));
  CHECK(contains(ics, "UID:2030-corso--2@prova.example.org\r\n"));
  CHECK(count(site.fetch("/events.ics?audience=polizia-locale", 200).body, "BEGIN:VEVENT") == 2);
}
