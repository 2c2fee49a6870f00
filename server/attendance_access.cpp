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

std::string roster_href(const Event& event, int meeting) {
  return admin_href(event) + "/incontri/" + std::to_string(meeting);
}

std::optional<MarkableMeeting> markable_meeting(Exchange& x, bool as_json) {
  auto e = x.app.store().event(std::stoi(x.req.matches[1]), x.req.matches[2]);
  const auto n = parse_whole_number(x.req.matches[3].str(), 1, 999);
  if (!e || !n || !meeting_hours(*e, static_cast<int>(*n))) {
    if (as_json) x.json(404, {{"error", "not found"}});
    else x.res.status = 404;
    return std::nullopt;
  }
  if (!Attendance(x.app.store()).may_mark(*e, x.user()->id)) {
    if (as_json) x.json(403, {{"error", "forbidden"}});
    else x.message(403, x.t("forbidden_title"), x.t("attendance_forbidden_text"));
    return std::nullopt;
  }
  return MarkableMeeting{std::move(*e), static_cast<int>(*n)};
}

}  // namespace sentinella
