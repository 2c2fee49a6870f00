#include "site/public_site.h"

#include <set>
#include <stdexcept>

#include "core/event_registrations.h"
#include "core/phone_numbers.h"
#include "core/text.h"

#include <cstdio>
#include "site/format.h"
#include "site/page_slots.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string module_href(const std::string& slug) { return "/moduli/" + slug; }
std::string lesson_href(const std::string& module, const std::string& slug) {
  return "/moduli/" + module + "/" + slug;
}
std::string group_href(const std::string& id, bool static_site) {
  return static_site ? static_group_path(id) : "/moduli?gruppo=" + id;
}
std::string event_href(const Event& e) { return "/eventi/" + std::to_string(e.year) + "/" + e.slug; }
std::string registration_href(const Event& e) { return event_href(e) + "/iscrizione"; }

// When a lesson was last reviewed, for the template: {date: "2026-11-29", label: "29 novembre 2026"},
// or false when the lesson does not say.
json reviewed_data(const std::string& reviewed, const std::string& language) {
  auto date = parse_local_date_time(reviewed);
  if (reviewed.empty() || !date.ok()) return false;
  return {{"date", reviewed}, {"label", format_date(date.value(), language)}};
}

std::string month_href(int year, int month) { return "/eventi/calendario/" + std::to_string(year) + "/" + two_digits(month); }

// Escapes what must be escaped in an element's text, and nothing more: `<title>` keeps apostrophes
// and quotes as they are, so that its source reads as long as it shows.
std::string escape_text(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  return out;
}

// The <title>, escaped: "Page title · Site name" in at most 70 characters as written (what search
// engines and browser tabs show, and what validators count): the page title is shortened at a
// word, and the site's name too if it is very long.
std::string document_title(const std::string& title, const std::string& site_name) {
  constexpr size_t kMaxTitle = 70;
  const std::string suffix = escape_text(" · " + shorten(site_name, 30));
  for (size_t budget = kMaxTitle - utf8_length(suffix);; --budget) {
    const std::string page = escape_text(shorten(title, budget));
    if (utf8_length(page) + utf8_length(suffix) <= kMaxTitle || budget == 0) return page + suffix;
  }
}

// `text` with its `{name}` placeholder (from the i18n strings) replaced by `value`.
std::string with_value(std::string text, const std::string& placeholder, const std::string& value) {
  if (auto pos = text.find(placeholder); pos != std::string::npos) text.replace(pos, placeholder.size(), value);
  return text;
}

// "2026-12-14T09:00" for `<time datetime>` from "2026-12-14 09:00".
std::string datetime_attribute(std::string local) {
  if (local.size() > 10) local[10] = 'T';
  return local;
}

// The query string for a filter, "" or "?tipo=teatro&destinatari=pubblico".
std::string filter_query(const EventFilter& f) {
  std::string q;
  if (!f.type.empty()) q += "tipo=" + f.type;
  if (!f.audience.empty()) q += std::string(q.empty() ? "" : "&") + "destinatari=" + f.audience;
  return q.empty() ? "" : "?" + q;
}

std::string osm_href(const EventLocation& l) {
  if (l.latitude && l.longitude) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f",
                  *l.latitude, *l.longitude, *l.latitude, *l.longitude);
    return buf;
  }
  return "https://www.openstreetmap.org/search?query=" + url_encode(l.name + (l.address.empty() ? "" : ", " + l.address));
}

// A site image for the templates, {src, alt}, served from /media/ like events' images; false when
// site.yaml names none.
json site_image(const SiteImage& image) {
  if (image.file.empty()) return false;
  return {{"src", "/media/" + image.file}, {"alt", image.alt}};
}

// The pages with a menu position, for every page's footer.
json footer_pages(Store& store) {
  json footer = json::array();
  for (const auto& p : store.pages())
    if (p.menu) footer.push_back({{"href", "/" + p.slug}, {"title", p.title}});
  return footer;
}

}  // namespace

std::string static_group_path(const std::string& group_id) { return "/moduli/gruppo/" + group_id; }
std::string static_feed_path(const std::string& audience) { return "/events/" + audience + ".ics"; }

PublicSite::PublicSite(Store& store, Site site, std::shared_ptr<const Theme> theme,
                       std::optional<StaticSite> static_site)
    : store_(store), site_(std::move(site)), footer_pages_(footer_pages(store)),
      theme_holder_(std::move(theme)), theme_(*theme_holder_), static_site_(static_site) {}

