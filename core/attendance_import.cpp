#include "core/attendance_import.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "core/audit.h"
#include "core/text.h"

namespace sentinella {

namespace {

enum Column { col_username, col_name, col_target_group, col_organization, col_status, col_hours, col_note, kColumns };
constexpr std::array<const char*, kColumns> kColumnNames = {"username", "name",  "target_group", "organization",
                                                             "status",   "hours", "note"};
constexpr const char* kColumnList = "username, name, target_group, organization, status, hours, note";

// The statuses as written on the sheet, in Italian like the printed one.
constexpr std::array<std::pair<const char*, AttendanceStatus>, 5> kStatusWords = {{
    {"presente", AttendanceStatus::present},
    {"ritardo", AttendanceStatus::late},
    {"uscita anticipata", AttendanceStatus::left_early},
    {"giustificato", AttendanceStatus::excused},
    {"assente", AttendanceStatus::absent},
}};
constexpr const char* kStatusList = "presente, ritardo, uscita anticipata, giustificato, assente";

// Where each column is in the file's rows; -1 when absent.
using ColumnIndex = std::array<int, kColumns>;

ColumnIndex read_header(const CsvRow& header, std::vector<CsvProblem>& problems) {
  ColumnIndex at;
  at.fill(-1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string folded = fold_for_matching(header.fields[i]);
    auto known = std::find(kColumnNames.begin(), kColumnNames.end(), folded);
    if (known == kColumnNames.end()) {
      problems.push_back({header.line, "unknown column '" + std::string(trim_spaces(header.fields[i])) +
                                           "'; the columns are: " + kColumnList});
      continue;
    }
    int& slot = at[static_cast<std::size_t>(known - kColumnNames.begin())];
    if (slot >= 0) {
      problems.push_back({header.line, "the column '" + folded + "' appears twice"});
      continue;
    }
    slot = static_cast<int>(i);
  }
  if (at[col_status] < 0) problems.push_back({header.line, "the column 'status' is missing"});
  if (at[col_username] < 0 && at[col_name] < 0)
    problems.push_back({header.line, "the header names neither 'username' (people with an account) nor 'name' (walk-ins)"});
  return at;
}

std::optional<AttendanceStatus> status_from_sheet(std::string_view word) {
  const std::string folded = fold_for_matching(word);
  for (const auto& [text, value] : kStatusWords)
    if (folded == text) return value;
  return std::nullopt;
}

}  // namespace

ParsedSheet parse_attendance_sheet(std::string_view csv, double meeting_length) {
  ParsedSheet out;
  CsvTable table = read_csv(csv, kAttendanceSheetLimits);
  out.problems = std::move(table.problems);
  if (table.header.fields.empty()) return out;
  std::vector<CsvProblem> header_problems;
  const ColumnIndex at = read_header(table.header, header_problems);
  if (!header_problems.empty()) {
    out.problems.insert(out.problems.begin(), header_problems.begin(), header_problems.end());
    return out;  // the rows mean nothing without their columns
  }
  std::map<std::string, int> seen;  // a person's key -> the line that named them first
  for (const CsvRow& row : table.rows) {
    auto field = [&](Column c) {
      return at[c] < 0 ? std::string() : std::string(trim_spaces(row.fields[static_cast<std::size_t>(at[c])]));
    };
    const std::size_t before = out.problems.size();
    auto problem = [&](std::string message) { out.problems.push_back({row.line, std::move(message)}); };
    SheetRow r;
    r.line = row.line;
    r.username = field(col_username);
    r.walk_in = {field(col_name), field(col_target_group), field(col_organization)};
    r.note = field(col_note);
    std::string key;
    if (!r.username.empty() && !r.walk_in.name.empty()) {
      problem("give either a username (a person with an account) or a name (a walk-in), not both");
    } else if (r.username.empty() && r.walk_in.name.empty()) {
      problem("give a username (a person with an account) or a name (a walk-in)");
    } else if (!r.username.empty()) {
      if (!r.walk_in.target_group.empty() || !r.walk_in.organization.empty())
        problem("target_group and organization are for walk-ins: a person with an account has their own");
      key = "u:" + fold_for_matching(r.username);
    } else {
      if (Status st = check_attendance_text(r.walk_in.name, kMaxWalkInName, "the name"); !st.ok()) problem(st.message());
      if (Status st = check_attendance_text(r.walk_in.organization, kMaxWalkInOrganization, "the organization"); !st.ok())
        problem(st.message());
      key = "w:" + fold_for_matching(r.walk_in.name);
    }
    if (!key.empty()) {
      auto [first, added] = seen.emplace(key, row.line);
      if (!added)
        problem("'" + (r.username.empty() ? r.walk_in.name : r.username) + "' is already on line " +
                std::to_string(first->second));
    }
    const std::string status_text = field(col_status);
    auto st = status_from_sheet(status_text);
    if (status_text.empty()) problem(std::string("the status is missing; use one of: ") + kStatusList);
    else if (!st) problem("unknown status '" + status_text + "'; use one of: " + kStatusList);
    const std::string hours_text = field(col_hours);
    std::optional<double> given;
    if (!hours_text.empty()) {
      given = parse_hours_text(hours_text);
      if (!given) problem("hours '" + hours_text + "' is not a number of hours (write e.g. 2 or 1,5)");
    }
    if (st && (hours_text.empty() || given)) {
      auto recorded = attendance_hours(*st, given, meeting_length);
      if (recorded.ok()) r.hours = recorded.value();
      else problem(recorded.status().message());
    }
    if (Status s = check_attendance_text(r.note, kMaxAttendanceNote, "the note"); !s.ok()) problem(s.message());
    if (out.problems.size() != before) continue;
    r.status = *st;
    out.rows.push_back(std::move(r));
  }
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const CsvProblem& a, const CsvProblem& b) { return a.line < b.line; });
  return out;
}

