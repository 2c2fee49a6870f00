#include "core/attendance_snapshot.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace sentinella {

namespace {

// The values of one dimension, each numbered from 0 in the order first met.
class Values {
public:
  explicit Values(std::vector<std::string>& names) : names_(names) {}
  std::uint32_t index(const std::string& value) {
    auto [it, added] = index_.try_emplace(value, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(value);
    return it->second;
  }

private:
  std::unordered_map<std::string, std::uint32_t> index_;
  std::vector<std::string>& names_;
};

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
  int month = 0;
  std::from_chars(day.data() + std::min<size_t>(5, day.size()), day.data() + std::min<size_t>(7, day.size()), month);
  return day.substr(0, 4) + "-Q" + std::to_string((month + 2) / 3);
}

// Person ids (accounts' or walk-ins') to person indexes: a vector by id when the ids are dense
// enough, else a hash map.
class PersonIds {
public:
  void add(std::int64_t id, std::uint32_t person) { pairs_.emplace_back(id, person); }
  void seal() {
    std::int64_t max = 0;
    for (auto [id, person] : pairs_) max = std::max(max, id);
    if (max < static_cast<std::int64_t>(4 * pairs_.size() + 1024)) {
      by_id_.assign(static_cast<size_t>(max) + 1, kNone);
      for (auto [id, person] : pairs_)
        if (id >= 0) by_id_[static_cast<size_t>(id)] = person;
    } else {
      for (auto [id, person] : pairs_) sparse_.emplace(id, person);
    }
    pairs_.clear();
    pairs_.shrink_to_fit();
  }
  // kNone when there is no such person.
  std::uint32_t find(std::int64_t id) const {
    if (sparse_.empty()) return id >= 0 && static_cast<std::uint64_t>(id) < by_id_.size() ? by_id_[static_cast<size_t>(id)] : kNone;
    auto it = sparse_.find(id);
    return it == sparse_.end() ? kNone : it->second;
  }
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

private:
  std::vector<std::pair<std::int64_t, std::uint32_t>> pairs_;
  std::vector<std::uint32_t> by_id_;
  std::unordered_map<std::int64_t, std::uint32_t> sparse_;
};

template <typename T>
std::size_t capacity_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

std::size_t strings_bytes(const std::vector<std::string>& v) {
  std::size_t n = capacity_bytes(v);
  for (const auto& s : v)
    if (s.capacity() > 15) n += s.capacity() + 1;  // past the small-string buffer
  return n;
}

}  // namespace

std::size_t AttendanceSnapshot::bytes() const {
  std::size_t n = sizeof(*this);
  for (const auto* names : {&groups, &organizations, &modules, &months, &quarters, &years}) n += strings_bytes(*names);
  n += capacity_bytes(persons) + capacity_bytes(meetings) + capacity_bytes(meeting_modules) + capacity_bytes(runs) +
       capacity_bytes(attendees);
  for (const auto& m : meetings)
    if (m.day.capacity() > 15) n += m.day.capacity() + 1;
  return n;
}

