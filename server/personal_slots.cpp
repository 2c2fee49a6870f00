#include "server/personal_slots.h"

#include <map>

#include "core/event_registrations.h"
#include "core/learning.h"
#include "server/exchange.h"
#include "server/progress_view.h"

using nlohmann::json;

namespace sentinella {

namespace {

using SlotRenderer = std::optional<std::string> (*)(Exchange&, const SlotContext&);

std::optional<std::string> account_slot(Exchange& x, const SlotContext&) {
  return x.site->render_slot("account_nav", {{"account", x.account()}});
}

// The person's registration for the page's event: registered (confirmed or waiting, with the
// cancel form until the event ends), free to register, or not in its audience. `rsvp` false when
// they have no registration and the event takes none: the anonymous part (nothing) then.
std::optional<std::string> event_registration_slot(Exchange& x, const SlotContext& page) {
  if (!page.event) return std::nullopt;
  const Event& e = *page.event;
  const UnixSeconds now = now_seconds();
  const auto mine = EventRegistrations(x.app.store()).find(e.uid, x.user()->id);
  const bool confirmed = mine && mine->state == RegistrationState::confirmed;
  const bool waiting = mine && mine->state == RegistrationState::waiting;
  const bool open = EventRegistrations::closed_reason(e, now) == RegistrationClosed::open;
  const bool admitted = EventRegistrations::admits(e, x.user()->target_group);
  json data = x.site->event_rsvp_data(e, now);
  data["rsvp"] = confirmed || waiting || open
                     ? json{{"is_registered", confirmed || waiting},
                            {"is_confirmed", confirmed},
                            {"is_waiting", waiting},
                            {"waiting_position", waiting ? mine->waiting_position : 0},
                            {"can_cancel", (confirmed || waiting) && e.end_utc > now},
                            {"can_register", !confirmed && !waiting && open && admitted},
                            {"not_admitted", !confirmed && !waiting && open && !admitted},
                            {"cancel_action", data["registration_href"].get<std::string>() + "/annulla"}}
                     : json(false);
  data["account"] = x.account();
  return x.site->render_slot("event_rsvp", std::move(data));
}

// The person's state in the page's module: the button that starts it, or the progress bar, each
// lesson's state, where to resume and the completion date.
std::optional<std::string> module_progress_slot(Exchange& x, const SlotContext& page) {
  if (page.module_slug.empty()) return std::nullopt;
  auto p = Learning(x.app.store()).progress(x.user()->id, page.module_slug);
  if (!p) return std::nullopt;
  return x.site->render_slot("module_progress", {{"progress", progress_view(x, *p)}, {"account", x.account()}});
}

// The person's state for the page's lesson: read (with the date), or the form that marks it read.
std::optional<std::string> lesson_progress_slot(Exchange& x, const SlotContext& page) {
  if (page.module_slug.empty() || page.lesson_slug.empty()) return std::nullopt;
  auto p = Learning(x.app.store()).progress(x.user()->id, page.module_slug);
  if (!p) return std::nullopt;
  const json view = progress_view(x, *p);
  const std::string href = view["href"].get<std::string>() + "/" + page.lesson_slug;
  for (const auto& l : view["lessons"])
    if (l["href"] == href)
      return x.site->render_slot("lesson_progress", {{"lesson_state", {{"title", l["title"]},
                                                                        {"is_read", l["is_read"]},
                                                                        {"read", l["read"]},
                                                                        {"action", href + "/letta"}}},
                                                     {"account", x.account()}});
  return std::nullopt;
}

const std::map<std::string, SlotRenderer, std::less<>>& slot_table() {
  static const std::map<std::string, SlotRenderer, std::less<>> table = {
      {"account", account_slot},
      {"event_registration", event_registration_slot},
      {"module_progress", module_progress_slot},
      {"lesson_progress", lesson_progress_slot},
  };
  return table;
}

}  // namespace

std::optional<std::string> render_personal_slot(Exchange& x, const std::string& name, const SlotContext& page) {
  auto it = slot_table().find(name);
  if (it == slot_table().end() || !x.session) return std::nullopt;
  return it->second(x, page);
}

}  // namespace sentinella
