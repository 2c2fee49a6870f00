// Schema migrations: numbered, applied in order, recorded in the table schema_migrations.
// Errors: apply_migrations throws SQLite::Exception on failure (Store::open catches it and returns
// IOError).
#pragma once

#include <string_view>
#include <vector>

namespace SQLite { class Database; }

namespace sentinella {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// All migrations in version order. A released migration is never edited: add a new one.
const std::vector<Migration>& migrations();

// Applies, each in its own transaction, every migration newer than the database's version.
// Returns the number applied. Throws SQLite::Exception on failure (the store turns it into a Status).
int apply_migrations(SQLite::Database& db);

// The highest version recorded in the database, 0 for a new one.
int schema_version(SQLite::Database& db);

}  // namespace sentinella
