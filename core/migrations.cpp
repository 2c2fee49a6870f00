#include "core/migrations.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace sentinella {

namespace {

constexpr std::string_view k001_content = R"sql(
CREATE TABLE source_files (
  path TEXT PRIMARY KEY,
  hash TEXT NOT NULL
);
CREATE TABLE site (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  municipality TEXT NOT NULL,
  language TEXT NOT NULL,
  base_url TEXT NOT NULL,
  description TEXT NOT NULL,
  intro_html TEXT NOT NULL,
  help_page TEXT NOT NULL,
  quick_exit_url TEXT NOT NULL,
  contact_office TEXT NOT NULL,
  contact_address TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  contact_email TEXT NOT NULL
);
CREATE TABLE helplines (
  position INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  number TEXT NOT NULL,
  description TEXT NOT NULL,
  hours TEXT NOT NULL
);
CREATE TABLE target_groups (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE pages (
  slug TEXT PRIMARY KEY,
  source_path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  menu INTEGER,
  show_helplines INTEGER NOT NULL,
  body_html TEXT NOT NULL
);
CREATE TABLE modules (
  slug TEXT PRIMARY KEY,
  source_path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  intro_html TEXT NOT NULL,
  duration_hours REAL NOT NULL CHECK (duration_hours > 0),
  sort_order INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published'))
);
CREATE TABLE module_objectives (
  module_slug TEXT NOT NULL REFERENCES modules(slug) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (module_slug, position)
);
CREATE TABLE module_authors (
  module_slug TEXT NOT NULL REFERENCES modules(slug) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (module_slug, position)
);
CREATE TABLE module_target_groups (
  module_slug TEXT NOT NULL REFERENCES modules(slug) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES target_groups(id) DEFERRABLE INITIALLY DEFERRED,
  position INTEGER NOT NULL,
  PRIMARY KEY (module_slug, group_id)
);
-- Lessons outlive a re-import of their module's index.md: the key is checked at commit.
CREATE TABLE lessons (
  module_slug TEXT NOT NULL REFERENCES modules(slug) DEFERRABLE INITIALLY DEFERRED,
  slug TEXT NOT NULL,
  source_path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  sort_order INTEGER NOT NULL,
  body_html TEXT NOT NULL,
  PRIMARY KEY (module_slug, slug)
);
CREATE INDEX module_target_groups_by_group ON module_target_groups(group_id);
)sql";

// People, roles, sessions, invitations and the audit log. Times are Unix seconds (UTC).
constexpr std::string_view k002_accounts = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  target_group TEXT NOT NULL DEFAULT '',
  organization TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  erased INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'trainer', 'organizer', 'learner')),
  PRIMARY KEY (user_id, role)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  code_hash TEXT NOT NULL UNIQUE,
  code_hint TEXT NOT NULL,
  target_group TEXT NOT NULL,
  organization TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  max_uses INTEGER NOT NULL CHECK (max_uses > 0),
  uses INTEGER NOT NULL DEFAULT 0 CHECK (uses <= max_uses),
  revoked_at INTEGER
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  target_user_id INTEGER,
  details TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Personal data is kept for a set time after a person's last sign-in (site.yaml: retention_months).
constexpr std::string_view k003_retention = R"sql(
ALTER TABLE users ADD COLUMN last_active_at INTEGER NOT NULL DEFAULT 0;
UPDATE users SET last_active_at = created_at;
ALTER TABLE site ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24;
)sql";

// Events, their types, and when each source file last changed.
constexpr std::string_view k004_events = R"sql(
ALTER TABLE source_files ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Rome';
CREATE TABLE event_types (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE events (
  uid TEXT PRIMARY KEY,
  slug TEXT NOT NULL,
  year INTEGER NOT NULL,
  source_path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  type TEXT NOT NULL REFERENCES event_types(id) DEFERRABLE INITIALLY DEFERRED,
  all_day INTEGER NOT NULL,
  start_local TEXT NOT NULL,
  end_local TEXT NOT NULL,
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL CHECK (end_utc >= start_utc),
  location_name TEXT NOT NULL,
  location_address TEXT NOT NULL,
  latitude REAL,
  longitude REAL,
  organizer TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  registration INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'postponed')),
  image TEXT NOT NULL,
  image_alt TEXT NOT NULL,
  body_html TEXT NOT NULL
);
CREATE INDEX events_by_start ON events(start_utc);
CREATE INDEX events_by_end ON events(end_utc);
CREATE TABLE event_audience (
  event_uid TEXT NOT NULL REFERENCES events(uid) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (event_uid, audience)
);
-- Outlives the event's rows, so SEQUENCE keeps rising even if a file goes and comes back.
CREATE TABLE event_versions (
  uid TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL,
  hash TEXT NOT NULL
);
)sql";

