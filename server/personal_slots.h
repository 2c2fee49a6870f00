// The personal slots of cached public pages (see site/page_slots.h), rendered for the person signed
// in: serve_cached joins them with the cached anonymous segments.
//
// The slots, each a partial of the theme whose HTML is wrapped in <!--slot:NAME--> markers:
//   account             partials/account_nav.mustache   every page's header: name, "La mia area", logout
//   event_registration  partials/event_rsvp.mustache    the event page: the person's registration
//   module_progress     partials/module_progress.mustache  the module page: start, progress, resume
//   lesson_progress     partials/lesson_progress.mustache  the lesson page: "Ho letto questa lezione"
// To add one: wrap its markup in the partial with the markers; add a line to the table in
// personal_slots.cpp with a function giving the partial's data for the person; if it needs the
// page's subject (an event, a module), add it to SlotContext and have the page's handler give it.
// Errors: throws what PublicSite and the store's reads throw (see site/public_site.h).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/domain.h"

namespace sentinella {

struct Exchange;

// What a page gives its slots beyond the person: the subject of the page, when a slot needs it.
struct SlotContext {
  std::optional<Event> event;  // the event page's event
  std::string module_slug;     // the module page's module, or the lesson page's
  std::string lesson_slug;     // the lesson page's lesson
};

// The HTML of slot `name` for the person signed in to `x` (who must be signed in), from their own
// session and data only; nullopt keeps the slot's anonymous part (an unknown slot, or a context
// that lacks what the slot needs).
std::optional<std::string> render_personal_slot(Exchange& x, const std::string& name, const SlotContext& page);

}  // namespace sentinella
