#include "core/attendance_report.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <unordered_map>

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

// The values one dimension takes, each numbered from 0 in the order first met.
class Values {
public:
  int index(const std::string& value) {
    auto [it, added] = index_.try_emplace(value, static_cast<int>(names_.size()));
    if (added) names_.push_back(value);
    return it->second;
  }
  int size() const { return static_cast<int>(names_.size()); }
  const std::string& name(int index) const { return names_[static_cast<size_t>(index)]; }

private:
  std::unordered_map<std::string, int> index_;
  std::vector<std::string> names_;
};

// A meeting in the period: its event, number and the index of its month, quarter and year.
struct Meeting {
  std::string event_uid;
  int number = 0;
  int month = 0, quarter = 0, year = 0;
  std::vector<int> modules;  // indexes into the module values; {index of ""} for none
};

// A person's group and organization indexes; -1: left out by a filter.
struct PersonKeys {
  int target_group = -1, organization = -1;
};

// Numbers of one cell while counting.
struct Cell {
  double hours = 0;
  int meetings = 0;
  int people = 0;
  std::int64_t last_meeting = -1;  // the meeting last counted: meetings come one after the other
};

constexpr const char* kAttended = "status IN ('present', 'late', 'left_early')";

// Reads the comma-separated integers of a group_concat() one after the other.
class IntegerList {
public:
  explicit IntegerList(std::string_view text) : text_(text) {}
  bool done() const { return at_ >= text_.size(); }
  std::int64_t next() {
    std::int64_t value = 0;
    const char* end = text_.data() + text_.size();
    auto [stop, error] = std::from_chars(text_.data() + at_, end, value);
    at_ = static_cast<size_t>(stop - text_.data()) + 1;  // past the comma
    if (error != std::errc()) at_ = text_.size();
    return value;
  }

private:
  std::string_view text_;
  size_t at_ = 0;
};

std::string quarter_of(const std::string& day) {
  return day.substr(0, 4) + "-Q" + std::to_string((std::stoi(day.substr(5, 2)) + 2) / 3);
}

// The meetings whose local start date is in the period, in (event, number) order, and the values
// of the time dimensions and modules they give. Meetings of events left out by the module filter
// are not returned; with the module dimension and a module filter, only that module is kept.
std::vector<Meeting> meetings_in(SQLite::Database& db, const ReportQuery& q, bool module_key, Values& months,
                                 Values& quarters, Values& years, Values& modules) {
  std::unordered_map<std::string, std::vector<std::string>> named;
  SQLite::Statement m(db, "SELECT event_uid, module_slug FROM event_modules ORDER BY event_uid, position");
  while (m.executeStep()) named[m.getColumn(0).getString()].push_back(m.getColumn(1).getString());
  SQLite::Statement s(db, R"sql(
    SELECT event_uid, number, substr(start_local, 1, 10) AS day FROM event_meetings
     WHERE day BETWEEN :from AND :to
    UNION ALL
    SELECT uid, 1, substr(start_local, 1, 10) AS day FROM events e
     WHERE day BETWEEN :from AND :to AND NOT EXISTS (SELECT 1 FROM event_meetings m WHERE m.event_uid = e.uid)
    ORDER BY 1, 2)sql");
  s.bind(":from", q.from);
  s.bind(":to", q.to);
  std::vector<Meeting> out;
  while (s.executeStep()) {
    Meeting meeting{s.getColumn(0).getString(), s.getColumn(1).getInt(), 0, 0, 0, {}};
    const std::string day = s.getColumn(2).getString();
    auto it = named.find(meeting.event_uid);
    const std::vector<std::string> none = {""};
    const std::vector<std::string>& slugs = it == named.end() || it->second.empty() ? none : it->second;
    if (q.module && std::find(slugs.begin(), slugs.end(), *q.module) == slugs.end()) continue;
    for (const auto& slug : slugs)
      if (!q.module || !module_key || slug == *q.module) meeting.modules.push_back(modules.index(slug));
    meeting.month = months.index(day.substr(0, 7));
    meeting.quarter = quarters.index(quarter_of(day));
    meeting.year = years.index(day.substr(0, 4));
    out.push_back(std::move(meeting));
  }
  return out;
}

