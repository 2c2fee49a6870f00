// `sentinella attendance import FILE --event YEAR/SLUG --meeting N`: a completed paper sign-in sheet,
// saved as CSV, recorded as the marks of one meeting (core/attendance_import.h), as actor 0.
// Errors: every problem is printed as "FILE:line: error: message" and gives a non-zero exit code;
// nothing changes then. Does not throw but for std::bad_alloc.
#pragma once

#include <string>

namespace sentinella {

struct AttendanceCommand {
  std::string action;  // import
  std::string db_path;
  std::string file;
  std::string event;   // YEAR/SLUG
  int meeting = 1;
};

// Runs the command; prints to stdout/stderr; returns the exit status.
int run_attendance_command(const AttendanceCommand& cmd);

}  // namespace sentinella
