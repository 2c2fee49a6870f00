// What survives a crash: the server or an import killed with SIGKILL at a random moment.
#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <thread>

#include "core/accounts.h"
#include "core/event_registrations.h"
#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

std::string integrity(const std::string& db_path) {
  auto store = Store::open(db_path);
  REQUIRE(store.ok());
  return store.value()->read([](SQLite::Database& db) {
    SQLite::Statement q(db, "PRAGMA integrity_check");
    q.executeStep();
    return q.getColumn(0).getString();
  });
}

int count(const std::string& db_path, const std::string& sql) {
  auto store = Store::open(db_path);
  REQUIRE(store.ok());
  return store.value()->read([&](SQLite::Database& db) {
    SQLite::Statement q(db, sql);
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

std::string event_file(int i) {
  return "---\ntitle: Incontro " + std::to_string(i) +
         "\ntype: incontro\nstart: 2030-01-10 18:00\nend: 2030-01-10 20:00\nlocation:\n  name: Sala\n"
         "audience: [pubblico]\norganizer: Comune\nregistration: true\ncapacity: 100\n---\n";
}

}  // namespace

TEST_CASE("registrations acknowledged before a SIGKILL are still there after the restart") {
  constexpr int kEvents = 150;
  RunningSite site({{"learner", "learner", "polizia-locale"}}, [](ContentTree& tree) {
    for (int i = 0; i < kEvents; ++i) tree.write("events/2030/incontro-" + std::to_string(i) + ".md", event_file(i));
  });
  Browser b = site.browser();
  REQUIRE(b.login("learner", kTestPassword));
  // The client registers for one event after another; the server is killed while it does.
  std::vector<int> acknowledged;
  std::atomic<int> acknowledged_count{0};
  std::atomic<bool> killed{false};
  // Killed once 20 registrations are acknowledged, with the client still sending.
  std::thread killer([&] {
    while (acknowledged_count < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    site.server().kill_hard();
    killed = true;
  });
  for (int i = 0; i < kEvents && !killed; ++i) {
    auto res = b.post("/eventi/2030/incontro-" + std::to_string(i) + "/iscrizione", "");
    if (res && res->status == 303) {
      acknowledged.push_back(i);
      ++acknowledged_count;
    }
  }
  if (!killed) acknowledged_count = 20;  // never reached: let the killer finish
  killer.join();
  INFO("acknowledged before the kill: " << acknowledged.size());
  REQUIRE(acknowledged.size() >= 20);
  CHECK(acknowledged.size() < static_cast<size_t>(kEvents));
  CHECK(integrity(site.db_path()) == "ok");
  site.restart();
  auto store = Store::open(site.db_path());
  REQUIRE(store.ok());
  EventRegistrations registrations(*store.value());
  auto learner = Accounts(*store.value()).find_by_username("learner");
  REQUIRE(learner);
  for (int i : acknowledged) {
    auto r = registrations.find("2030-incontro-" + std::to_string(i), learner->id);
    CHECK_MESSAGE(r, "registration " << i << " was acknowledged but is gone");
  }
  // And the restarted server serves them.
  Browser again = site.browser();
  REQUIRE(again.login("learner", kTestPassword));
  if (!acknowledged.empty()) {
    auto page = again.get("/eventi/2030/incontro-" + std::to_string(acknowledged.front()) + "/iscrizione");
    CHECK(page->status == 200);
  }
}

TEST_CASE("an import killed with SIGKILL leaves the database as it was, or fully imported") {
  ContentTree tree;
  // Enough files that the import takes a noticeable time.
  for (int m = 0; m < 60; ++m) {
    const std::string dir = "modules/modulo-" + std::to_string(m) + "/";
    tree.write(dir + "index.md",
               "---\ntitle: Modulo " + std::to_string(m) + "\nsummary: Prova.\ntarget_groups: [polizia-locale]\n"
               "objectives: [Uno]\nduration_hours: 1\nstatus: published\n---\n");
    for (int l = 1; l <= 5; ++l)
      tree.write(dir + "0" + std::to_string(l) + "-lezione-" + std::to_string(l) + ".md",
                 "---\ntitle: Lezione\nminutes: 10\n---\n" + std::string(20000, 'x') + "\n");
  }
  TempDir data;
  const std::string db = (data.path() / "s.db").string();
  REQUIRE(run_sentinella({"import", "--content", (source_dir() / "tests" / "fixtures" / "content-base").string(),
                          "--db", db}).exit_code == 0);
  const int before = count(db, "SELECT COUNT(*) FROM source_files");
  constexpr int kAllFiles = 8 + 60 * 6;  // the base fixture and the modules written above
  std::mt19937 random(42);
  int complete = 0, untouched = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    pid_t pid = start_sentinella({"import", "--content", tree.root().string(), "--db", db});
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 400));
    kill_hard(pid);
    CHECK(integrity(db) == "ok");
    const int files = count(db, "SELECT COUNT(*) FROM source_files");
    INFO("attempt " << attempt << ": " << files << " source files");
    CHECK((files == before || files == kAllFiles));
    if (files == before) ++untouched;
    else ++complete;
    if (files != before) break;  // imported: later attempts would change nothing
  }
  CHECK(untouched + complete > 0);
  // Whatever happened, a normal import afterwards brings the database to the content.
  REQUIRE(run_sentinella({"import", "--content", tree.root().string(), "--db", db}).exit_code == 0);
  CHECK(count(db, "SELECT COUNT(*) FROM source_files") == kAllFiles);
  CHECK(integrity(db) == "ok");
}
