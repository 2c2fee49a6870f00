// What the pages show of a learner's state in a module: the module page's slot, "La mia area",
// and the JSON of /api/v1/me/progress, from one ModuleProgress (core/learning.h).
// Errors: nothing here throws except std::bad_alloc.
#pragma once

#include <nlohmann/json.hpp>

#include "core/learning.h"

namespace sentinella {

struct Exchange;

// For templates: title, href, percent, is_enrolled, is_completed, completed ({iso, label} or
// false), lessons [{title, href, is_read, read ({iso, label} or false)}], resume ({href, title} or
// false: the first unread lesson), quizzes [{title, href, is_passed, required}], next_quiz ({href,
// title} or false: with every lesson read, the first required quiz not passed), start_action (the
// form that starts the module), counts.
// Dates in the site's language and time zone.
nlohmann::json progress_view(const Exchange& x, const ModuleProgress& p);

// The assignments that apply to the person signed in to `x`, one per published module (the one
// due first; one without a due date last), by due date.
std::vector<Assignment> my_assignments(Exchange& x);

// Whether an assignment's due date is before today (in the site's time zone).
bool is_overdue(const Exchange& x, const Assignment& a);

// For the API: slug, title, href, enrolled_at and completed_at (ISO 8601 UTC or null), percent,
// next_lesson (slug or null), lessons [{slug, title, required, read_at}], quizzes
// [{slug, title, required, passed}].
nlohmann::json progress_json(const ModuleProgress& p);

}  // namespace sentinella
