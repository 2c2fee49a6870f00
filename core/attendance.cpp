#include "core/attendance.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/audit.h"
#include "core/completion.h"
#include "core/text.h"

namespace sentinella {

namespace {

std::string meeting_detail(const std::string& uid, int meeting) {
  return "event=" + uid + " meeting=" + std::to_string(meeting);
}

std::vector<std::string> column_strings(SQLite::Database& db, const std::string& sql, std::int64_t id) {
  SQLite::Statement q(db, sql);
  q.bind(1, static_cast<int64_t>(id));
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

bool may_mark_in(SQLite::Database& db, const Event& event, std::int64_t actor_id) {
  if (actor_id == 0) return true;
  RoleSet roles;
  for (const auto& name : column_strings(db, "SELECT role FROM user_roles WHERE user_id = ?", actor_id))
    if (auto r = parse_role(name)) roles = roles | *r;
  const auto trained = column_strings(db, "SELECT group_id FROM trainer_groups WHERE user_id = ?", actor_id);
  std::vector<std::string> module_groups;
  for (const auto& slug : event.modules) {
    SQLite::Statement q(db, "SELECT group_id FROM module_target_groups WHERE module_slug = ?");
    q.bind(1, slug);
    while (q.executeStep()) module_groups.push_back(q.getColumn(0).getString());
  }
  return may_mark_attendance(roles, trained, module_groups);
}

void require_may_mark(SQLite::Database& db, const Event& event, std::int64_t actor_id) {
  if (!may_mark_in(db, event, actor_id))
    throw StatusError(Status::Invalid("only admins, organizers and the trainers of the event's modules may mark attendance"));
}

void require_person(SQLite::Database& db, std::int64_t user_id) {
  SQLite::Statement q(db, "SELECT 1 FROM users WHERE id = ? AND erased = 0");
  q.bind(1, static_cast<int64_t>(user_id));
  if (!q.executeStep()) throw StatusError(Status::NotFound("no such person"));
}

// Throws NotFound for no such walk-in, Invalid for one already merged.
void require_unmerged_walk_in(SQLite::Database& db, std::int64_t walk_in_id) {
  SQLite::Statement q(db, "SELECT merged_into FROM walk_ins WHERE id = ?");
  q.bind(1, static_cast<int64_t>(walk_in_id));
  if (!q.executeStep()) throw StatusError(Status::NotFound("no such walk-in"));
  if (!q.getColumn(0).isNull())
    throw StatusError(Status::Invalid("this walk-in has been merged into an account; mark the account instead"));
}

// Records the completion of the event's modules the person is enrolled in and has not completed,
// when their rules are now met (the hours attended count for in_person_hours).
void complete_enrolled_modules(SQLite::Database& db, const std::string& uid, std::int64_t user_id, UnixSeconds now) {
  SQLite::Statement q(db,
      "SELECT e.module_slug FROM event_modules e JOIN enrolments n ON n.module_slug = e.module_slug"
      " AND n.user_id = ? WHERE e.event_uid = ? AND n.completed_at IS NULL ORDER BY e.position");
  q.bind(1, static_cast<int64_t>(user_id));
  q.bind(2, uid);
  std::vector<std::string> modules;
  while (q.executeStep()) modules.push_back(q.getColumn(0).getString());
  for (const auto& slug : modules)
    if (record_completion_if_met(db, user_id, slug, now))
      audit_record(db, user_id, "learning.complete", user_id, "module=" + slug, now);
}

MarkSource mark_source_from(const std::string& name) {
  return name == "checkin" ? MarkSource::checkin : name == "import" ? MarkSource::import : MarkSource::roster;
}

// Inserts or replaces the mark; the caller has checked everything.
void put_mark(SQLite::Database& db, const std::string& uid, int meeting, const Attendee& who,
              AttendanceStatus status, double hours, const std::string& note, std::int64_t actor_id,
              UnixSeconds now, MarkSource source) {
  const char* column = who.user_id ? "user_id" : "walk_in_id";
  const std::int64_t id = who.user_id ? who.user_id : who.walk_in_id;
  SQLite::Statement del(db, std::string("DELETE FROM attendance_marks WHERE event_uid = ? AND meeting = ? AND ") +
                                column + " = ?");
  del.bind(1, uid);
  del.bind(2, meeting);
  del.bind(3, static_cast<int64_t>(id));
  del.exec();
  SQLite::Statement ins(db, std::string("INSERT INTO attendance_marks(event_uid, meeting, ") + column +
                                ", status, hours, note, marked_by, marked_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, uid);
  ins.bind(2, meeting);
  ins.bind(3, static_cast<int64_t>(id));
  ins.bind(4, attendance_status_name(status));
  ins.bind(5, hours);
  ins.bind(6, note);
  ins.bind(7, static_cast<int64_t>(actor_id));
  ins.bind(8, static_cast<int64_t>(now));
  ins.bind(9, mark_source_name(source));
  ins.exec();
  char h[32];
  std::snprintf(h, sizeof h, "%.2f", hours);
  audit_record(db, actor_id, "attendance.mark", who.user_id,
               meeting_detail(uid, meeting) + (who.walk_in_id ? " walk_in=" + std::to_string(who.walk_in_id) : "") +
                   " status=" + attendance_status_name(status) + " hours=" + h + " source=" + mark_source_name(source),
               now);
  if (who.user_id) complete_enrolled_modules(db, uid, who.user_id, now);
}

Status check_text(const std::string& text, std::size_t max_chars, const std::string& what) {
  if (find_invalid_utf8(text) != std::string::npos) return Status::Invalid(what + " is not valid UTF-8 text");
  if (utf8_length(text) > max_chars)
    return Status::Invalid(what + " is longer than " + std::to_string(max_chars) + " characters");
  return Status::Ok();
}

// What add_walk_in() checks before it writes.
Status check_walk_in(const NewWalkIn& w) {
  if (trim_spaces(w.name).empty()) return Status::Invalid("the walk-in's name is required");
  if (Status st = check_text(w.name, kMaxWalkInName, "the name"); !st.ok()) return st;
  return check_text(w.organization, kMaxWalkInOrganization, "the organization");
}

}  // namespace

const char* mark_source_name(MarkSource source) {
  switch (source) {
    case MarkSource::roster: return "roster";
    case MarkSource::checkin: return "checkin";
    case MarkSource::import: return "import";
  }
  return "roster";
}

const char* attendance_status_name(AttendanceStatus status) {
  switch (status) {
    case AttendanceStatus::present: return "present";
    case AttendanceStatus::late: return "late";
    case AttendanceStatus::left_early: return "left_early";
    case AttendanceStatus::excused: return "excused";
    case AttendanceStatus::absent: return "absent";
  }
  return "absent";
}

std::optional<AttendanceStatus> parse_attendance_status(const std::string& name) {
  for (auto s : kAttendanceStatuses)
    if (name == attendance_status_name(s)) return s;
  return std::nullopt;
}

std::optional<double> meeting_hours(const Event& event, int number) {
  if (number < 1) return std::nullopt;
  if (event.meetings.empty()) {
    if (number != 1) return std::nullopt;
    return event.hours();
  }
  if (static_cast<std::size_t>(number) > event.meetings.size()) return std::nullopt;
  return static_cast<double>(event.meetings[static_cast<std::size_t>(number) - 1].seconds()) / 3600.0;
}

Result<double> attendance_hours(AttendanceStatus status, std::optional<double> given, double length) {
  if (status == AttendanceStatus::excused || status == AttendanceStatus::absent) {
    if (given && *given != 0) return Status::Invalid("an excused or absent person attended 0 hours");
    return 0.0;
  }
  if (!given) return status == AttendanceStatus::present ? length : length * kPartialAttendanceShare;
  if (!std::isfinite(*given) || *given < 0) return Status::Invalid("hours cannot be negative");
  if (*given > length + 1e-9) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "hours cannot be more than the meeting's length (%.2f)", length);
    return Status::Invalid(buf);
  }
  return *given;
}

bool may_mark_attendance(RoleSet roles, const std::vector<std::string>& trained_groups,
                         const std::vector<std::string>& module_groups) {
  if (roles.has(Role::admin) || roles.has(Role::organizer)) return true;
  if (!roles.has(Role::trainer)) return false;
  return std::any_of(trained_groups.begin(), trained_groups.end(), [&](const std::string& g) {
    return std::find(module_groups.begin(), module_groups.end(), g) != module_groups.end();
  });
}

bool Attendance::may_mark(const Event& event, std::int64_t actor_id) {
  return store_.read([&](SQLite::Database& db) { return may_mark_in(db, event, actor_id); });
}

Result<double> Attendance::mark(const Event& event, int meeting, const Attendee& who, AttendanceStatus status,
                                std::optional<double> hours, const std::string& note, std::int64_t actor_id,
                                UnixSeconds now, MarkSource source) {
  if ((who.user_id == 0) == (who.walk_in_id == 0))
    return Status::Invalid("name either a person with an account or a walk-in");
  auto length = meeting_hours(event, meeting);
  if (!length) return Status::Invalid("the event has no meeting " + std::to_string(meeting));
  auto recorded = attendance_hours(status, hours, *length);
  if (!recorded.ok()) return recorded.status();
  if (Status st = check_text(note, kMaxAttendanceNote, "the note"); !st.ok()) return st;
  Status st = store_.write([&](SQLite::Database& db) {
    require_may_mark(db, event, actor_id);
    if (who.user_id) require_person(db, who.user_id);
    else require_unmerged_walk_in(db, who.walk_in_id);
    put_mark(db, event.uid, meeting, who, status, recorded.value(), note, actor_id, now, source);
  });
  if (!st.ok()) return st;
  return recorded.value();
}

Result<int> Attendance::mark_all_present(const Event& event, int meeting, std::int64_t actor_id, UnixSeconds now) {
  auto length = meeting_hours(event, meeting);
  if (!length) return Status::Invalid("the event has no meeting " + std::to_string(meeting));
  int marked = 0;
  Status st = store_.write([&](SQLite::Database& db) {
    require_may_mark(db, event, actor_id);
    SQLite::Statement q(db,
        "SELECT r.user_id FROM event_registrations r JOIN users u ON u.id = r.user_id"
        " WHERE r.event_uid = ? AND r.state = 'confirmed' AND u.erased = 0 AND NOT EXISTS ("
        "   SELECT 1 FROM attendance_marks m WHERE m.event_uid = r.event_uid AND m.meeting = ?"
        "   AND m.user_id = r.user_id) ORDER BY r.user_id");
    q.bind(1, event.uid);
    q.bind(2, meeting);
    std::vector<std::int64_t> people;
    while (q.executeStep()) people.push_back(q.getColumn(0).getInt64());
    for (auto id : people) {
      put_mark(db, event.uid, meeting, Attendee{id, 0}, AttendanceStatus::present, *length, "", actor_id, now,
               MarkSource::roster);
      ++marked;
    }
  });
  if (!st.ok()) return st;
  return marked;
}

Result<std::int64_t> Attendance::add_walk_in(const NewWalkIn& w, std::int64_t actor_id, UnixSeconds now) {
  if (Status st = check_walk_in(w); !st.ok()) return st;
  std::int64_t id = 0;
  Status st = store_.write([&](SQLite::Database& db) { id = insert_walk_in(db, w, actor_id, now); });
  if (!st.ok()) return st;
  return id;
}

Status Attendance::merge_walk_in(std::int64_t walk_in_id, std::int64_t user_id, std::int64_t actor_id,
                                 UnixSeconds now) {
  return store_.write([&](SQLite::Database& db) {
    require_unmerged_walk_in(db, walk_in_id);
    require_person(db, user_id);
    SQLite::Statement clash(db,
        "SELECT w.event_uid, w.meeting FROM attendance_marks w JOIN attendance_marks a"
        " ON a.event_uid = w.event_uid AND a.meeting = w.meeting AND a.user_id = ?"
        " WHERE w.walk_in_id = ? ORDER BY w.event_uid, w.meeting LIMIT 1");
    clash.bind(1, static_cast<int64_t>(user_id));
    clash.bind(2, static_cast<int64_t>(walk_in_id));
    if (clash.executeStep())
      throw StatusError(Status::Conflict("the account already has a mark for meeting " +
                                         std::to_string(clash.getColumn(1).getInt()) + " of event " +
                                         clash.getColumn(0).getString() + "; correct one of the two marks first"));
    SQLite::Statement events(db, "SELECT DISTINCT event_uid FROM attendance_marks WHERE walk_in_id = ? ORDER BY 1");
    events.bind(1, static_cast<int64_t>(walk_in_id));
    std::vector<std::string> uids;
    while (events.executeStep()) uids.push_back(events.getColumn(0).getString());
    SQLite::Statement move(db, "UPDATE attendance_marks SET user_id = ?, walk_in_id = NULL WHERE walk_in_id = ?");
    move.bind(1, static_cast<int64_t>(user_id));
    move.bind(2, static_cast<int64_t>(walk_in_id));
    const int moved = move.exec();
    SQLite::Statement up(db, "UPDATE walk_ins SET merged_into = ? WHERE id = ?");
    up.bind(1, static_cast<int64_t>(user_id));
    up.bind(2, static_cast<int64_t>(walk_in_id));
    up.exec();
    audit_record(db, actor_id, "attendance.merge", user_id,
                 "walk_in=" + std::to_string(walk_in_id) + " marks=" + std::to_string(moved), now);
    for (const auto& uid : uids) complete_enrolled_modules(db, uid, user_id, now);
  });
}

double attended_hours(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug) {
  SQLite::Statement q(db,
      "SELECT COALESCE(SUM(m.hours), 0) FROM attendance_marks m"
      " JOIN event_modules e ON e.event_uid = m.event_uid AND e.module_slug = ?"
      " WHERE m.user_id = ?");
  q.bind(1, module_slug);
  q.bind(2, static_cast<int64_t>(user_id));
  q.executeStep();
  return q.getColumn(0).getDouble();
}

std::optional<double> parse_hours_text(std::string_view text) {
  const std::string_view t = trim_spaces(text);
  const std::size_t sep = t.find_first_of(",.");
  const std::string_view whole = t.substr(0, sep);
  const std::string_view part = sep == std::string_view::npos ? std::string_view() : t.substr(sep + 1);
  const auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.size() > 6 || part.size() > 6 || !digits(whole) || !digits(part)) return std::nullopt;
  if (whole.empty() && part.empty()) return std::nullopt;
  if (sep != std::string_view::npos && part.empty()) return std::nullopt;  // "3," is a typo
  double value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  double scale = 0.1;
  for (char c : part) value += (c - '0') * scale, scale /= 10;
  return value;
}

