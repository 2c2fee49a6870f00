// The Atom 1.0 feed (RFC 4287): new and changed events, pages and modules, newest first.
#pragma once

#include <string>
#include <vector>

#include "core/domain.h"

namespace sentinella {

struct AtomEntry {
  std::string id;       // a permanent IRI, e.g. "tag:<host>,2026:eventi/2026-teatro"
  std::string title;
  std::string url;      // absolute
  std::string summary;  // plain text
  std::int64_t updated = 0;
};

// Entries are sorted newest first (then by id) and cut to `limit`.
std::string render_atom(const Site& site, std::vector<AtomEntry> entries, size_t limit = 50);

}  // namespace sentinella
