// The static export (sentinella build): the public site as files for any web server.
// Errors are returned as Status (exceptions while rendering are caught and named); nothing here
// throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "core/local_time.h"
#include "core/status.h"
#include "server/app.h"

namespace sentinella {

struct StaticExportOptions {
  std::filesystem::path out_dir;  // replaced as a whole by the export
  // The date lists of events start from; nullopt: today in the site's time zone.
  std::optional<LocalDateTime> today;
};

struct StaticExportSummary {
  size_t files = 0;
  std::uintmax_t bytes = 0;
};

// Writes every public page (a page at /a/b to a/b/index.html), the calendar and Atom feeds, the
// theme's static files and the media files of the content `app` has imported. The files are
// written to a new folder next to `out_dir`, which then takes its place: on any error `out_dir`
// is left as it was. A non-empty `out_dir` must come from an earlier export (it holds the file
// kExportMarker), so that a mistyped --out cannot delete anything else. The same database and
// `today` give byte-identical files. Invalid if nothing was imported yet, if two pages would
// need the same file, or `out_dir` is not an earlier export; IOError if writing fails.
Result<StaticExportSummary> export_static_site(App& app, const StaticExportOptions& options);

// The file an export leaves in its folder, to recognize it the next time.
inline constexpr const char* kExportMarker = ".sentinella-build";

}  // namespace sentinella
