#include "server/attendance_access.h"

#include "core/attendance.h"
#include "core/text.h"
#include "server/event_admin.h"
#include "server/exchange.h"

namespace sentinella {

std::optional<Event> markable_event(Exchange& x) {
  auto e = event_or_404(x);
  if (!e) return std::nullopt;
  if (!Attendance(x.app.store()).may_mark(*e, x.user()->id)) {
    x.message(403, x.t("forbidden_title"), x.t("attendance_forbidden_text"));
    return std::nullopt;
  }
  return e;
}

std::optional<int> meeting_or_404(Exchange& x, const Event& event, std::size_t match) {
  auto n = parse_whole_number(x.req.matches[match].str(), 1, 999);
  if (!n || !meeting_hours(event, static_cast<int>(*n))) {
    x.res.status = 404;
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

}  // namespace sentinella
