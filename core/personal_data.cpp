#include "core/personal_data.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdio>

#include "core/accounts.h"
#include "core/event_registrations.h"
#include "core/local_time.h"
#include "core/sessions.h"

namespace sentinella {

namespace {

// An ISO 8601 UTC time from a Unix-seconds column, as the rest of the download writes times.
std::string iso(const std::string& column) { return "strftime('%Y-%m-%dT%H:%M:%SZ', " + column + ", 'unixepoch')"; }

// An erasure that runs `sql` with ?1 bound to the person's id.
std::function<void(SQLite::Database&, const ErasureContext&)> run(std::string sql) {
  return [sql = std::move(sql)](SQLite::Database& db, const ErasureContext& c) {
    SQLite::Statement st(db, sql);
    st.bind(1, static_cast<int64_t>(c.user_id));
    st.exec();
  };
}

// The erased name is cancellato-<id>, a name nobody can register (Accounts::validate). An account
// that took such a name before it was reserved cannot block the erasure: the erased person then
// gets ~cancellato-<id>, which no username can be.
std::string anonymize_user_sql() {
  const std::string name = "'" + std::string(kErasedUsernamePrefix) + "' || ?1";
  return "UPDATE users SET username = CASE WHEN EXISTS (SELECT 1 FROM users o WHERE o.username = " + name +
         " AND o.id <> ?1) THEN '~' || " + name + " ELSE " + name +
         " END, display_name = 'Persona cancellata', email = '', password_hash = '', organization = '',"
         " disabled = 1, erased = 1 WHERE id = ?1";
}

std::vector<PersonalDataKind> make_kinds() {
  std::vector<PersonalDataKind> kinds;
  kinds.push_back(
      {"users", {"id"}, "profile",
       "SELECT json_object('username', u.username, 'display_name', u.display_name, 'email', u.email,"
       " 'target_group', json_object('id', u.target_group, 'label',"
       "   COALESCE((SELECT label FROM target_groups g WHERE g.id = u.target_group), '')),"
       " 'organization', u.organization,"
       " 'roles', (SELECT json_group_array(role) FROM (SELECT role FROM user_roles WHERE user_id = u.id"
       "   ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'trainer' THEN 1 WHEN 'organizer' THEN 2 ELSE 3 END)),"
       " 'created_at', " + iso("u.created_at") + ", 'last_active_at', " + iso("u.last_active_at") +
       ") FROM users u WHERE u.id = ?1",
       Erasure::anonymize, run(anonymize_user_sql()),
       "the row stays, with its target group only, so counts per group stay right"});
  kinds.push_back({"user_roles", {"user_id"}, "", "", Erasure::delete_rows,
                   run("DELETE FROM user_roles WHERE user_id = ?1"), "exported with the profile"});
  kinds.push_back({"sessions", {"user_id"}, "sessions",
                   "SELECT json_group_array(json_object('started_at', " + iso("created_at") +
                       ", 'last_seen_at', " + iso("last_seen_at") +
                       ")) FROM (SELECT * FROM sessions WHERE user_id = ?1 ORDER BY created_at)",
                   Erasure::delete_rows,
                   [](SQLite::Database& db, const ErasureContext& c) { delete_sessions_of(db, c.user_id); },
                   "tokens are never exported"});
  kinds.push_back(
      {"event_registrations", {"user_id"}, "event_registrations",
       "SELECT json_group_array(json_object('event', event_uid, 'state', state, 'registered_at', " +
           iso("created_at") +
           ", 'attended', CASE WHEN attended IS NULL THEN json('null') WHEN attended THEN json('true')"
           " ELSE json('false') END)) FROM (SELECT * FROM event_registrations WHERE user_id = ?1"
           " ORDER BY created_at DESC, id DESC)",
       Erasure::keep_for_counts,
       [](SQLite::Database& db, const ErasureContext& c) {
         withdraw_upcoming_registrations(db, c.user_id, c.actor_id, c.now);
       },
       "places for upcoming events go to the waiting list; past attendance stays, anonymous, for the figures"});
  kinds.push_back(
      {"invitations", {"created_by"}, "invitations_created",
       "SELECT json_group_array(json_object('code_hint', code_hint, 'target_group', target_group,"
       " 'organization', organization, 'created_at', " + iso("created_at") + ", 'expires_at', " +
           iso("expires_at") + ", 'max_uses', max_uses, 'uses', uses, 'revoked_at', " + iso("revoked_at") +
           ")) FROM (SELECT * FROM invitations WHERE created_by = ?1 ORDER BY id)",
       Erasure::keep_for_counts, nullptr,
       "the invitation belongs to the people it invited; it names its author through the erased account"});
  kinds.push_back({"trainer_groups", {"user_id"}, "trained_groups",
                   "SELECT json_group_array(group_id) FROM (SELECT group_id FROM trainer_groups"
                   " WHERE user_id = ?1 ORDER BY group_id)",
                   Erasure::delete_rows, run("DELETE FROM trainer_groups WHERE user_id = ?1"), ""});
  kinds.push_back(
      {"enrolments", {"user_id"}, "enrolments",
       "SELECT json_group_array(json_object('module', module_slug, 'enrolled_at', " + iso("enrolled_at") +
           ", 'completed_at', " + iso("completed_at") +
           ")) FROM (SELECT * FROM enrolments WHERE user_id = ?1 ORDER BY enrolled_at, module_slug)",
       Erasure::keep_for_counts,
       [](SQLite::Database& db, const ErasureContext& c) {
         // What stays is anonymous: how many of the person's target group enrolled in and completed
         // each module, by month of enrolment in the site's time zone (the months trainers filter by).
         SQLite::Statement zone(db, "SELECT time_zone FROM site");
         const std::string time_zone = zone.executeStep() ? zone.getColumn(0).getString() : "UTC";
         SQLite::Statement rows(db,
                                "SELECT e.module_slug, u.target_group, e.enrolled_at, e.completed_at IS NOT NULL"
                                " FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.user_id = ?1");
         rows.bind(1, static_cast<int64_t>(c.user_id));
         SQLite::Statement count(
             db,
             "INSERT INTO learning_counts (module_slug, target_group, month, enrolled, completed) VALUES (?, ?, ?, 1, ?)"
             " ON CONFLICT (module_slug, target_group, month) DO UPDATE SET enrolled = enrolled + excluded.enrolled,"
             "   completed = completed + excluded.completed");
         while (rows.executeStep()) {
           const LocalDateTime enrolled = from_utc(rows.getColumn(2).getInt64(), time_zone);
           char month[16];
           std::snprintf(month, sizeof month, "%04d-%02d", enrolled.year, enrolled.month);
           count.bind(1, rows.getColumn(0).getString());
           count.bind(2, rows.getColumn(1).getString());
           count.bind(3, month);
           count.bind(4, rows.getColumn(3).getInt());
           count.exec();
           count.reset();
         }
         run("DELETE FROM enrolments WHERE user_id = ?1")(db, c);
       },
       "deleted; anonymous counts per module, target group and month stay in learning_counts"});
  kinds.push_back({"lesson_progress", {"user_id"}, "lessons_read",
                   "SELECT json_group_array(json_object('module', module_slug, 'lesson', lesson_slug, 'read_at', " +
                       iso("read_at") +
                       ")) FROM (SELECT * FROM lesson_progress WHERE user_id = ?1 ORDER BY read_at, module_slug,"
                       " lesson_slug)",
                   Erasure::delete_rows, run("DELETE FROM lesson_progress WHERE user_id = ?1"), ""});
  kinds.push_back(
      {"quiz_attempts", {"user_id"}, "quiz_attempts",
       "SELECT json_group_array(json_object('module', a.module_slug, 'quiz', a.quiz_slug, 'started_at', " +
           iso("a.started_at") + ", 'submitted_at', " + iso("a.submitted_at") +
           ", 'score', a.score, 'max_score', a.max_score,"
           " 'passed', CASE WHEN a.passed IS NULL THEN json('null') WHEN a.passed THEN json('true') ELSE json('false') END,"
           " 'answers', (SELECT json_group_array(json_object('question', q.question + 1, 'answer', q.answer, 'correct',"
           "   CASE WHEN q.correct IS NULL THEN json('null') WHEN q.correct THEN json('true') ELSE json('false') END))"
           "   FROM (SELECT * FROM quiz_answers WHERE attempt_id = a.id ORDER BY question) q)"
           ")) FROM (SELECT * FROM quiz_attempts WHERE user_id = ?1 ORDER BY started_at, id) a",
       Erasure::delete_rows,
       [](SQLite::Database& db, const ErasureContext& c) {
         run("DELETE FROM quiz_answers WHERE attempt_id IN (SELECT id FROM quiz_attempts WHERE user_id = ?1)")(db, c);
         run("DELETE FROM quiz_attempts WHERE user_id = ?1")(db, c);
       },
       "answers (quiz_answers) are exported and deleted with their attempt"});
  kinds.push_back(
      {"module_assignments", {"created_by"}, "module_assignments_created",
       "SELECT json_group_array(json_object('module', module_slug, 'target_group', target_group,"
       " 'organization', organization, 'due_date', due_date, 'created_at', " + iso("created_at") +
           ", 'revoked_at', " + iso("revoked_at") + ")) FROM (SELECT * FROM module_assignments WHERE created_by = ?1"
           " ORDER BY id)",
       Erasure::keep_for_counts, nullptr,
       "the assignment belongs to the groups it names; it names its author through the erased account"});
  kinds.push_back(
      {"attendance_marks", {"user_id", "marked_by"}, "attendance",
       "SELECT json_group_array(json_object('event', event_uid, 'meeting', meeting, 'status', status, 'hours', hours,"
       " 'note', note, 'source', source, 'marked_at', " + iso("marked_at") + ")) FROM (SELECT * FROM attendance_marks WHERE user_id = ?1"
       " ORDER BY event_uid, meeting)",
       Erasure::keep_for_counts,
       run("UPDATE attendance_marks SET note = '' WHERE user_id = ?1"),
       "kept for the hours per target group, on the erased account (its target group only), notes cleared;"
       " marks the person made name them through the erased account"});
  kinds.push_back(
      {"checkin_keys", {"opened_by"}, "", "", Erasure::keep_for_counts, nullptr,
       "a meeting's check-in key names who opened the code screen, through the erased account"});
  kinds.push_back(
      {"event_audiences", {"recorded_by"}, "", "", Erasure::keep_for_counts, nullptr,
       "an event's audience count names who recorded it, through the erased account"});
  kinds.push_back(
      {"walk_ins", {"created_by", "merged_into"}, "walk_in_records",
       "SELECT json_group_array(json_object('name', name, 'target_group', target_group, 'organization',"
       " organization, 'created_at', " + iso("created_at") + ")) FROM (SELECT * FROM walk_ins WHERE merged_into = ?1"
       " ORDER BY id)",
       Erasure::anonymize, run("UPDATE walk_ins SET name = '', organization = '' WHERE merged_into = ?1"),
       "walk-in records merged into the person lose their name and organization (their target group stays);"
       " walk-ins the person added belong to those people"});
  kinds.push_back(
      {"audit_log", {"actor_id", "target_user_id"}, "activity",
       "SELECT json_group_array(json_object('at', " + iso("at") +
           ", 'action', action, 'details', details)) FROM (SELECT * FROM audit_log"
           " WHERE actor_id = ?1 OR target_user_id = ?1 ORDER BY id DESC LIMIT " +
           std::to_string(kMaxExportedAuditEntries) + ")",
       Erasure::keep_for_counts, nullptr,
       "append-only; entries name people by id, so they show the erased person anonymously"});
  return kinds;
}

}  // namespace

const std::vector<PersonalDataKind>& personal_data_kinds() {
  static const std::vector<PersonalDataKind> kinds = make_kinds();
  return kinds;
}

Result<std::vector<std::pair<std::string, std::string>>> export_personal_data(Store& store,
                                                                               std::int64_t user_id) {
  try {
    return store.read([&](SQLite::Database& db) -> Result<std::vector<std::pair<std::string, std::string>>> {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot for every table
      SQLite::Statement who(db, "SELECT 1 FROM users WHERE id = ?");
      who.bind(1, static_cast<int64_t>(user_id));
      if (!who.executeStep()) return Status::NotFound("no such person");
      std::vector<std::pair<std::string, std::string>> out;
      for (const auto& kind : personal_data_kinds()) {
        if (kind.export_key.empty()) continue;
        SQLite::Statement q(db, kind.export_sql);
        q.bind(1, static_cast<int64_t>(user_id));
        out.emplace_back(kind.export_key, q.executeStep() && !q.getColumn(0).isNull() ? q.getColumn(0).getString()
                                                                                       : std::string("null"));
      }
      return out;
    });
  } catch (const std::exception& e) {
    return Status::Internal(std::string("reading the person's data: ") + e.what());
  }
}

void erase_personal_data(SQLite::Database& db, const ErasureContext& context) {
  for (const auto& kind : personal_data_kinds())
    if (kind.erase) kind.erase(db, context);
}

}  // namespace sentinella
