// The JSON API (/api/v1): published modules, documented in docs/api.md.
// Errors: nullopt for what does not exist; reading the store throws SQLite::Exception from reads of
// the database (one locked past the busy timeout, or damaged: see core/store.h).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/store.h"

namespace sentinella {

// {"modules": [...]}: every published module, in catalogue order, without lessons.
nlohmann::json api_modules(Store& store);
// One published module with its objectives and lessons; nullopt if missing or a draft.
std::optional<nlohmann::json> api_module(Store& store, const std::string& slug);

}  // namespace sentinella