// One read per table, the meetings in (event uid, number) order; then each meeting's attended
// marks from the covering index attendance_marks_report (migration 17), a row per number of hours
// with the people as one list (user ids, walk-ins' as negative numbers): a row per mark, or one
// statement over all the marks, cost more (docs/performance.md).
AttendanceSnapshot read_attendance_snapshot(SQLite::Database& db, const std::optional<std::string>& from,
                                            const std::optional<std::string>& to) {
  AttendanceSnapshot s;
  {
    SQLite::Statement g(db, "SELECT value FROM attendance_generation WHERE id = 1");
    if (g.executeStep()) s.generation = g.getColumn(0).getInt64();
  }
  Values groups(s.groups), organizations(s.organizations), modules(s.modules), months(s.months),
      quarters(s.quarters), years(s.years);

  std::unordered_map<std::string, std::vector<std::uint32_t>> named;
  SQLite::Statement m(db, "SELECT event_uid, module_slug FROM event_modules ORDER BY event_uid, position");
  while (m.executeStep()) named[m.getColumn(0).getString()].push_back(modules.index(m.getColumn(1).getString()));
  SQLite::Statement q(db, R"sql(
    SELECT event_uid, number, substr(start_local, 1, 10) AS day FROM event_meetings
     WHERE day BETWEEN :from AND :to
    UNION ALL
    SELECT uid, 1, substr(start_local, 1, 10) AS day FROM events e
     WHERE day BETWEEN :from AND :to AND NOT EXISTS (SELECT 1 FROM event_meetings m WHERE m.event_uid = e.uid)
    ORDER BY 1, 2)sql");
  q.bind(":from", from.value_or(""));
  q.bind(":to", to.value_or("~"));  // after every digit
  std::vector<std::pair<std::string, int>> keys;  // each meeting's event uid and number
  while (q.executeStep()) {
    AttendanceSnapshot::Meeting meeting;
    meeting.day = q.getColumn(2).getString();
    meeting.month = months.index(meeting.day.substr(0, 7));
    meeting.quarter = quarters.index(quarter_of(meeting.day));
    meeting.year = years.index(meeting.day.substr(0, 4));
    keys.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt());
    meeting.modules_begin = static_cast<std::uint32_t>(s.meeting_modules.size());
    auto it = named.find(keys.back().first);
    if (it == named.end() || it->second.empty())
      s.meeting_modules.push_back(modules.index(""));
    else
      s.meeting_modules.insert(s.meeting_modules.end(), it->second.begin(), it->second.end());
    meeting.modules_end = static_cast<std::uint32_t>(s.meeting_modules.size());
    s.meetings.push_back(std::move(meeting));
  }

  PersonIds users, walk_ins;
  for (auto [table, ids] : {std::pair{"users", &users}, std::pair{"walk_ins", &walk_ins}}) {
    SQLite::Statement p(db, std::string("SELECT id, target_group, organization FROM ") + table + " ORDER BY id");
    while (p.executeStep()) {
      ids->add(p.getColumn(0).getInt64(), static_cast<std::uint32_t>(s.persons.size()));
      s.persons.push_back({groups.index(p.getColumn(1).getString()), organizations.index(p.getColumn(2).getString())});
    }
    ids->seal();
  }

  // A row per number of hours recorded in the meeting (a few: the whole meeting, half of it...).
  SQLite::Statement marks(db, "SELECT hours, group_concat(COALESCE(user_id, -walk_in_id))"
                              " FROM attendance_marks INDEXED BY attendance_marks_report"
                              " WHERE event_uid = ? AND meeting = ? AND status IN ('present', 'late', 'left_early')"
                              " GROUP BY hours ORDER BY hours");
  for (size_t i = 0; i < s.meetings.size(); ++i) {
    auto& meeting = s.meetings[i];
    meeting.runs_begin = static_cast<std::uint32_t>(s.runs.size());
    marks.reset();
    marks.bind(1, keys[i].first);
    marks.bind(2, keys[i].second);
    while (marks.executeStep()) {
      AttendanceSnapshot::Run run{marks.getColumn(0).getDouble(), static_cast<std::uint32_t>(s.attendees.size()), 0};
      for (IntegerList list(marks.getColumn(1).getText()); !list.done();) {
        const std::int64_t value = list.next();
        const std::uint32_t person = value < 0 ? walk_ins.find(-value) : users.find(value);
        if (person != PersonIds::kNone) s.attendees.push_back(person);  // else no such person
      }
      run.end = static_cast<std::uint32_t>(s.attendees.size());
      if (run.end > run.begin) s.runs.push_back(run);
    }
    meeting.runs_end = static_cast<std::uint32_t>(s.runs.size());
  }
  s.attendees.shrink_to_fit();
  s.runs.shrink_to_fit();
  return s;
}

