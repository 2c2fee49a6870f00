// What the pages about one event share: its paths, the event named in a route's path, and its
// summary for templates. Nothing here throws except std::bad_alloc and SQLite::Exception from the
// event's lookup (see core/store.h).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/domain.h"

namespace sentinella {

struct Exchange;

// "2026/slug": the event's part of its URLs.
std::string event_path(const Event& e);
// "/admin/eventi/2026/slug": its page for organizers.
std::string admin_href(const Event& e);

// The event named by the route's first two captures (year, slug), or nullopt after setting a 404.
std::optional<Event> event_or_404(Exchange& x);

// Title, public link, when, where, organizer, places and status label, for templates.
nlohmann::json event_summary(const Exchange& x, const Event& e);

}  // namespace sentinella