json PublicSite::common(const std::string& title, const std::string& description,
                        const std::string& current) {
  json helplines = json::array();
  for (const auto& h : site_.helplines)
    helplines.push_back({{"name", h.name}, {"number", unbreakable_number(h.number)}, {"tel", dialable_number(h.number)},
                         {"description", h.description}, {"hours", h.hours}});
  const std::string help_href = "/" + site_.help_page;
  json nav = json::array({
      {{"href", "/"}, {"label", theme_.text("nav_home")}, {"current", current == "home"}},
      {{"href", "/moduli"}, {"label", theme_.text("nav_catalogue")}, {"current", current == "catalogue"}},
      {{"href", "/eventi"}, {"label", theme_.text("nav_events")}, {"current", current == "events"}},
      {{"href", help_href}, {"label", theme_.text("nav_help")}, {"current", current == "help"}},
  });
  return {
      {"lang", site_.language},
      {"site",
       {{"name", site_.name},
        {"municipality", site_.municipality},
        {"municipality_url", site_.municipality_url},
        {"logo", site_image(site_.logo)},
        {"image", site_image(site_.image)},
        {"description", site_.description},
        {"base_url", site_.base_url},
        {"quick_exit_url", site_.quick_exit_url},
        {"help_href", help_href},
        {"contacts",
         {{"office", site_.contacts.office},
          {"address", site_.contacts.address},
          {"phone", unbreakable_number(site_.contacts.phone)},
          {"phone_href", site_.contacts.phone.empty() ? "" : "tel:" + dialable_number(site_.contacts.phone)},
          {"email", site_.contacts.email}}},
        {"helplines", helplines}}},
      {"page_title", title},
      // Escaped already: the layout writes it with {{{ }}}.
      {"document_title", document_title(title, site_.name)},
      {"page_description", description.empty() ? site_.description : description},
      {"nav", nav},
      {"footer_pages", footer_pages_},
      {"asset_version", theme_.asset_version()},
      {"account", false},
      {"static_site", static_site_.has_value()},
  };
}

json PublicSite::group_links(const std::vector<std::string>& ids) {
  json out = json::array();
  for (const auto& id : ids)
    if (const auto* g = site_.find_group(id))
      out.push_back({{"id", g->id}, {"label", g->label}, {"href", group_href(g->id, static_site_.has_value())}});
  return out;
}

json PublicSite::module_card(const Module& m) {
  return {{"slug", m.slug},
          {"href", module_href(m.slug)},
          {"title", m.title},
          {"summary", m.summary},
          {"duration_hours", format_hours(m.duration_hours, site_.language)},
          {"reading_minutes", m.reading_minutes()},
          {"lesson_count", m.lessons.size()},
          {"target_groups", group_links(m.target_groups)}};
}

std::string PublicSite::render(const std::string& name, json data) {
  auto page = theme_.render_page(name, data);
  if (!page.ok()) throw std::runtime_error(page.status().message());
  return std::move(page.value());
}

std::optional<std::string> PublicSite::home(UnixSeconds now, UnixSeconds* expires) {
  json data = common(theme_.text("home_title"), site_.description, "home");
  EventQuery next;
  next.ends_after = to_utc(date_at(now, site_.time_zone), site_.time_zone).value_or(0);
  next.audience = kPublicAudience;
  next.limit = 3;
  UnixSeconds first_end = 0;
  json next_events = json::array();
  for (const auto& e : store_.events(next)) next_events.push_back(event_card(e, now, first_end));
  if (expires) *expires = first_end;
  data["has_next_events"] = !next_events.empty();
  data["next_events"] = std::move(next_events);
  data["events_href"] = "/eventi";
  json cards = json::array();
  for (const auto& m : store_.modules()) cards.push_back(module_card(m));
  data["intro_html"] = site_.intro_html;
  data["has_modules"] = !cards.empty();
  data["modules"] = std::move(cards);
  return render("home", std::move(data));
}

