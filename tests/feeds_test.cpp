// The iCalendar and Atom feeds: every calendar is parsed back with libical and checked against
// RFC 5545's rules; the Atom feed is checked for structure, escaping, links and order.
#include <doctest/doctest.h>

#include <libical/ical.h>

#include <ctime>
#include <memory>
#include <sstream>

#include "core/text.h"
#include "importer/importer.h"
#include "site/atom_feed.h"
#include "site/calendar_feed.h"
#include "site/html_text.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

struct EventSpec {
  std::string title = "\"Serata di prova\"";  // as written in YAML
  std::string type = "teatro";
  std::string start = "2026-10-24 21:00";
  std::string end = "2026-10-25 01:00";
  std::string audience = "pubblico";
  std::string status = "scheduled";
  std::string location = "  name: Teatro Ponchielli\n  address: Corso Vittorio Emanuele 52, Cremona\n";
  std::string organizer = "Comune di Prova";  // as written in YAML
  std::string body = "Una serata a teatro.\n";
};

std::string event_file(const EventSpec& e) {
  return "---\ntitle: " + e.title + "\ntype: " + e.type + "\nstart: " + e.start + "\nend: " + e.end +
         "\nlocation:\n" + e.location + "audience:\n  - " + e.audience + "\norganizer: " + e.organizer + "\nstatus: " +
         e.status + "\n---\n" + e.body;
}

struct FeedSite {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());

  // Writes `e` as events/<the year it starts>/<slug>.md.
  void write(const std::string& slug, const EventSpec& e) {
    tree.write("events/" + e.start.substr(0, 4) + "/" + slug + ".md", event_file(e));
  }
  void import() {
    auto report = import_content(tree.root(), *store);
    REQUIRE_MESSAGE(report.ok(), "the import failed");
  }
  // Writes `e` as <slug> and imports the tree again.
  void import(const std::string& slug, const EventSpec& e) {
    write(slug, e);
    import();
  }
  std::string calendar(const std::string& audience = kPublicAudience) {
    const Site site = store->site().value();
    return render_calendar(calendar_feed_for(site, audience), calendar_events(*store, audience));
  }
};

struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Calendar = std::unique_ptr<icalcomponent, ComponentFree>;

// `ics` parsed by libical; the test stops here if libical cannot parse it.
Calendar parse(const std::string& ics) {
  Calendar cal(icalcomponent_new_from_string(ics.c_str()));
  REQUIRE_MESSAGE(cal, "libical cannot parse the calendar");
  return cal;
}

std::vector<icalcomponent*> vevents(icalcomponent* cal) {
  std::vector<icalcomponent*> out;
  for (auto* c = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); c;
       c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
    out.push_back(c);
  return out;
}

// The calendar's first VEVENT (throws if there is none).
icalcomponent* first_event(const Calendar& cal) { return vevents(cal.get()).at(0); }

// The first broken rule of RFC 5545's line format, or "" if there is none: every line ends with
// CRLF (no bare CR or LF), is at most 75 octets, is valid UTF-8 on its own (a fold never splits a
// character), and no continuation line is empty.
std::string line_problem(const std::string& ics) {
  if (ics.empty()) return "empty";
  size_t start = 0;
  int number = 1;
  while (start < ics.size()) {
    const size_t end = ics.find("\r\n", start);
    if (end == std::string::npos) return "line " + std::to_string(number) + " does not end with CRLF";
    const std::string line = ics.substr(start, end - start);
    const std::string where = "line " + std::to_string(number) + " [" + line + "]";
    if (line.find_first_of("\r\n") != std::string::npos) return where + " has a bare CR or LF";
    if (line.size() > 75) return where + " is " + std::to_string(line.size()) + " octets long";
    if (find_invalid_utf8(line) != std::string::npos) return where + " is not valid UTF-8 on its own";
    if (line == " ") return where + " is an empty continuation";
    start = end + 2;
    ++number;
  }
  return "";
}

