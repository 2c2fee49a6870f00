#include "core/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <filesystem>
#include <functional>

#include "core/migrations.h"

namespace sentinella {

namespace {

template <class T>
void bind_value(SQLite::Statement& st, int index, const std::optional<T>& value) {
  if (value) st.bind(index, *value);
  else st.bind(index);  // NULL
}
template <class T>
void bind_value(SQLite::Statement& st, int index, const T& value) {
  st.bind(index, value);
}

// The writes of one Store::apply, inside its transaction. Each statement is prepared once and run
// again with new values (compiling the same INSERT for each of 10,000 files was a quarter of an
// import): the statements come from the Store's cache.
class Writer {
public:
  using Statements = std::function<SQLite::Statement&(const std::string&)>;
  Writer(SQLite::Database& database, Statements statements) : db(database), statements_(std::move(statements)) {}

  // Runs `sql` with `values` bound to its parameters in order (nullopt is NULL).
  template <class... Values>
  void execute(const char* sql, const Values&... values) {
    SQLite::Statement& st = statements_(sql);
    st.reset();
    int index = 0;
    (bind_value(st, ++index, values), ...);
    st.exec();
  }

  SQLite::Database& db;

private:
  Statements statements_;
};

const char* status_name(ModuleStatus s) { return s == ModuleStatus::published ? "published" : "draft"; }

void delete_source(Writer& w, const std::string& path) {
  for (const char* sql : {"DELETE FROM events WHERE source_path = ?",
                          "DELETE FROM lessons WHERE source_path = ?",
                          "DELETE FROM quizzes WHERE source_path = ?",
                          "DELETE FROM modules WHERE source_path = ?",
                          "DELETE FROM pages WHERE source_path = ?",
                          "DELETE FROM source_files WHERE path = ?"})
    w.execute(sql, path);
}

void write_site(Writer& w, const Site& s) {
  w.db.exec("DELETE FROM site; DELETE FROM helplines; DELETE FROM target_groups;");
  w.execute("INSERT INTO site(id, name, municipality, language, base_url, description, intro_html,"
            " help_page, quick_exit_url, contact_office, contact_address, contact_phone, contact_email)"
            " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            s.name, s.municipality, s.language, s.base_url, s.description, s.intro_html, s.help_page,
            s.quick_exit_url, s.contacts.office, s.contacts.address, s.contacts.phone, s.contacts.email);
  w.execute("UPDATE site SET retention_months = ?, time_zone = ?", s.retention_months, s.time_zone);
  w.execute("UPDATE site SET checkin_margin_minutes = ?", s.checkin_margin_minutes);
  w.execute("UPDATE site SET municipality_url = ?, logo_file = ?, logo_alt = ?, image_file = ?, image_alt = ?",
            s.municipality_url, s.logo.file, s.logo.alt, s.image.file, s.image.alt);
  w.db.exec("DELETE FROM event_types");
  int pos = 0;
  for (const auto& t : s.event_types) w.execute("INSERT INTO event_types VALUES (?, ?, ?)", t.id, t.label, pos++);
  pos = 0;
  for (const auto& h : s.helplines)
    w.execute("INSERT INTO helplines VALUES (?, ?, ?, ?, ?)", pos++, h.name, h.number, h.description, h.hours);
  pos = 0;
  for (const auto& g : s.target_groups) w.execute("INSERT INTO target_groups VALUES (?, ?, ?)", g.id, g.label, pos++);
}

void write_page(Writer& w, const Page& p) {
  w.execute("INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)", p.slug, p.source_path, p.title, p.summary,
          p.menu, p.show_helplines ? 1 : 0, p.body_html);
}

void write_list(Writer& w, const char* sql, const std::string& slug,
                const std::vector<std::string>& items) {
  int pos = 0;
  for (const auto& item : items) w.execute(sql, slug, pos++, item);
}

void write_module(Writer& w, const Module& m) {
  w.execute("INSERT INTO modules VALUES (?, ?, ?, ?, ?, ?, ?, ?)", m.slug, m.source_path, m.title, m.summary,
          m.intro_html, m.duration_hours, m.order, status_name(m.status));
  write_list(w, "INSERT INTO module_objectives(module_slug, position, text) VALUES (?, ?, ?)",
             m.slug, m.objectives);
  write_list(w, "INSERT INTO module_authors(module_slug, position, name) VALUES (?, ?, ?)",
             m.slug, m.authors);
  write_list(w,
             "INSERT INTO module_target_groups(module_slug, position, group_id) VALUES (?, ?, ?)",
             m.slug, m.target_groups);
  const CompletionRule& r = m.completion;
  const char* quizzes = r.quizzes == CompletionRule::Quizzes::all    ? "all"
                        : r.quizzes == CompletionRule::Quizzes::none ? "none"
                                                                     : "listed";
  w.execute("INSERT INTO module_completion(module_slug, lessons, quizzes, in_person_hours) VALUES (?, ?, ?, ?)",
            m.slug, std::string(r.all_lessons ? "all" : "listed"), std::string(quizzes), r.in_person_hours);
  const char* item_sql = "INSERT OR IGNORE INTO module_completion_items(module_slug, kind, slug) VALUES (?, ?, ?)";
  if (!r.all_lessons)
    for (const auto& slug : r.lessons) w.execute(item_sql, m.slug, std::string("lesson"), slug);
  if (r.quizzes == CompletionRule::Quizzes::listed)
    for (const auto& slug : r.quiz_slugs) w.execute(item_sql, m.slug, std::string("quiz"), slug);
}

void write_lesson(Writer& w, const Lesson& l) {
  w.execute("INSERT INTO lessons VALUES (?, ?, ?, ?, ?, ?, ?, ?)", l.module_slug, l.slug, l.source_path, l.title,
          l.minutes, l.order, l.body_html, l.reviewed);
}

const char* question_kind_name(QuestionKind k) {
  switch (k) {
    case QuestionKind::single_choice: return "single_choice";
    case QuestionKind::multiple_choice: return "multiple_choice";
    case QuestionKind::true_false: return "true_false";
    case QuestionKind::short_answer: return "short_answer";
  }
  return "single_choice";
}

QuestionKind parse_question_kind(const std::string& s) {
  if (s == "multiple_choice") return QuestionKind::multiple_choice;
  if (s == "true_false") return QuestionKind::true_false;
  if (s == "short_answer") return QuestionKind::short_answer;
  return QuestionKind::single_choice;
}

void write_quiz(Writer& w, const Quiz& q) {
  w.execute("INSERT INTO quizzes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", q.module_slug, q.slug, q.source_path,
            q.title, q.intro_html, q.pass_mark, q.attempts, q.shuffle ? 1 : 0, q.after_lesson, q.version);
  int position = 0;
  for (const auto& question : q.questions) {
    w.execute("INSERT INTO quiz_questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", q.module_slug, q.slug, position,
              question_kind_name(question.kind), question.text, question.text_html, question.explanation,
              question.explanation_html, question.line);
    const char* option_sql = "INSERT INTO quiz_options VALUES (?, ?, ?, ?, ?, ?, ?)";
    int option = 0;
    for (const auto& o : question.options)
      w.execute(option_sql, q.module_slug, q.slug, position, option++, o.text, o.html, o.correct ? 1 : 0);
    for (const auto& a : question.accepted_answers)
      w.execute(option_sql, q.module_slug, q.slug, position, option++, a, a, 1);
    ++position;
  }
}

const char* event_status_name(EventStatus s) {
  switch (s) {
    case EventStatus::scheduled: return "scheduled";
    case EventStatus::cancelled: return "cancelled";
    case EventStatus::postponed: return "postponed";
  }
  return "scheduled";
}

EventStatus parse_event_status(const std::string& s) {
  if (s == "cancelled") return EventStatus::cancelled;
  if (s == "postponed") return EventStatus::postponed;
  return EventStatus::scheduled;
}

void write_event(Writer& w, const Event& e, const std::string& hash) {
  w.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          e.uid, e.slug, e.year, e.source_path, e.title, e.type, e.all_day ? 1 : 0, e.start_local, e.end_local,
          static_cast<int64_t>(e.start_utc), static_cast<int64_t>(e.end_utc), e.location.name,
          e.location.address, e.location.latitude, e.location.longitude, e.organizer, e.capacity,
          e.registration ? 1 : 0, event_status_name(e.status), e.image, e.image_alt, e.body_html);
  int pos = 0;
  for (const auto& a : e.audience) w.execute("INSERT INTO event_audience VALUES (?, ?, ?)", e.uid, a, pos++);
  int number = 1;
  for (const auto& m : e.meetings) {
    const EventLocation* l = m.location ? &*m.location : nullptr;
    w.execute("INSERT INTO event_meetings(event_uid, number, start_local, end_local, start_utc, end_utc,"
              " location_name, location_address, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              e.uid, number++, m.start_local, m.end_local, static_cast<int64_t>(m.start_utc),
              static_cast<int64_t>(m.end_utc), l ? std::optional(l->name) : std::nullopt,
              l ? std::optional(l->address) : std::nullopt, l ? l->latitude : std::nullopt,
              l ? l->longitude : std::nullopt);
  }
  pos = 0;
  for (const auto& slug : e.modules)
    w.execute("INSERT INTO event_modules(event_uid, module_slug, position) VALUES (?, ?, ?)", e.uid, slug, pos++);
  // SEQUENCE rises when the file's content changes, and never goes back.
  w.execute(
          "INSERT INTO event_versions(uid, sequence, hash) VALUES (?, 0, ?) ON CONFLICT(uid) DO UPDATE"
          " SET sequence = sequence + (hash <> excluded.hash), hash = excluded.hash",
          e.uid, hash);
}

constexpr const char* kEventColumns =
    "SELECT e.uid, e.slug, e.year, e.source_path, e.title, e.type, e.all_day, e.start_local, e.end_local,"
    " e.start_utc, e.end_utc, e.location_name, e.location_address, e.latitude, e.longitude, e.organizer,"
    " e.capacity, e.registration, e.status, e.image, e.image_alt, COALESCE(v.sequence, 0),"
    " COALESCE(f.updated_at, 0), (SELECT group_concat(audience, ',') FROM (SELECT audience FROM"
    " event_audience WHERE event_uid = e.uid ORDER BY position))";

Event read_event_row(SQLite::Statement& q) {
  Event e;
  int i = 0;
  e.uid = q.getColumn(i++).getString();
  e.slug = q.getColumn(i++).getString();
  e.year = q.getColumn(i++).getInt();
  e.source_path = q.getColumn(i++).getString();
  e.title = q.getColumn(i++).getString();
  e.type = q.getColumn(i++).getString();
  e.all_day = q.getColumn(i++).getInt() != 0;
  e.start_local = q.getColumn(i++).getString();
  e.end_local = q.getColumn(i++).getString();
  e.start_utc = q.getColumn(i++).getInt64();
  e.end_utc = q.getColumn(i++).getInt64();
  e.location.name = q.getColumn(i++).getString();
  e.location.address = q.getColumn(i++).getString();
  if (!q.getColumn(i).isNull()) e.location.latitude = q.getColumn(i).getDouble();
  ++i;
  if (!q.getColumn(i).isNull()) e.location.longitude = q.getColumn(i).getDouble();
  ++i;
  e.organizer = q.getColumn(i++).getString();
  e.capacity = q.getColumn(i++).getInt();
  e.registration = q.getColumn(i++).getInt() != 0;
  e.status = parse_event_status(q.getColumn(i++).getString());
  e.image = q.getColumn(i++).getString();
  e.image_alt = q.getColumn(i++).getString();
  e.sequence = q.getColumn(i++).getInt();
  e.updated_at = q.getColumn(i++).getInt64();
  std::string audience = q.getColumn(i++).getString();
  for (size_t start = 0; !audience.empty() && start <= audience.size();) {
    size_t comma = audience.find(',', start);
    e.audience.push_back(audience.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return e;
}

// What an event row does not hold: its meetings and modules, looked up by its uid.
void read_event_parts(SQLite::Statement& meetings, SQLite::Statement& modules, Event& e) {
  meetings.bind(1, e.uid);
  while (meetings.executeStep()) {
    EventMeeting m;
    m.start_local = meetings.getColumn(0).getString();
    m.end_local = meetings.getColumn(1).getString();
    m.start_utc = meetings.getColumn(2).getInt64();
    m.end_utc = meetings.getColumn(3).getInt64();
    if (!meetings.getColumn(4).isNull()) {
      EventLocation l;
      l.name = meetings.getColumn(4).getString();
      l.address = meetings.getColumn(5).getString();
      if (!meetings.getColumn(6).isNull()) l.latitude = meetings.getColumn(6).getDouble();
      if (!meetings.getColumn(7).isNull()) l.longitude = meetings.getColumn(7).getDouble();
      m.location = std::move(l);
    }
    e.meetings.push_back(std::move(m));
  }
  meetings.reset();
  modules.bind(1, e.uid);
  while (modules.executeStep()) e.modules.push_back(modules.getColumn(0).getString());
  modules.reset();
}

constexpr const char* kEventMeetingsSql =
    "SELECT start_local, end_local, start_utc, end_utc, location_name, location_address, latitude, longitude"
    " FROM event_meetings WHERE event_uid = ? ORDER BY number";
constexpr const char* kEventModulesSql = "SELECT module_slug FROM event_modules WHERE event_uid = ? ORDER BY position";

Module read_module_row(SQLite::Statement& q) {
  Module m;
  m.slug = q.getColumn(0).getString();
  m.source_path = q.getColumn(1).getString();
  m.title = q.getColumn(2).getString();
  m.summary = q.getColumn(3).getString();
  m.intro_html = q.getColumn(4).getString();
  m.duration_hours = q.getColumn(5).getDouble();
  m.order = q.getColumn(6).getInt();
  m.status = q.getColumn(7).getString() == "published" ? ModuleStatus::published : ModuleStatus::draft;
  m.updated_at = q.getColumn(8).getInt64();
  return m;
}

// A page's columns without its body, as read_page_row reads them.
constexpr const char* kPageColumns =
    "SELECT slug, source_path, title, summary, menu, show_helplines,"
    " (SELECT updated_at FROM source_files f WHERE f.path = source_path)";

Page read_page_row(SQLite::Statement& q) {
  Page p;
  p.slug = q.getColumn(0).getString();
  p.source_path = q.getColumn(1).getString();
  p.title = q.getColumn(2).getString();
  p.summary = q.getColumn(3).getString();
  if (!q.getColumn(4).isNull()) p.menu = q.getColumn(4).getInt();
  p.show_helplines = q.getColumn(5).getInt() != 0;
  p.updated_at = q.getColumn(6).getInt64();
  return p;
}

constexpr const char* kModuleColumns =
    "SELECT slug, source_path, title, summary, intro_html, duration_hours, sort_order, status,"
    " (SELECT updated_at FROM source_files f WHERE f.path = source_path) FROM modules";

}  // namespace

namespace {

std::unique_ptr<SQLite::Database> connect(const std::string& path, int flags) {
  auto db = std::make_unique<SQLite::Database>(path, flags);
  db->setBusyTimeout(5000);
  db->exec("PRAGMA foreign_keys = ON");
  return db;
}

}  // namespace

Store::Store(Connection writer, std::vector<std::unique_ptr<Connection>> readers)
    : readers_(std::move(readers)), writer_(std::move(writer)) {
  for (auto& r : readers_) idle_readers_.push_back(r.get());
}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  try {
    const bool in_memory = path == ":memory:";
    if (!in_memory) {
      auto parent = std::filesystem::path(path).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent);
    }
    Connection writer;
    writer.db = connect(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer.db->exec("PRAGMA journal_mode = WAL");
    writer.db->exec("PRAGMA synchronous = NORMAL");
    writer.db->exec("PRAGMA secure_delete = ON");  // only this connection writes
    apply_migrations(*writer.db);
    std::vector<std::unique_ptr<Connection>> readers;
    for (int i = 0; !in_memory && i < kReaders; ++i) {
      auto reader = std::make_unique<Connection>();
      reader->db = connect(path, SQLite::OPEN_READWRITE);
      reader->db->exec("PRAGMA query_only = ON");  // a write through read() fails loudly
      readers.push_back(std::move(reader));
    }
    return std::unique_ptr<Store>(new Store(std::move(writer), std::move(readers)));
  } catch (const std::exception& e) {
    return Status::IOError("cannot open database " + path + ": " + e.what());
  }
}

Store::Lease::~Lease() {
  if (writer_lock_.owns_lock()) return;  // the writer, given back with the lock
  {
    std::lock_guard lock(store_.pool_mutex_);
    store_.idle_readers_.push_back(&connection_);
  }
  store_.reader_returned_.notify_one();
}

Store::Lease Store::borrow() {
  if (readers_.empty()) return Lease(*this, writer_, std::unique_lock(write_mutex_));
  std::unique_lock lock(pool_mutex_);
  reader_returned_.wait(lock, [this] { return !idle_readers_.empty(); });
  Connection* reader = idle_readers_.back();
  idle_readers_.pop_back();
  return Lease(*this, *reader, {});
}

SQLite::Statement& Store::Connection::statement(const std::string& sql) {
  auto& s = statements[sql];
  if (!s) s = std::make_unique<SQLite::Statement>(*db, sql);
  return *s;
}

int Store::schema_version() {
  Lease lease = borrow();
  return sentinella::schema_version(lease.db());
}

std::optional<std::int64_t> Store::external_change_counter() {
  std::unique_lock lock(write_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return std::nullopt;
  try {
    return writer_.db->execAndGet("PRAGMA data_version").getInt64();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Status Store::checkpoint() {
  std::lock_guard lock(write_mutex_);
  try {
    SQLite::Statement q(*writer_.db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (q.executeStep() && q.getColumn(0).getInt() != 0)
      return Status::IOError("the checkpoint could not finish: the database is busy");
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::IOError(std::string("checkpoint: ") + e.what());
  }
}

Status Store::apply(const ContentChanges& c) {
  Status st = write([&](SQLite::Database& db) {
    Writer w(db, [this](const std::string& sql) -> SQLite::Statement& { return writer_.statement(sql); });
    // A file parsed again without a change (after site.yaml changed) keeps its time.
    std::map<std::string, std::pair<std::string, std::int64_t>> before;
    {
      SQLite::Statement q(db, "SELECT path, hash, updated_at FROM source_files");
      while (q.executeStep())
        before[q.getColumn(0).getString()] = {q.getColumn(1).getString(), q.getColumn(2).getInt64()};
    }
    for (const auto& path : c.removed_paths) delete_source(w, path);
    for (const auto& [path, hash] : c.hashes) delete_source(w, path);
    if (c.site) write_site(w, *c.site);
    for (const auto& p : c.pages) write_page(w, p);
    for (const auto& m : c.modules) write_module(w, m);
    for (const auto& l : c.lessons) write_lesson(w, l);
    for (const auto& q : c.quizzes) write_quiz(w, q);
    for (const auto& e : c.events) {
      auto hash = c.hashes.find(e.source_path);
      write_event(w, e, hash == c.hashes.end() ? "" : hash->second);
    }
    for (const auto& [path, hash] : c.hashes) {
      auto old = before.find(path);
      const bool same = old != before.end() && old->second.first == hash;
      w.execute("INSERT INTO source_files(path, hash, updated_at) VALUES (?, ?, ?)", path, hash,
                static_cast<int64_t>(same ? old->second.second : c.now));
    }
  });
  if (!st.ok()) return Status::Internal("import not written: " + st.message());
  return st;
}

std::map<std::string, std::string> Store::source_hashes() {
  Lease lease = borrow();
  std::map<std::string, std::string> out;
  auto q = prepared(lease, "SELECT path, hash FROM source_files");
  while (q->executeStep()) out[q->getColumn(0).getString()] = q->getColumn(1).getString();
  return out;
}

std::optional<Site> Store::site() {
  Lease lease = borrow();
  auto q = prepared(lease, "SELECT name, municipality, language, base_url, description, intro_html, help_page,"
      " quick_exit_url, contact_office, contact_address, contact_phone, contact_email,"
      " municipality_url, logo_file, logo_alt, image_file, image_alt,"
      " retention_months, time_zone, checkin_margin_minutes FROM site");
  if (!q->executeStep()) return std::nullopt;
  Site s;
  int i = 0;
  for (std::string* v : {&s.name, &s.municipality, &s.language, &s.base_url, &s.description,
                         &s.intro_html, &s.help_page, &s.quick_exit_url, &s.contacts.office,
                         &s.contacts.address, &s.contacts.phone, &s.contacts.email, &s.municipality_url,
                         &s.logo.file, &s.logo.alt, &s.image.file, &s.image.alt})
    *v = q->getColumn(i++).getString();
  s.retention_months = q->getColumn(i).getInt();
  s.time_zone = q->getColumn(i + 1).getString();
  s.checkin_margin_minutes = q->getColumn(i + 2).getInt();
  auto et = prepared(lease, "SELECT id, label FROM event_types ORDER BY position");
  while (et->executeStep()) s.event_types.push_back({et->getColumn(0).getString(), et->getColumn(1).getString()});
  auto h = prepared(lease, "SELECT name, number, description, hours FROM helplines ORDER BY position");
  while (h->executeStep())
    s.helplines.push_back({h->getColumn(0).getString(), h->getColumn(1).getString(),
                           h->getColumn(2).getString(), h->getColumn(3).getString()});
  auto g = prepared(lease, "SELECT id, label FROM target_groups ORDER BY position");
  while (g->executeStep()) s.target_groups.push_back({g->getColumn(0).getString(), g->getColumn(1).getString()});
  return s;
}

void Store::load_module_details(const Lease& lease, std::vector<Module>& modules) {
  std::map<std::string, Module*> by_slug;
  for (auto& m : modules) by_slug[m.slug] = &m;
  // One module: only its rows; several: every row once (a query per list, not per module).
  const bool one = modules.size() == 1;
  auto each_row = [&](const std::string& select_from, const char* order, auto&& take) {
    auto q = prepared(lease, select_from + (one ? " WHERE module_slug = ?" : "") + " ORDER BY module_slug, " + order);
    if (one) q->bind(1, modules.front().slug);
    while (q->executeStep()) {
      auto it = by_slug.find(q->getColumn(0).getString());
      if (it != by_slug.end()) take(*it->second, *q);  // not a draft left out
    }
  };
  each_row("SELECT module_slug, text FROM module_objectives", "position",
           [](Module& m, SQLite::Statement& q) { m.objectives.push_back(q.getColumn(1).getString()); });
  each_row("SELECT module_slug, name FROM module_authors", "position",
           [](Module& m, SQLite::Statement& q) { m.authors.push_back(q.getColumn(1).getString()); });
  each_row("SELECT module_slug, group_id FROM module_target_groups", "position",
           [](Module& m, SQLite::Statement& q) { m.target_groups.push_back(q.getColumn(1).getString()); });
  each_row("SELECT module_slug, lessons, quizzes, in_person_hours FROM module_completion", "module_slug",
           [](Module& m, SQLite::Statement& q) {
             const std::string quizzes = q.getColumn(2).getString();
             m.completion.all_lessons = q.getColumn(1).getString() == "all";
             m.completion.quizzes = quizzes == "none"     ? CompletionRule::Quizzes::none
                                    : quizzes == "listed" ? CompletionRule::Quizzes::listed
                                                          : CompletionRule::Quizzes::all;
             m.completion.in_person_hours = q.getColumn(3).getDouble();
           });
  each_row("SELECT module_slug, kind, slug FROM module_completion_items", "kind, rowid",
           [](Module& m, SQLite::Statement& q) {
             auto& list = q.getColumn(1).getString() == "lesson" ? m.completion.lessons : m.completion.quiz_slugs;
             list.push_back(q.getColumn(2).getString());
           });
  each_row("SELECT module_slug, slug, source_path, title, minutes, sort_order, reviewed FROM lessons", "sort_order, slug",
           [](Module& m, SQLite::Statement& q) {
             Lesson l;
             l.module_slug = m.slug;
             l.slug = q.getColumn(1).getString();
             l.source_path = q.getColumn(2).getString();
             l.title = q.getColumn(3).getString();
             l.minutes = q.getColumn(4).getInt();
             l.order = q.getColumn(5).getInt();
             l.reviewed = q.getColumn(6).getString();
             m.lessons.push_back(std::move(l));
           });
}

std::vector<Module> Store::modules(bool include_drafts) {
  Lease lease = borrow();
  std::vector<Module> out;
  auto q = prepared(lease, std::string(kModuleColumns) +
      (include_drafts ? "" : " WHERE status = 'published'") + " ORDER BY sort_order, title, slug");
  while (q->executeStep()) out.push_back(read_module_row(*q));
  load_module_details(lease, out);
  return out;
}

std::optional<Module> Store::module(const std::string& slug, bool include_drafts) {
  Lease lease = borrow();
  auto q = prepared(lease, std::string(kModuleColumns) + " WHERE slug = ?" +
      (include_drafts ? "" : " AND status = 'published'"));
  q->bind(1, slug);
  if (!q->executeStep()) return std::nullopt;
  std::vector<Module> one{read_module_row(*q)};
  load_module_details(lease, one);
  return std::move(one.front());
}

std::vector<Quiz> Store::quizzes(const std::string& module_slug, bool include_drafts) {
  Lease lease = borrow();
  std::vector<Quiz> out;
  auto q = prepared(lease, std::string("SELECT z.slug, z.source_path, z.title, z.intro_html, z.pass_mark, z.attempts,"
                                       " z.shuffle, z.after_lesson, z.version"
                                       " FROM quizzes z JOIN modules m ON m.slug = z.module_slug"
                                       " WHERE z.module_slug = ?") +
                               (include_drafts ? "" : " AND m.status = 'published'") + " ORDER BY z.slug");
  q->bind(1, module_slug);
  while (q->executeStep()) {
    Quiz z;
    z.module_slug = module_slug;
    z.slug = q->getColumn(0).getString();
    z.source_path = q->getColumn(1).getString();
    z.title = q->getColumn(2).getString();
    z.intro_html = q->getColumn(3).getString();
    z.pass_mark = q->getColumn(4).getInt();
    z.attempts = q->getColumn(5).getInt();
    z.shuffle = q->getColumn(6).getInt() != 0;
    z.after_lesson = q->getColumn(7).getString();
    z.version = q->getColumn(8).getString();
    out.push_back(std::move(z));
  }
  for (auto& z : out) {
    auto questions = prepared(lease, "SELECT kind, text, text_html, explanation, explanation_html, source_line"
                                     " FROM quiz_questions WHERE module_slug = ? AND quiz_slug = ? ORDER BY position");
    questions->bind(1, module_slug);
    questions->bind(2, z.slug);
    while (questions->executeStep()) {
      QuizQuestion question;
      question.kind = parse_question_kind(questions->getColumn(0).getString());
      question.text = questions->getColumn(1).getString();
      question.text_html = questions->getColumn(2).getString();
      question.explanation = questions->getColumn(3).getString();
      question.explanation_html = questions->getColumn(4).getString();
      question.line = questions->getColumn(5).getInt();
      z.questions.push_back(std::move(question));
    }
    auto options = prepared(lease, "SELECT question, text, html, correct FROM quiz_options"
                                   " WHERE module_slug = ? AND quiz_slug = ? ORDER BY question, position");
    options->bind(1, module_slug);
    options->bind(2, z.slug);
    while (options->executeStep()) {
      const auto index = static_cast<size_t>(options->getColumn(0).getInt());
      if (index >= z.questions.size()) continue;
      QuizQuestion& question = z.questions[index];
      if (question.kind == QuestionKind::short_answer)
        question.accepted_answers.push_back(options->getColumn(1).getString());
      else
        question.options.push_back({options->getColumn(1).getString(), options->getColumn(2).getString(),
                                    options->getColumn(3).getInt() != 0});
    }
  }
  return out;
}

std::optional<Lesson> Store::lesson(const std::string& module_slug, const std::string& slug,
                                    bool include_drafts) {
  Lease lease = borrow();
  auto q = prepared(lease, std::string("SELECT l.source_path, l.title, l.minutes, l.sort_order, l.body_html, l.reviewed"
                  " FROM lessons l JOIN modules m ON m.slug = l.module_slug"
                  " WHERE l.module_slug = ? AND l.slug = ?") +
      (include_drafts ? "" : " AND m.status = 'published'"));
  q->bind(1, module_slug);
  q->bind(2, slug);
  if (!q->executeStep()) return std::nullopt;
  Lesson l;
  l.module_slug = module_slug;
  l.slug = slug;
  l.source_path = q->getColumn(0).getString();
  l.title = q->getColumn(1).getString();
  l.minutes = q->getColumn(2).getInt();
  l.order = q->getColumn(3).getInt();
  l.body_html = q->getColumn(4).getString();
  l.reviewed = q->getColumn(5).getString();
  return l;
}

std::vector<Page> Store::pages() {
  Lease lease = borrow();
  std::vector<Page> out;
  auto q = prepared(lease, std::string(kPageColumns) + " FROM pages ORDER BY menu IS NULL, menu, title");
  while (q->executeStep()) out.push_back(read_page_row(*q));
  return out;
}

std::vector<Event> Store::events(const EventQuery& query) {
  Lease lease = borrow();
  std::string sql = std::string(kEventColumns) +
      " FROM events e LEFT JOIN event_versions v ON v.uid = e.uid"
      " LEFT JOIN source_files f ON f.path = e.source_path WHERE 1";
  if (query.ends_after) sql += " AND e.end_utc >= :ends_after";
  if (query.starts_before) sql += " AND e.start_utc < :starts_before";
  if (query.ended_before) sql += " AND e.end_utc < :ended_before";
  if (!query.type.empty()) sql += " AND e.type = :type";
  if (!query.audience.empty())
    sql += " AND EXISTS (SELECT 1 FROM event_audience a WHERE a.event_uid = e.uid AND a.audience = :audience)";
  sql += query.newest_first ? " ORDER BY e.start_utc DESC, e.uid DESC" : " ORDER BY e.start_utc, e.uid";
  sql += " LIMIT :limit";
  auto q = prepared(lease, sql);
  if (query.ends_after) q->bind(":ends_after", static_cast<int64_t>(*query.ends_after));
  if (query.starts_before) q->bind(":starts_before", static_cast<int64_t>(*query.starts_before));
  if (query.ended_before) q->bind(":ended_before", static_cast<int64_t>(*query.ended_before));
  if (!query.type.empty()) q->bind(":type", query.type);
  if (!query.audience.empty()) q->bind(":audience", query.audience);
  q->bind(":limit", query.limit > 0 ? query.limit : -1);
  std::vector<Event> out;
  while (q->executeStep()) out.push_back(read_event_row(*q));
  auto meetings = prepared(lease, kEventMeetingsSql);
  auto modules = prepared(lease, kEventModulesSql);
  for (Event& e : out) read_event_parts(*meetings, *modules, e);
  return out;
}

std::optional<Event> Store::event(int year, const std::string& slug) {
  Lease lease = borrow();
  auto q = prepared(lease, std::string(kEventColumns) +
      ", e.body_html FROM events e LEFT JOIN event_versions v ON v.uid = e.uid"
      " LEFT JOIN source_files f ON f.path = e.source_path WHERE e.year = ? AND e.slug = ?");
  q->bind(1, year);
  q->bind(2, slug);
  if (!q->executeStep()) return std::nullopt;
  Event e = read_event_row(*q);
  e.body_html = q->getColumn(24).getString();
  auto meetings = prepared(lease, kEventMeetingsSql);
  auto modules = prepared(lease, kEventModulesSql);
  read_event_parts(*meetings, *modules, e);
  return e;
}

std::optional<Page> Store::page(const std::string& slug) {
  Lease lease = borrow();
  auto q = prepared(lease, std::string(kPageColumns) + ", body_html FROM pages WHERE slug = ?");
  q->bind(1, slug);
  if (!q->executeStep()) return std::nullopt;
  Page p = read_page_row(*q);
  p.body_html = q->getColumn(7).getString();
  return p;
}

}  // namespace sentinella
