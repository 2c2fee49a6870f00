// Reading a CSV file as people make them with a spreadsheet: RFC 4180 quoting, ';' or ',' between
// fields (whichever the header line uses), CRLF or LF, UTF-8 with or without a byte order mark.
// Every row keeps the physical line it starts on, so that problems can be reported as
// "file:line: error: message". The reader knows nothing of what the columns mean.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sentinella {

struct CsvLimits {
  std::size_t max_bytes = 1024 * 1024;  // the whole file
  std::size_t max_rows = 5000;          // rows after the header
  std::size_t max_field_bytes = 1000;   // one field, unquoted
};

struct CsvRow {
  int line = 0;                     // physical line the row starts on, from 1 (the header is line 1)
  std::vector<std::string> fields;  // unquoted, not trimmed
};

// A problem with the file; `line` 0 for the file as a whole.
struct CsvProblem {
  int line = 0;
  std::string message;
};

struct CsvTable {
  char separator = ',';
  CsvRow header;                    // empty fields when the file has no header line
  std::vector<CsvRow> rows;         // well-formed rows with the header's number of fields
  std::vector<CsvProblem> problems; // in line order
};

// Reads `text`. The separator is ';' when the header line (outside quotes) has more ';' than ',',
// otherwise ','. Lines that are empty, and rows whose every field is empty (a spreadsheet's blank
// line), are skipped. A row that is not valid UTF-8, has a quote out of place or unclosed, a field
// longer than limits.max_field_bytes, or a number of fields other than the header's, becomes a
// problem and is left out of `rows`; reading goes on, so that every problem is reported. A file
// over limits.max_bytes, or empty, is one problem at line 0 and nothing else is read; after
// limits.max_rows rows one problem is reported and reading stops.
CsvTable read_csv(std::string_view text, const CsvLimits& limits = {});

// "file:line: error: message" ("file: error: message" for line 0), the form `sentinella check`
// uses.
std::string format_csv_problem(const std::string& file, const CsvProblem& problem);

}  // namespace sentinella