std::vector<RosterEntry> AttendanceRoster::roster(const std::string& event_uid, int meeting) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "WITH people(user_id) AS ("
        "   SELECT user_id FROM event_registrations WHERE event_uid = ?1 AND state = 'confirmed'"
        "   UNION SELECT user_id FROM attendance_marks WHERE event_uid = ?1 AND meeting = ?2 AND user_id IS NOT NULL)"
        " SELECT p.user_id, 0, u.display_name, u.username, u.target_group, u.organization,"
        "   COALESCE(r.state = 'confirmed', 0), m.id IS NOT NULL, m.status, m.hours, m.note, m.source"
        " FROM people p JOIN users u ON u.id = p.user_id"
        " LEFT JOIN event_registrations r ON r.event_uid = ?1 AND r.user_id = p.user_id"
        " LEFT JOIN attendance_marks m ON m.event_uid = ?1 AND m.meeting = ?2 AND m.user_id = p.user_id"
        " WHERE u.erased = 0"
        " UNION ALL"
        " SELECT 0, w.id, w.name, '', w.target_group, w.organization, 0, 1, m.status, m.hours, m.note, m.source"
        " FROM attendance_marks m JOIN walk_ins w ON w.id = m.walk_in_id"
        " WHERE m.event_uid = ?1 AND m.meeting = ?2"
        " ORDER BY 3 COLLATE NOCASE, 1, 2");
    q.bind(1, event_uid);
    q.bind(2, meeting);
    std::vector<RosterEntry> out;
    while (q.executeStep()) {
      RosterEntry r;
      r.user_id = q.getColumn(0).getInt64();
      r.walk_in_id = q.getColumn(1).getInt64();
      r.name = q.getColumn(2).getString();
      r.username = q.getColumn(3).getString();
      r.target_group = q.getColumn(4).getString();
      r.organization = q.getColumn(5).getString();
      r.registered = q.getColumn(6).getInt() != 0;
      r.marked = q.getColumn(7).getInt() != 0;
      if (r.marked) {
        r.status = parse_attendance_status(q.getColumn(8).getString()).value_or(AttendanceStatus::absent);
        r.hours = q.getColumn(9).getDouble();
        r.note = q.getColumn(10).getString();
        r.source = mark_source_from(q.getColumn(11).getString());
      }
      out.push_back(std::move(r));
    }
    return out;
  });
}

