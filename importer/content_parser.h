// Turns one source file into its domain type, validating every field. Each function reports its
// problems to `out` and returns nullopt if there was any error in that file.
// Errors: problems are reported as Diagnostics; nothing here throws except std::bad_alloc.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "core/domain.h"
#include "importer/content_files.h"
#include "importer/diagnostics.h"
#include "importer/yaml_reader.h"

namespace sentinella {

// A Markdown file's front matter parsed as YAML, and its body; nullopt (reported) if either failed.
struct MarkdownSource {
  YAML::Node front_matter;
  std::string body;
  int body_first_line = 1;  // the file line of the body's first line
  YamlSource src;
};
std::optional<MarkdownSource> read_markdown(const SourceFile& file, Diagnostics& out);

// Markdown is rendered with tel: links for the phone numbers in it; `site` gives the helplines and
// contact phone that count as phone numbers even when short (112, 1522); null: none.
// `media_files` are the names in content/media/, for the logo and the image.
std::optional<Site> parse_site(const SourceFile& file, const std::set<std::string>& media_files,
                               Diagnostics& out);
std::optional<Page> parse_page(const SourceFile& file, const Site* site, Diagnostics& out);
// The lesson and quiz slugs found in a module's folder: what its `completion:` may name.
struct ModuleFiles {
  std::set<std::string> lessons, quizzes;
};
// `site` gives the valid target group ids too; when it is null they are not checked. `files`: the
// module's lessons and quizzes, which `completion:` lists are checked against; null: not checked.
std::optional<Module> parse_module(const SourceFile& file, const Site* site, const ModuleFiles* files,
                                   Diagnostics& out);
std::optional<Lesson> parse_lesson(const SourceFile& file, const Site* site, Diagnostics& out);
// `media_files` are the names in content/media/, for the optional image; `module_slugs` the modules
// in the content, which `modules:` may name (null: not checked).
std::optional<Event> parse_event(const SourceFile& file, const Site* site,
                                 const std::set<std::string>& media_files,
                                 const std::set<std::string>* module_slugs, Diagnostics& out);

}  // namespace sentinella
