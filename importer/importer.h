// The content pipeline's entry points: check a content folder, or import it into the store.
// Errors: content problems are Diagnostics and failed writes a Status; reading the store's state
// throws SQLite::Exception from reads of the database (one locked past the busy timeout, or
// damaged: see core/store.h).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/store.h"
#include "importer/diagnostics.h"

namespace sentinella {

// The version of what an import stores from the same files: the HTML the Markdown renders to, the
// fields parsed from front matter. Raise it with any change that would store something different
// from unchanged files (a renderer change, a new key read into a new column): the next import after
// an upgrade then parses every file again, instead of serving what the older binary stored until each
// file happens to change. Event SEQUENCE numbers and quiz versions follow the files' own content and
// do not move.
constexpr int kImportFormatVersion = 5;

struct ImportReport {
  Diagnostics diagnostics;
  int files = 0;                     // source files found
  std::vector<std::string> added;    // content paths, e.g. "modules/usura/01-riconoscere.md"
  std::vector<std::string> changed;
  std::vector<std::string> removed;
  bool written = false;              // false after any error: the store was not touched

  bool ok() const { return !diagnostics.has_errors(); }
  // "checked 31 files: 0 errors, 1 warning" and, after an import, "added 2, changed 1, removed 0".
  std::string summary() const;
};

// Validates every file under `content_root`; writes nothing.
ImportReport check_content(const std::filesystem::path& content_root);

// What import_content would write, computed without writing: the first half of an import, for a
// caller that has more to check (the theme for the new site's language) before writing.
struct ImportPlan {
  ImportReport report;     // written stays false
  ContentChanges changes;  // meaningful only when report.ok()
};
// Validates every file under `content_root` and computes what changed since the last import into
// `store`; writes nothing. Store errors propagate as exceptions (SQLite::Exception).
ImportPlan plan_import(const std::filesystem::path& content_root, Store& store);
// Writes `plan` (from plan_import on the same store) in one transaction; on an error adds it to
// the report and writes nothing. Returns the report.
ImportReport apply_import(const std::filesystem::path& content_root, Store& store, ImportPlan plan);

// Validates, then writes in one transaction what changed since the last import into `store`.
// Only files whose content hash changed are parsed (all of them when site.yaml changed). On any
// error nothing is written.
ImportReport import_content(const std::filesystem::path& content_root, Store& store);

}  // namespace sentinella
