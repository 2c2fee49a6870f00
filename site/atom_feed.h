// The Atom 1.0 feed (RFC 4287): new and changed events, pages and modules, newest first.
// Errors: reading the store throws SQLite::Exception from reads of the database (one locked past
// the busy timeout, or damaged: see core/store.h); rendering throws nothing except std::bad_alloc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/domain.h"
#include "core/store.h"

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

// One entry for each event for everyone ("pubblico"), each page and each published module, updated
// when its file last changed; in no particular order.
std::vector<AtomEntry> atom_entries(Store& store, const Site& site);

}  // namespace sentinella
