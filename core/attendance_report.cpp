#include "core/attendance_report.h"

#include <SQLiteCpp/SQLiteCpp.h>

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
  for (auto x : by)
    if (x == d) return true;
  return false;
}

// The SQL expression of a dimension over the `marks` rows below (and `em`, the event's modules).
std::string key_sql(ReportDimension d) {
  switch (d) {
    case ReportDimension::target_group: return "k.target_group";
    case ReportDimension::organization: return "k.organization";
    case ReportDimension::module: return "COALESCE(em.module_slug, '')";
    case ReportDimension::month: return "substr(k.day, 1, 7)";
    case ReportDimension::quarter:
      return "substr(k.day, 1, 4) || '-Q' || ((CAST(substr(k.day, 6, 2) AS INTEGER) + 2) / 3)";
    case ReportDimension::year: return "substr(k.day, 1, 4)";
  }
  return "''";
}

// Every attended mark of a meeting in the period, with its meeting's date, a number per meeting,
// its person (the user id, or minus the walk-in's) and the person's group and organization.
constexpr const char* kMarks = R"sql(
WITH day(event_uid, meeting, day) AS (
  SELECT event_uid, number, substr(start_local, 1, 10) FROM event_meetings
   WHERE substr(start_local, 1, 10) BETWEEN :from AND :to
  UNION ALL
  SELECT uid, 1, substr(start_local, 1, 10) FROM events e
   WHERE substr(start_local, 1, 10) BETWEEN :from AND :to
     AND NOT EXISTS (SELECT 1 FROM event_meetings m WHERE m.event_uid = e.uid)
),
meeting(id, event_uid, meeting, day) AS (
  SELECT ROW_NUMBER() OVER (), event_uid, meeting, day FROM day
),
k(meeting_id, event_uid, day, person, hours, target_group, organization) AS (
  SELECT d.id, d.event_uid, d.day, COALESCE(a.user_id, -a.walk_in_id), a.hours,
         COALESCE(u.target_group, w.target_group, ''), COALESCE(u.organization, w.organization, '')
    FROM meeting d
    JOIN attendance_marks a ON a.event_uid = d.event_uid AND a.meeting = d.meeting
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN walk_ins w ON w.id = a.walk_in_id
   WHERE a.status IN ('present', 'late', 'left_early')
)
)sql";

// The SELECT over `k` for the dimensions `by` (none: the totals), with the query's filters.
std::string report_sql(const ReportQuery& q, const std::vector<ReportDimension>& by) {
  const bool module_key = has(by, ReportDimension::module);
  std::string keys;
  for (size_t i = 0; i < by.size(); ++i) keys += key_sql(by[i]) + " AS k" + std::to_string(i) + ", ";
  std::string sql = std::string(kMarks) + "SELECT " + keys +
                    "COUNT(DISTINCT k.person), TOTAL(k.hours), COUNT(DISTINCT k.meeting_id) FROM k";
  if (module_key) sql += " LEFT JOIN event_modules em ON em.event_uid = k.event_uid";
  std::vector<std::string> where;
  if (q.target_group) where.push_back("k.target_group = :target_group");
  if (q.organization) where.push_back("k.organization = :organization");
  if (q.module) {
    if (module_key)
      where.push_back("COALESCE(em.module_slug, '') = :module");
    else if (q.module->empty())
      where.push_back("NOT EXISTS (SELECT 1 FROM event_modules f WHERE f.event_uid = k.event_uid)");
    else
      where.push_back("EXISTS (SELECT 1 FROM event_modules f WHERE f.event_uid = k.event_uid AND f.module_slug = :module)");
  }
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
  if (!by.empty()) {
    std::string list;
    for (size_t i = 0; i < by.size(); ++i) list += (i ? ", k" : "k") + std::to_string(i);
    sql += " GROUP BY " + list + " ORDER BY " + list;
  }
  return sql;
}

// Binds the parameters report_sql(q, by) uses.
void bind_query(SQLite::Statement& s, const ReportQuery& q, const std::vector<ReportDimension>& by) {
  s.bind(":from", q.from);
  s.bind(":to", q.to);
  if (q.target_group) s.bind(":target_group", *q.target_group);
  if (q.organization) s.bind(":organization", *q.organization);
  // A "" module without the module dimension is a NOT EXISTS, with no parameter.
  if (q.module && (!q.module->empty() || has(by, ReportDimension::module))) s.bind(":module", *q.module);
}

ReportNumbers numbers_at(SQLite::Statement& s, int first) {
  ReportNumbers n;
  n.people = s.getColumn(first).getInt();
  n.person_hours = s.getColumn(first + 1).getDouble();
  n.meetings = s.getColumn(first + 2).getInt();
  return n;
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

Result<AttendanceReport> attendance_report(Store& store, const ReportQuery& query) {
  if (Status s = validate_report_query(query); !s.ok()) return s;
  return store.read([&](SQLite::Database& db) -> Result<AttendanceReport> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot for every number
    AttendanceReport report;
    report.query = query;
    if (!query.by.empty()) {
      SQLite::Statement rows(db, report_sql(query, query.by));
      bind_query(rows, query, query.by);
      const int n = static_cast<int>(query.by.size());
      while (rows.executeStep()) {
        ReportRow row;
        for (int i = 0; i < n; ++i) row.keys.push_back(rows.getColumn(i).getString());
        row.numbers = numbers_at(rows, n);
        report.rows.push_back(std::move(row));
      }
    }
    SQLite::Statement totals(db, report_sql(query, {}));
    bind_query(totals, query, {});
    if (totals.executeStep()) report.totals = numbers_at(totals, 0);
    return report;
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
