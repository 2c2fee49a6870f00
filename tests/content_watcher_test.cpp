// The fingerprint serve --watch compares, and the watcher's thread.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "server/content_watcher.h"
#include "server/periodic_task.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

TEST_CASE("folder_fingerprint") {
  ContentTree tree;
  const std::vector<std::filesystem::path> folders = {tree.root()};
  const auto before = folder_fingerprint(folders);
  CHECK(folder_fingerprint(folders) == before);

  SUBCASE("a changed file changes it") {
    tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\n---\n");
    CHECK(folder_fingerprint(folders) != before);
  }
  SUBCASE("a new file and a removed one change it") {
    tree.write("pages/nuova.md", "---\ntitle: Nuova\n---\n");
    const auto added = folder_fingerprint(folders);
    CHECK(added != before);
    tree.remove("pages/nuova.md");
    CHECK(folder_fingerprint(folders) == before);
  }
  SUBCASE("hidden files and editor backups do not") {
    tree.write("pages/.chi-siamo.md.swp", "x");
    tree.write("pages/chi-siamo.md~", "x");
    tree.write(".git/HEAD", "ref: refs/heads/main\n");
    CHECK(folder_fingerprint(folders) == before);
  }
  SUBCASE("a folder that does not exist counts as empty") {
    CHECK(folder_fingerprint({tree.root() / "nessuna"}) == folder_fingerprint({}));
  }
}

TEST_CASE("ContentWatcher calls back after a change, on its thread, and stops with the object") {
  ContentTree tree;
  const std::vector<std::filesystem::path> folders = {tree.root()};
  std::atomic<int> calls{0};
  {
    ContentWatcher watcher(folders, folder_fingerprint(folders), std::chrono::milliseconds(20),
                           [&] { ++calls; });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(calls == 0);
    tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\n---\n");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (calls == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(calls == 1);
  }
  tree.write("pages/chi-siamo.md", "---\ntitle: Ancora\n---\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(calls == 1);
}

TEST_CASE("ContentWatcher goes on after its callback throws") {
  ContentTree tree;
  const std::vector<std::filesystem::path> folders = {tree.root()};
  std::atomic<int> calls{0};
  auto called = [&](int n) { return poll_until([&] { return calls == n; }); };
  ContentWatcher watcher(folders, folder_fingerprint(folders), std::chrono::milliseconds(20), [&] {
    ++calls;
    throw std::runtime_error("database is locked");  // what a reload's store error looks like
  });
  tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\n---\n");
  CHECK(called(1));
  tree.write("pages/chi-siamo.md", "---\ntitle: Ancora\n---\n");
  CHECK(called(2));
}

TEST_CASE("PeriodicTask runs again after a round throws, and stops with the object") {
  std::atomic<int> rounds{0};
  {
    PeriodicTask task("test", std::chrono::milliseconds(10), [&] {
      ++rounds;
      throw std::runtime_error("no such table: sessions");
    });
    CHECK(poll_until([&] { return rounds >= 3; }));
  }
  const int stopped_at = rounds;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(rounds == stopped_at);
}
