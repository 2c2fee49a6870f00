// The feeds: iCalendar for calendar apps (all public events, one audience's, one event) and Atom
// for feed readers. The same for everyone, so cached like the public pages.
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/atom_feed.h"
#include "site/calendar_feed.h"

namespace sentinella {

namespace {

constexpr const char* kCalendarType = "text/calendar; charset=utf-8";
constexpr const char* kAtomType = "application/atom+xml; charset=utf-8";

}  // namespace

void calendar_feed(Exchange& x) {
  // Values too long to be ids are unknown audiences.
  const std::string audience = x.query("audience").substr(0, 64);
  serve_cached(x, "/events.ics?audience=" + audience, [&](PublicSite& pages) -> std::optional<CachedPage> {
    const Site& site = pages.site();
    const std::string wanted = audience.empty() ? std::string(kPublicAudience) : audience;
    if (wanted != kPublicAudience && !site.find_group(wanted)) return std::nullopt;
    const auto events = calendar_events(x.app.store(), wanted);
    return CachedPage{200, render_calendar(calendar_feed_for(site, wanted), events), kCalendarType, ""};
  });
}

void event_calendar(Exchange& x) {
  const int year = std::stoi(x.req.matches[1]);
  const std::string slug = x.req.matches[2];
  serve_cached(x, x.req.path, [&](PublicSite& pages) -> std::optional<CachedPage> {
    auto event = x.app.store().event(year, slug);
    if (!event) return std::nullopt;
    return CachedPage{200, render_calendar(calendar_feed_for(pages.site(), ""), {*event}), kCalendarType, ""};
  });
  if (x.res.status == 200 || x.res.status == 304)
    x.res.set_header("Content-Disposition", "inline; filename=\"" + std::to_string(year) + "-" + slug + ".ics\"");
}

void atom_feed(Exchange& x) {
  serve_cached(x, "/feed.atom", [&](PublicSite& pages) -> std::optional<CachedPage> {
    return CachedPage{200, render_atom(pages.site(), atom_entries(x.app.store(), pages.site())), kAtomType, ""};
  });
}

}  // namespace sentinella
