#include "importer/content_files.h"

#include <algorithm>
#include <map>

#include "core/files.h"
#include "core/hash.h"
#include "core/slug.h"
#include "core/text.h"

namespace fs = std::filesystem;

namespace sentinella {

namespace {

bool is_hidden(const fs::path& rel) {
  for (const auto& part : rel)
    if (!part.empty() && part.string()[0] == '.') return true;
  return false;
}

// Reads the file if it is within the size bound and valid UTF-8; reports otherwise.
bool read_source(const fs::path& full, SourceFile& f, Diagnostics& out) {
  auto text = read_file(full, kMaxContentFileBytes);
  if (!text.ok()) {
    out.error(f.display_path, 1, 1, text.status().message());
    return false;
  }
  f.text = std::move(text.value());
  size_t bad = find_invalid_utf8(f.text);
  if (bad != std::string::npos) {
    auto pos = position_of(f.text, bad);
    out.error(f.display_path, pos.line, pos.column,
              "the file is not valid UTF-8 (byte " + std::to_string(bad) +
                  "); save it with UTF-8 encoding");
    return false;
  }
  f.hash = content_hash(f.text);
  return true;
}

// Sets kind and slugs from the path; reports and returns false for paths with no place in content.
bool classify(const std::vector<std::string>& parts, SourceFile& f, Diagnostics& out) {
  const std::string& name = parts.back();
  const bool markdown = name.size() > 3 && name.ends_with(".md");
  if (parts.size() == 1) {
    if (name == "site.yaml") { f.kind = SourceKind::site; return true; }
    if (name != "README.md")
      out.warning(f.display_path, 1, 1, "ignored: only site.yaml, pages/, modules/, events/ and media/ are read here");
    return false;
  }
  if (parts[0] == "media") {
    if (parts.size() != 2 || !is_media_file_name(name))
      out.warning(f.display_path, 1, 1, "ignored: media/ holds images (.jpg, .jpeg, .png, .webp, .svg) and .pdf "
                                        "files with lower-case names, directly in the folder");
    return false;  // served as files, not imported
  }
  if (parts[0] == "events") {
    const std::string& folder = parts[1];
    if (parts.size() != 3 || !markdown) {
      if (markdown)
        out.error(f.display_path, 1, 1, "an event file goes in events/<year>/, e.g. events/2026/" + name);
      else
        out.warning(f.display_path, 1, 1, "ignored: not a Markdown file");
      return false;
    }
    if (folder.size() != 4 || folder.find_first_not_of("0123456789") != std::string::npos) {
      out.error(f.display_path, 1, 1, "the folder '" + folder + "' must be a year, e.g. events/2026/");
      return false;
    }
    f.kind = SourceKind::event;
    f.year = std::stoi(folder);
    f.slug = name.substr(0, name.size() - 3);
    if (!is_valid_slug(f.slug)) {
      out.error(f.display_path, 1, 1, "'" + f.slug + "' is not a valid slug: use lower-case letters a-z, "
                                      "digits and single hyphens, e.g. 'spettacolo-teatrale'");
      return false;
    }
    return true;
  }
  if (parts[0] == "pages") {
    if (parts.size() != 2 || !markdown) {
      out.warning(f.display_path, 1, 1, "ignored: pages/ holds only <slug>.md files");
      return false;
    }
    f.kind = SourceKind::page;
    f.slug = name.substr(0, name.size() - 3);
    if (!is_valid_slug(f.slug)) {
      out.error(f.display_path, 1, 1, "'" + f.slug + "' is not a valid slug: use lower-case "
                                      "letters a-z, digits and single hyphens, e.g. 'chi-siamo'");
      return false;
    }
    if (is_reserved_page_slug(f.slug)) {
      out.error(f.display_path, 1, 1, "the page slug '" + f.slug + "' is used by the site itself; "
                                      "rename the file");
      return false;
    }
    return true;
  }
  if (parts[0] == "modules") {
    if (parts.size() != 3) {
      if (markdown)
        out.error(f.display_path, 1, 1, "lesson file outside a module: lessons go directly in "
                                        "modules/<module>/, next to its index.md");
      else
        out.warning(f.display_path, 1, 1, "ignored: not a Markdown file");
      return false;
    }
    f.module_slug = parts[1];
    if (!markdown) {
      out.warning(f.display_path, 1, 1, "ignored: not a Markdown file");
      return false;
    }
    if (!is_valid_slug(f.module_slug)) {
      out.error(f.display_path, 1, 1, "the module folder '" + f.module_slug + "' is not a valid "
                "slug: use lower-case letters a-z, digits and single hyphens, e.g. 'usura'");
      return false;
    }
    if (name == "index.md") {
      f.kind = SourceKind::module_index;
      f.slug = f.module_slug;
      return true;
    }
    if (name.starts_with(kQuizFilePrefix)) {
      f.kind = SourceKind::quiz;
      f.slug = name.substr(kQuizFilePrefix.size(), name.size() - 3 - kQuizFilePrefix.size());
      if (!is_valid_slug(f.slug)) {
        out.error(f.display_path, 1, 1, "a quiz file name must be quiz-<slug>.md with a slug of "
                                        "lower-case letters a-z, digits and single hyphens, e.g. "
                                        "'quiz-verifica-finale.md'");
        return false;
      }
      return true;
    }
    auto lesson = parse_lesson_file_name(name);
    if (!lesson) {
      out.error(f.display_path, 1, 1, "a lesson file name must be NN-slug.md, e.g. "
                                      "'01-segnali-di-allarme.md' (a quiz's: quiz-<slug>.md)");
      return false;
    }
    if (!is_valid_slug(lesson->slug)) {
      out.error(f.display_path, 1, 1, "'" + lesson->slug + "' is not a valid slug: use lower-case "
                                      "letters a-z, digits and single hyphens");
      return false;
    }
    f.kind = SourceKind::lesson;
    f.slug = lesson->slug;
    f.file_order = lesson->order;
    return true;
  }
  out.warning(f.display_path, 1, 1, "ignored: only site.yaml, pages/, modules/, events/ and media/ are read");
  return false;
}

// Lessons and quizzes need their module's index.md; two lessons of a module may not share a slug.
void check_lessons(std::vector<SourceFile>& files, Diagnostics& out) {
  std::map<std::string, bool> has_index;
  for (const auto& f : files)
    if (f.kind == SourceKind::module_index) has_index[f.module_slug] = true;
  std::map<std::pair<std::string, std::string>, std::string> seen;  // (module, slug) -> path
  std::vector<SourceFile> kept;
  for (auto& f : files) {
    if ((f.kind == SourceKind::lesson || f.kind == SourceKind::quiz) && !has_index[f.module_slug]) {
      out.error(f.display_path, 1, 1, std::string(f.kind == SourceKind::quiz ? "quiz" : "lesson") +
                                          " file outside a module: modules/" + f.module_slug +
                                          "/ has no index.md");
      continue;
    }
    if (f.kind == SourceKind::lesson) {
      auto [it, fresh] = seen.emplace(std::make_pair(f.module_slug, f.slug), f.display_path);
      if (!fresh) {
        out.error(f.display_path, 1, 1, "duplicate lesson slug '" + f.slug + "': " + it->second +
                                            " has it too");
        continue;
      }
    }
    kept.push_back(std::move(f));
  }
  files = std::move(kept);
}

}  // namespace

bool is_media_file_name(const std::string& name) {
  static const char* extensions[] = {".jpg", ".jpeg", ".png", ".webp", ".svg", ".pdf"};
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || !is_valid_slug(name.substr(0, dot))) return false;
  const std::string ext = name.substr(dot);
  return std::find(std::begin(extensions), std::end(extensions), ext) != std::end(extensions);
}

