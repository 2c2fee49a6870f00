// The public pages: each function renders one page type from the store through the theme.
// They return nullopt when the thing asked for does not exist (or is a draft).
// Errors: pages throw std::runtime_error if the theme cannot render a template, and
// SQLite::Exception from reads of the database (one locked past the busy timeout, or damaged: see
// core/store.h); the server turns both into a 500.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "core/local_time.h"
#include "core/store.h"
#include "site/theme.h"

namespace sentinella {

// Which events a list shows; empty fields mean any.
struct EventFilter {
  std::string type;      // an EventType id
  std::string audience;  // a target group id or "pubblico"
};

// The static export's pages (sentinella build): a plain web server serves one file per URL, so
// links that the live site writes with a query string get a path of their own, and what only a
// server can do (filters, registration, the reserved area) is left out. Templates see
// `static_site` true.
struct StaticSite {
  // The calendar months that are exported, as year * 12 + month - 1: the month pages link to the
  // previous and next month only inside this range.
  int first_month = 0, last_month = 0;
};

// Paths of the static export where the live site has a query string.
// "/moduli/gruppo/<id>" for "/moduli?gruppo=<id>".
std::string static_group_path(const std::string& group_id);
// "/events/<audience>.ics" for "/events.ics?audience=<audience>".
std::string static_feed_path(const std::string& audience);

class PublicSite {
public:
  // Pages for the live site, or for the static export when `static_site` is given. `site` is the
  // store's site.yaml settings as imported: a PublicSite is made again after every import.
  PublicSite(Store& store, Site site, std::shared_ptr<const Theme> theme,
             std::optional<StaticSite> static_site = std::nullopt);

  const Site& site() const { return site_; }
  const Theme& theme() const { return theme_; }

  // Pages that show events take `now`: the day lists start from is its date in the site's time
  // zone, and an event whose end is not after `now` has ended ("Evento concluso", no registration).
  // Such a page stops being true when an event on it ends: `*expires`, when given, is set to the
  // first such instant (0 if none), for caches (see PageCache).
  std::optional<std::string> home(UnixSeconds now, UnixSeconds* expires = nullptr);
  // `group` empty for all modules; nullopt for an unknown group id.
  std::optional<std::string> catalogue(const std::string& group);
  std::optional<std::string> module(const std::string& slug);
  std::optional<std::string> lesson(const std::string& module_slug, const std::string& slug);
  std::optional<std::string> page(const std::string& slug);
  // Events ending today or later; nullopt for an unknown filter value.
  std::optional<std::string> events(const EventFilter& filter, UnixSeconds now, UnixSeconds* expires = nullptr);
  // Events that ended before today, newest first.
  std::optional<std::string> events_archive(const EventFilter& filter, UnixSeconds now,
                                            UnixSeconds* expires = nullptr);
  // A month as a calendar table; nullopt for a month outside 1900-2999 or an unknown filter.
  std::optional<std::string> events_month(int year, int month, const EventFilter& filter,
                                           const LocalDateTime& today);
  std::optional<std::string> event(int year, const std::string& slug, UnixSeconds now,
                                   UnixSeconds* expires = nullptr);

  // What the event page's registration slot (partials/event_rsvp.mustache) needs of `e` at `now`
  // besides the person's state: `title`, `registration_href`, `registration` (it takes
  // registrations now) and `is_cancelled`, as the page shows them; nothing else is computed.
  nlohmann::json event_rsvp_data(const Event& e, UnixSeconds now);
  // A page's personal slot rendered for one person: partials/<partial>.mustache with `data` (which
  // carries `account`) plus `static_site` and `lang` (and `t`), not the whole page's data: a slot's
  // partial uses only these. Its slot markers are taken out (see site/page_slots.h).
  std::string render_slot(const std::string& partial, nlohmann::json data);

  // Always renders; `path` is shown to the visitor (escaped); `account` as for render_page.
  std::string not_found(const std::string& path, nlohmann::json account = false);
  // Any other template (sign-in, the personal area, administration) with the common data plus
  // `data`, which may carry `account` for the person signed in. Rendered for one request, so its
  // slots are already personal: their markers are taken out.
  std::string render_page(const std::string& name, const std::string& title, nlohmann::json data);

private:
  // The data every template gets; `current` is the nav entry to mark ("home", "catalogue", "help").
  nlohmann::json common(const std::string& title, const std::string& description,
                        const std::string& current);
  nlohmann::json module_card(const Module& m);
  nlohmann::json group_links(const std::vector<std::string>& ids);
  // Adds the module's published quizzes to the module page's `module` data.
  void add_module_quizzes(nlohmann::json& module, const std::string& slug);
  // An event as lists and its page show it at `now`; lowers `expires` (0: none yet) to the event's
  // end if that is still to come, when the card will read differently.
  nlohmann::json event_card(const Event& e, UnixSeconds now, UnixSeconds& expires);
  // What event.mustache sees as `event` for `e` at `now`: its card, body, place and links. Lowers
  // `*expires` as event_card does (see PageCache).
  nlohmann::json event_data(const Event& e, UnixSeconds now, UnixSeconds* expires = nullptr);
  // "12 ore in 4 incontri", "4 ore": how long a training event or one with meetings lasts; "" for
  // other events and whole-day events without meetings.
  std::string hours_label(const Event& e) const;
  // Whether `e` takes registrations at `now`: the rule the registration itself checks, and never
  // on a static site.
  bool takes_registrations(const Event& e, UnixSeconds now) const;
  // The upcoming events or the archive (template `name`): the events `q` selects, with the filters.
  std::optional<std::string> event_list(const std::string& name, const std::string& title_key,
                                        const std::string& clear_href, const EventFilter& f,
                                        UnixSeconds now, const EventQuery& q, UnixSeconds* expires);
  // Filter options and links shared by the event lists; false if a filter value is unknown.
  bool event_filters(const EventFilter& filter, nlohmann::json& data);
  std::string render(const std::string& name, nlohmann::json data);

  Store& store_;
  const Site site_;
  const nlohmann::json footer_pages_;  // the pages with a menu position, as of the import
  std::shared_ptr<const Theme> theme_holder_;
  const Theme& theme_;
  const std::optional<StaticSite> static_site_;
};

}  // namespace sentinella
