// When a learner has completed a module, and recording it once.
//
// The rule is the module's `completion:` front matter (CompletionRule in core/domain.h, stored in
// module_completion): the required lessons read (all, the default, or the listed ones), the
// required quizzes passed on any version of the quiz (all, the default, none, or the listed ones),
// and `in_person_hours` of attendance: the hours marked for the learner at meetings of events that
// name the module (attended_hours, core/attendance.h). Marking attendance calls
// record_completion_if_met for the modules of the event the learner is enrolled in.
// A completion is recorded once, with its date, in enrolments.completed_at, and stays valid
// whatever later happens to the module's text, rule or quizzes.
// Errors: throws what SQLite throws (the caller's Store::write rolls back and reports it).
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/store.h"

namespace sentinella {

// Inside the caller's write transaction: enrols the learner in the module at `now` unless they
// already are. Returns whether it did.
bool enrol_if_new(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug, UnixSeconds now);

// Inside the caller's write transaction: enrols the learner if they were not (at `now`), and records
// the module completed at `now` if its rule is met and no completion was recorded before. Returns
// whether this call recorded the completion.
bool record_completion_if_met(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug,
                              UnixSeconds now);

}  // namespace sentinella
