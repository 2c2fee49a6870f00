#include "site/atom_feed.h"

#include <algorithm>

#include "site/calendar_feed.h"
#include "site/format.h"
#include "site/html_text.h"

namespace sentinella {

namespace {

void element(std::string& out, const char* indent, const char* name, const std::string& text) {
  out += indent;
  out += "<";
  out += name;
  out += ">" + escape_markup(text) + "</";
  out += name;
  out += ">\n";
}

void link(std::string& out, const char* indent, const char* rel, const std::string& href) {
  out += indent;
  out += "<link rel=\"";
  out += rel;
  out += "\" href=\"" + escape_markup(href) + "\"/>\n";
}

// The date in tag: ids (RFC 4151): fixed, so ids never change.
constexpr const char* kTagDate = "2026";

std::string tag(const std::string& host, const std::string& specific) {
  return "tag:" + host + "," + kTagDate + ":" + specific;
}

std::string event_summary(const Site& site, const Event& e) {
  const bool english = site.language == "en";
  std::string status;
  if (e.status == EventStatus::cancelled) status = english ? "Cancelled. " : "Annullato. ";
  if (e.status == EventStatus::postponed) status = english ? "Postponed. " : "Rinviato. ";
  std::string text = status + format_event_when(e, site.language);
  if (!e.location.name.empty()) text += ", " + e.location.name;
  return text;
}

}  // namespace

std::string render_atom(const Site& site, std::vector<AtomEntry> entries, size_t limit) {
  std::sort(entries.begin(), entries.end(), [](const AtomEntry& a, const AtomEntry& b) {
    return a.updated != b.updated ? a.updated > b.updated : a.id < b.id;
  });
  if (entries.size() > limit) entries.resize(limit);
  const std::int64_t updated = entries.empty() ? 0 : entries.front().updated;

  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + escape_markup(site.language) + "\">\n";
  element(out, "  ", "id", tag(url_host(site.base_url), "feed"));
  element(out, "  ", "title", site.name);
  if (!site.description.empty()) element(out, "  ", "subtitle", site.description);
  element(out, "  ", "updated", format_iso_utc(updated));
  link(out, "  ", "self", site.base_url + "/feed.atom");
  link(out, "  ", "alternate", site.base_url + "/");
  out += "  <author>\n";
  element(out, "    ", "name", site.municipality.empty() ? site.name : site.municipality);
  out += "  </author>\n";
  for (const AtomEntry& e : entries) {
    out += "  <entry>\n";
    element(out, "    ", "id", e.id);
    element(out, "    ", "title", e.title);
    link(out, "    ", "alternate", e.url);
    element(out, "    ", "updated", format_iso_utc(e.updated));
    if (!e.summary.empty()) element(out, "    ", "summary", e.summary);
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::vector<AtomEntry> atom_entries(Store& store, const Site& site) {
  const std::string host = url_host(site.base_url);
  std::vector<AtomEntry> entries;
  EventQuery everyone;
  everyone.audience = kPublicAudience;
  for (const Event& e : store.events(everyone)) {
    const std::string path = "eventi/" + std::to_string(e.year) + "/" + e.slug;
    entries.push_back({tag(host, path), e.title, site.base_url + "/" + path, event_summary(site, e), e.updated_at});
  }
  for (const Page& p : store.pages())
    entries.push_back({tag(host, "pagine/" + p.slug), p.title, site.base_url + "/" + p.slug, p.summary, p.updated_at});
  for (const Module& m : store.modules())
    entries.push_back({tag(host, "moduli/" + m.slug), m.title, site.base_url + "/moduli/" + m.slug, m.summary,
                       m.updated_at});
  return entries;
}

}  // namespace sentinella
