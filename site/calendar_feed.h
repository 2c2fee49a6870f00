// iCalendar (RFC 5545) feeds of events, generated with libical: the whole calendar, one audience's,
// or a single event.
// Errors: reading the store throws SQLite::Exception from reads of the database (one locked past
// the busy timeout, or damaged: see core/store.h); rendering throws nothing except std::bad_alloc.
#pragma once

#include <string>
#include <vector>

#include "core/domain.h"
#include "core/store.h"

namespace sentinella {

struct CalendarFeed {
  std::string name;                    // X-WR-CALNAME, e.g. "Sentinella - Comune di Cremona"
  std::string host;                    // for UIDs: "<event uid>@<host>", from the site's base URL
  std::string base_url;                // for each event's URL
  std::string time_zone;               // TZID of every timed event, with its VTIMEZONE
  std::string description;             // X-WR-CALDESC; none if empty
  std::string email;                   // ORGANIZER: mailto:<email>, CN the organizer; none if empty
  std::vector<EventType> event_types;  // CATEGORIES shows a type's label (else its id)
};

// The host of a URL, for identifiers (UIDs, Atom ids): "prova.example.org" from
// "https://User@Prova.example.org:8443/x"; "" if there is none.
std::string url_host(const std::string& url);

// The feed of `site` for `audience` ("pubblico", a target group id, or empty for the site as a
// whole): its name says whose calendar it is.
CalendarFeed calendar_feed_for(const Site& site, const std::string& audience);

// The events of `audience` ("pubblico" or a target group id) by start time, past ones included,
// each with its body (for DESCRIPTION).
std::vector<Event> calendar_events(Store& store, const std::string& audience);

// A VCALENDAR with one VEVENT per event, or per meeting of an event with meetings (UID
// "<uid>@<host>" for the first, "<uid>--<n>@<host>" for meeting n; SUMMARY "<title> (n/N)"), and
// cancelled ones with STATUS:CANCELLED; CRLF line ends, lines folded at 75 octets. Deterministic:
// the same events give the same bytes.
std::string render_calendar(const CalendarFeed& feed, const std::vector<Event>& events);

}  // namespace sentinella
