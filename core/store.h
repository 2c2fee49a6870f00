// The SQLite store: the one place that knows the schema. Thread-safe: reads run on a small pool of
// reader connections, writes on one writer connection, so a read never waits for a write (WAL).
// Errors: open(), write(), apply() and checkpoint() return Status/Result (library exceptions
// caught); the reads throw SQLite::Exception when the database cannot be read, and read() lets
// through whatever its function throws.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/domain.h"
#include "core/status.h"

namespace sentinella {

// What an import changes, computed by the importer and applied by Store::apply in one transaction.
struct ContentChanges {
  std::optional<Site> site;                   // set when site.yaml was added or changed
  std::vector<Page> pages;                    // added or changed
  std::vector<Module> modules;                // added or changed index.md (their lessons ignored)
  std::vector<Lesson> lessons;                // added or changed
  std::vector<Quiz> quizzes;                  // added or changed (or checked again)
  std::vector<Event> events;                  // added or changed (sequence, updated_at ignored)
  std::vector<std::string> removed_paths;     // source files no longer in content/
  std::map<std::string, std::string> hashes;  // path -> content hash of each file written
  std::int64_t now = 0;                       // the time of the import: a changed file's updated_at

  bool empty() const {
    return !site && pages.empty() && modules.empty() && lessons.empty() && quizzes.empty() && events.empty() &&
           removed_paths.empty();
  }
};

// Which events to read.
struct EventQuery {
  std::optional<std::int64_t> ends_after;    // end_utc >= this (upcoming: ends after now)
  std::optional<std::int64_t> starts_before; // start_utc < this
  std::optional<std::int64_t> ended_before;  // end_utc < this (the archive)
  std::string type;                          // an EventType id; empty: any
  std::string audience;                      // a group id or "pubblico"; empty: any
  bool newest_first = false;
  int limit = 0;                             // 0: no limit
};

// Thrown inside Store::write to abandon the transaction with a Status the caller will see.
struct StatusError : std::exception {
  explicit StatusError(Status s) : status(std::move(s)) {}
  const char* what() const noexcept override { return status.message().c_str(); }
  Status status;
};

class Store {
public:
  // Opens (creating it and its folder if needed) the database at `path`, or an in-memory one for
  // ":memory:"; turns on WAL, foreign keys, secure_delete (deleted data
  // is zeroed, not left in free space) and a busy timeout, then applies pending migrations.
  // A file database gets one writer connection and kReaders reader connections. ":memory:" gets
  // a single connection for both, behind the write lock (separate connections would each see an
  // empty database of their own; a shared-cache URI would bring table locks that do not wait):
  // only tests use it. Never throws: a database that cannot be opened is an IOError.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Reader connections of a file database: enough for the request threads' reads to overlap.
  static constexpr int kReaders = 4;

  int schema_version();

  // Runs `f(db)` on a reader connection borrowed for the call (waiting only for a free one, never
  // for the write lock: with WAL a read sees the last commit even while another connection, here
  // or in another process, holds a write transaction). For the reads of the other core/ files;
  // `f` must not write (the connection is query_only, so a write throws). Exceptions propagate.
  template <typename F>
  auto read(F&& f) {
    Lease lease = borrow();
    return f(lease.db());
  }
  // Runs `f(db)` on the writer connection in one transaction: committed if `f` returns, rolled
  // back if it throws. A StatusError's Status is returned as it is; any other exception becomes
  // Internal. Writes of this process take turns; keep `f` short, it holds the write lock.
  template <typename F>
  Status write(F&& f) {
    std::lock_guard lock(write_mutex_);
    try {
      // IMMEDIATE takes the write lock at once: another process writing at the same moment makes
      // this one wait (busy timeout) rather than fail halfway.
      SQLite::Transaction tx(*writer_.db, SQLite::TransactionBehavior::IMMEDIATE);
      f(*writer_.db);
      tx.commit();
      return Status::Ok();
    } catch (const StatusError& e) {
      return e.status;
    } catch (const std::exception& e) {
      return Status::Internal(e.what());
    }
  }

  // Copies the write-ahead log into the database file and truncates the log to nothing, so what was
  // overwritten or deleted (zeroed: the store opens with secure_delete) is gone from the files too.
  // IOError when readers kept it from finishing (worth trying again later). Does not throw.
  Status checkpoint();

