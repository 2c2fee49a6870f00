#include "importer/importer.h"

#include <map>
#include <set>
#include <variant>

#include "core/clock.h"
#include "core/parallel.h"
#include "importer/content_files.h"
#include "importer/content_parser.h"
#include "importer/quiz_parser.h"

namespace sentinella {

namespace {

std::string plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// One content file parsed: what it holds (nothing if it has errors) and what was found wrong.
struct ParsedFile {
  std::variant<std::monostate, Page, Module, Lesson, Quiz, Event> item;
  Diagnostics diagnostics;
};

// What files may name in other files, gathered from the paths before parsing.
struct CrossReferences {
  // The slugs of each module's lessons and quizzes, by module slug: what a quiz's `after` and a
  // module's `completion:` may name.
  std::map<std::string, ModuleFiles> module_files;
  std::set<std::string> module_slugs;  // modules with an index.md: what an event's `modules` may name
};

ParsedFile parse_file(const SourceFile& f, const Site* site, const std::set<std::string>& media_files,
                      const CrossReferences& refs) {
  static const ModuleFiles none;
  auto found = refs.module_files.find(f.module_slug);
  const ModuleFiles& mine = found == refs.module_files.end() ? none : found->second;
  ParsedFile p;
  auto keep = [&p](auto parsed) {
    if (parsed) p.item = std::move(*parsed);
  };
  switch (f.kind) {
    case SourceKind::site: break;  // parsed first, on its own: the others are checked against it
    case SourceKind::page: keep(parse_page(f, site, p.diagnostics)); break;
    case SourceKind::module_index: keep(parse_module(f, site, &mine, p.diagnostics)); break;
    case SourceKind::lesson: keep(parse_lesson(f, site, p.diagnostics)); break;
    case SourceKind::quiz: keep(parse_quiz(f, site, &mine.lessons, p.diagnostics)); break;
    case SourceKind::event: keep(parse_event(f, site, media_files, &refs.module_slugs, p.diagnostics)); break;
  }
  return p;
}

void add_to(ContentChanges& changes, ParsedFile& p) {
  if (auto* page = std::get_if<Page>(&p.item)) changes.pages.push_back(std::move(*page));
  else if (auto* module = std::get_if<Module>(&p.item)) changes.modules.push_back(std::move(*module));
  else if (auto* lesson = std::get_if<Lesson>(&p.item)) changes.lessons.push_back(std::move(*lesson));
  else if (auto* quiz = std::get_if<Quiz>(&p.item)) changes.quizzes.push_back(std::move(*quiz));
  else if (auto* event = std::get_if<Event>(&p.item)) changes.events.push_back(std::move(*event));
}

// The hash recorded for a file: its content's, and for site.yaml also the import format's version,
// so that a binary that would store something different from the same files (see
// kImportFormatVersion) re-parses every file once, as a site.yaml change does.
std::string recorded_hash(const SourceFile& f) {
  return f.kind == SourceKind::site ? f.hash + "+format" + std::to_string(kImportFormatVersion) : f.hash;
}

// Parses the files `wanted` says to, into `changes`; path-level and cross-file checks included.
void parse_tree(const std::filesystem::path& root, const std::map<std::string, std::string>& previous,
                bool parse_all, ImportReport& report, ContentChanges& changes) {
  Diagnostics& out = report.diagnostics;
  auto files = scan_content(root, out);
  report.files = static_cast<int>(files.size());

  const SourceFile* site_file = nullptr;
  std::set<std::string> page_slugs, media_files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root / "media", ec))
    if (entry.is_regular_file() && is_media_file_name(entry.path().filename().string())) {
      if (entry.file_size(ec) > kMaxMediaFileBytes)
        out.error(entry.path().generic_string(), 1, 1, "the file is larger than 5 MiB");
      else
        media_files.insert(entry.path().filename().string());
    }
  for (const auto& f : files) {
    if (f.kind == SourceKind::site) site_file = &f;
    if (f.kind == SourceKind::page) page_slugs.insert(f.slug);
  }
  if (!site_file) {
    out.error((root / "site.yaml").generic_string(), 1, 1,
              "site.yaml is missing: it holds the site's name, helplines and target groups");
    return;
  }
  auto site = parse_site(*site_file, media_files, out);
  if (site && !page_slugs.count(site->help_page))
    out.error(site_file->display_path, 1, 1, "help_page '" + site->help_page +
                                                 "' has no page: add pages/" + site->help_page + ".md");
  auto old_site = previous.find(site_file->rel_path);
  const bool site_changed = old_site == previous.end() || old_site->second != recorded_hash(*site_file);
  parse_all = parse_all || site_changed;

