#include "site/api.h"

using nlohmann::json;

namespace sentinella {

namespace {

json module_summary(const Site& site, const Module& m) {
  json groups = json::array();
  for (const auto& id : m.target_groups) {
    const auto* g = site.find_group(id);
    groups.push_back({{"id", id}, {"label", g ? g->label : id}});
  }
  return {{"slug", m.slug},
          {"title", m.title},
          {"summary", m.summary},
          {"target_groups", groups},
          {"duration_hours", m.duration_hours},
          {"reading_minutes", m.reading_minutes()},
          {"order", m.order},
          {"lesson_count", m.lessons.size()},
          {"url", site.base_url + "/moduli/" + m.slug}};
}

}  // namespace

json api_modules(Store& store) {
  json list = json::array();
  auto site = store.site();
  if (site)
    for (const auto& m : store.modules()) list.push_back(module_summary(*site, m));
  return {{"modules", list}};
}

std::optional<json> api_module(Store& store, const std::string& slug) {
  auto site = store.site();
  auto m = store.module(slug);
  if (!site || !m) return std::nullopt;
  json out = module_summary(*site, *m);
  out["objectives"] = m->objectives;
  out["authors"] = m->authors;
  out["intro_html"] = m->intro_html;
  json lessons = json::array();
  for (const auto& l : m->lessons)
    lessons.push_back({{"slug", l.slug},
                       {"title", l.title},
                       {"minutes", l.minutes},
                       {"order", l.order},
                       {"reviewed", l.reviewed.empty() ? json(nullptr) : json(l.reviewed)},
                       {"url", site->base_url + "/moduli/" + m->slug + "/" + l.slug}});
  out["lessons"] = lessons;
  return out;
}

}  // namespace sentinella