std::vector<MeetingTally> AttendanceRoster::tallies(const std::string& event_uid) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT meeting, count(*), sum(status IN ('present', 'late', 'left_early')), sum(hours)"
        " FROM attendance_marks WHERE event_uid = ? GROUP BY meeting ORDER BY meeting");
    q.bind(1, event_uid);
    std::vector<MeetingTally> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt(), q.getColumn(1).getInt(), q.getColumn(2).getInt(),
                     q.getColumn(3).getDouble()});
    return out;
  });
}

std::map<std::int64_t, double> AttendanceRoster::hours_by_person(const std::string& event_uid) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT user_id, sum(hours) FROM attendance_marks WHERE event_uid = ? AND user_id IS NOT NULL"
        " GROUP BY user_id");
    q.bind(1, event_uid);
    std::map<std::int64_t, double> out;
    while (q.executeStep()) out[q.getColumn(0).getInt64()] = q.getColumn(1).getDouble();
    return out;
  });
}

Result<std::int64_t> AttendanceRoster::add_walk_in_present(const Event& event, int meeting, const NewWalkIn& w,
                                                           std::int64_t actor_id, UnixSeconds now) {
  auto length = meeting_hours(event, meeting);
  if (!length) return Status::Invalid("the event has no meeting " + std::to_string(meeting));
  if (Status st = check_walk_in(w); !st.ok()) return st;
  std::int64_t id = 0;
  Status st = store_.write([&](SQLite::Database& db) {
    require_may_mark(db, event, actor_id);
    id = insert_walk_in(db, w, actor_id, now);
    put_mark(db, event.uid, meeting, Attendee{0, id}, AttendanceStatus::present, *length, "", actor_id, now,
             MarkSource::roster);
  });
  if (!st.ok()) return st;
  return id;
}