namespace {

bool has(const std::vector<ReportDimension>& by, ReportDimension d) {
  return std::find(by.begin(), by.end(), d) != by.end();
}

// The values of a dimension that one report meets (of the meetings of its period, of the people
// its filters keep), numbered again from 0: the cells are numbered over these.
class Used {
public:
  explicit Used(const std::vector<std::string>& names) : names_(names), local_(names.size(), -1) {}
  void add(std::uint32_t value) {
    if (local_[value] < 0) {
      local_[value] = static_cast<int>(global_.size());
      global_.push_back(value);
    }
  }
  std::uint64_t local(std::uint32_t value) const { return static_cast<std::uint64_t>(local_[value]); }
  std::uint64_t radix() const { return std::max<std::uint64_t>(1, global_.size()); }
  const std::string& name(std::uint64_t local) const { return names_[global_[static_cast<size_t>(local)]]; }

private:
  const std::vector<std::string>& names_;
  std::vector<int> local_;
  std::vector<std::uint32_t> global_;
};

// The index of a filter's value, or nullopt when no value is asked for; npos when nobody has it.
constexpr std::uint32_t kNowhere = std::numeric_limits<std::uint32_t>::max();
std::optional<std::uint32_t> filter_index(const std::vector<std::string>& names, const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  auto it = std::find(names.begin(), names.end(), *value);
  return it == names.end() ? kNowhere : static_cast<std::uint32_t>(it - names.begin());
}

// Numbers of one cell while counting.
struct Cell {
  double hours = 0;
  int meetings = 0;
  int people = 0;
  std::int64_t last_meeting = -1;  // the meeting last counted: meetings come one after the other
};

}  // namespace

