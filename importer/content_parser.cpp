#include "importer/content_parser.h"

#include <set>

#include "core/slug.h"
#include "importer/front_matter.h"
#include "importer/markdown.h"
#include "importer/yaml_reader.h"

namespace sentinella {

namespace {

// A Markdown file split and its front matter parsed; nullopt (reported) if either failed.
struct MarkdownSource {
  YAML::Node front_matter;
  std::string body;
  YamlSource src;
};

std::optional<MarkdownSource> read_markdown(const SourceFile& file, Diagnostics& out) {
  auto split = split_front_matter(file.text);
  if (!split.ok()) {
    out.error(file.display_path, 1, 1, split.status().message());
    return std::nullopt;
  }
  YamlSource src{file.display_path, split->yaml_first_line, &out};
  auto node = parse_yaml(split->yaml, src);
  if (!node) return std::nullopt;
  return MarkdownSource{*node, std::move(split->body), src};
}

bool is_http_url(const std::string& s) {
  return (s.starts_with("http://") && s.size() > 7) || (s.starts_with("https://") && s.size() > 8);
}

}  // namespace

std::optional<Site> parse_site(const SourceFile& file, Diagnostics& out) {
  const int errors_before = out.error_count();
  YamlSource src{file.display_path, 1, &out};
  auto node = parse_yaml(file.text, src);
  if (!node) return std::nullopt;
  MappingReader r(*node, src,
                  {"name", "municipality", "language", "base_url", "description", "intro",
                   "help_page", "quick_exit_url", "retention_months", "contacts", "helplines", "target_groups"},
                  "");
  if (!r.ok()) return std::nullopt;
  Site s;
  s.name = r.text("name", Need::required).value_or("");
  s.municipality = r.text("municipality", Need::required).value_or("");
  s.language = r.choice("language", Need::required, {"it", "en"}).value_or("it");
  if (auto url = r.text("base_url", Need::required)) {
    if (!is_http_url(*url)) r.error_at("base_url", "'base_url' must start with http:// or https://");
    while (url->size() > 1 && url->back() == '/') url->pop_back();
    s.base_url = *url;
  }
  s.description = r.text("description", Need::optional).value_or("");
  if (auto intro = r.text("intro", Need::optional)) s.intro_html = render_markdown(*intro);
  if (auto help = r.text("help_page", Need::optional)) {
    if (!is_valid_slug(*help)) r.error_at("help_page", "'help_page' must be a page slug, e.g. 'aiuto'");
    s.help_page = *help;
  }
  if (auto exit_url = r.text("quick_exit_url", Need::optional)) {
    if (!is_http_url(*exit_url))
      r.error_at("quick_exit_url", "'quick_exit_url' must start with http:// or https://");
    s.quick_exit_url = *exit_url;
  }
  s.retention_months = static_cast<int>(r.integer("retention_months", Need::optional, 1, 120).value_or(24));
  if (auto c = r.mapping("contacts", Need::optional, {"office", "address", "phone", "email"})) {
    s.contacts.office = c->text("office", Need::optional).value_or("");
    s.contacts.address = c->text("address", Need::optional).value_or("");
    s.contacts.phone = c->text("phone", Need::optional).value_or("");
    s.contacts.email = c->text("email", Need::optional).value_or("");
  }
  if (auto list = r.mapping_list("helplines", Need::required, {"name", "number", "description", "hours"})) {
    for (auto& h : *list)
      s.helplines.push_back({h.text("name", Need::required).value_or(""),
                             h.text("number", Need::required).value_or(""),
                             h.text("description", Need::optional).value_or(""),
                             h.text("hours", Need::optional).value_or("")});
  }
  if (auto list = r.mapping_list("target_groups", Need::required, {"id", "label"})) {
    std::set<std::string> ids;
    for (auto& g : *list) {
      auto id = g.text("id", Need::required);
      auto label = g.text("label", Need::required);
      if (!id) continue;
      if (!is_valid_slug(*id)) {
        g.error_at("id", "target group id '" + *id + "' is not a valid slug: use lower-case "
                         "letters a-z, digits and single hyphens");
        continue;
      }
      if (!ids.insert(*id).second) {
        g.error_at("id", "duplicate target group id '" + *id + "'");
        continue;
      }
      s.target_groups.push_back({*id, label.value_or("")});
    }
  }
  if (out.error_count() != errors_before) return std::nullopt;
  return s;
}

std::optional<Page> parse_page(const SourceFile& file, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src, {"title", "summary", "menu", "helplines"}, "");
  if (!r.ok()) return std::nullopt;
  Page p;
  p.slug = file.slug;
  p.source_path = file.rel_path;
  p.title = r.text("title", Need::required).value_or("");
  p.summary = r.text("summary", Need::optional).value_or("");
  if (auto menu = r.integer("menu", Need::optional, 0, 1000)) p.menu = static_cast<int>(*menu);
  p.show_helplines = r.boolean("helplines", Need::optional).value_or(false);
  if (out.error_count() != errors_before) return std::nullopt;
  p.body_html = render_markdown(md->body);
  return p;
}

std::optional<Module> parse_module(const SourceFile& file, const Site* site, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src,
                  {"title", "summary", "target_groups", "objectives", "duration_hours", "order",
                   "status", "authors"},
                  "");
  if (!r.ok()) return std::nullopt;
  Module m;
  m.slug = file.module_slug;
  m.source_path = file.rel_path;
  m.title = r.text("title", Need::required).value_or("");
  m.summary = r.text("summary", Need::required).value_or("");
  if (auto groups = r.text_list("target_groups", Need::required)) {
    std::set<std::string> seen;
    for (size_t i = 0; i < groups->size(); ++i) {
      const auto& id = (*groups)[i];
      if (site && !site->find_group(id)) {
        r.error_at_item("target_groups", i, "unknown target group '" + id +
                                                "'; the ids are listed in site.yaml under target_groups");
      } else if (!seen.insert(id).second) {
        r.error_at_item("target_groups", i, "target group '" + id + "' is listed twice");
      } else {
        m.target_groups.push_back(id);
      }
    }
  }
  m.objectives = r.text_list("objectives", Need::required).value_or(std::vector<std::string>{});
  m.duration_hours = r.number("duration_hours", Need::required, 0).value_or(0);
  m.order = static_cast<int>(r.integer("order", Need::optional, 0, 100000).value_or(100));
  auto status = r.choice("status", Need::required, {"draft", "published"});
  m.status = status == "published" ? ModuleStatus::published : ModuleStatus::draft;
  m.authors = r.text_list("authors", Need::optional).value_or(std::vector<std::string>{});
  if (out.error_count() != errors_before) return std::nullopt;
  m.intro_html = render_markdown(md->body);
  return m;
}

std::optional<Lesson> parse_lesson(const SourceFile& file, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src, {"title", "minutes", "order"}, "");
  if (!r.ok()) return std::nullopt;
  Lesson l;
  l.module_slug = file.module_slug;
  l.slug = file.slug;
  l.source_path = file.rel_path;
  l.title = r.text("title", Need::required).value_or("");
  l.minutes = static_cast<int>(r.integer("minutes", Need::required, 1, 100000).value_or(0));
  l.order = static_cast<int>(r.integer("order", Need::optional, 0, 100000).value_or(file.file_order));
  if (out.error_count() != errors_before) return std::nullopt;
  l.body_html = render_markdown(md->body);
  return l;
}

}  // namespace sentinella