bool may_mark_attendance_in(SQLite::Database& db, const Event& event, std::int64_t actor_id) {
  return may_mark_in(db, event, actor_id);
}

void put_attendance_mark(SQLite::Database& db, const std::string& event_uid, int meeting, const Attendee& who,
                         AttendanceStatus status, double hours, const std::string& note, std::int64_t actor_id,
                         UnixSeconds now, MarkSource source) {
  put_mark(db, event_uid, meeting, who, status, hours, note, actor_id, now, source);
}

std::int64_t insert_walk_in(SQLite::Database& db, const NewWalkIn& w, std::int64_t actor_id, UnixSeconds now) {
  if (!w.target_group.empty()) {
    SQLite::Statement g(db, "SELECT 1 FROM target_groups WHERE id = ?");
    g.bind(1, w.target_group);
    if (!g.executeStep()) throw StatusError(Status::Invalid("unknown target group: " + w.target_group));
  }
  SQLite::Statement ins(db,
      "INSERT INTO walk_ins(name, target_group, organization, created_by, created_at) VALUES (?, ?, ?, ?, ?)");
  ins.bind(1, std::string(trim_spaces(w.name)));
  ins.bind(2, w.target_group);
  ins.bind(3, std::string(trim_spaces(w.organization)));
  ins.bind(4, static_cast<int64_t>(actor_id));
  ins.bind(5, static_cast<int64_t>(now));
  ins.exec();
  const std::int64_t id = db.getLastInsertRowid();
  audit_record(db, actor_id, "attendance.walk_in", 0, "walk_in=" + std::to_string(id), now);
  return id;
}

Status check_attendance_text(const std::string& text, std::size_t max_chars, const std::string& what) {
  return check_text(text, max_chars, what);
}

bool check_in_self(SQLite::Database& db, const Event& event, int meeting, std::int64_t user_id, UnixSeconds now) {
  const auto length = meeting_hours(event, meeting);
  if (!length) throw StatusError(Status::Invalid("the event has no meeting " + std::to_string(meeting)));
  require_person(db, user_id);
  SQLite::Statement q(db, "SELECT 1 FROM attendance_marks WHERE event_uid = ? AND meeting = ? AND user_id = ?");
  q.bind(1, event.uid);
  q.bind(2, meeting);
  q.bind(3, static_cast<int64_t>(user_id));
  if (q.executeStep()) return false;
  put_mark(db, event.uid, meeting, Attendee{user_id, 0}, AttendanceStatus::present, *length, "", user_id, now,
           MarkSource::checkin);
  return true;
}

}  // namespace sentinella