// `ics` parsed by libical, after checking that it keeps RFC 5545's line format; checks too that
// libical finds no errors in it.
Calendar parse_valid(const std::string& ics) {
  CHECK(line_problem(ics) == "");
  auto cal = parse(ics);
  CHECK(icalcomponent_count_errors(cal.get()) == 0);
  return cal;
}

std::int64_t utc(int year, int month, int day, int hour, int minute) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::int64_t instant(icaltimetype t) { return static_cast<std::int64_t>(icaltime_as_timet_with_zone(t, t.zone)); }

}  // namespace

TEST_CASE("render_calendar") {
  FeedSite s;
  s.import("serata", EventSpec{});

  SUBCASE("libical parses it back without errors; the calendar names itself and asks for refreshes") {
    const std::string ics = s.calendar();
    auto cal = parse_valid(ics);
    CHECK(icalcomponent_isa(cal.get()) == ICAL_VCALENDAR_COMPONENT);
    CHECK(vevents(cal.get()).size() == 1);
    CHECK(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    CHECK(ics.ends_with("END:VCALENDAR\r\n"));
    for (const std::string line : {"PRODID:-//Sentinella//Sentinella//IT", "VERSION:2.0", "CALSCALE:GREGORIAN",
                                   "METHOD:PUBLISH", "X-WR-CALNAME:Sentinella Prova - Comune di Prova",
                                   "X-WR-TIMEZONE:Europe/Rome", "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
                                   "X-PUBLISHED-TTL:PT1H"}) {
      CAPTURE(line);
      CHECK(contains(ics, "\r\n" + line + "\r\n"));
    }
  }

  SUBCASE("the calendar's name and description and the categories are escaped TEXT too") {
    // libical writes these without escaping commas and semicolons: the feed escapes them itself.
    std::string yaml = read_file(s.tree.root() / "site.yaml");
    yaml.replace(yaml.find("label: Spettacolo teatrale"), 26, "label: 'Spettacolo, teatro; e \\ altro'");
    yaml.replace(yaml.find("name: Sentinella Prova"), 22, "name: 'Sentinella, Prova; \\ due'");
    yaml.replace(yaml.find("description: Un sito di prova."), 30, "description: \"Un sito,\\ndi prova; sì\"");
    s.tree.write("site.yaml", yaml);
    s.import();
    const std::string ics = s.calendar();
    CHECK(contains(ics, "\r\nX-WR-CALNAME:Sentinella\\, Prova\\; \\\\ due - Comune di Prova\r\n"));
    CHECK(contains(ics, "\r\nNAME:Sentinella\\, Prova\\; \\\\ due - Comune di Prova\r\n"));
    CHECK(contains(ics, "\r\nX-WR-CALDESC:Un sito\\,\\ndi prova\\; sì\r\n"));
    CHECK(contains(ics, "\r\nCATEGORIES:Spettacolo\\, teatro\\; e \\\\ altro\r\n"));
    auto cal = parse_valid(ics);
    icalcomponent* e = first_event(cal);
    icalproperty* category = icalcomponent_get_first_property(e, ICAL_CATEGORIES_PROPERTY);
    REQUIRE(category);
    CHECK(std::string(icalproperty_get_categories(category)) == "Spettacolo, teatro; e \\ altro");
    CHECK_FALSE(icalcomponent_get_next_property(e, ICAL_CATEGORIES_PROPERTY));
  }

  SUBCASE("an event: UID, DTSTAMP, SEQUENCE, place, link, category, status") {
    const std::string ics = s.calendar();
    auto cal = parse(ics);
    auto events = vevents(cal.get());
    REQUIRE(events.size() == 1);
    icalcomponent* e = events[0];
    CHECK(std::string(icalcomponent_get_uid(e)) == "2026-serata@prova.example.org");
    CHECK(icalcomponent_get_sequence(e) == 0);
    CHECK(icalcomponent_get_status(e) == ICAL_STATUS_CONFIRMED);
    const Event stored = s.store->event(2026, "serata").value();
    CHECK(instant(icalcomponent_get_dtstamp(e)) == stored.updated_at);
    CHECK(std::string(icalcomponent_get_location(e)) == "Teatro Ponchielli, Corso Vittorio Emanuele 52, Cremona");
    CHECK(contains(ics, "\r\nLOCATION:Teatro Ponchielli\\, Corso Vittorio Emanuele 52\\, Cremona\r\n"));
    CHECK(contains(ics, "\r\nURL:https://prova.example.org/eventi/2026/serata\r\n"));
    CHECK(contains(ics, "\r\nCATEGORIES:Spettacolo teatrale\r\n"));
    CHECK(std::string(icalcomponent_get_description(e)) == "Una serata a teatro.");
    CHECK_FALSE(contains(ics, "GEO:"));
  }

  SUBCASE("ORGANIZER: the site's address, named after the event's organizer; iTIP's rules hold") {
    s.import("serata", {.organizer = R"('Comune di Prova, "Ufficio": legalità; sì')"});
    auto cal = parse(s.calendar());
    icalproperty* organizer = icalcomponent_get_first_property(first_event(cal), ICAL_ORGANIZER_PROPERTY);
    REQUIRE(organizer);
    CHECK(std::string(icalproperty_get_organizer(organizer)) == "mailto:prova@example.org");
    CHECK(std::string(icalproperty_get_parameter_as_string(organizer, "CN")) ==
          "Comune di Prova, 'Ufficio': legalità; sì");
    // RFC 5546's restrictions for METHOD:PUBLISH (each violation becomes an X-LIC-ERROR).
    icalrestriction_check(cal.get());
    CHECK(icalcomponent_count_errors(cal.get()) == 0);
  }

  SUBCASE("coordinates become GEO") {
    s.import("serata", {.location = "  name: Piazza\n  latitude: 45.1335\n  longitude: 10.0227\n"});
    const std::string ics = s.calendar();
    auto cal = parse(ics);
    icalproperty* geo = icalcomponent_get_first_property(first_event(cal), ICAL_GEO_PROPERTY);
    REQUIRE(geo);
    CHECK(icalproperty_get_geo(geo).lat == doctest::Approx(45.1335));
    CHECK(icalproperty_get_geo(geo).lon == doctest::Approx(10.0227));
  }

  SUBCASE("a title and a description full of , ; \\ line breaks and accents come back identical") {
    s.import("serata",
             {.title = R"("Teatro, musica; \\ barre \\ e àèìòù ÀÉ\nseconda riga, più; lunga di settantacinque ottetti")",
              .body = "Prima riga, con virgole; punti e virgola; una barra C:\\cartella\\file e lettere accentate: "
                      "àèìòù ÀÉÌÒÙ çñ — «virgolette» € 😀.\n\n"
                      "Secondo paragrafo: \"virgolette\" & altro;;;,,,\\\\ fine.\n\n"
                      "- uno, due; tre\n- quattro\n"});
    const std::string ics = s.calendar();
    auto cal = parse_valid(ics);
    icalcomponent* e = first_event(cal);
    CHECK(std::string(icalcomponent_get_summary(e)) ==
          "Teatro, musica; \\ barre \\ e àèìòù ÀÉ\nseconda riga, più; lunga di settantacinque ottetti");
    const std::string description = icalcomponent_get_description(e);
    CHECK(description ==
          "Prima riga, con virgole; punti e virgola; una barra C:\\cartella\\file e lettere accentate: "
          "àèìòù ÀÉÌÒÙ çñ — «virgolette» € 😀.\n\n"
          "Secondo paragrafo: \"virgolette\" & altro;;;,,,\\ fine.\n\n"
          "- uno, due; tre\n- quattro");
    CHECK(description == html_to_text(s.store->event(2026, "serata")->body_html));
    // The TEXT escaping as written.
    CHECK(contains(ics, "SUMMARY:Teatro\\, musica\\; \\\\ barre"));
  }

  SUBCASE("folding: at every length, lines stay within 75 octets and whole characters") {
    // Titles of every length from 1 to 200 characters, of 1-, 2-, 3- and 4-octet characters, put
    // the folds at every position, the end of a line included (where libical's own folding fails).
    const char* pieces[] = {"a", "è", "€", "😀", ",", "\\\\"};
    for (int n = 1; n <= 200; ++n) {
      std::string yaml = "\"", expected;
      for (int i = 0; i < n; ++i) {
        const std::string piece = pieces[(i * 7 + n) % 6];
        yaml += piece;
        expected += piece == "\\\\" ? "\\" : piece;
      }
      s.import("serata", {.title = yaml + "\""});
      const std::string ics = s.calendar();
      INFO("title length " << n);
      REQUIRE(line_problem(ics) == "");
      auto cal = parse(ics);
      REQUIRE(icalcomponent_count_errors(cal.get()) == 0);
      REQUIRE(std::string(icalcomponent_get_summary(first_event(cal))) == expected);
    }
  }

  SUBCASE("a timed event has TZID times and the zone's VTIMEZONE; across the October change") {
    // On 25 October 2026 the clocks go back from 03:00 summer time (UTC+2) to 02:00 winter time
    // (UTC+1): 21:00 to 04:00 lasts eight hours, not seven.
    s.import("serata", {.end = "2026-10-25 04:00"});
    const std::string ics = s.calendar();
    CHECK(contains(ics, "\r\nDTSTART;TZID=Europe/Rome:20261024T210000\r\n"));
    CHECK(contains(ics, "\r\nDTEND;TZID=Europe/Rome:20261025T040000\r\n"));
    CHECK(contains(ics, "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Rome\r\n"));
    auto cal = parse(ics);
    REQUIRE(icalcomponent_get_timezone(cal.get(), "Europe/Rome"));
    icalcomponent* e = first_event(cal);
    CHECK(instant(icalcomponent_get_dtstart(e)) == utc(2026, 10, 24, 19, 0));
    CHECK(instant(icalcomponent_get_dtend(e)) == utc(2026, 10, 25, 3, 0));
    const Event stored = s.store->event(2026, "serata").value();
    CHECK(instant(icalcomponent_get_dtstart(e)) == stored.start_utc);
    CHECK(instant(icalcomponent_get_dtend(e)) == stored.end_utc);
    // Only the recent rules: the zone's history before the events' year is left out.
    CHECK_FALSE(contains(ics, "DTSTART:1916"));
    CHECK(ics.size() < 3000);
  }

  SUBCASE("01:00 on the night of the change is still summer time") {
    auto cal = parse(s.calendar());
    CHECK(instant(icalcomponent_get_dtend(first_event(cal))) == utc(2026, 10, 24, 23, 0));
  }

  SUBCASE("a timed event in winter time, with the zone's rules from its year") {
    s.tree.remove("events/2026/serata.md");
    s.import("inverno", {.start = "2027-01-15 18:00", .end = "2027-01-15 20:00"});
    auto cal = parse(s.calendar());
    CHECK(instant(icalcomponent_get_dtstart(first_event(cal))) == utc(2027, 1, 15, 17, 0));
  }

  SUBCASE("an all-day event is VALUE=DATE, its DTEND the day after the last; no VTIMEZONE needed") {
    s.tree.remove("events/2026/serata.md");
    s.import("giornate", {.start = "2027-02-11", .end = "2027-02-12"});
    const std::string ics = s.calendar();
    CHECK(contains(ics, "\r\nDTSTART;VALUE=DATE:20270211\r\n"));
    CHECK(contains(ics, "\r\nDTEND;VALUE=DATE:20270213\r\n"));
    CHECK_FALSE(contains(ics, "VTIMEZONE"));
    auto cal = parse(ics);
    CHECK(icalcomponent_count_errors(cal.get()) == 0);
    CHECK(icalcomponent_get_dtstart(first_event(cal)).is_date == 1);
  }

  SUBCASE("the same content gives the same bytes; a change raises SEQUENCE, the UID stays") {
    const std::string before = s.calendar();
    s.import();
    CHECK(s.calendar() == before);
    s.import("serata", {.title = "\"Serata di prova, nuova data\""});
    const std::string after = s.calendar();
    auto cal = parse(after);
    icalcomponent* e = first_event(cal);
    CHECK(std::string(icalcomponent_get_uid(e)) == "2026-serata@prova.example.org");
    CHECK(icalcomponent_get_sequence(e) == 1);
    CHECK(contains(after, "\r\nSEQUENCE:1\r\n"));
  }

  SUBCASE("cancelled and postponed events stay, with their STATUS") {
    s.write("serata", {.status = "cancelled"});
    s.write("rinviata", {.start = "2026-11-25 18:00", .end = "2026-11-25 20:00", .status = "postponed"});
    s.import();
    const std::string ics = s.calendar();
    auto cal = parse(ics);
    auto events = vevents(cal.get());
    REQUIRE(events.size() == 2);
    CHECK(icalcomponent_get_status(events[0]) == ICAL_STATUS_CANCELLED);
    CHECK(icalcomponent_get_status(events[1]) == ICAL_STATUS_TENTATIVE);
    CHECK(contains(ics, "\r\nSTATUS:CANCELLED\r\n"));
  }

  SUBCASE("the audience filter") {
    s.import("agenti", {.start = "2026-11-25 18:00", .end = "2026-11-25 20:00", .audience = "polizia-locale"});
    auto everyone = parse(s.calendar(kPublicAudience));
    auto group = parse(s.calendar("polizia-locale"));
    auto social = parse(s.calendar("servizi-sociali"));
    REQUIRE(vevents(everyone.get()).size() == 1);
    CHECK(std::string(icalcomponent_get_uid(vevents(everyone.get())[0])) == "2026-serata@prova.example.org");
    REQUIRE(vevents(group.get()).size() == 1);
    CHECK(std::string(icalcomponent_get_uid(vevents(group.get())[0])) == "2026-agenti@prova.example.org");
    CHECK(vevents(social.get()).empty());
    CHECK(icalcomponent_count_errors(social.get()) == 0);
    CHECK(contains(s.calendar("polizia-locale"), "\r\nX-WR-CALNAME:Sentinella Prova - Polizia locale\r\n"));
  }

  SUBCASE("a single event's calendar") {
    const Site site = s.store->site().value();
    const std::string ics = render_calendar(calendar_feed_for(site, ""), {s.store->event(2026, "serata").value()});
    auto cal = parse_valid(ics);
    CHECK(vevents(cal.get()).size() == 1);
  }
}

TEST_CASE("url_host") {
  CHECK(url_host("https://prova.example.org") == "prova.example.org");
  CHECK(url_host("https://utente@Prova.Example.org:8443/sito?x#y") == "prova.example.org");
  CHECK(url_host("http://127.0.0.1:8080") == "127.0.0.1");
  CHECK(url_host("") == "");
}

namespace {

// The first element closed out of order or left open, or "" if every element opened is closed in
// order (a small check of well-formedness, not an XML parser).
std::string xml_nesting_problem(const std::string& xml) {
  std::vector<std::string> open;
  size_t pos = 0;
  while ((pos = xml.find('<', pos)) != std::string::npos) {
    const size_t end = xml.find('>', pos);
    if (end == std::string::npos) return "unterminated tag";
    const std::string tag = xml.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.starts_with("?") || tag.ends_with("/")) continue;
    const bool closing = tag.starts_with("/");
    const std::string name = tag.substr(closing ? 1 : 0, tag.find(' ') - (closing ? 1 : 0));
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
    } else {
      open.pop_back();
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> is never closed";
}

// The values of every `<name>` element, in order.
std::vector<std::string> elements(const std::string& xml, const std::string& name) {
  std::vector<std::string> out;
  const std::string open = "<" + name + ">", close = "</" + name + ">";
  for (size_t pos = 0; (pos = xml.find(open, pos)) != std::string::npos;) {
    const size_t end = xml.find(close, pos);
    out.push_back(xml.substr(pos + open.size(), end - pos - open.size()));
    pos = end;
  }
  return out;
}

}  // namespace

TEST_CASE("render_atom") {
  FeedSite s;
  s.write("serata", EventSpec{});
  s.tree.write("pages/chi-siamo.md", "---\ntitle: \"Chi <siamo> & \\\"perché\\\" l'abbiamo fatto\"\nsummary: Noi & voi\nmenu: 1\n---\nTesto.\n");
  s.import();
  const Site site = s.store->site().value();

  SUBCASE("a feed with absolute links, ids and escaped text") {
    const std::string atom = render_atom(site, atom_entries(*s.store, site));
    CHECK(atom.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    CHECK(xml_nesting_problem(atom) == "");
    for (const char* part : {"<link rel=\"self\" href=\"https://prova.example.org/feed.atom\"/>",
                             "<link rel=\"alternate\" href=\"https://prova.example.org/\"/>",
                             "<author>\n    <name>Comune di Prova</name>\n  </author>",
                             "<title>Chi &lt;siamo&gt; &amp; &quot;perché&quot; l&apos;abbiamo fatto</title>",
                             "<summary>Noi &amp; voi</summary>",
                             "<id>tag:prova.example.org,2026:eventi/2026/serata</id>",
                             "<link rel=\"alternate\" href=\"https://prova.example.org/eventi/2026/serata\"/>",
                             "<link rel=\"alternate\" href=\"https://prova.example.org/moduli/alfa\"/>"}) {
      CAPTURE(part);
      CHECK(contains(atom, part));
    }
    CHECK_FALSE(contains(atom, "moduli/bozza"));  // drafts are not published
    size_t links = 0;
    for (size_t pos = 0; (pos = atom.find(" href=\"", pos)) != std::string::npos; ++links) {
      pos += 7;
      CHECK(atom.compare(pos, 26, "https://prova.example.org/") == 0);
    }
    CHECK(links >= 5);
    for (const auto& updated : elements(atom, "updated")) CHECK(updated.size() == 20);  // 2026-11-22T01:35:00Z
  }

  SUBCASE("entries newest first, then by id, cut to the limit; the feed's updated is the newest") {
    std::vector<AtomEntry> entries = {{"tag:x,2026:b", "B", "https://x/b", "", 2000},
                                      {"tag:x,2026:a", "A", "https://x/a", "", 2000},
                                      {"tag:x,2026:c", "C", "https://x/c", "", 3000},
                                      {"tag:x,2026:d", "D", "https://x/d", "", 1000}};
    const std::string atom = render_atom(site, entries, 3);
    const auto titles = elements(atom, "title");
    REQUIRE(titles.size() == 4);  // the feed's own title, then the entries'
    CHECK(titles[1] == "C");
    CHECK(titles[2] == "A");
    CHECK(titles[3] == "B");
    CHECK(elements(atom, "updated").at(0) == "1970-01-01T00:50:00Z");
  }

  SUBCASE("an empty feed is still valid and deterministic") {
    const std::string atom = render_atom(site, {});
    CHECK(xml_nesting_problem(atom) == "");
    CHECK(elements(atom, "updated").at(0) == "1970-01-01T00:00:00Z");
    CHECK_FALSE(contains(atom, "<entry>"));
  }
}
