// The store's connections: reads on a pool of readers that never wait behind a write, one writer,
// and the counter that tells serve another process changed the database.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "core/store.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

std::unique_ptr<Store> open_store(const std::string& path) {
  auto store = Store::open(path);
  INFO(store.status().message());
  REQUIRE(store.ok());
  return std::move(store).value();
}

int count_audit_rows(Store& store) {
  return store.read([](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM audit_log").getInt(); });
}

void add_audit_row(SQLite::Database& db) {
  db.exec("INSERT INTO audit_log(at, action, details) VALUES (1, 'test', '')");
}

// Waits up to `limit` for `done`; the caller asserts on what it returns, never on the time.
bool finishes_within(const std::atomic<bool>& done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done;
}

}  // namespace

TEST_CASE("Store reads do not wait while another connection holds the write lock") {
  TempDir dir;
  const std::string path = (dir.path() / "s.db").string();
  auto store = open_store(path);

  // Another process's import: a write transaction held open.
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  add_audit_row(other);

  // A write of this process (a login's new session) now waits for the lock, up to the busy timeout.
  auto blocked_write = std::async(std::launch::async, [&] { return store->write(add_audit_row); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it reach the lock

  // Reads from other request threads (a session check, a page) answer meanwhile.
  std::atomic<bool> read_done{false};
  int rows = -1;
  std::thread reader([&] {
    rows = count_audit_rows(*store);
    (void)store->site();
    read_done = true;
  });
  const bool read_while_held = finishes_within(read_done, std::chrono::seconds(3));
  other.exec("COMMIT");
  reader.join();
  CHECK(read_while_held);
  CHECK(rows == 0);  // the last commit, not the other transaction's row
  CHECK(blocked_write.get().ok());
  CHECK(count_audit_rows(*store) == 2);
}

TEST_CASE("Store::read runs on connections that refuse writes") {
  TempDir dir;
  auto store = open_store((dir.path() / "s.db").string());
  CHECK_THROWS(store->read([](SQLite::Database& db) {
    add_audit_row(db);
    return 0;
  }));
  CHECK(count_audit_rows(*store) == 0);
}

TEST_CASE("Store reads from many threads at once all see the writes") {
  TempDir dir;
  auto store = open_store((dir.path() / "s.db").string());
  REQUIRE(store->write(add_audit_row).ok());
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 3 * Store::kReaders; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (count_audit_rows(*store) >= 1) ++right;
    });
  for (auto& t : threads) t.join();
  CHECK(right == 3 * Store::kReaders * 50);
}

TEST_CASE("an in-memory Store is one database for reads and writes") {
  auto store = open_store(":memory:");
  REQUIRE(store->write(add_audit_row).ok());
  CHECK(count_audit_rows(*store) == 1);
  CHECK(store->schema_version() > 0);
}

TEST_CASE("Store::external_change_counter moves with other connections' commits only") {
  TempDir dir;
  const std::string path = (dir.path() / "s.db").string();
  auto store = open_store(path);
  const auto start = store->external_change_counter();
  REQUIRE(start);

  REQUIRE(store->write(add_audit_row).ok());
  CHECK(store->external_change_counter() == start);  // this process's own write

  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  add_audit_row(other);
  const auto after = store->external_change_counter();
  CHECK(after != start);
  CHECK(store->external_change_counter() == after);
}
