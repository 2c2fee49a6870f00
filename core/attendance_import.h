// Importing a completed paper sign-in sheet of one meeting, typed into a spreadsheet and saved as
// CSV (core/csv_reader.h: ';' or ',', quotes, CRLF or LF, UTF-8 with or without BOM).
//
// Columns, by header name (any order, case and surrounding spaces ignored):
//   username                          a person with an account, or
//   name, target_group, organization  a walk-in (target group and organization may be empty);
//   status   presente, ritardo, uscita anticipata, giustificato, assente (case ignored);
//   hours    optional: decimal comma or point; empty for the status's default (core/attendance.h);
//   note     optional.
// `status` and one of `username`/`name` are required; target_group and organization are for
// walk-ins only; a target group is its id or its label. A person (a username, or a walk-in's name
// compared as fold_for_matching does) may appear once. A disabled account may be marked (the sheet records who was in the room); an erased one is
// unknown. A walk-in's name that matches an unmerged walk-in already marked at the event reuses it.
//
// Problems are reported all at once, each at the physical line of the file it is on (the header is
// line 1), in line order; when there is any, nothing changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/attendance.h"
#include "core/csv_reader.h"

namespace sentinella {

// Bounds of a sheet: a meeting's room is far smaller than this.
inline constexpr CsvLimits kAttendanceSheetLimits{1024 * 1024, 5000, 1000};

// One valid row of a sheet.
struct SheetRow {
  int line = 0;
  std::string username;  // "" for a walk-in
  NewWalkIn walk_in;     // its name "" for a person with an account
  AttendanceStatus status = AttendanceStatus::present;
  double hours = 0;      // as recorded: the given hours or the status's default
  std::string note;
};

struct ParsedSheet {
  std::vector<SheetRow> rows;        // the rows without problems
  std::vector<CsvProblem> problems;  // in line order
};

// Reads and checks the sheet without the database: the file, the header, and each row's own
// fields (status, hours against `meeting_length` as attendance_hours does, lengths, a person named
// twice). Never throws but for std::bad_alloc.
ParsedSheet parse_attendance_sheet(std::string_view csv, double meeting_length);

struct SheetImport {
  Status status;                     // Invalid for no such meeting or an actor who may not mark;
                                     // Internal for a database error; then `problems` is empty
  std::vector<CsvProblem> problems;  // the sheet's problems: nothing changed when there is any
  int marks = 0;                     // marks written
  int walk_ins_added = 0;            // walk-ins created
  int walk_ins_reused = 0;           // rows that named a walk-in the event already had
  bool ok() const { return status.ok() && problems.empty(); }
};

class AttendanceImport {
public:
  explicit AttendanceImport(Store& store) : store_(store) {}

  // Checks `csv` (parse_attendance_sheet, then usernames and target groups against the database)
  // and, when it has no problem, writes every mark of meeting `meeting` with source import, and
  // the walk-ins it needs, in one transaction: each mark and walk-in audited as Attendance::mark
  // and add_walk_in do, completions recorded as they do, and one attendance.import entry for the
  // whole sheet. A row replaces the person's earlier mark for the meeting. Does not throw but for
  // std::bad_alloc.
  SheetImport import(const Event& event, int meeting, std::string_view csv, std::int64_t actor_id, UnixSeconds now);

private:
  Store& store_;
};

}  // namespace sentinella