// Who registered for which event. No foreign key to events: an import rewrites event rows, and
// registrations must survive it (the uid is stable). Positions in the waiting list follow
// created_at, then id.
constexpr std::string_view k005_event_registrations = R"sql(
CREATE TABLE event_registrations (
  id INTEGER PRIMARY KEY,
  event_uid TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('confirmed', 'waiting', 'cancelled')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  attended INTEGER CHECK (attended IN (0, 1)),
  UNIQUE (event_uid, user_id)
);
CREATE INDEX event_registrations_by_user ON event_registrations(user_id);
)sql";

// Event pages are looked up by year and slug.
constexpr std::string_view k006_event_lookup = R"sql(
CREATE UNIQUE INDEX events_by_year_slug ON events(year, slug);
)sql";

// A lesson says when its text was last reviewed ("YYYY-MM-DD", '' when it does not say).
constexpr std::string_view k007_lesson_reviewed = R"sql(
ALTER TABLE lessons ADD COLUMN reviewed TEXT NOT NULL DEFAULT '';
)sql";

// Which target groups each trainer trains (set by an admin); a trainer invites only for these.
// No foreign key to target_groups: an import rewrites that table. The audit log is read per person
// (their data download), so it is indexed by both of the people an entry names.
constexpr std::string_view k008_trainer_groups = R"sql(
CREATE TABLE trainer_groups (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  group_id TEXT NOT NULL,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX audit_log_by_actor ON audit_log(actor_id);
CREATE INDEX audit_log_by_target ON audit_log(target_user_id);
)sql";

// Quizzes (content/modules/<module>/quiz-<slug>.md), their questions and options, replaced as a
// whole when the file changes. `version` is the file's content hash: attempts will record it, so a
// changed quiz starts new attempts while old results keep the version they were taken on. A
// short-answer question's options are its accepted answers, all correct. No foreign key to
// modules: like lessons, a quiz outlives a re-import of its module's index.md.
constexpr std::string_view k009_quizzes = R"sql(
CREATE TABLE quizzes (
  module_slug TEXT NOT NULL,
  slug TEXT NOT NULL,
  source_path TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  intro_html TEXT NOT NULL,
  pass_mark INTEGER NOT NULL CHECK (pass_mark BETWEEN 1 AND 100),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  shuffle INTEGER NOT NULL CHECK (shuffle IN (0, 1)),
  after_lesson TEXT NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (module_slug, slug)
);
CREATE TABLE quiz_questions (
  module_slug TEXT NOT NULL,
  quiz_slug TEXT NOT NULL,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('single_choice', 'multiple_choice', 'true_false', 'short_answer')),
  text TEXT NOT NULL,
  text_html TEXT NOT NULL,
  explanation TEXT NOT NULL,
  explanation_html TEXT NOT NULL,
  source_line INTEGER NOT NULL,
  PRIMARY KEY (module_slug, quiz_slug, position),
  FOREIGN KEY (module_slug, quiz_slug) REFERENCES quizzes(module_slug, slug) ON DELETE CASCADE
);
CREATE TABLE quiz_options (
  module_slug TEXT NOT NULL,
  quiz_slug TEXT NOT NULL,
  question INTEGER NOT NULL,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  html TEXT NOT NULL,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  PRIMARY KEY (module_slug, quiz_slug, question, position),
  FOREIGN KEY (module_slug, quiz_slug, question)
    REFERENCES quiz_questions(module_slug, quiz_slug, position) ON DELETE CASCADE
);
)sql";

// The municipality's website, the crest or logo and the programme's picture (site.yaml). The
// site.yaml hash is forgotten so that the next import reads the new keys from it.
constexpr std::string_view k010_site_identity = R"sql(
ALTER TABLE site ADD COLUMN municipality_url TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN logo_file TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN logo_alt TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN image_file TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
UPDATE source_files SET hash = '' WHERE path = 'site.yaml';
)sql";