bool is_reserved_page_slug(const std::string& slug) {
  static const char* reserved[] = {"moduli", "api", "static", "healthz", "eventi", "accedi",
                                   "esci", "registrati", "area", "admin", "feed", "media", "calendario"};
  return std::find(std::begin(reserved), std::end(reserved), slug) != std::end(reserved);
}

std::vector<SourceFile> scan_content(const fs::path& root, Diagnostics& out) {
  std::vector<SourceFile> files;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    out.error(root.generic_string(), 1, 1, "the content folder does not exist");
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    fs::path rel = it->path().lexically_relative(root);
    if (is_hidden(rel)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    SourceFile f;
    f.rel_path = rel.generic_string();
    f.display_path = (root / rel).generic_string();
    if (it->is_symlink()) {
      out.warning(f.display_path, 1, 1, "ignored: symbolic links are not followed");
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::vector<std::string> parts;
    for (const auto& p : rel) parts.push_back(p.string());
    if (classify(parts, f, out) && read_source(it->path(), f, out)) files.push_back(std::move(f));
  }
  if (ec) out.error(root.generic_string(), 1, 1, "cannot read the content folder: " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const SourceFile& a, const SourceFile& b) { return a.rel_path < b.rel_path; });
  check_lessons(files, out);
  return files;
}

}  // namespace sentinella
