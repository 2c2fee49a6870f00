#include "core/learning.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/audit.h"
#include "core/completion.h"
#include "core/local_time.h"

namespace sentinella {

namespace {

std::string module_detail(const std::string& slug) { return "module=" + slug; }

std::string trimmed(const std::string& s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Inside a transaction: whether the person exists and can act (not erased, not disabled).
bool person_exists(SQLite::Database& db, std::int64_t user_id) {
  SQLite::Statement q(db, "SELECT 1 FROM users WHERE id = ? AND erased = 0 AND disabled = 0");
  q.bind(1, static_cast<int64_t>(user_id));
  return q.executeStep();
}

// Inside a transaction: whether the module exists (published, unless `drafts`).
bool module_exists(SQLite::Database& db, const std::string& slug, bool drafts) {
  SQLite::Statement q(db, std::string("SELECT 1 FROM modules WHERE slug = ?") +
                              (drafts ? "" : " AND status = 'published'"));
  q.bind(1, slug);
  return q.executeStep();
}

// Inside a write: enrols the learner if they were not; true if this call did (audited).
bool enrol_in(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug, UnixSeconds now) {
  if (!enrol_if_new(db, user_id, module_slug, now)) return false;
  audit_record(db, user_id, "learning.enrol", user_id, module_detail(module_slug), now);
  return true;
}

// The learner's rows for one module, read in one go: when each lesson was read, which quizzes
// are passed, and the enrolment's dates.
struct LearnerRows {
  std::optional<UnixSeconds> enrolled_at, completed_at;
  std::map<std::string, UnixSeconds> read_at;
  std::set<std::string> passed;
};

LearnerRows learner_rows(SQLite::Database& db, std::int64_t user_id, const std::string& module_slug) {
  LearnerRows rows;
  SQLite::Statement e(db, "SELECT enrolled_at, completed_at FROM enrolments WHERE user_id = ? AND module_slug = ?");
  e.bind(1, static_cast<int64_t>(user_id));
  e.bind(2, module_slug);
  if (e.executeStep()) {
    rows.enrolled_at = e.getColumn(0).getInt64();
    if (!e.getColumn(1).isNull()) rows.completed_at = e.getColumn(1).getInt64();
  }
  SQLite::Statement l(db, "SELECT lesson_slug, read_at FROM lesson_progress WHERE user_id = ? AND module_slug = ?");
  l.bind(1, static_cast<int64_t>(user_id));
  l.bind(2, module_slug);
  while (l.executeStep()) rows.read_at[l.getColumn(0).getString()] = l.getColumn(1).getInt64();
  SQLite::Statement q(db,
                      "SELECT DISTINCT quiz_slug FROM quiz_attempts WHERE user_id = ? AND module_slug = ? AND passed = 1");
  q.bind(1, static_cast<int64_t>(user_id));
  q.bind(2, module_slug);
  while (q.executeStep()) rows.passed.insert(q.getColumn(0).getString());
  return rows;
}

// The module's quizzes as (slug, title), by slug.
std::vector<std::pair<std::string, std::string>> quiz_titles(SQLite::Database& db, const std::string& module_slug) {
  SQLite::Statement q(db, "SELECT slug, title FROM quizzes WHERE module_slug = ? ORDER BY slug");
  q.bind(1, module_slug);
  std::vector<std::pair<std::string, std::string>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
  return out;
}

bool listed(const std::vector<std::string>& list, const std::string& slug) {
  return std::find(list.begin(), list.end(), slug) != list.end();
}

ModuleProgress progress_of(SQLite::Database& db, const Module& m, std::int64_t user_id) {
  const LearnerRows rows = learner_rows(db, user_id, m.slug);
  const CompletionRule& rule = m.completion;
  ModuleProgress p;
  p.module_slug = m.slug;
  p.title = m.title;
  p.enrolled_at = rows.enrolled_at;
  p.completed_at = rows.completed_at;
  int required = 0, done = 0;
  for (const auto& l : m.lessons) {
    LessonState s{l.slug, l.title, std::nullopt, rule.all_lessons || listed(rule.lessons, l.slug)};
    if (auto it = rows.read_at.find(l.slug); it != rows.read_at.end()) s.read_at = it->second;
    if (!s.read_at && p.next_lesson.empty()) p.next_lesson = l.slug;
    required += s.required;
    done += s.required && s.read_at;
    p.lessons.push_back(std::move(s));
  }
  for (const auto& [slug, title] : quiz_titles(db, m.slug)) {
    const bool needed = rule.quizzes == CompletionRule::Quizzes::all ||
                        (rule.quizzes == CompletionRule::Quizzes::listed && listed(rule.quiz_slugs, slug));
    QuizState s{slug, title, rows.passed.count(slug) > 0, needed};
    required += s.required;
    done += s.required && s.passed;
    p.quizzes.push_back(std::move(s));
  }
  if (p.completed()) p.percent = 100;
  else if (required > 0) p.percent = std::min(99, done * 100 / required);
  return p;
}

constexpr const char* kAssignmentSelect =
    "SELECT a.id, a.module_slug, a.target_group, a.organization, a.due_date, a.created_by,"
    " COALESCE(u.display_name, ''), a.created_at, a.revoked_at"
    " FROM module_assignments a LEFT JOIN users u ON u.id = a.created_by";

Assignment read_assignment(SQLite::Statement& q) {
  Assignment a;
  a.id = q.getColumn(0).getInt64();
  a.module_slug = q.getColumn(1).getString();
  a.target_group = q.getColumn(2).getString();
  a.organization = q.getColumn(3).getString();
  a.due_date = q.getColumn(4).getString();
  a.created_by = q.getColumn(5).getInt64();
  a.created_by_name = q.getColumn(6).getString();
  a.created_at = q.getColumn(7).getInt64();
  if (!q.getColumn(8).isNull()) a.revoked_at = q.getColumn(8).getInt64();
  return a;
}

bool is_admin(SQLite::Database& db, std::int64_t actor_id) {
  if (actor_id == 0) return true;
  SQLite::Statement q(db, "SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'admin'");
  q.bind(1, static_cast<int64_t>(actor_id));
  return q.executeStep();
}

// The rules of a new assignment: see Learning::assignment_problems.
std::vector<FieldError> assignment_problems_in(SQLite::Database& db, const NewAssignment& a,
                                               const std::vector<std::string>& known, std::int64_t actor_id) {
  std::vector<FieldError> errors;
  const std::string organization = trimmed(a.organization);
  if (!a.target_group.empty() && !listed(known, a.target_group))
    errors.push_back({"group", "group_missing", "choose a target group"});
  else if (!a.target_group.empty() && !listed(invitable_groups(db, actor_id, known), a.target_group))
    errors.push_back({"group", "assignment_group_not_trained",
                      "you may assign modules only to the groups you train, and you do not train '" +
                          a.target_group + "'"});
  else if (a.target_group.empty() && !is_admin(db, actor_id))
    errors.push_back({"group", "assignment_group_required",
                      "choose one of the groups you train: only an administrator assigns a module to a "
                      "whole organization"});
  else if (a.target_group.empty() && organization.empty())
    errors.push_back({"group", "assignment_target_missing", "choose a target group, or name an organization"});
  check_text(errors, "organization", organization, kMaxAssignmentOrganization, false);
  if (!a.due_date.empty()) {
    auto date = parse_local_date_time(a.due_date);
    if (!date.ok() || date->has_time || a.due_date.size() != 10)
      errors.push_back({"due_date", "due_date_invalid", "the due date must be a date that exists, YYYY-MM-DD"});
  }
  return errors;
}

}  // namespace

Status Learning::enrol(std::int64_t user_id, const std::string& module_slug, UnixSeconds now) {
  return store_.write([&](SQLite::Database& db) {
    if (!module_exists(db, module_slug, false)) throw StatusError(Status::NotFound("no such module"));
    if (!person_exists(db, user_id)) throw StatusError(Status::NotFound("no such person"));
    enrol_in(db, user_id, module_slug, now);
  });
}

Result<bool> Learning::mark_read(std::int64_t user_id, const std::string& module_slug,
                                 const std::string& lesson_slug, UnixSeconds now) {
  bool completed = false;
  Status st = store_.write([&](SQLite::Database& db) {
    SQLite::Statement lesson(db,
                             "SELECT 1 FROM lessons l JOIN modules m ON m.slug = l.module_slug"
                             " WHERE l.module_slug = ? AND l.slug = ? AND m.status = 'published'");
    lesson.bind(1, module_slug);
    lesson.bind(2, lesson_slug);
    if (!lesson.executeStep()) throw StatusError(Status::NotFound("no such lesson"));
    if (!person_exists(db, user_id)) throw StatusError(Status::NotFound("no such person"));
    enrol_in(db, user_id, module_slug, now);
    SQLite::Statement ins(db,
                          "INSERT INTO lesson_progress (user_id, module_slug, lesson_slug, read_at) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT (user_id, module_slug, lesson_slug) DO NOTHING");
    ins.bind(1, static_cast<int64_t>(user_id));
    ins.bind(2, module_slug);
    ins.bind(3, lesson_slug);
    ins.bind(4, static_cast<int64_t>(now));
    if (ins.exec() == 0) return;
    audit_record(db, user_id, "learning.lesson_read", user_id,
                 module_detail(module_slug) + " lesson=" + lesson_slug, now);
    completed = record_completion_if_met(db, user_id, module_slug, now);
    if (completed) audit_record(db, user_id, "learning.complete", user_id, module_detail(module_slug), now);
  });
  if (!st.ok()) return st;
  return completed;
}

std::optional<ModuleProgress> Learning::progress(std::int64_t user_id, const std::string& module_slug) {
  auto m = store_.module(module_slug);
  if (!m) return std::nullopt;
  return store_.read([&](SQLite::Database& db) { return progress_of(db, *m, user_id); });
}

std::vector<ModuleProgress> Learning::my_modules(std::int64_t user_id) {
  const std::vector<std::string> started = store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT module_slug FROM enrolments WHERE user_id = ? ORDER BY enrolled_at DESC, module_slug");
    q.bind(1, static_cast<int64_t>(user_id));
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
  std::vector<ModuleProgress> out;
  for (const auto& slug : started)
    if (auto p = progress(user_id, slug)) out.push_back(std::move(*p));
  return out;
}

std::vector<AttemptSummary> Learning::attempts(std::int64_t user_id) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db,
        "SELECT module_slug, quiz_slug, quiz_version, started_at, submitted_at, COALESCE(score, 0),"
        " COALESCE(max_score, 0), COALESCE(passed, 0) FROM quiz_attempts"
        " WHERE user_id = ? AND submitted_at IS NOT NULL ORDER BY submitted_at, id");
    q.bind(1, static_cast<int64_t>(user_id));
    std::vector<AttemptSummary> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getInt64(), q.getColumn(4).getInt64(), q.getColumn(5).getInt(),
                     q.getColumn(6).getInt(), q.getColumn(7).getInt() != 0});
    return out;
  });
}