// Learning (#11). An enrolment is a learner's start of a module (by themselves, or on their first
// lesson or attempt); `completed_at` is set once, when the module's completion rule is first met,
// and never cleared by a later content change. An assignment names a target group and/or an
// organization: it applies to whoever has them, now or later. A quiz attempt keeps the quiz version
// it was taken on, the order its options were shown in (JSON: for each question, the option
// positions in display order) and its answers; score, max_score and passed are set on submission.
// An answer is the chosen option positions ("0,2") or the typed text; `correct` is set on grading.
// No foreign keys to modules or quizzes: they outlive a re-import of the module's files.
// learning_counts holds what erasure keeps of a person's learning: anonymous counts per module,
// target group and month of enrolment.
constexpr std::string_view k011_learning = R"sql(
CREATE TABLE module_assignments (
  id INTEGER PRIMARY KEY,
  module_slug TEXT NOT NULL,
  target_group TEXT NOT NULL,
  organization TEXT NOT NULL,
  due_date TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  CHECK (target_group <> '' OR organization <> '')
);
CREATE INDEX module_assignments_by_module ON module_assignments(module_slug);
CREATE TABLE enrolments (
  user_id INTEGER NOT NULL REFERENCES users(id),
  module_slug TEXT NOT NULL,
  enrolled_at INTEGER NOT NULL,
  completed_at INTEGER,
  PRIMARY KEY (user_id, module_slug)
);
CREATE INDEX enrolments_by_module ON enrolments(module_slug, enrolled_at);
CREATE TABLE lesson_progress (
  user_id INTEGER NOT NULL REFERENCES users(id),
  module_slug TEXT NOT NULL,
  lesson_slug TEXT NOT NULL,
  read_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, module_slug, lesson_slug)
);
CREATE TABLE quiz_attempts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  module_slug TEXT NOT NULL,
  quiz_slug TEXT NOT NULL,
  quiz_version TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  submitted_at INTEGER,
  option_order TEXT NOT NULL,
  score INTEGER,
  max_score INTEGER,
  passed INTEGER CHECK (passed IN (0, 1))
);
CREATE INDEX quiz_attempts_by_user ON quiz_attempts(user_id, module_slug, quiz_slug);
CREATE INDEX quiz_attempts_by_quiz ON quiz_attempts(module_slug, quiz_slug, submitted_at);
CREATE TABLE quiz_answers (
  attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
  question INTEGER NOT NULL,
  answer TEXT NOT NULL,
  correct INTEGER CHECK (correct IN (0, 1)),
  PRIMARY KEY (attempt_id, question)
);
CREATE TABLE learning_counts (
  module_slug TEXT NOT NULL,
  target_group TEXT NOT NULL,
  month TEXT NOT NULL,
  enrolled INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (module_slug, target_group, month)
);
)sql";

// Completion rules (#11): a module's `completion:` front matter. Lessons: all, or the listed ones;
// quizzes: all, none, or the listed ones; hours of in-person attendance (filled by #12). A module
// without a row (imported before this migration) has the default rule: all lessons, all quizzes.
// Rewritten with the module's index.md (the cascade removes the old rule).
constexpr std::string_view k012_completion_rules = R"sql(
CREATE TABLE module_completion (
  module_slug TEXT PRIMARY KEY REFERENCES modules(slug) ON DELETE CASCADE,
  lessons TEXT NOT NULL CHECK (lessons IN ('all', 'listed')),
  quizzes TEXT NOT NULL CHECK (quizzes IN ('all', 'none', 'listed')),
  in_person_hours REAL NOT NULL CHECK (in_person_hours >= 0)
);
CREATE TABLE module_completion_items (
  module_slug TEXT NOT NULL REFERENCES modules(slug) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('lesson', 'quiz')),
  slug TEXT NOT NULL,
  PRIMARY KEY (module_slug, kind, slug)
);
)sql";

