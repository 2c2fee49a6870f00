#include "core/attendance_report.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include "core/attendance_snapshot.h"
#include "core/local_time.h"

namespace sentinella {

namespace {

constexpr const char* kNames[] = {"target_group", "module", "organization", "month", "quarter", "year"};

// Days since 1970-01-01 of a valid civil date (proleptic Gregorian).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// A date "YYYY-MM-DD" (no time), or Invalid naming `field`.
Result<LocalDateTime> parse_day(const std::string& field, const std::string& text) {
  if (text.empty()) return Status::Invalid(field + ": a date (YYYY-MM-DD) is required");
  auto parsed = parse_local_date_time(text);
  if (!parsed.ok()) return Status::Invalid(field + ": " + parsed.status().message());
  if (parsed->has_time) return Status::Invalid(field + ": '" + text + "' is not a date (YYYY-MM-DD)");
  return parsed;
}

bool has(const std::vector<ReportDimension>& by, ReportDimension d) {
  return std::find(by.begin(), by.end(), d) != by.end();
}

}  // namespace

const char* report_dimension_name(ReportDimension dimension) { return kNames[static_cast<int>(dimension)]; }

const std::vector<ReportDimension>& all_report_dimensions() {
  static const std::vector<ReportDimension> all = {ReportDimension::target_group, ReportDimension::module,
                                                   ReportDimension::organization, ReportDimension::month,
                                                   ReportDimension::quarter,      ReportDimension::year};
  return all;
}

std::optional<ReportDimension> parse_report_dimension(std::string_view name) {
  for (auto d : all_report_dimensions())
    if (name == report_dimension_name(d)) return d;
  return std::nullopt;
}

Result<std::vector<ReportDimension>> parse_report_dimensions(std::string_view text) {
  std::vector<ReportDimension> out;
  const auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  if (trim(text).empty()) return out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string_view item = trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    if (item.empty()) return Status::Invalid("by: an empty dimension in '" + std::string(text) + "'");
    const auto d = parse_report_dimension(item);
    if (!d)
      return Status::Invalid("by: unknown dimension '" + std::string(item) +
                             "' (target_group, module, organization, month, quarter, year)");
    if (has(out, *d)) return Status::Invalid("by: '" + std::string(item) + "' is given twice");
    out.push_back(*d);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string report_dimensions_text(const std::vector<ReportDimension>& dimensions) {
  std::string out;
  for (auto d : dimensions) out += (out.empty() ? "" : ",") + std::string(report_dimension_name(d));
  return out;
}

Status validate_report_query(const ReportQuery& query) {
  auto from = parse_day("from", query.from);
  if (!from.ok()) return from.status();
  auto to = parse_day("to", query.to);
  if (!to.ok()) return to.status();
  const long first = days_from_civil(from->year, from->month, from->day);
  const long last = days_from_civil(to->year, to->month, to->day);
  if (last < first) return Status::Invalid("to: " + query.to + " is before from (" + query.from + ")");
  if (last - first + 1 > kMaxReportDays)
    return Status::Invalid("to: the period is longer than " + std::to_string(kMaxReportDays) + " days (ten years)");
  for (size_t i = 0; i < query.by.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (query.by[i] == query.by[j])
        return Status::Invalid(std::string("by: '") + report_dimension_name(query.by[i]) + "' is given twice");
  return Status::Ok();
}

// What the period needs is read into an AttendanceSnapshot (core/attendance_snapshot.h) and
// counted there, as the cache does with its snapshot of everything.
Result<AttendanceReport> attendance_report(Store& store, const ReportQuery& query, const ReportMemory& memory) {
  if (Status s = validate_report_query(query); !s.ok()) return s;
  return store.read([&](SQLite::Database& db) -> Result<AttendanceReport> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot for every number
    return count_attendance(read_attendance_snapshot(db, query.from, query.to), query, memory);
  });
}

ReportTable attendance_table(const AttendanceReport& report, const std::string& title, const ReportLabels& labels) {
  const auto label = [&](std::string_view key) {
    std::string text = labels.label ? labels.label(key) : "";
    return text.empty() ? std::string(key) : text;
  };
  const auto number_cells = [](std::vector<ReportCell>& cells, const ReportNumbers& n) {
    cells.push_back(ReportCell::of_number(n.people));
    cells.push_back(ReportCell::of_number(n.person_hours));
    cells.push_back(ReportCell::of_number(n.meetings));
  };
  ReportTable table;
  table.title = title;
  table.facts = {{label("from"), ReportCell::of_date(report.query.from)},
                 {label("to"), ReportCell::of_date(report.query.to)}};
  for (auto d : report.query.by) table.columns.push_back(label(report_dimension_name(d)));
  for (const char* key : {"people", "person_hours", "meetings"}) table.columns.push_back(label(key));
  for (const auto& row : report.rows) {
    std::vector<ReportCell> cells;
    for (size_t i = 0; i < row.keys.size() && i < report.query.by.size(); ++i) {
      std::string text = labels.key_text ? labels.key_text(report.query.by[i], row.keys[i]) : "";
      cells.push_back(ReportCell::of_text(text.empty() ? row.keys[i] : text));
    }
    number_cells(cells, row.numbers);
    table.rows.push_back(std::move(cells));
  }
  std::vector<ReportCell> totals;
  for (size_t i = 0; i < report.query.by.size(); ++i)
    totals.push_back(ReportCell::of_text(i == 0 ? label("total") : ""));
  number_cells(totals, report.totals);
  table.rows.push_back(std::move(totals));
  return table;
}

}  // namespace sentinella