// A cell is numbered in mixed radix over the query's dimensions, so its number is the sum of a part
// from the person (target group, organization) and a part from the meeting (module, month,
// quarter, year), each computed once per report. Every attended mark of the period's meetings then
// adds its hours to its cells, the meeting once (meetings come one after the other) and the person
// once (ReportMemory), in the order the marks were read, so the sums are the same to the last bit
// whichever snapshot they come from.
Result<AttendanceReport> count_attendance(const AttendanceSnapshot& s, const ReportQuery& query,
                                          const ReportMemory& memory) {
  if (Status st = validate_report_query(query); !st.ok()) return st;
  const auto& by = query.by;
  const bool module_key = has(by, ReportDimension::module);
  const auto group_filter = filter_index(s.groups, query.target_group);
  const auto organization_filter = filter_index(s.organizations, query.organization);
  const auto module_filter = filter_index(s.modules, query.module);

  // The meetings of the period naming the module asked for, and the values they and the people give.
  Used groups(s.groups), organizations(s.organizations), modules(s.modules), months(s.months),
      quarters(s.quarters), years(s.years);
  const auto used = [&](ReportDimension d) -> Used& {
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
  std::vector<std::uint32_t> selected;
  for (std::uint32_t i = 0; i < s.meetings.size(); ++i) {
    const auto& meeting = s.meetings[i];
    if (meeting.day < query.from || meeting.day > query.to) continue;
    const auto first = s.meeting_modules.begin() + meeting.modules_begin;
    const auto last = s.meeting_modules.begin() + meeting.modules_end;
    if (module_filter && std::find(first, last, *module_filter) == last) continue;
    selected.push_back(i);
    for (auto it = first; it != last; ++it) modules.add(*it);
    months.add(meeting.month);
    quarters.add(meeting.quarter);
    years.add(meeting.year);
  }
  const auto kept = [&](const AttendanceSnapshot::Person& p) {
    return (!group_filter || p.group == *group_filter) && (!organization_filter || p.organization == *organization_filter);
  };
  for (const auto& p : s.persons)
    if (kept(p)) {
      groups.add(p.group);
      organizations.add(p.organization);
    }
  // The weight of each dimension in a cell's number: the product of the radixes after it.
  std::uint64_t cells = 1;
  std::vector<std::uint64_t> weight(by.size());
  for (size_t i = by.size(); i-- > 0;) {
    weight[i] = cells;
    cells *= used(by[i]).radix();
    if (cells > std::numeric_limits<std::uint32_t>::max())
      return Status::Invalid("by: too many combinations of values to count; ask for fewer dimensions");
  }
  const auto weight_of = [&](ReportDimension d) -> std::uint64_t {
    for (size_t i = 0; i < by.size(); ++i)
      if (by[i] == d) return weight[i];
    return 0;  // not a dimension of the report: its value does not count
  };
  const std::uint64_t w_group = weight_of(ReportDimension::target_group);
  const std::uint64_t w_organization = weight_of(ReportDimension::organization);
  const std::uint64_t w_module = weight_of(ReportDimension::module);
  const std::uint64_t w_month = weight_of(ReportDimension::month);
  const std::uint64_t w_quarter = weight_of(ReportDimension::quarter);
  const std::uint64_t w_year = weight_of(ReportDimension::year);
  constexpr std::uint64_t kLeftOut = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::uint64_t> person_part(s.persons.size(), kLeftOut);
  for (size_t i = 0; i < s.persons.size(); ++i)
    if (kept(s.persons[i]))
      person_part[i] = groups.local(s.persons[i].group) * w_group +
                       organizations.local(s.persons[i].organization) * w_organization;

  // The cells' numbers: in a vector when there are few cells, else by number in a hash map.
  std::vector<Cell> dense(cells <= memory.dense_cells && !by.empty() ? cells : 0);
  std::unordered_map<std::uint64_t, Cell> sparse;
  const auto cell_at = [&](std::uint64_t cell) -> Cell& { return dense.empty() ? sparse[cell] : dense[cell]; };
  // Whether a person was counted in a cell: one bit per (cell, person) when that takes little
  // memory, else the list of the cells each person was counted in (a few dozen in practice).
  const std::uint64_t persons = s.persons.size();
  const bool as_bits = !by.empty() && cells * persons <= memory.bits;
  std::vector<std::uint64_t> counted_bits(as_bits ? (cells * persons + 63) / 64 : 0);
  std::vector<std::vector<std::uint32_t>> counted_in(as_bits || by.empty() ? 0 : persons);
  std::vector<bool> seen(persons);
  AttendanceReport report;
  report.query = query;

  std::vector<std::uint64_t> meeting_parts;
  for (size_t n = 0; n < selected.size(); ++n) {
    const auto& meeting = s.meetings[selected[n]];
    const std::uint64_t time_part = months.local(meeting.month) * w_month +
                                    quarters.local(meeting.quarter) * w_quarter + years.local(meeting.year) * w_year;
    meeting_parts.clear();
    if (!module_key) {
      meeting_parts.push_back(time_part);
    } else {
      for (auto k = meeting.modules_begin; k < meeting.modules_end; ++k)
        if (!module_filter || s.meeting_modules[k] == *module_filter)
          meeting_parts.push_back(time_part + modules.local(s.meeting_modules[k]) * w_module);
    }
    bool held = false;
    for (auto r = meeting.runs_begin; r < meeting.runs_end; ++r) {
      const auto& run = s.runs[r];
      for (auto a = run.begin; a < run.end; ++a) {
        const std::uint32_t who = s.attendees[a];
        const std::uint64_t person = person_part[who];
        if (person == kLeftOut) continue;  // left out by a filter
        held = true;
        report.totals.person_hours += run.hours;
        if (!seen[who]) {
          seen[who] = true;
          ++report.totals.people;
        }
        if (by.empty()) continue;
        for (const std::uint64_t part : meeting_parts) {
          const std::uint64_t cell = person + part;
          Cell& c = cell_at(cell);
          c.hours += run.hours;
          if (c.last_meeting != static_cast<std::int64_t>(n)) {
            c.last_meeting = static_cast<std::int64_t>(n);
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
  const auto add_row = [&](std::uint64_t cell, const Cell& c) {
    if (c.people == 0) return;
    ReportRow row;
    row.keys.resize(by.size());
    for (size_t i = 0; i < by.size(); ++i) {
      const Used& values = used(by[i]);
      row.keys[i] = values.name(cell / weight[i] % values.radix());
    }
    row.numbers = {c.people, c.hours, c.meetings};
    report.rows.push_back(std::move(row));
  };
  for (size_t cell = 0; cell < dense.size(); ++cell) add_row(cell, dense[cell]);
  for (const auto& [cell, c] : sparse) add_row(cell, c);
  std::sort(report.rows.begin(), report.rows.end(),
            [](const ReportRow& a, const ReportRow& b) { return a.keys < b.keys; });
  return report;
}

}  // namespace sentinella