std::optional<std::string> PublicSite::catalogue(const std::string& group) {
  const TargetGroup* selected = nullptr;
  if (!group.empty() && !(selected = site_.find_group(group))) return std::nullopt;
  std::string title = theme_.text("catalogue_title");
  if (selected) title += ": " + selected->label;
  json data = common(title, "", "catalogue");
  json groups = json::array();
  for (const auto& g : site_.target_groups)
    groups.push_back({{"id", g.id}, {"label", g.label}, {"href", group_href(g.id, static_site_.has_value())}, {"selected", selected == &g}});
  json cards = json::array();
  for (const auto& m : store_.modules()) {
    if (selected && std::find(m.target_groups.begin(), m.target_groups.end(), group) == m.target_groups.end())
      continue;
    cards.push_back(module_card(m));
  }
  data["groups"] = std::move(groups);
  data["all_href"] = "/moduli";
  data["all_selected"] = selected == nullptr;
  data["selected_group"] = selected ? json{{"label", selected->label}} : json(false);
  data["module_count"] = cards.size();
  data["has_modules"] = !cards.empty();
  data["modules"] = std::move(cards);
  return render("catalogue", std::move(data));
}

// The module's published quizzes for its "Verifiche" list (partials/module_quizzes.mustache): public
// facts only, linking to the quiz's page (signed in) on the live site, not in the static export.
void PublicSite::add_module_quizzes(json& module, const std::string& slug) {
  json quizzes = json::array();
  for (const auto& q : store_.quizzes(slug))
    quizzes.push_back({{"title", q.title},
                       {"href", static_site_ ? json(false) : json(module_href(slug) + "/quiz/" + q.slug)},
                       {"question_count", q.questions.size()},
                       {"pass_mark", q.pass_mark}});
  module["has_quizzes"] = !quizzes.empty();
  module["quizzes"] = std::move(quizzes);
}

std::optional<std::string> PublicSite::module(const std::string& slug) {
  auto m = store_.module(slug);
  if (!m) return std::nullopt;
  json data = common(m->title, m->summary, "catalogue");
  json lessons = json::array();
  int position = 0;
  for (const auto& l : m->lessons)
    lessons.push_back({{"href", lesson_href(m->slug, l.slug)}, {"title", l.title},
                       {"minutes", l.minutes}, {"position", ++position}});
  json first = m->lessons.empty() ? json(false)
                                  : json{{"href", lesson_href(m->slug, m->lessons[0].slug)},
                                         {"title", m->lessons[0].title}};
  data["module"] = {{"title", m->title},
                    {"href", module_href(m->slug)},
                    {"slug", m->slug},
                    {"summary", m->summary},
                    {"intro_html", m->intro_html},
                    {"objectives", m->objectives},
                    {"target_groups", group_links(m->target_groups)},
                    {"duration_hours", format_hours(m->duration_hours, site_.language)},
                    {"reading_minutes", m->reading_minutes()},
                    {"authors", m->authors},
                    {"has_authors", !m->authors.empty()},
                    {"lessons", std::move(lessons)},
                    {"lesson_count", m->lessons.size()},
                    {"first_lesson", std::move(first)}};
  add_module_quizzes(data["module"], m->slug);
  return render("module", std::move(data));
}

std::optional<std::string> PublicSite::lesson(const std::string& module_slug, const std::string& slug) {
  auto m = store_.module(module_slug);
  auto l = store_.lesson(module_slug, slug);
  if (!m || !l) return std::nullopt;
  size_t index = 0;
  while (index < m->lessons.size() && m->lessons[index].slug != slug) ++index;
  auto link = [&](size_t i) {
    return json{{"href", lesson_href(m->slug, m->lessons[i].slug)}, {"title", m->lessons[i].title}};
  };
  json data = common(l->title + " · " + m->title, m->summary, "catalogue");
  data["module"] = {{"title", m->title}, {"href", module_href(m->slug)}};
  data["lesson"] = {{"title", l->title},
                    {"minutes", l->minutes},
                    {"html", l->body_html},
                    {"position", index + 1},
                    {"total", m->lessons.size()},
                    {"reviewed", reviewed_data(l->reviewed, site_.language)}};
  data["prev"] = index > 0 ? link(index - 1) : json(false);
  data["next"] = index + 1 < m->lessons.size() ? link(index + 1) : json(false);
  return render("lesson", std::move(data));
}

std::optional<std::string> PublicSite::page(const std::string& slug) {
  auto p = store_.page(slug);
  if (!p) return std::nullopt;
  json data = common(p->title, p->summary, slug == site_.help_page ? "help" : "");
  data["page"] = {{"title", p->title}, {"summary", p->summary}, {"html", p->body_html}};
  data["show_helplines"] = p->show_helplines;
  return render("page", std::move(data));
}