std::vector<FieldError> Learning::assignment_problems(const NewAssignment& a, const std::vector<std::string>& known_groups,
                                                      std::int64_t actor_id) {
  return store_.read([&](SQLite::Database& db) { return assignment_problems_in(db, a, known_groups, actor_id); });
}

Result<std::int64_t> Learning::assign(const NewAssignment& a, const std::vector<std::string>& known_groups,
                                      std::int64_t actor_id, UnixSeconds now) {
  std::int64_t id = 0;
  Status st = store_.write([&](SQLite::Database& db) {
    if (!module_exists(db, a.module_slug, true)) throw StatusError(Status::NotFound("no such module"));
    // Checked in the transaction of the write: the actor's groups may have changed meanwhile.
    if (auto problems = assignment_problems_in(db, a, known_groups, actor_id); !problems.empty())
      throw StatusError(Status::Invalid(join_messages(problems)));
    SQLite::Statement ins(db,
                          "INSERT INTO module_assignments (module_slug, target_group, organization, due_date,"
                          " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(1, a.module_slug);
    ins.bind(2, a.target_group);
    ins.bind(3, trimmed(a.organization));
    ins.bind(4, a.due_date);
    ins.bind(5, static_cast<int64_t>(actor_id));
    ins.bind(6, static_cast<int64_t>(now));
    ins.exec();
    id = db.getLastInsertRowid();
    audit_record(db, actor_id, "learning.assign", 0,
                 module_detail(a.module_slug) + " id=" + std::to_string(id) + " group=" + a.target_group +
                     " organization=" + trimmed(a.organization) + " due=" + a.due_date,
                 now);
  });
  if (!st.ok()) return st;
  return id;
}

Status Learning::revoke_assignment(const std::string& module_slug, std::int64_t id,
                                   const std::vector<std::string>& known_groups, std::int64_t actor_id,
                                   UnixSeconds now) {
  return store_.write([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kAssignmentSelect) + " WHERE a.id = ? AND a.module_slug = ?");
    q.bind(1, static_cast<int64_t>(id));
    q.bind(2, module_slug);
    if (!q.executeStep()) throw StatusError(Status::NotFound("no such assignment"));
    const Assignment a = read_assignment(q);
    // Whoever could not create it does not learn it exists.
    const bool may = is_admin(db, actor_id) ||
                     (!a.target_group.empty() && listed(invitable_groups(db, actor_id, known_groups), a.target_group));
    if (!may) throw StatusError(Status::NotFound("no such assignment"));
    if (a.revoked_at) return;
    SQLite::Statement up(db, "UPDATE module_assignments SET revoked_at = ? WHERE id = ?");
    up.bind(1, static_cast<int64_t>(now));
    up.bind(2, static_cast<int64_t>(id));
    up.exec();
    audit_record(db, actor_id, "learning.revoke_assignment", 0,
                 module_detail(module_slug) + " id=" + std::to_string(id), now);
  });
}

std::vector<Assignment> Learning::assignments(const std::string& module_slug) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kAssignmentSelect) + " WHERE a.module_slug = ? ORDER BY a.id DESC");
    q.bind(1, module_slug);
    std::vector<Assignment> out;
    while (q.executeStep()) out.push_back(read_assignment(q));
    return out;
  });
}

std::vector<Assignment> Learning::assignments_for(const std::string& target_group, const std::string& organization) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kAssignmentSelect) +
                                " WHERE a.revoked_at IS NULL"
                                " AND (a.target_group = '' OR a.target_group = ?1)"
                                " AND (a.organization = '' OR (?2 <> '' AND a.organization = ?2 COLLATE NOCASE))"
                                " ORDER BY a.due_date = '', a.due_date, a.module_slug, a.id");
    q.bind(1, target_group);
    q.bind(2, trimmed(organization));
    std::vector<Assignment> out;
    while (q.executeStep()) out.push_back(read_assignment(q));
    return out;
  });
}

}  // namespace sentinella
