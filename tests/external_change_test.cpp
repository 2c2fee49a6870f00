// serve and other processes on the same database: an import by another process is served within
// seconds, and a write lock held by another process does not hold up reads.
#include <doctest/doctest.h>
#include <httplib.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include "running_site.h"

using namespace sentinella::test;

namespace {

const char* const kModule =
    "---\ntitle: Modulo Gamma\nsummary: Un modulo aggiunto.\ntarget_groups:\n  - polizia-locale\n"
    "objectives:\n  - Capire\nduration_hours: 1\norder: 3\nstatus: published\nauthors:\n  - Ufficio Prova\n"
    "---\nIntroduzione al modulo Gamma.\n";
const char* const kLesson = "---\ntitle: Unica lezione\nminutes: 10\n---\nTesto.\n";
const char* const kEvent =
    "---\ntitle: Incontro aggiunto\ntype: incontro\nstart: 2099-03-10 18:00\nend: 2099-03-10 20:00\n"
    "location:\n  name: Sala civica\naudience:\n  - pubblico\norganizer: Comune di Prova\n---\nUn incontro.\n";

}  // namespace

TEST_CASE("serve shows what `sentinella import` in another process wrote, cached pages included") {
  RunningSite site;
  const std::vector<std::string> pages = {"/", "/moduli", "/eventi", "/events.ics"};
  for (const auto& path : pages) {  // now in the page cache
    const auto body = site.fetch(path, 200).body;
    CHECK_FALSE(contains(body, "Modulo Gamma"));
    CHECK_FALSE(contains(body, "Incontro aggiunto"));
  }

  site.tree().write("modules/gamma/index.md", kModule);
  site.tree().write("modules/gamma/01-unica.md", kLesson);
  site.tree().write("events/2099/incontro-aggiunto.md", kEvent);
  auto imported = run_sentinella({"import", "--content", site.tree().root().string(), "--db", site.db_path()});
  REQUIRE(imported.exit_code == 0);

  auto shows = [&](const std::string& path, const std::string& text) {
    return poll_until([&] {
      auto res = site.get(path);
      return res && res->status == 200 && contains(res->body, text);
    });
  };
  CHECK(shows("/moduli", "Modulo Gamma"));
  CHECK(shows("/", "Modulo Gamma"));
  CHECK(shows("/", "Incontro aggiunto"));
  CHECK(shows("/eventi", "Incontro aggiunto"));
  CHECK(shows("/events.ics", "SUMMARY:Incontro aggiunto"));
  CHECK(contains(site.server().log(), "reloaded: the database was changed by another process"));
}

TEST_CASE("a signed-in page answers while another process holds the write lock") {
  RunningSite site(standard_accounts());
  Browser learner = site.browser(), admin = site.browser();
  REQUIRE(learner.login("learner", kTestPassword));
  REQUIRE(admin.login("admin", kTestPassword));

  // Another process (an import) holds a write transaction open.
  SQLite::Database other(site.db_path(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  other.exec("INSERT INTO audit_log(at, action) VALUES (1, 'test')");

  // A request that writes (signing out deletes the session) now waits for the lock in the server...
  auto logout = std::async(std::launch::async, [&] { return admin.post("/esci", ""); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let it reach the lock

  // ...and a signed-in page, which only reads, answers meanwhile.
  std::atomic<bool> answered{false};
  int status = 0;
  std::thread reader([&] {
    auto res = learner.get("/area");
    status = res ? res->status : -1;
    answered = true;
  });
  const bool answered_while_held = poll_until([&] { return answered.load(); }, std::chrono::seconds(3));
  other.exec("COMMIT");
  reader.join();
  CHECK(answered_while_held);
  CHECK(status == 200);
  auto out = logout.get();
  REQUIRE(out);
  CHECK(out->status == 303);
}
