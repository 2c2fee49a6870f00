// iCalendar (RFC 5545) feeds of events, generated with libical: the whole calendar, one audience's,
// or a single event.
#pragma once

#include <string>
#include <vector>

#include "core/domain.h"

namespace sentinella {

struct CalendarFeed {
  std::string name;        // X-WR-CALNAME, e.g. "Sentinella - Comune di Cremona"
  std::string host;        // for UIDs: "<event uid>@<host>", from the site's base URL
  std::string base_url;    // for each event's URL
  std::string time_zone;   // TZID of every timed event, with its VTIMEZONE
};

// A VCALENDAR with one VEVENT per event (cancelled ones with STATUS:CANCELLED), CRLF line ends,
// lines folded at 75 octets. Deterministic: the same events give the same bytes.
std::string render_calendar(const CalendarFeed& feed, const std::vector<Event>& events);

}  // namespace sentinella