// The meetings of an event that meets several times, numbered from 1 in the file's order, each
// with its own place or NULLs for the event's; the modules a training event covers. Rewritten with
// their event on every import (ON DELETE CASCADE). Attendance refers to a meeting by event uid and
// number, without a foreign key, as registrations do.
constexpr std::string_view k013_event_meetings = R"sql(
CREATE TABLE event_meetings (
  event_uid TEXT NOT NULL REFERENCES events(uid) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number >= 1),
  start_local TEXT NOT NULL,
  end_local TEXT NOT NULL,
  start_utc INTEGER NOT NULL,
  end_utc INTEGER NOT NULL CHECK (end_utc > start_utc),
  location_name TEXT,
  location_address TEXT,
  latitude REAL,
  longitude REAL,
  PRIMARY KEY (event_uid, number)
);
CREATE TABLE event_modules (
  event_uid TEXT NOT NULL REFERENCES events(uid) ON DELETE CASCADE,
  module_slug TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (event_uid, module_slug)
);
CREATE INDEX event_modules_by_module ON event_modules(module_slug);
)sql";


// Attendance taken per meeting (core/attendance.h): one mark per person, or per walk-in (someone
// without an account, added on the roster), per meeting of an event, numbered as in event_meetings
// (1 for an event without meetings). No foreign key to events: marks outlive a re-import, as
// registrations do. A walk-in merged into an account keeps its row, with merged_into set, and its
// marks move to the account.
constexpr std::string_view k014_attendance = R"sql(
CREATE TABLE walk_ins (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  target_group TEXT NOT NULL DEFAULT '',
  organization TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  merged_into INTEGER REFERENCES users(id)
);
CREATE TABLE attendance_marks (
  id INTEGER PRIMARY KEY,
  event_uid TEXT NOT NULL,
  meeting INTEGER NOT NULL CHECK (meeting >= 1),
  user_id INTEGER REFERENCES users(id),
  walk_in_id INTEGER REFERENCES walk_ins(id),
  status TEXT NOT NULL CHECK (status IN ('present', 'late', 'left_early', 'excused', 'absent')),
  hours REAL NOT NULL CHECK (hours >= 0),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  marked_by INTEGER NOT NULL,
  marked_at INTEGER NOT NULL,
  CHECK ((user_id IS NULL) <> (walk_in_id IS NULL))
);
CREATE UNIQUE INDEX attendance_marks_person ON attendance_marks(event_uid, meeting, user_id)
  WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX attendance_marks_walk_in ON attendance_marks(event_uid, meeting, walk_in_id)
  WHERE walk_in_id IS NOT NULL;
CREATE INDEX attendance_marks_by_user ON attendance_marks(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX attendance_marks_by_walk_in ON attendance_marks(walk_in_id) WHERE walk_in_id IS NOT NULL;
)sql";


// Where a mark came from (the roster, a self check-in, an imported sheet); the key of each meeting's
// self check-in codes, made when a trainer opens the code screen (core/checkin.h); the audience of
// public events without registration, as a total ('' target group) or split by target group.
// Yes/no attendance recorded on registrations before meetings existed becomes a mark at meeting 1.
constexpr std::string_view k015_attendance_sources = R"sql(
ALTER TABLE attendance_marks ADD COLUMN source TEXT NOT NULL DEFAULT 'roster'
  CHECK (source IN ('roster', 'checkin', 'import'));
CREATE TABLE checkin_keys (
  event_uid TEXT NOT NULL,
  meeting INTEGER NOT NULL CHECK (meeting >= 1),
  secret BLOB NOT NULL,
  opened_by INTEGER NOT NULL,
  opened_at INTEGER NOT NULL,
  PRIMARY KEY (event_uid, meeting)
);
CREATE TABLE event_audiences (
  event_uid TEXT NOT NULL,
  target_group TEXT NOT NULL DEFAULT '',
  people INTEGER NOT NULL CHECK (people >= 0),
  recorded_by INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  PRIMARY KEY (event_uid, target_group)
);
INSERT INTO attendance_marks(event_uid, meeting, user_id, status, hours, note, marked_by, marked_at)
  SELECT r.event_uid, 1, r.user_id, CASE r.attended WHEN 1 THEN 'present' ELSE 'absent' END,
         CASE WHEN r.attended = 1 AND e.all_day = 0 THEN COALESCE(
           (SELECT (m.end_utc - m.start_utc) / 3600.0 FROM event_meetings m
            WHERE m.event_uid = r.event_uid AND m.number = 1),
           (e.end_utc - e.start_utc) / 3600.0) ELSE 0 END,
         '', 0, r.updated_at
  FROM event_registrations r LEFT JOIN events e ON e.uid = r.event_uid
  WHERE r.attended IS NOT NULL AND r.state = 'confirmed';
)sql";

