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

namespace sentinella {

// `media_files` are the names in content/media/, for the logo and the image.
std::optional<Site> parse_site(const SourceFile& file, const std::set<std::string>& media_files,
                               Diagnostics& out);
std::optional<Page> parse_page(const SourceFile& file, Diagnostics& out);
// `site` gives the valid target group ids; when it is null they are not checked.
std::optional<Module> parse_module(const SourceFile& file, const Site* site, Diagnostics& out);
std::optional<Lesson> parse_lesson(const SourceFile& file, Diagnostics& out);
// `media_files` are the names in content/media/, for the optional image.
std::optional<Event> parse_event(const SourceFile& file, const Site* site,
                                 const std::set<std::string>& media_files, Diagnostics& out);

}  // namespace sentinella
