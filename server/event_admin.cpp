#include "server/event_admin.h"

#include "server/exchange.h"
#include "site/format.h"

namespace sentinella {

std::string event_path(const Event& e) { return std::to_string(e.year) + "/" + e.slug; }

std::string admin_href(const Event& e) { return "/admin/eventi/" + event_path(e); }

std::optional<Event> event_or_404(Exchange& x) {
  auto e = x.app.store().event(std::stoi(x.req.matches[1]), x.req.matches[2]);
  if (!e) x.res.status = 404;
  return e;
}

nlohmann::json event_summary(const Exchange& x, const Event& e) {
  const char* status_key = e.status == EventStatus::cancelled   ? "event_cancelled"
                           : e.status == EventStatus::postponed ? "event_postponed"
                                                                : nullptr;
  return {{"title", e.title},
          {"href", "/eventi/" + event_path(e)},
          {"when", format_event_when(e, x.site->site().language)},
          {"location_name", e.location.name},
          {"organizer", e.organizer},
          {"capacity", e.capacity},
          {"has_limit", e.capacity > 0},
          {"status_label", status_key ? x.t(status_key) : ""}};
}

}  // namespace sentinella
