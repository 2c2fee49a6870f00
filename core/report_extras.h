// The programme report's tables beyond attendance (core/attendance_report.h has people trained,
// person-hours and meetings): completion of the online modules, and the audiences of events.
//
// Online modules: the enrolments made in the period (the enrolment date in the site's time zone,
// as on the trainers' module page, core/learning_stats.h) and how many of them are completed (at
// any time since): "of those who started in the period, how many finished". Erased people count
// from their anonymous counts (learning_counts, by target group and month of enrolment: a period
// that starts or ends within a month takes the whole month of them); they have no organization,
// so an organization filter leaves them out. One row per target group x module; a person enrolled
// in two modules counts in both, and the totals count enrolments, not people.
//
// Audiences of events (not cancelled, starting in the period by their local start date): for an
// event whose organizer recorded an audience (event_audiences: a total with target group '', or
// split by group) those counts; for any other event the distinct people (accounts and walk-ins)
// with an attended mark (present, late or left early) at any of its meetings, by their current
// target group. A person at two events counts at each: audiences are people reached per event.
// Recorded counts have no organization: an organization filter leaves them out. A module filter
// keeps the events that name the module.
//
// Errors: parse errors are the caller's (the period is parsed by parse_stats_period); the queries
// throw what SQLite throws (a locked or damaged database, see core/store.h); anything may throw
// std::bad_alloc.
#pragma once

#include <string>
#include <vector>

#include "core/learning_stats.h"
#include "core/store.h"

namespace sentinella {

// What the numbers cover. Empty strings select everything.
struct ReportExtrasFilter {
  StatsPeriod period;        // parse_stats_period(); open ends are open
  std::string target_group;  // a target group id; "" all (a group filter leaves out unsplit audiences)
  std::string module;        // a module slug
  std::string organization;
};

struct ModuleCompletionRow {
  std::string target_group;  // "" for people without one
  std::string module;        // the module's slug
  int enrolled = 0;          // enrolments in the period, erased people's included
  int completed = 0;         // of those, completed
  int erased_enrolled = 0, erased_completed = 0;  // of the above, from the anonymous counts
};

struct ModuleCompletionReport {
  std::vector<ModuleCompletionRow> rows;  // by target group id, then module slug; no empty rows
  ModuleCompletionRow totals;             // target_group and module ""
};

// Completion of the online modules by target group x module, as described at the top. One read
// transaction, two queries.
ModuleCompletionReport module_completion_report(Store& store, const ReportExtrasFilter& filter);

struct AudienceRow {
  std::string event_type;    // the event's type id
  std::string target_group;  // "" for a recorded total not split by group, or people without one
  int people = 0;
  int events = 0;            // events counted in the row
};

struct AudienceReport {
  std::vector<AudienceRow> rows;  // by event type id, then target group id
  int people = 0;                 // sum of the rows
  int events = 0;                 // distinct events counted
  int recorded_events = 0;        // of those, with an audience recorded by the organizer
};

// Audiences of events by event type x target group, as described at the top. One read
// transaction, one query.
AudienceReport audience_report(Store& store, const ReportExtrasFilter& filter);

}  // namespace sentinella
