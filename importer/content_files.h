// Finds the source files under a content folder and classifies them by their path. Checks what the
// path alone decides: slugs, lesson file names, lessons outside a module, size and UTF-8.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "importer/diagnostics.h"

namespace sentinella {

constexpr size_t kMaxContentFileBytes = 1024 * 1024;

enum class SourceKind { site, page, module_index, lesson };

struct SourceFile {
  std::string rel_path;      // relative to the content root, with '/': "modules/usura/index.md"
  std::string display_path;  // as the user names it: "content/modules/usura/index.md"
  SourceKind kind = SourceKind::page;
  std::string slug;          // the page's, the module's (module_index) or the lesson's
  std::string module_slug;   // module_index and lesson
  int file_order = 0;        // lesson: the NN of "NN-slug.md"
  std::string text;          // the file's bytes, valid UTF-8
  std::string hash;          // content_hash(text)
};

// Page slugs the site uses for its own routes.
bool is_reserved_page_slug(const std::string& slug);

// Every readable, valid source file under `root`, sorted by path. Problems go to `out`; a file with
// an error in its path, size or encoding is reported and left out. Hidden files, and files in
// hidden folders, are skipped; symbolic links are not followed.
std::vector<SourceFile> scan_content(const std::filesystem::path& root, Diagnostics& out);

}  // namespace sentinella