  // A quiz names a lesson of its module (`after`), a module's `completion:` its lessons and
  // quizzes: when a module gains or loses a lesson or a quiz, its quizzes and its index.md are
  // checked again even if their files did not change. An event names modules (`modules`): when a
  // module comes or goes, the events are checked again.
  std::set<std::string> present;
  CrossReferences refs;
  std::set<std::string> modules_with_lesson_changes;
  bool modules_came_or_went = false;
  for (const auto& f : files) {
    present.insert(f.rel_path);
    if (f.kind == SourceKind::module_index) {
      refs.module_slugs.insert(f.module_slug);
      modules_came_or_went = modules_came_or_went || !previous.count(f.rel_path);
    }
    if (f.kind != SourceKind::lesson && f.kind != SourceKind::quiz) continue;
    auto& slugs = refs.module_files[f.module_slug];
    (f.kind == SourceKind::lesson ? slugs.lessons : slugs.quizzes).insert(f.slug);
    if (!previous.count(f.rel_path)) modules_with_lesson_changes.insert(f.module_slug);
  }
  for (const auto& [path, hash] : previous)
    if (!present.count(path) && path.starts_with("modules/")) {
      const size_t slash = path.find('/', 8);
      if (slash != std::string::npos) modules_with_lesson_changes.insert(path.substr(8, slash - 8));
      modules_came_or_went = modules_came_or_went || path.ends_with("/index.md");
    }

  std::vector<const SourceFile*> to_parse;
  for (const auto& f : files) {
    auto old = previous.find(f.rel_path);
    if (old == previous.end()) report.added.push_back(f.rel_path);
    else if (old->second != f.hash && old->second != recorded_hash(f)) report.changed.push_back(f.rel_path);
    else if (!parse_all &&
             !((f.kind == SourceKind::quiz || f.kind == SourceKind::module_index) &&
               modules_with_lesson_changes.count(f.module_slug)) &&
             !(f.kind == SourceKind::event && modules_came_or_went))
      continue;
    changes.hashes[f.rel_path] = recorded_hash(f);
    if (f.kind == SourceKind::site && site) changes.site = *site;
    else to_parse.push_back(&f);
  }
  // The files on every core, gathered in file order: the result is the same as one by one.
  std::vector<ParsedFile> parsed(to_parse.size());
  const Site* site_settings = site ? &*site : nullptr;
  parallel_for(to_parse.size(), [&](size_t i) {
    parsed[i] = parse_file(*to_parse[i], site_settings, media_files, refs);
  });
  for (auto& p : parsed) {
    out.append(p.diagnostics);
    add_to(changes, p);
  }
  for (const auto& [path, hash] : previous)
    if (!present.count(path)) {
      report.removed.push_back(path);
      changes.removed_paths.push_back(path);
    }
}

}  // namespace

std::string ImportReport::summary() const {
  std::string s = "checked " + plural(files, "file", "files") + ": " +
                  plural(diagnostics.error_count(), "error", "errors") + ", " +
                  plural(diagnostics.warning_count(), "warning", "warnings");
  if (written)
    s += "; added " + std::to_string(added.size()) + ", changed " + std::to_string(changed.size()) +
         ", removed " + std::to_string(removed.size());
  return s;
}

ImportReport check_content(const std::filesystem::path& content_root) {
  ImportReport report;
  ContentChanges ignored;
  parse_tree(content_root, {}, /*parse_all=*/true, report, ignored);
  report.added.clear();
  return report;
}

ImportPlan plan_import(const std::filesystem::path& content_root, Store& store) {
  ImportPlan plan;
  plan.changes.now = now_seconds();
  parse_tree(content_root, store.source_hashes(), /*parse_all=*/false, plan.report, plan.changes);
  return plan;
}

ImportReport apply_import(const std::filesystem::path& content_root, Store& store, ImportPlan plan) {
  ImportReport& report = plan.report;
  if (!report.ok()) return report;
  if (!plan.changes.empty()) {
    Status st = store.apply(plan.changes);
    if (!st.ok()) {
      report.diagnostics.error(content_root.generic_string(), 1, 1, st.message());
      return report;
    }
  }
  report.written = true;
  return report;
}

ImportReport import_content(const std::filesystem::path& content_root, Store& store) {
  return apply_import(content_root, store, plan_import(content_root, store));
}

}  // namespace sentinella
