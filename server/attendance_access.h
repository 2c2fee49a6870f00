// Who may reach the attendance pages of an event (roster, sign-in sheet, the event's admin page):
// Attendance::may_mark, checked in the handler of every such route, GET and POST alike.
// Errors: reads of the store may throw (see core/store.h); http_server turns that into a 500.
#pragma once

#include <optional>
#include <string>

#include "core/domain.h"
#include "server/event_admin.h"

namespace sentinella {

struct Exchange;

// The event named by the path (year in match 1, slug in match 2) when the person signed in may
// mark attendance at it. Otherwise nullopt after answering: 404 for no such event, 403 for a person
// who may not mark (the event itself is public, so saying it exists gives nothing away).
std::optional<Event> markable_event(Exchange& x);

// An event and one of its meetings (numbered from 1).
struct MarkableMeeting {
  Event event;
  int number = 0;
};

// "/admin/eventi/<year>/<slug>/incontri/<n>": the meeting's roster, under which its other pages
// (sign-in sheet, import, check-in code) are.
std::string roster_href(const Event& event, int meeting);

// The event (path matches 1 and 2) and meeting (match 3) named by the path when the person signed
// in may mark attendance at it. Otherwise nullopt after answering 404 (no such event or meeting)
// or 403, as a page, or as JSON {"error": ...} when `as_json`.
std::optional<MarkableMeeting> markable_meeting(Exchange& x, bool as_json = false);

// The meeting number in path match `match` when `event` has that meeting; otherwise nullopt after
// answering 404.
std::optional<int> meeting_or_404(Exchange& x, const Event& event, std::size_t match);

}  // namespace sentinella