  // A number that changes when another connection (in practice another process, such as
  // `sentinella import` while `serve` runs) has committed to the database since the last call;
  // this process's own writes do not change it (they go through the writer connection, on which
  // it is read, and the readers never write). nullopt when a write of this process holds the
  // writer connection at that moment: the check never waits, ask again later. Never throws.
  std::optional<std::int64_t> external_change_counter();

  // Writes `changes` in one transaction; on any failure nothing is written and the Status says why.
  Status apply(const ContentChanges& changes);

  // Path -> content hash of every imported source file.
  std::map<std::string, std::string> source_hashes();

  // nullopt before the first import.
  std::optional<Site> site();
  // Modules sorted by order then title, with their lessons (without bodies). Drafts only if asked.
  std::vector<Module> modules(bool include_drafts = false);
  // One module with its lessons (without bodies); nullopt if missing, or a draft not asked for.
  std::optional<Module> module(const std::string& slug, bool include_drafts = false);
  // One lesson with its body; nullopt if missing or its module is a draft not asked for.
  std::optional<Lesson> lesson(const std::string& module_slug, const std::string& slug,
                               bool include_drafts = false);
  // The quizzes of a module with their questions, sorted by slug; drafts' only if asked. Empty
  // if the module is missing.
  std::vector<Quiz> quizzes(const std::string& module_slug, bool include_drafts = false);

  // Pages sorted by menu position then title, without bodies; one page with its body.
  std::vector<Page> pages();
  std::optional<Page> page(const std::string& slug);

  // Events by start time (or newest first), without bodies; one event with its body.
  std::vector<Event> events(const EventQuery& query);
  std::optional<Event> event(int year, const std::string& slug);

private:
  // One SQLite connection and the statements prepared on it, kept (parsing SQL was about a quarter
  // of the static export's time). Used by one thread at a time: the writer under write_mutex_, a
  // reader while it is lent.
  struct Connection {
    // The statement for `sql`, prepared on first use. The SQL texts are the fixed ones of this
    // file (their values are bound), so the map stays small.
    SQLite::Statement& statement(const std::string& sql);

    std::unique_ptr<SQLite::Database> db;
    // declared after db so the statements are finalized before it closes
    std::map<std::string, std::unique_ptr<SQLite::Statement>> statements;
  };

  // A connection lent for one read: a reader taken from the pool and given back when the lease
  // goes, or (":memory:") the writer connection with the write lock held.
  class Lease {
  public:
    Lease(Store& store, Connection& connection, std::unique_lock<std::mutex> writer_lock)
        : store_(store), connection_(connection), writer_lock_(std::move(writer_lock)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& connection() const { return connection_; }
    SQLite::Database& db() const { return *connection_.db; }

  private:
    Store& store_;
    Connection& connection_;
    std::unique_lock<std::mutex> writer_lock_;  // owned only when reading on the writer
  };

  // A statement of the read queries above, prepared once on its connection and kept. The handle
  // resets it when it goes, so no read transaction stays open between calls. Declared after the
  // Lease it was taken from, one handle per SQL text at a time.
  class Prepared {
  public:
    explicit Prepared(SQLite::Statement& s) : s_(s) {}
    ~Prepared() { s_.tryReset(); }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
    SQLite::Statement& operator*() const { return s_; }
    SQLite::Statement* operator->() const { return &s_; }

  private:
    SQLite::Statement& s_;
  };

  Store(Connection writer, std::vector<std::unique_ptr<Connection>> readers);
  // A reader connection, waiting until one is free; the writer (under its lock) if there are none.
  Lease borrow();
  static Prepared prepared(const Lease& lease, const std::string& sql) {
    return Prepared(lease.connection().statement(sql));
  }
  // Fills in the objectives, authors, target groups and lessons of `modules`.
  static void load_module_details(const Lease& lease, std::vector<Module>& modules);

  // constant after construction
  std::vector<std::unique_ptr<Connection>> readers_;  // empty for ":memory:"

  std::mutex write_mutex_;
  Connection writer_;  // guarded by write_mutex_

  std::mutex pool_mutex_;
  std::condition_variable reader_returned_;
  std::vector<Connection*> idle_readers_;  // guarded by pool_mutex_
};

}  // namespace sentinella
