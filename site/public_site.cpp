#include "site/public_site.h"

#include <stdexcept>

#include "core/text.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

std::string module_href(const std::string& slug) { return "/moduli/" + slug; }
std::string lesson_href(const std::string& module, const std::string& slug) {
  return "/moduli/" + module + "/" + slug;
}
std::string group_href(const std::string& id) { return "/moduli?gruppo=" + id; }

}  // namespace

json PublicSite::common(const Site& site, const std::string& title, const std::string& description,
                        const std::string& current) {
  json helplines = json::array();
  for (const auto& h : site.helplines)
    helplines.push_back({{"name", h.name}, {"number", h.number}, {"tel", phone_digits(h.number)},
                         {"description", h.description}, {"hours", h.hours}});
  json footer = json::array();
  for (const auto& p : store_.pages())
    if (p.menu) footer.push_back({{"href", "/" + p.slug}, {"title", p.title}});
  const std::string help_href = "/" + site.help_page;
  json nav = json::array({
      {{"href", "/"}, {"label", theme_.text("nav_home")}, {"current", current == "home"}},
      {{"href", "/moduli"}, {"label", theme_.text("nav_catalogue")}, {"current", current == "catalogue"}},
      {{"href", help_href}, {"label", theme_.text("nav_help")}, {"current", current == "help"}},
  });
  return {
      {"lang", site.language},
      {"t", theme_.strings()},
      {"site",
       {{"name", site.name},
        {"municipality", site.municipality},
        {"description", site.description},
        {"base_url", site.base_url},
        {"quick_exit_url", site.quick_exit_url},
        {"help_href", help_href},
        {"contacts",
         {{"office", site.contacts.office},
          {"address", site.contacts.address},
          {"phone", site.contacts.phone},
          {"email", site.contacts.email}}},
        {"helplines", helplines}}},
      {"page_title", title},
      {"page_description", description.empty() ? site.description : description},
      {"nav", nav},
      {"footer_pages", footer},
      {"asset_version", theme_.asset_version()},
      {"account", false},
  };
}

json PublicSite::group_links(const Site& site, const std::vector<std::string>& ids) {
  json out = json::array();
  for (const auto& id : ids)
    if (const auto* g = site.find_group(id))
      out.push_back({{"id", g->id}, {"label", g->label}, {"href", group_href(g->id)}});
  return out;
}

json PublicSite::module_card(const Site& site, const Module& m) {
  return {{"slug", m.slug},
          {"href", module_href(m.slug)},
          {"title", m.title},
          {"summary", m.summary},
          {"duration_hours", format_hours(m.duration_hours, site.language)},
          {"lesson_count", m.lessons.size()},
          {"target_groups", group_links(site, m.target_groups)}};
}

std::string PublicSite::render(const std::string& name, json data) {
  auto body = theme_.render(name, data);
  if (!body.ok()) throw std::runtime_error(body.status().message());
  data["content"] = std::move(body.value());
  auto page = theme_.render("layout", data);
  if (!page.ok()) throw std::runtime_error(page.status().message());
  return std::move(page.value());
}

std::optional<std::string> PublicSite::home() {
  auto site = store_.site();
  if (!site) return std::nullopt;
  json data = common(*site, theme_.text("home_title"), site->description, "home");
  json cards = json::array();
  for (const auto& m : store_.modules()) cards.push_back(module_card(*site, m));
  data["intro_html"] = site->intro_html;
  data["has_modules"] = !cards.empty();
  data["modules"] = std::move(cards);
  return render("home", std::move(data));
}

std::optional<std::string> PublicSite::catalogue(const std::string& group) {
  auto site = store_.site();
  if (!site) return std::nullopt;
  const TargetGroup* selected = nullptr;
  if (!group.empty() && !(selected = site->find_group(group))) return std::nullopt;
  std::string title = theme_.text("catalogue_title");
  if (selected) title += ": " + selected->label;
  json data = common(*site, title, "", "catalogue");
  json groups = json::array();
  for (const auto& g : site->target_groups)
    groups.push_back({{"id", g.id}, {"label", g.label}, {"href", group_href(g.id)}, {"selected", selected == &g}});
  json cards = json::array();
  for (const auto& m : store_.modules()) {
    if (selected && std::find(m.target_groups.begin(), m.target_groups.end(), group) == m.target_groups.end())
      continue;
    cards.push_back(module_card(*site, m));
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

std::optional<std::string> PublicSite::module(const std::string& slug) {
  auto site = store_.site();
  auto m = store_.module(slug);
  if (!site || !m) return std::nullopt;
  json data = common(*site, m->title, m->summary, "catalogue");
  json lessons = json::array();
  int position = 0;
  for (const auto& l : m->lessons)
    lessons.push_back({{"href", lesson_href(m->slug, l.slug)}, {"title", l.title},
                       {"minutes", l.minutes}, {"position", ++position}});
  json first = m->lessons.empty() ? json(false)
                                  : json{{"href", lesson_href(m->slug, m->lessons[0].slug)},
                                         {"title", m->lessons[0].title}};
  data["module"] = {{"title", m->title},
                    {"summary", m->summary},
                    {"intro_html", m->intro_html},
                    {"objectives", m->objectives},
                    {"target_groups", group_links(*site, m->target_groups)},
                    {"duration_hours", format_hours(m->duration_hours, site->language)},
                    {"authors", m->authors},
                    {"has_authors", !m->authors.empty()},
                    {"lessons", std::move(lessons)},
                    {"lesson_count", m->lessons.size()},
                    {"first_lesson", std::move(first)}};
  return render("module", std::move(data));
}

std::optional<std::string> PublicSite::lesson(const std::string& module_slug, const std::string& slug) {
  auto site = store_.site();
  auto m = store_.module(module_slug);
  auto l = store_.lesson(module_slug, slug);
  if (!site || !m || !l) return std::nullopt;
  size_t index = 0;
  while (index < m->lessons.size() && m->lessons[index].slug != slug) ++index;
  auto link = [&](size_t i) {
    return json{{"href", lesson_href(m->slug, m->lessons[i].slug)}, {"title", m->lessons[i].title}};
  };
  json data = common(*site, l->title + " · " + m->title, m->summary, "catalogue");
  data["module"] = {{"title", m->title}, {"href", module_href(m->slug)}};
  data["lesson"] = {{"title", l->title},
                    {"minutes", l->minutes},
                    {"html", l->body_html},
                    {"position", index + 1},
                    {"total", m->lessons.size()}};
  data["prev"] = index > 0 ? link(index - 1) : json(false);
  data["next"] = index + 1 < m->lessons.size() ? link(index + 1) : json(false);
  return render("lesson", std::move(data));
}

std::optional<std::string> PublicSite::page(const std::string& slug) {
  auto site = store_.site();
  auto p = store_.page(slug);
  if (!site || !p) return std::nullopt;
  json data = common(*site, p->title, p->summary, slug == site->help_page ? "help" : "");
  data["page"] = {{"title", p->title}, {"summary", p->summary}, {"html", p->body_html}};
  data["show_helplines"] = p->show_helplines;
  return render("page", std::move(data));
}

std::string PublicSite::render_page(const std::string& name, const std::string& title, json data) {
  Site fallback;
  fallback.name = "Sentinella";
  auto site = store_.site();
  json page = common(site ? *site : fallback, title, "", "");
  for (auto& [key, value] : data.items()) page[key] = std::move(value);
  return render(name, std::move(page));
}

std::string PublicSite::not_found(const std::string& path) {
  return render_page("not_found", theme_.text("not_found_title"), {{"path", path}});
}

}  // namespace sentinella