// The margin around a meeting in which its self check-in codes are accepted (site.yaml:
// attendance: checkin_margin_minutes). site.yaml is read again so a value set there is stored.
constexpr std::string_view k016_checkin_margin = R"sql(
ALTER TABLE site ADD COLUMN checkin_margin_minutes INTEGER NOT NULL DEFAULT 15;
UPDATE source_files SET hash = '' WHERE path = 'site.yaml';
)sql";

// The attendance report (core/attendance_report.h) reads the attended marks of each meeting in its
// period from this index alone: one range per meeting, grouped by hours in the index's order, no
// table row read (a covering index).
constexpr std::string_view k017_attendance_report = R"sql(
CREATE INDEX attendance_marks_report ON attendance_marks(event_uid, meeting, hours, user_id, walk_in_id, status)
  WHERE status IN ('present', 'late', 'left_early');
)sql";

// The attendance report's cache (core/attendance_report_cache.h) keeps what the report reads in
// memory and reads it again only when this number has changed: every write to what the report
// counts bumps it, in the same transaction, by trigger, whichever connection or process writes
// (the marks, walk-ins, meetings and modules of events, an event without meetings' date, the
// people and their target group and organization).
constexpr std::string_view k018_attendance_generation = R"sql(
CREATE TABLE attendance_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO attendance_generation(id, value) VALUES (1, 0);
CREATE TRIGGER attendance_generation_attendance_marks_insert AFTER INSERT ON attendance_marks
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_attendance_marks_update AFTER UPDATE ON attendance_marks
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_attendance_marks_delete AFTER DELETE ON attendance_marks
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_walk_ins_insert AFTER INSERT ON walk_ins
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_walk_ins_update AFTER UPDATE ON walk_ins
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_walk_ins_delete AFTER DELETE ON walk_ins
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_event_meetings_insert AFTER INSERT ON event_meetings
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_event_meetings_update AFTER UPDATE ON event_meetings
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_event_meetings_delete AFTER DELETE ON event_meetings
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_event_modules_insert AFTER INSERT ON event_modules
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_event_modules_update AFTER UPDATE ON event_modules
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_event_modules_delete AFTER DELETE ON event_modules
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_events_insert AFTER INSERT ON events
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_events_delete AFTER DELETE ON events
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_events_update AFTER UPDATE OF start_local ON events
  WHEN OLD.start_local IS NOT NEW.start_local
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_users_insert AFTER INSERT ON users
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_users_delete AFTER DELETE ON users
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
CREATE TRIGGER attendance_generation_users_update AFTER UPDATE OF target_group, organization ON users
  WHEN OLD.target_group IS NOT NEW.target_group OR OLD.organization IS NOT NEW.organization
  BEGIN UPDATE attendance_generation SET value = value + 1; END;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "content", k001_content},
      {2, "accounts", k002_accounts},
      {3, "retention", k003_retention},
      {4, "events", k004_events},
      {5, "event_registrations", k005_event_registrations},
      {6, "event_lookup", k006_event_lookup},
      {7, "lesson_reviewed", k007_lesson_reviewed},
      {8, "trainer_groups", k008_trainer_groups},
      {9, "quizzes", k009_quizzes},
      {10, "site_identity", k010_site_identity},
      {11, "learning", k011_learning},
      {12, "completion_rules", k012_completion_rules},
      {13, "event_meetings", k013_event_meetings},
      {14, "attendance", k014_attendance},
      {15, "attendance_sources", k015_attendance_sources},
      {16, "checkin_margin", k016_checkin_margin},
      {17, "attendance_report", k017_attendance_report},
      {18, "attendance_generation", k018_attendance_generation},
  };
  return all;
}

int schema_version(SQLite::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
      " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
  SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  q.executeStep();
  return q.getColumn(0).getInt();
}

int apply_migrations(SQLite::Database& db) {
  int current = schema_version(db);
  int applied = 0;
  for (const auto& m : migrations()) {
    if (m.version <= current) continue;
    SQLite::Transaction tx(db);
    db.exec(std::string(m.sql));
    SQLite::Statement rec(db, "INSERT INTO schema_migrations(version, name) VALUES (?, ?)");
    rec.bind(1, m.version);
    rec.bind(2, std::string(m.name));
    rec.exec();
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace sentinella