json PublicSite::event_card(const Event& e, UnixSeconds now, UnixSeconds& expires) {
  json audience = json::array();
  for (const auto& a : e.audience) {
    if (a == kPublicAudience) audience.push_back(theme_.text("audience_public"));
    else if (const auto* g = site_.find_group(a)) audience.push_back(g->label);
  }
  const auto* type = site_.find_event_type(e.type);
  const char* status_key = e.status == EventStatus::cancelled ? "event_cancelled"
                           : e.status == EventStatus::postponed ? "event_postponed" : nullptr;
  const bool open = takes_registrations(e, now);
  // At its end the card changes (registration closes, "ended" shows): the page expires then.
  if (e.end_utc > now && (expires == 0 || e.end_utc < expires)) expires = e.end_utc;
  return {{"href", event_href(e)},
          {"title", e.title},
          {"type_label", type ? type->label : e.type},
          {"when", format_event_when(e, site_.language)},
          {"start_iso", e.start_local.substr(0, 10)},
          {"end_iso", e.end_local.substr(0, 10)},
          {"location_name", e.location.name},
          {"audience_labels", audience},
          {"open_to_all", e.is_public()},  // who may register: EventRegistrations::admits
          {"status_label", status_key ? theme_.text(status_key) : ""},
          {"is_cancelled", e.status == EventStatus::cancelled},
          {"is_postponed", e.status == EventStatus::postponed},
          {"registration", open},
          {"meetings_label", e.meetings.size() > 1 ? with_value(theme_.text("event_meeting_count"), "{incontri}",
                                                               std::to_string(e.meetings.size()))
                                                   : ""},
          // Cancelled and postponed events keep saying so once past.
          {"has_ended", e.status == EventStatus::scheduled && e.end_utc <= now}};
}

bool PublicSite::event_filters(const EventFilter& f, json& data) {
  if (!f.type.empty() && !site_.find_event_type(f.type)) return false;
  if (!f.audience.empty() && f.audience != kPublicAudience && !site_.find_group(f.audience)) return false;
  json types = json::array();
  for (const auto& t : site_.event_types)
    types.push_back({{"value", t.id}, {"label", t.label}, {"selected", t.id == f.type}});
  json audiences = json::array();
  audiences.push_back({{"value", kPublicAudience}, {"label", theme_.text("audience_public")},
                       {"selected", f.audience == kPublicAudience}});
  for (const auto& g : site_.target_groups)
    audiences.push_back({{"value", g.id}, {"label", g.label}, {"selected", g.id == f.audience}});
  data["filters"] = {{"types", types}, {"audiences", audiences}, {"active", !f.type.empty() || !f.audience.empty()}};
  data["clear_href"] = "";  // set by each list: the same view without filters
  data["upcoming_href"] = "/eventi" + filter_query(f);
  data["archive_href"] = "/eventi/archivio" + filter_query(f);
  data["feed_href"] = "/events.ics" + (f.audience.empty() ? std::string() : "?audience=" + f.audience);
  if (static_site_) {
    // A static site has the unfiltered lists only: no filter form.
    data["filters"] = false;
    if (!f.audience.empty()) data["feed_href"] = static_feed_path(f.audience);
  }
  return true;
}

std::optional<std::string> PublicSite::events(const EventFilter& f, UnixSeconds now, UnixSeconds* expires) {
  const UnixSeconds start_of_today = to_utc(date_at(now, site_.time_zone), site_.time_zone).value_or(0);
  return event_list("events", "events_title", "/eventi", f, now,
                    {start_of_today, std::nullopt, std::nullopt, f.type, f.audience, false, 0}, expires);
}

std::optional<std::string> PublicSite::events_archive(const EventFilter& f, UnixSeconds now, UnixSeconds* expires) {
  const UnixSeconds start_of_today = to_utc(date_at(now, site_.time_zone), site_.time_zone).value_or(0);
  return event_list("events_archive", "events_archive_title", "/eventi/archivio", f, now,
                    {std::nullopt, std::nullopt, start_of_today, f.type, f.audience, true, 0}, expires);
}

