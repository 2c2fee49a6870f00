// Finds the source files under a content folder and classifies them by their path. Checks what the
// path alone decides: slugs, lesson and quiz file names, lessons and quizzes outside a module,
// size and UTF-8.
// Errors: problems are reported as Diagnostics; nothing here throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "importer/diagnostics.h"

namespace sentinella {

constexpr size_t kMaxContentFileBytes = 1024 * 1024;

enum class SourceKind { site, page, module_index, lesson, quiz, event };

struct SourceFile {
  std::string rel_path;      // relative to the content root, with '/': "modules/usura/index.md"
  std::string display_path;  // as the user names it: "content/modules/usura/index.md"
  SourceKind kind = SourceKind::page;
  std::string slug;          // the page's, the module's (module_index), the lesson's, the quiz's
                             // ("verifica" for quiz-verifica.md) or the event's
  std::string module_slug;   // module_index, lesson and quiz
  int year = 0;              // event: the folder, content/events/<year>/
  int file_order = 0;        // lesson: the NN of "NN-slug.md"
  std::string text;          // the file's bytes, valid UTF-8
  std::string hash;          // content_hash(text)
};

// Media files (images for events and campaigns) live in content/media/ and are served as they are.
constexpr size_t kMaxMediaFileBytes = 5 * 1024 * 1024;
bool is_media_file_name(const std::string& name);

// A quiz file is named "quiz-<slug>.md"; a lesson's name starts with digits, so the two never meet.
inline constexpr std::string_view kQuizFilePrefix = "quiz-";

// Page slugs the site uses for its own routes.
bool is_reserved_page_slug(const std::string& slug);

// Every readable, valid source file under `root`, sorted by path. Problems go to `out`; a file with
// an error in its path, size or encoding is reported and left out. Hidden files, and files in
// hidden folders, are skipped; symbolic links are not followed.
std::vector<SourceFile> scan_content(const std::filesystem::path& root, Diagnostics& out);

}  // namespace sentinella