SheetImport AttendanceImport::import(const Event& event, int meeting, std::string_view csv, std::int64_t actor_id,
                                     UnixSeconds now) {
  SheetImport out;
  auto length = meeting_hours(event, meeting);
  if (!length) {
    out.status = Status::Invalid("the event has no meeting " + std::to_string(meeting));
    return out;
  }
  ParsedSheet sheet = parse_attendance_sheet(csv, *length);
  out.problems = std::move(sheet.problems);
  bool rejected = false;  // the write is abandoned because the sheet has problems
  out.status = store_.write([&](SQLite::Database& db) {
    if (!may_mark_attendance_in(db, event, actor_id))
      throw StatusError(Status::Invalid("only admins, organizers and the trainers of the event's modules may mark attendance"));
    std::map<std::string, std::string> groups;  // folded id or label -> id
    std::string group_ids;
    SQLite::Statement g(db, "SELECT id, label FROM target_groups ORDER BY position, id");
    while (g.executeStep()) {
      const std::string id = g.getColumn(0).getString();
      groups.emplace(fold_for_matching(id), id);
      groups.emplace(fold_for_matching(g.getColumn(1).getString()), id);
      group_ids += (group_ids.empty() ? "" : ", ") + id;
    }
    std::map<std::string, std::int64_t> walk_ins;  // folded name -> an unmerged walk-in marked at the event
    SQLite::Statement w(db,
        "SELECT DISTINCT w.id, w.name FROM walk_ins w JOIN attendance_marks m ON m.walk_in_id = w.id"
        " WHERE m.event_uid = ? AND w.merged_into IS NULL ORDER BY w.id");
    w.bind(1, event.uid);
    while (w.executeStep()) walk_ins.emplace(fold_for_matching(w.getColumn(1).getString()), w.getColumn(0).getInt64());

    std::vector<Attendee> who(sheet.rows.size());
    for (std::size_t i = 0; i < sheet.rows.size(); ++i) {
      const SheetRow& r = sheet.rows[i];
      if (!r.username.empty()) {
        SQLite::Statement u(db, "SELECT id FROM users WHERE username = ? AND erased = 0");
        u.bind(1, r.username);
        if (u.executeStep()) who[i].user_id = u.getColumn(0).getInt64();
        else out.problems.push_back({r.line, "no account with username '" + r.username + "'"});
      } else if (!r.walk_in.target_group.empty()) {
        auto group = groups.find(fold_for_matching(r.walk_in.target_group));
        if (group != groups.end())
          sheet.rows[i].walk_in.target_group = group->second;
        else
          out.problems.push_back({r.line, "unknown target group '" + r.walk_in.target_group +
                                              "'; the target groups are: " + group_ids});
      }
    }
    if (!out.problems.empty()) {
      rejected = true;
      throw StatusError(Status::Invalid("the sheet has problems"));
    }
    for (std::size_t i = 0; i < sheet.rows.size(); ++i) {
      const SheetRow& r = sheet.rows[i];
      if (r.username.empty()) {
        auto known = walk_ins.find(fold_for_matching(r.walk_in.name));
        if (known != walk_ins.end()) {
          who[i].walk_in_id = known->second;
          ++out.walk_ins_reused;
        } else {
          who[i].walk_in_id = insert_walk_in(db, r.walk_in, actor_id, now);
          ++out.walk_ins_added;
        }
      }
      put_attendance_mark(db, event.uid, meeting, who[i], r.status, r.hours, r.note, actor_id, now, MarkSource::import);
      ++out.marks;
    }
    audit_record(db, actor_id, "attendance.import", 0,
                 "event=" + event.uid + " meeting=" + std::to_string(meeting) + " marks=" + std::to_string(out.marks) +
                     " walk_ins_added=" + std::to_string(out.walk_ins_added),
                 now);
  });
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const CsvProblem& a, const CsvProblem& b) { return a.line < b.line; });
  if (rejected) out.status = Status::Ok();
  else if (!out.status.ok()) out.problems.clear();
  return out;
}

}  // namespace sentinella