std::optional<std::string> PublicSite::event_list(const std::string& name, const std::string& title_key,
                                                  const std::string& clear_href, const EventFilter& f,
                                                  UnixSeconds now, const EventQuery& q, UnixSeconds* expires) {
  json data = common(theme_.text(title_key), "", "events");
  if (!event_filters(f, data)) return std::nullopt;
  UnixSeconds first_end = 0;
  json list = json::array();
  for (const auto& e : store_.events(q)) list.push_back(event_card(e, now, first_end));
  if (expires) *expires = first_end;
  data["has_events"] = !list.empty();
  data["events"] = std::move(list);
  const LocalDateTime today = date_at(now, site_.time_zone);
  data["month_href"] = month_href(today.year, today.month) + filter_query(f);
  data["clear_href"] = clear_href;
  return render(name, std::move(data));
}

std::optional<std::string> PublicSite::events_month(int year, int month, const EventFilter& f,
                                                    const LocalDateTime& today) {
  if (!is_valid_date(year, month, 1)) return std::nullopt;
  const std::string title = format_month(year, month, site_.language);
  json data = common(theme_.text("events_month_title") + ": " + title, "", "events");
  if (!event_filters(f, data)) return std::nullopt;
  const LocalDateTime first{year, month, 1, 0, 0, false};
  const LocalDateTime after_last = next_day({year, month, days_in_month(year, month), 0, 0, false});
  EventQuery q{to_utc(first, site_.time_zone).value_or(0), to_utc(after_last, site_.time_zone).value_or(0),
               std::nullopt, f.type, f.audience, false, 0};
  const auto events = store_.events(q);
  // Weeks from Monday; days outside the month are empty cells.
  json weeks = json::array();
  json week = json::array();
  std::set<std::string> shown;  // uids: an event with meetings may have none this month
  for (int i = 0; i < weekday(year, month, 1); ++i) week.push_back({{"in_month", false}});
  for (int day = 1; day <= days_in_month(year, month); ++day) {
    const LocalDateTime date{year, month, day, 0, 0, false};
    const std::string iso = date.format();
    json day_events = json::array();
    auto add = [&](const Event& e, const std::string& time, bool continues) {
      shown.insert(e.uid);
      day_events.push_back({{"href", event_href(e)},
                            {"title", e.title},
                            {"time", time},
                            {"is_cancelled", e.status == EventStatus::cancelled},
                            {"is_postponed", e.status == EventStatus::postponed},
                            {"continues", continues}});
    };
    for (const auto& e : events) {
      // An event with meetings is on the days of its meetings, at their times.
      for (const auto& m : e.meetings)
        if (m.start_local.substr(0, 10) == iso) add(e, m.start_local.substr(11, 5), false);
      // Any other is on every day from its first to its last.
      if (e.meetings.empty() && e.start_local.substr(0, 10) <= iso && iso <= e.end_local.substr(0, 10))
        add(e, e.all_day || e.start_local.substr(0, 10) != iso ? "" : e.start_local.substr(11, 5),
            e.start_local.substr(0, 10) != iso);
    }
    week.push_back({{"in_month", true},
                    {"day", day},
                    {"date_iso", iso},
                    {"date_label", format_long_date(date, site_.language)},
                    {"is_today", date == today},
                    {"has_events", !day_events.empty()},
                    {"events", day_events}});
    if (week.size() == 7) {
      weeks.push_back({{"days", week}});
      week = json::array();
    }
  }
  if (!week.empty()) {
    while (week.size() < 7) week.push_back({{"in_month", false}});
    weeks.push_back({{"days", week}});
  }
  json names = json::array();
  for (int d = 0; d < 7; ++d)
    names.push_back({{"short", weekday_name(d, true, site_.language)}, {"long", weekday_name(d, false, site_.language)}});
  const int prev_year = month == 1 ? year - 1 : year, prev_month = month == 1 ? 12 : month - 1;
  const int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
  data["month_label"] = title;
  data["month_href"] = month_href(today.year, today.month) + filter_query(f);
  data["clear_href"] = month_href(year, month);
  data["weekday_names"] = names;
  data["weeks"] = weeks;
  data["event_count"] = shown.size();
  data["prev"] = {{"href", month_href(prev_year, prev_month) + filter_query(f)},
                  {"label", format_month(prev_year, prev_month, site_.language)}};
  data["next"] = {{"href", month_href(next_year, next_month) + filter_query(f)},
                  {"label", format_month(next_year, next_month, site_.language)}};
  if (static_site_) {
    // Only the exported months have a page.
    const int index = year * 12 + month - 1;
    if (index <= static_site_->first_month) data["prev"] = false;
    if (index >= static_site_->last_month) data["next"] = false;
  }
  return render("events_month", std::move(data));
}

