// A theme: Mustache templates and partials, static files and i18n strings, loaded once from disk.
// Templates are parsed once, with their partials included, when the theme is loaded.
// Errors are returned as Status/Result; nothing here throws except std::bad_alloc.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"

namespace sentinella {

struct StaticFile {
  std::string content;
  std::string content_type;
  std::string etag;  // quoted, e.g. "\"3f2a...\""
};

class Theme {
public:
  // Loads themes/<name>/ from `dir`: every templates/*.mustache and partials/*.mustache, every
  // file in static/, and i18n/<language>.json. Invalid or missing pieces give Invalid/NotFound.
  static Result<std::unique_ptr<Theme>> load(const std::filesystem::path& dir, const std::string& language);
  ~Theme();
  Theme(const Theme&) = delete;
  Theme& operator=(const Theme&) = delete;

  // Renders templates/<name>.mustache with `data`; `t` (the i18n strings) is always there too.
  // NotFound if there is no such template.
  Result<std::string> render(const std::string& name, const nlohmann::json& data) const;
  // A whole page: templates/<name>.mustache with `data`, then templates/layout.mustache with the
  // same data plus `content`, the HTML of the first.
  Result<std::string> render_page(const std::string& name, const nlohmann::json& data) const;

  // Renders partials/<name>.mustache alone with `data` (and `t`), as a page's personal slot is
  // rendered for one person (see site/page_slots.h). NotFound if there is no such partial.
  Result<std::string> render_partial(const std::string& name, const nlohmann::json& data) const;

  // The i18n string for `key`, or the key itself if there is none.
  std::string text(const std::string& key) const;

  // nullptr if there is no such static file.
  const StaticFile* static_file(const std::string& name) const;
  // Every static file by name (its path under static/), in name order.
  const std::map<std::string, StaticFile>& static_files() const { return static_files_; }
  // A short hash of all static files, to bust caches in asset URLs.
  const std::string& asset_version() const { return asset_version_; }

private:
  struct Compiled;  // the parsed templates and the i18n strings as template data

  Theme();

  // constant after construction
  std::unique_ptr<Compiled> compiled_;
  std::map<std::string, StaticFile> static_files_;
  nlohmann::json strings_;
  std::string asset_version_;
};

}  // namespace sentinella
