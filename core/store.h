// The SQLite store: the one place that knows the schema. Thread-safe: every call takes the lock.
// Errors: open(), write() and apply() return Status/Result (library exceptions caught); the reads
// throw SQLite::Exception when the database cannot be read, and read() lets through whatever its
// function throws.
#pragma once

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
  std::vector<Event> events;                  // added or changed (sequence, updated_at ignored)
  std::vector<std::string> removed_paths;     // source files no longer in content/
  std::map<std::string, std::string> hashes;  // path -> content hash of each file written
  std::int64_t now = 0;                       // the time of the import: a changed file's updated_at

  bool empty() const {
    return !site && pages.empty() && modules.empty() && lessons.empty() && events.empty() &&
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
  // ":memory:"; turns on WAL, foreign keys and a busy timeout, then applies pending migrations.
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version();

  // Runs `f(db)` under the lock. For the reads of the other core/ files; exceptions propagate.
  template <typename F>
  auto read(F&& f) {
    std::lock_guard lock(mutex_);
    return f(*db_);
  }
  // Runs `f(db)` under the lock in one transaction: committed if `f` returns, rolled back if it
  // throws. A StatusError's Status is returned as it is; any other exception becomes Internal.
  template <typename F>
  Status write(F&& f) {
    std::lock_guard lock(mutex_);
    try {
      // IMMEDIATE takes the write lock at once: another process writing at the same moment makes
      // this one wait (busy timeout) rather than fail halfway.
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      f(*db_);
      tx.commit();
      return Status::Ok();
    } catch (const StatusError& e) {
      return e.status;
    } catch (const std::exception& e) {
      return Status::Internal(e.what());
    }
  }

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
  // Pages sorted by menu position then title, without bodies; one page with its body.
  std::vector<Page> pages();
  std::optional<Page> page(const std::string& slug);

  // Events by start time (or newest first), without bodies; one event with its body.
  std::vector<Event> events(const EventQuery& query);
  std::optional<Event> event(int year, const std::string& slug);

private:
  // A statement of the read queries above, prepared once and kept (parsing SQL was about a quarter
  // of the static export's time). The handle resets it when it goes, so no read transaction stays
  // open between calls. Only under mutex_, and one handle per SQL text at a time.
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

  explicit Store(std::unique_ptr<SQLite::Database> db);
  // The statement for `sql`, prepared on first use and kept; only under mutex_. Store::apply's writes
  // use it directly (reset before each use), the reads through a Prepared.
  SQLite::Statement& statement(const std::string& sql);
  Prepared prepared(const std::string& sql);
  // Fills in the objectives, authors, target groups and lessons of `modules`.
  void load_module_details(std::vector<Module>& modules);

  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;  // guarded by mutex_
  // guarded by mutex_; declared after db_ so the statements are finalized before it closes
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace sentinella