std::optional<std::string> PublicSite::event(int year, const std::string& slug, UnixSeconds now,
                                             UnixSeconds* expires) {
  auto e = store_.event(year, slug);
  if (!e) return std::nullopt;
  json data = common(e->title, "", "events");
  data["event"] = event_data(*e, now, expires);
  return render("event", std::move(data));
}

json PublicSite::event_data(const Event& e, UnixSeconds now, UnixSeconds* expires) {
  UnixSeconds first_end = 0;
  json card = event_card(e, now, first_end);
  if (expires) *expires = first_end;
  card["html"] = e.body_html;
  card["organizer"] = e.organizer;
  card["all_day"] = e.all_day;
  card["capacity"] = e.capacity > 0 ? json(e.capacity) : json(false);
  card["location"] = {{"name", e.location.name}, {"address", e.location.address}, {"osm_href", osm_href(e.location)}};
  card["ics_href"] = event_href(e) + ".ics";
  card["registration_href"] = registration_href(e);
  card["image"] = e.image.empty() ? json(false) : json{{"src", "/media/" + e.image}, {"alt", e.image_alt}};
  card["hours_label"] = hours_label(e);
  json meetings = json::array();
  for (size_t i = 0; i < e.meetings.size(); ++i) {
    const EventMeeting& m = e.meetings[i];
    meetings.push_back({{"label", with_value(theme_.text("event_meeting_label"), "{numero}", std::to_string(i + 1))},
                        {"when", format_meeting_when(m, site_.language)},
                        {"start_iso", datetime_attribute(m.start_local)},
                        {"place", m.location ? m.location->name : e.location.name},
                        {"address", m.location ? m.location->address : e.location.address}});
  }
  card["has_meetings"] = !meetings.empty();
  card["meetings"] = std::move(meetings);
  // Modules still in draft are not shown, as anywhere on the public site.
  json modules = json::array();
  for (const auto& slug : e.modules)
    if (auto m = store_.module(slug)) modules.push_back({{"href", module_href(slug)}, {"title", m->title}});
  card["has_modules"] = !modules.empty();
  card["modules"] = std::move(modules);
  return card;
}

std::string PublicSite::hours_label(const Event& e) const {
  const double hours = e.hours();
  if (hours <= 0 || (e.meetings.empty() && e.type != kTrainingEventType)) return "";
  const std::string text = hours == 1 ? theme_.text("event_hours_one")
                                      : with_value(theme_.text("event_hours"), "{ore}", format_hours(hours, site_.language));
  if (e.meetings.size() < 2) return text;
  return with_value(with_value(theme_.text("event_hours_in_meetings"), "{ore}", text), "{incontri}",
                    std::to_string(e.meetings.size()));
}

bool PublicSite::takes_registrations(const Event& e, UnixSeconds now) const {
  return EventRegistrations::closed_reason(e, now) == RegistrationClosed::open && !static_site_;
}

json PublicSite::event_rsvp_data(const Event& e, UnixSeconds now) {
  return {{"title", e.title},
          {"registration_href", registration_href(e)},
          {"registration", takes_registrations(e, now)},
          {"is_cancelled", e.status == EventStatus::cancelled}};
}

std::string PublicSite::render_slot(const std::string& partial, json data) {
  // Only what slots need, not common(): a slot is rendered on every signed-in request.
  data["static_site"] = static_site_.has_value();
  data["lang"] = site_.language;
  if (!data.contains("account")) data["account"] = false;
  auto html = theme_.render_partial(partial, data);
  if (!html.ok()) throw std::runtime_error(html.status().message());
  take_slot_markers(html.value());
  return std::move(html.value());
}

std::string PublicSite::render_page(const std::string& name, const std::string& title, json data) {
  json page = common(title, "", "");
  for (auto& [key, value] : data.items()) page[key] = std::move(value);
  std::string html = render(name, std::move(page));
  take_slot_markers(html);
  return html;
}

std::string PublicSite::not_found(const std::string& path, json account) {
  return render_page("not_found", theme_.text("not_found_title"), {{"path", path}, {"account", std::move(account)}});
}

}  // namespace sentinella
