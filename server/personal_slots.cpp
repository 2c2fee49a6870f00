#include "server/personal_slots.h"

#include <map>

#include "core/event_registrations.h"
#include "server/exchange.h"

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

const std::map<std::string, SlotRenderer, std::less<>>& slot_table() {
  static const std::map<std::string, SlotRenderer, std::less<>> table = {
      {"account", account_slot},
      {"event_registration", event_registration_slot},
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
