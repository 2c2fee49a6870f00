// The attendance report: how many people attended, for how many person-hours, at how many meetings,
// broken down by any of target group, module, organization, month, quarter, year, over a period of
// local dates. One definition for the report pages, the API and the public results
// (docs/attendance.md, "Report"):
// - a mark counts as attended when its status is present, late or left_early (not excused/absent);
// - people: distinct persons with an attended mark in the cell (an account, or an unmerged walk-in);
// - person_hours: the sum of `hours` of the attended marks in the cell;
// - meetings: distinct (event, meeting) with at least one attended mark in the cell;
// - the date of a mark is the local date its meeting starts (event_meetings.start_local, or the
//   event's start_local for meeting 1 of an event without meetings); marks of meetings that no
//   longer exist (an event removed from the content) have no date and are never counted;
// - target_group and organization are the person's current ones (the account's, or the walk-in's),
//   "" when unknown;
// - module: each module the event names; an event naming two counts in both rows, an event naming
//   none has module "". Totals are computed without the module dimension, so they never count a
//   person, an hour or a meeting twice; the rows of a breakdown by module may add up to more.
// - month "2026-11", quarter "2026-Q4", year "2026".
// Everything is read in one read transaction (one state of the database) into an AttendanceSnapshot
// and counted in memory (core/attendance_snapshot.h); the server counts from the snapshot its
// AttendanceReportCache keeps (core/attendance_report_cache.h), with the same numbers.
// Errors: the parse and validate functions return Invalid naming the problem; attendance_report
// returns Invalid for a bad query and throws what SQLite throws (a locked or damaged database, see
// core/store.h); anything may throw std::bad_alloc.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report_table.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

enum class ReportDimension { target_group, module, organization, month, quarter, year };

// "target_group", "module", "organization", "month", "quarter", "year": the names the API, the
// JSON keys and the pages' query strings use.
const char* report_dimension_name(ReportDimension dimension);
std::optional<ReportDimension> parse_report_dimension(std::string_view name);

// Every dimension, in the order above.
const std::vector<ReportDimension>& all_report_dimensions();

// A comma-separated list of dimension names ("target_group,module"), spaces around names allowed;
// "" is the empty list (totals only). Invalid naming the problem: an unknown name, a name given
// twice, an empty item ("module,,year").
Result<std::vector<ReportDimension>> parse_report_dimensions(std::string_view text);
// The list back as text, comma-separated ("" for none).
std::string report_dimensions_text(const std::vector<ReportDimension>& dimensions);

// The longest period a report may cover, in days (ten years).
inline constexpr int kMaxReportDays = 3653;

struct ReportQuery {
  std::string from, to;                     // local dates "YYYY-MM-DD", both included
  std::vector<ReportDimension> by;          // the breakdown, in column order; no repeats
  std::optional<std::string> target_group;  // only people of this group ("" = of no group)
  std::optional<std::string> module;        // only events naming this module ("" = naming none)
  std::optional<std::string> organization;  // only people of this organization ("" = of none)
};

// Invalid naming the field ("from", "to", "by") and the problem: a malformed or impossible date, `to`
// before `from`, a period longer than kMaxReportDays days, a dimension given twice.
Status validate_report_query(const ReportQuery& query);

struct ReportNumbers {
  int people = 0;
  double person_hours = 0;
  int meetings = 0;
  bool operator==(const ReportNumbers&) const = default;
};

// One cell of the breakdown: `keys[i]` is the value of `query.by[i]`.
struct ReportRow {
  std::vector<std::string> keys;
  ReportNumbers numbers;
};

struct AttendanceReport {
  ReportQuery query;
  std::vector<ReportRow> rows;  // only cells with at least one attended mark, ordered by keys
  ReportNumbers totals;         // over the whole query (its period and filters), without dimensions
};

// The report for `query` (validated first: Invalid as validate_report_query; Invalid too, naming
// "by", when the dimensions' values make more than 2^32 combinations).
// How the counting holds its tallies: the cells in a vector up to `dense_cells` cells (else a hash
// map), a bit per (cell, person) up to `bits` bits (else the list of cells each person was counted
// in). The same numbers either way; tests lower the limits to run every way.
struct ReportMemory {
  std::uint64_t dense_cells = std::uint64_t{1} << 18;
  std::uint64_t bits = std::uint64_t{1} << 27;  // 16 MiB
};
Result<AttendanceReport> attendance_report(Store& store, const ReportQuery& query, const ReportMemory& memory = {});

// The same report, counted from the snapshot `cache` keeps (core/attendance_report_cache.h: the
// server's, App::attendance_reports()); throws what SQLite throws when it reads it again.
class AttendanceReportCache;
Result<AttendanceReport> attendance_report(AttendanceReportCache& cache, const ReportQuery& query,
                                           const ReportMemory& memory = {});

// How a table names things: `label` gives a column's or fact's header from its key ("target_group",
// "module", "organization", "month", "quarter", "year", "people", "person_hours", "meetings", "from",
// "to", "total"); `key_text` the text of a key's value (e.g. a group's label for its id). Each may
// be empty (or return ""): the key itself is used.
struct ReportLabels {
  std::function<std::string(std::string_view key)> label;
  std::function<std::string(ReportDimension dimension, const std::string& value)> key_text;
};

// The report as one table for the files (CSV, .xlsx) and pages: facts `from` and `to` as dates; a
// column per dimension of `by`, in order (text), then people, person_hours, meetings (numbers); a
// row per cell, then a last row of the totals whose first cell is label("total") (its other key
// cells empty; with no dimensions the totals are the only row, and have no key cell).
ReportTable attendance_table(const AttendanceReport& report, const std::string& title,
                             const ReportLabels& labels = {});

}  // namespace sentinella
