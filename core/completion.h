// When a learner has completed a module, and recording it once.
//
// The rule: every lesson of the module read and every quiz of the module passed (on any version of
// the quiz). A completion is recorded once, with its date, in enrolments.completed_at, and stays
// valid whatever later happens to the module's text or quizzes.
// Errors: throws what SQLite throws (the caller's Store::write rolls back and reports it).
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/store.h"

namespace sentinella {

// Inside the caller's write transaction: enrols the learner if they were not (at `now`), and records
// the module completed at `now` if its rule is met and no completion was recorded before. Returns
// whether this call recorded the completion.
bool record_completion_if_met(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug,
                              UnixSeconds now);

}  // namespace sentinella