// The group and organization of every account (by id) and walk-in (by id), -1 for those the
// filters leave out.
void person_keys(SQLite::Database& db, const ReportQuery& q, Values& groups, Values& organizations,
                 std::vector<PersonKeys>& users, std::vector<PersonKeys>& walk_ins) {
  for (auto [table, keys] : {std::pair{"users", &users}, std::pair{"walk_ins", &walk_ins}}) {
    SQLite::Statement s(db, std::string("SELECT id, target_group, organization FROM ") + table + " ORDER BY id");
    while (s.executeStep()) {
      const auto id = s.getColumn(0).getInt64();
      if (id < 0 || id > std::numeric_limits<int>::max()) continue;
      const std::string group = s.getColumn(1).getString(), organization = s.getColumn(2).getString();
      if (static_cast<size_t>(id) >= keys->size()) keys->resize(static_cast<size_t>(id) + 1);
      if ((q.target_group && group != *q.target_group) || (q.organization && organization != *q.organization))
        continue;
      (*keys)[static_cast<size_t>(id)] = {groups.index(group), organizations.index(organization)};
    }
  }
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

// How it counts: the meetings of the period (a few thousand) and the people (tens of thousands)
// are read first, then each meeting's attended marks from the covering index
// attendance_marks_report (migration 16), and every mark is added to its cell in memory: its hours,
// the meeting once (meetings come one after the other), and the person once (ReportMemory). Doing
// it all in one SQL statement (a B-tree search per mark for its person, COUNT(DISTINCT) sorting a
// million rows) was about ten times slower on a million marks (docs/performance.md).
Result<AttendanceReport> attendance_report(Store& store, const ReportQuery& query, const ReportMemory& memory) {
  if (Status s = validate_report_query(query); !s.ok()) return s;
  return store.read([&](SQLite::Database& db) -> Result<AttendanceReport> {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot for every number
    const auto& by = query.by;
    const bool module_key = has(by, ReportDimension::module);
    Values groups, organizations, modules, months, quarters, years;
    const std::vector<Meeting> meetings = meetings_in(db, query, module_key, months, quarters, years, modules);
    std::vector<PersonKeys> users, walk_ins;
    person_keys(db, query, groups, organizations, users, walk_ins);
    const auto values_of = [&](ReportDimension d) -> const Values& {
      switch (d) {
        case ReportDimension::target_group: return groups;
        case ReportDimension::organization: return organizations;
        case ReportDimension::module: return modules;
        case ReportDimension::month: return months;
        case ReportDimension::quarter: return quarters;
        case ReportDimension::year: return years;
      }
      return groups;
    };
    // A cell is numbered in mixed radix over the dimensions' values, below 2^32.
    std::uint64_t cells = 1;
    for (auto d : by) {
      cells *= static_cast<std::uint64_t>(std::max(1, values_of(d).size()));
      if (cells > std::numeric_limits<std::uint32_t>::max())
        return Status::Invalid("by: too many combinations of values to count; ask for fewer dimensions");
    }
    // The cells' numbers: in a vector when there are few cells, else by number in a hash map.
    std::vector<Cell> dense(cells <= memory.dense_cells && !by.empty() ? cells : 0);
    std::unordered_map<std::uint64_t, Cell> sparse;
    const auto cell_at = [&](std::uint64_t cell) -> Cell& { return dense.empty() ? sparse[cell] : dense[cell]; };
    // Whether a person was counted in a cell: one bit per (cell, person) when that takes little
    // memory, else the list of the cells each person was counted in (a few dozen in practice).
    const std::uint64_t persons = users.size() + walk_ins.size();
    const bool as_bits = !by.empty() && cells * persons <= memory.bits;
    std::vector<std::uint64_t> counted_bits(as_bits ? (cells * persons + 63) / 64 : 0);
    std::vector<std::vector<std::uint32_t>> counted_in(as_bits ? 0 : persons);
    std::vector<bool> seen(users.size() + walk_ins.size());
    AttendanceReport report;
    report.query = query;

    // Per meeting, a row per number of hours recorded (a few: the whole meeting, half of it...) with
    // the people who attended that long as one list (user ids, and walk-ins' as negative numbers).
    // A row per mark, or a list of each mark's hours, cost several times more.
    SQLite::Statement marks(db, std::string("SELECT hours, group_concat(COALESCE(user_id, -walk_in_id))"
                                            " FROM attendance_marks INDEXED BY attendance_marks_report"
                                            " WHERE event_uid = ? AND meeting = ? AND ") + kAttended +
                                    " GROUP BY hours");
    for (size_t m = 0; m < meetings.size(); ++m) {
      const Meeting& meeting = meetings[m];
      marks.reset();
      marks.bind(1, meeting.event_uid);
      marks.bind(2, meeting.number);
      bool held = false;
      while (marks.executeStep()) {
        const double hours = marks.getColumn(0).getDouble();
        for (IntegerList list(marks.getColumn(1).getText()); !list.done();) {
          const std::int64_t value = list.next();
          const bool walk_in = value < 0;
          const std::int64_t id = walk_in ? -value : value;
          const std::vector<PersonKeys>& keys = walk_in ? walk_ins : users;
          if (id <= 0 || static_cast<std::uint64_t>(id) >= keys.size()) continue;  // no such person
          const PersonKeys& person = keys[static_cast<size_t>(id)];
          if (person.target_group < 0) continue;  // left out by a filter
          const std::uint32_t who = static_cast<std::uint32_t>(walk_in ? users.size() + static_cast<size_t>(id) : static_cast<size_t>(id));
          held = true;
          report.totals.person_hours += hours;
          if (!seen[who]) {
            seen[who] = true;
            ++report.totals.people;
          }
          if (by.empty()) continue;
          for (size_t k = 0; k < (module_key ? meeting.modules.size() : 1); ++k) {
            std::uint64_t cell = 0;
            for (auto d : by) {
              int v = 0;
              switch (d) {
                case ReportDimension::target_group: v = person.target_group; break;
                case ReportDimension::organization: v = person.organization; break;
                case ReportDimension::module: v = meeting.modules[k]; break;
                case ReportDimension::month: v = meeting.month; break;
                case ReportDimension::quarter: v = meeting.quarter; break;
                case ReportDimension::year: v = meeting.year; break;
              }
              cell = cell * static_cast<std::uint64_t>(std::max(1, values_of(d).size())) + static_cast<std::uint64_t>(v);
            }
            Cell& c = cell_at(cell);
            c.hours += hours;
            if (c.last_meeting != static_cast<std::int64_t>(m)) {
              c.last_meeting = static_cast<std::int64_t>(m);
              ++c.meetings;
            }
            if (as_bits) {
              const std::uint64_t bit = cell * persons + who;
              std::uint64_t& word = counted_bits[bit / 64];
              if (!(word & (std::uint64_t{1} << (bit % 64)))) {
                word |= std::uint64_t{1} << (bit % 64);
                ++c.people;
              }
            } else if (auto& counted = counted_in[who];
                       std::find(counted.begin(), counted.end(), static_cast<std::uint32_t>(cell)) == counted.end()) {
              counted.push_back(static_cast<std::uint32_t>(cell));
              ++c.people;
            }
          }
        }
      }
      if (held) ++report.totals.meetings;
    }
    const auto add_row = [&](std::uint64_t cell, const Cell& n) {
      if (n.people == 0) return;
      ReportRow row;
      row.keys.resize(by.size());
      std::uint64_t rest = cell;
      for (size_t i = by.size(); i-- > 0;) {
        const Values& values = values_of(by[i]);
        const auto radix = static_cast<std::uint64_t>(std::max(1, values.size()));
        row.keys[i] = values.name(static_cast<int>(rest % radix));
        rest /= radix;
      }
      row.numbers = {n.people, n.hours, n.meetings};
      report.rows.push_back(std::move(row));
    };
    for (size_t cell = 0; cell < dense.size(); ++cell) add_row(cell, dense[cell]);
    for (const auto& [cell, n] : sparse) add_row(cell, n);
    std::sort(report.rows.begin(), report.rows.end(),
              [](const ReportRow& a, const ReportRow& b) { return a.keys < b.keys; });
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
