// What the attendance report (core/attendance_report.h) counts, held in memory in a compact form:
// the attended marks of each meeting as runs of person indexes per number of hours, the people's
// target group and organization, and the meetings' dates and modules, each text value stored once.
// The report counts from it in C++ (count_attendance); attendance_report() reads one for its query's
// period, the cache (core/attendance_report_cache.h) one for everything and keeps it between reports.
// Errors: read_attendance_snapshot throws what SQLite throws; count_attendance returns Invalid as
// attendance_report does; anything may throw std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/attendance_report.h"

namespace sentinella {

struct AttendanceSnapshot {
  // attendance_generation.value (migration 18) when it was read: the snapshot is the database's
  // state at that number.
  std::int64_t generation = 0;

  // The values of each dimension; the fields below refer to them by index.
  std::vector<std::string> groups, organizations, modules, months, quarters, years;

  // A person: an account, or an unmerged walk-in (accounts first, then walk-ins, each by id).
  struct Person {
    std::uint32_t group = 0, organization = 0;
  };
  std::vector<Person> persons;

  // A meeting, in (event uid, number) order: its local date "YYYY-MM-DD", the indexes of its month,
  // quarter and year, its modules (meeting_modules[modules_begin, modules_end): the event's, or
  // the index of "" when it names none) and its attended marks (runs[runs_begin, runs_end)).
  struct Meeting {
    std::string day;
    std::uint32_t month = 0, quarter = 0, year = 0;
    std::uint32_t modules_begin = 0, modules_end = 0, runs_begin = 0, runs_end = 0;
  };
  std::vector<Meeting> meetings;
  std::vector<std::uint32_t> meeting_modules;

  // The people of attendees[begin, end) attended a meeting for `hours` each; a meeting's runs are in
  // increasing hours.
  struct Run {
    double hours = 0;
    std::uint32_t begin = 0, end = 0;
  };
  std::vector<Run> runs;
  std::vector<std::uint32_t> attendees;  // indexes into persons

  // The memory it holds, in bytes (vectors' capacity and the strings' heap).
  std::size_t bytes() const;
};

// Reads the snapshot in `db`, which must be inside a read transaction (one state for every
// number). With `from` and `to` (local dates, both included), only the meetings of that period
// and their marks; otherwise every meeting. Marks of meetings that no longer exist are left out.
AttendanceSnapshot read_attendance_snapshot(SQLite::Database& db, const std::optional<std::string>& from = {},
                                            const std::optional<std::string>& to = {});

// The report for `query` from `snapshot` (see attendance_report() for the numbers, the errors and
// `memory`). The snapshot must hold every meeting of the query's period.
Result<AttendanceReport> count_attendance(const AttendanceSnapshot& snapshot, const ReportQuery& query,
                                          const ReportMemory& memory = {});

}  // namespace sentinella
