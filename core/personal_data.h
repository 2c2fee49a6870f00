// Personal data: every table that holds a person's id says here, once, how that person's rows are
// exported (their data download, /area/dati.json) and what erasing the person does to them.
//
// Adding a kind of personal data (a new table with a person's id in it) is ONE entry appended to
// the list in personal_data_kinds(), core/personal_data.cpp:
//   - `table`, and `person_columns`: the columns that hold a person's id (users.id);
//   - `export_key` and `export_sql`: the name in the download, and a query returning one row with
//     one JSON value (built with SQLite's json_object/json_group_array), `?1` being the person's id;
//     both empty when the rows are exported with another entry (say so in `note`);
//   - `erasure`: what erasure does to the rows (delete them, anonymize them, or keep them for the
//     counts the programme reports), and `erase`, the function that does it inside the erasure's
//     transaction (null when nothing is done).
// tests/personal_data_test.cpp reads the schema and fails while a table with a column that refers
// to a person (a foreign key to users, or a column named user_id, *_user_id, person_id, actor_id or
// *_by) is not registered, or while an entry names a column that does not exist.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

enum class Erasure { delete_rows, anonymize, keep_for_counts };

// Who is erased, by whom (0: the system or the command line), and when.
struct ErasureContext {
  std::int64_t user_id = 0;
  std::int64_t actor_id = 0;
  UnixSeconds now = 0;
};

struct PersonalDataKind {
  std::string table;
  std::vector<std::string> person_columns;
  std::string export_key;  // "" when exported with another entry
  std::string export_sql;
  Erasure erasure = Erasure::keep_for_counts;
  // Runs inside the erasure's transaction; may throw (the transaction is then rolled back).
  std::function<void(SQLite::Database&, const ErasureContext&)> erase;
  std::string note;  // why the rows are kept, or where they are exported
};

// The registry, in the order erasure applies it (the person's row first).
const std::vector<PersonalDataKind>& personal_data_kinds();

// At most this many audit entries per person in their download, the newest.
constexpr int kMaxExportedAuditEntries = 100000;

// Everything stored about the person: (export_key, JSON text) in registry order, read in one
// transaction. NotFound if there is no such person; Internal for a database error. Does not throw.
Result<std::vector<std::pair<std::string, std::string>>> export_personal_data(Store& store,
                                                                               std::int64_t user_id);

// Applies every entry's erasure to the person inside the caller's transaction. Throws what SQLite
// throws; the caller's Store::write turns it into a Status and rolls everything back.
void erase_personal_data(SQLite::Database& db, const ErasureContext& context);

}  // namespace sentinella
