#include "core/completion.h"

#include <SQLiteCpp/Statement.h>

#include "core/attendance.h"

namespace sentinella {

namespace {

// Whether the module's completion rule (module_completion; the default when it has no row) is met
// by the learner: the required lessons read, the required quizzes passed on any version, and at least
// the in-person hours asked for attended at meetings of events that name the module (attended_hours).
bool rule_met(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug) {
  SQLite::Statement q(
      db,
      "WITH rule AS (SELECT COALESCE(MAX(lessons), 'all') AS lessons, COALESCE(MAX(quizzes), 'all') AS quizzes,"
      "   COALESCE(MAX(in_person_hours), 0) AS hours FROM module_completion WHERE module_slug = ?2)"
      " SELECT (SELECT hours FROM rule) <= ?3 + 1e-9"
      " AND NOT EXISTS (SELECT 1 FROM lessons l WHERE l.module_slug = ?2"
      "   AND ((SELECT lessons FROM rule) = 'all' OR EXISTS (SELECT 1 FROM module_completion_items i"
      "     WHERE i.module_slug = ?2 AND i.kind = 'lesson' AND i.slug = l.slug))"
      "   AND NOT EXISTS (SELECT 1 FROM lesson_progress p"
      "     WHERE p.user_id = ?1 AND p.module_slug = ?2 AND p.lesson_slug = l.slug))"
      " AND NOT EXISTS (SELECT 1 FROM quizzes z WHERE z.module_slug = ?2"
      "   AND ((SELECT quizzes FROM rule) = 'all' OR ((SELECT quizzes FROM rule) = 'listed' AND EXISTS ("
      "     SELECT 1 FROM module_completion_items i WHERE i.module_slug = ?2 AND i.kind = 'quiz' AND i.slug = z.slug)))"
      "   AND NOT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.user_id = ?1 AND a.module_slug = ?2"
      "     AND a.quiz_slug = z.slug AND a.passed = 1))");
  q.bind(1, static_cast<int64_t>(user_id));
  q.bind(2, module_slug);
  q.bind(3, attended_hours(db, user_id, module_slug));
  return q.executeStep() && q.getColumn(0).getInt() != 0;
}

}  // namespace

bool enrol_if_new(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug, UnixSeconds now) {
  SQLite::Statement enrol(db,
                          "INSERT INTO enrolments (user_id, module_slug, enrolled_at) VALUES (?, ?, ?)"
                          " ON CONFLICT (user_id, module_slug) DO NOTHING");
  enrol.bind(1, static_cast<int64_t>(user_id));
  enrol.bind(2, module_slug);
  enrol.bind(3, static_cast<int64_t>(now));
  return enrol.exec() > 0;
}

bool record_completion_if_met(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug,
                              UnixSeconds now) {
  enrol_if_new(db, user_id, module_slug, now);
  if (!rule_met(db, user_id, module_slug)) return false;
  SQLite::Statement done(db,
                         "UPDATE enrolments SET completed_at = ? WHERE user_id = ? AND module_slug = ?"
                         " AND completed_at IS NULL");
  done.bind(1, static_cast<int64_t>(now));
  done.bind(2, static_cast<int64_t>(user_id));
  done.bind(3, module_slug);
  return done.exec() > 0;
}

}  // namespace sentinella
