// Event registrations (places, waiting list, cancellation) on an in-memory store, and
// the CSV writer the organizers' export uses.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <set>
#include <thread>

#include "core/audit.h"
#include "core/accounts.h"
#include "core/event_registrations.h"
#include "importer/importer.h"
#include "store_dump.h"
#include "test_support.h"
#include "server/csv.h"

using namespace sentinella;

namespace {

constexpr UnixSeconds kNow = 1'800'000'000;

Event open_event(int capacity) {
  Event e;
  e.uid = "2027-prova";
  e.slug = "prova";
  e.year = 2027;
  e.title = "Prova";
  e.capacity = capacity;
  e.registration = true;
  e.audience = {kPublicAudience};
  e.start_utc = kNow + 86400;
  e.end_utc = kNow + 90000;
  return e;
}

struct Fixture {
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  EventRegistrations registrations{*store};

  std::int64_t person(const std::string& username) { return test::insert_person(*store, username, kNow); }

  RegistrationState reg(const Event& e, std::int64_t user, UnixSeconds at = kNow) {
    auto r = registrations.register_person(e, user, at);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return r.value();
  }

  // The list as organizers see it: "c:" confirmed, "w<n>:" waiting in position n, "x:" cancelled,
  // then the username.
  std::string state(const std::string& uid = "2027-prova") {
    std::string out;
    for (const auto& r : registrations.list(uid)) {
      if (!out.empty()) out += " ";
      switch (r.state) {
        case RegistrationState::confirmed: out += "c:"; break;
        case RegistrationState::waiting: out += "w" + std::to_string(r.waiting_position) + ":"; break;
        case RegistrationState::cancelled: out += "x:"; break;
      }
      out += r.username;
    }
    return out;
  }

  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    for (const auto& e : audit_entries(*store, 100, 0)) out.insert(out.begin(), e.action + " " + e.details);
    return out;
  }
};

}  // namespace

TEST_CASE("registrations fill the places, then the waiting list in order") {
  Fixture f;
  const Event e = open_event(2);
  const auto ana = f.person("ana"), bea = f.person("bea"), carlo = f.person("carlo"), dario = f.person("dario");

  CHECK(f.reg(e, ana, kNow) == RegistrationState::confirmed);
  CHECK(f.reg(e, bea, kNow + 1) == RegistrationState::confirmed);
  CHECK(f.reg(e, carlo, kNow + 2) == RegistrationState::waiting);
  CHECK(f.reg(e, dario, kNow + 3) == RegistrationState::waiting);
  CHECK(f.state() == "c:ana c:bea w1:carlo w2:dario");
  CHECK(f.registrations.counts(e.uid).confirmed == 2);
  CHECK(f.registrations.counts(e.uid).waiting == 2);
  CHECK(f.registrations.all_counts().at(e.uid).waiting == 2);

  SUBCASE("registering twice changes nothing and says the current state") {
    CHECK(f.reg(e, ana, kNow + 10) == RegistrationState::confirmed);
    CHECK(f.reg(e, dario, kNow + 10) == RegistrationState::waiting);
    CHECK(f.state() == "c:ana c:bea w1:carlo w2:dario");
    CHECK(f.audit_actions().size() == 4);  // no entry for what changed nothing
  }
  SUBCASE("a confirmed person cancelling gives the place to the first waiting, in the same transaction") {
    REQUIRE(f.registrations.cancel(e, bea, kNow + 10).ok());
    CHECK(f.state() == "c:ana c:carlo w1:dario x:bea");
    CHECK(f.audit_actions() == std::vector<std::string>{
        "event.register event=2027-prova state=confirmed", "event.register event=2027-prova state=confirmed",
        "event.register event=2027-prova state=waiting", "event.register event=2027-prova state=waiting",
        "event.cancel event=2027-prova", "event.promote event=2027-prova"});
    // Cancelling again changes nothing.
    REQUIRE(f.registrations.cancel(e, bea, kNow + 11).ok());
    CHECK(f.audit_actions().size() == 6);
  }
  SUBCASE("a waiting person cancelling moves the ones behind up") {
    REQUIRE(f.registrations.cancel(e, carlo, kNow + 10).ok());
    CHECK(f.state() == "c:ana c:bea w1:dario x:carlo");
  }
  SUBCASE("registering again after cancelling goes to the end of the queue, even in the same second") {
    REQUIRE(f.registrations.cancel(e, carlo, kNow + 3).ok());
    CHECK(f.reg(e, carlo, kNow + 3) == RegistrationState::waiting);
    CHECK(f.state() == "c:ana c:bea w1:dario w2:carlo");
    REQUIRE(f.registrations.cancel(e, ana, kNow + 20).ok());
    CHECK(f.reg(e, ana, kNow + 21) == RegistrationState::waiting);
    CHECK(f.state() == "c:bea c:dario w1:carlo w2:ana");
  }
  SUBCASE("cancelling needs a registration, and an event that has not ended") {
    const auto elena = f.person("elena");
    CHECK(f.registrations.cancel(e, elena, kNow).code() == Status::Code::not_found);
    CHECK(f.registrations.cancel(e, ana, e.end_utc).code() == Status::Code::invalid);
    CHECK(f.state() == "c:ana c:bea w1:carlo w2:dario");
  }
  SUBCASE("a capacity raised by a new import is given to the waiting list first") {
    Event bigger = e;
    bigger.capacity = 3;
    const auto elena = f.person("elena");
    CHECK(f.reg(bigger, elena, kNow + 10) == RegistrationState::waiting);
    CHECK(f.state() == "c:ana c:bea c:carlo w1:dario w2:elena");
  }
  SUBCASE("find and mine") {
    auto found = f.registrations.find(e.uid, dario);
    REQUIRE(found);
    CHECK(found->state == RegistrationState::waiting);
    CHECK(found->waiting_position == 2);
    CHECK(found->display_name == "Nome dario");
    CHECK_FALSE(f.registrations.find("2027-altro", dario));
    CHECK(f.registrations.mine(dario).size() == 1);
    CHECK(f.registrations.mine(f.person("elena")).empty());
  }
}

TEST_CASE("registrations for an event without a capacity are all confirmed") {
  Fixture f;
  const Event e = open_event(0);
  for (const char* name : {"ana", "bea", "carlo"}) CHECK(f.reg(e, f.person(name)) == RegistrationState::confirmed);
  CHECK(f.state() == "c:ana c:bea c:carlo");
}

TEST_CASE("registration is refused when the event does not take it") {
  Fixture f;
  const auto ana = f.person("ana");
  auto refused = [&](const Event& e, UnixSeconds now) {
    auto r = f.registrations.register_person(e, ana, now);
    return r.ok() ? std::string("ok") : r.status().message();
  };
  Event e = open_event(5);
  CHECK(EventRegistrations::closed_reason(e, kNow) == RegistrationClosed::open);

  Event closed = e;
  closed.registration = false;
  CHECK(EventRegistrations::closed_reason(closed, kNow) == RegistrationClosed::not_offered);
  CHECK(refused(closed, kNow) == "this event does not take registrations");

  Event cancelled = e;
  cancelled.status = EventStatus::cancelled;
  CHECK(EventRegistrations::closed_reason(cancelled, kNow) == RegistrationClosed::not_scheduled);
  CHECK(refused(cancelled, kNow) == "this event is cancelled or postponed");
  Event postponed = e;
  postponed.status = EventStatus::postponed;
  CHECK(refused(postponed, kNow) == "this event is cancelled or postponed");

  CHECK(EventRegistrations::closed_reason(e, e.end_utc) == RegistrationClosed::ended);
  CHECK(refused(e, e.end_utc) == "this event has ended");
  CHECK(refused(e, e.start_utc) == "ok");  // still possible while it is going on

  CHECK(f.state() == "c:ana");
  CHECK(f.registrations.register_person(e, 999, kNow).status().code() == Status::Code::not_found);
}

TEST_CASE("an event not open to the public takes registrations from its audience only") {
  Fixture f;
  Event course = open_event(0);
  course.audience = {"servizi-sociali", "polizia-locale"};
  Event closed = open_event(0);
  closed.uid = "2027-chiuso";
  closed.audience = {"servizi-sociali"};
  const auto ana = f.person("ana");  // polizia-locale
  const auto staff = f.person("staff");
  REQUIRE(f.store->write([&](SQLite::Database& db) {
    db.exec("UPDATE users SET target_group = '' WHERE username = 'staff'");
  }).ok());

  CHECK(EventRegistrations::admits(course, "polizia-locale"));
  CHECK_FALSE(EventRegistrations::admits(closed, "polizia-locale"));
  CHECK_FALSE(EventRegistrations::admits(closed, ""));
  CHECK(EventRegistrations::admits(open_event(0), ""));  // "pubblico": everyone signed in

  CHECK(f.reg(course, ana) == RegistrationState::confirmed);
  auto refused = f.registrations.register_person(closed, ana, kNow);
  CHECK(refused.status().code() == Status::Code::invalid);
  CHECK(refused.status().message().find("audience") != std::string::npos);
  CHECK(f.registrations.register_person(closed, staff, kNow).status().code() == Status::Code::invalid);
  CHECK(f.state("2027-chiuso").empty());
  CHECK(f.audit_actions().size() == 1);  // the one registration for the course
}

TEST_CASE("concurrent registrations never fill more places than the capacity") {
  Fixture f;
  const Event e = open_event(3);
  constexpr int kPeople = 12;
  std::vector<std::int64_t> ids;
  for (int i = 0; i < kPeople; ++i) ids.push_back(f.person("persona" + std::to_string(i)));

  std::vector<std::thread> threads;
  std::vector<Result<RegistrationState>> results(kPeople, Status::Internal("not run"));
  for (int i = 0; i < kPeople; ++i)
    threads.emplace_back([&, i] {
      // Each person clicks twice: the second is a no-op.
      results[static_cast<size_t>(i)] = f.registrations.register_person(e, ids[static_cast<size_t>(i)], kNow);
      (void)f.registrations.register_person(e, ids[static_cast<size_t>(i)], kNow);
    });
  for (auto& t : threads) t.join();

  int confirmed = 0;
  for (const auto& r : results) {
    REQUIRE(r.ok());
    if (r.value() == RegistrationState::confirmed) ++confirmed;
  }
  CHECK(confirmed == 3);
  const auto list = f.registrations.list(e.uid);
  REQUIRE(list.size() == kPeople);
  std::set<std::int64_t> people;
  for (size_t i = 0; i < list.size(); ++i) {
    people.insert(list[i].user_id);
    if (i < 3) {
      CHECK(list[i].state == RegistrationState::confirmed);
    } else {
      CHECK(list[i].state == RegistrationState::waiting);
      CHECK(list[i].waiting_position == static_cast<int>(i) - 2);
    }
  }
  CHECK(people.size() == static_cast<size_t>(kPeople));
  CHECK(f.registrations.counts(e.uid).confirmed == 3);
  CHECK(f.registrations.counts(e.uid).waiting == kPeople - 3);

  // And cancellations racing each other promote exactly as many as they free.
  std::vector<std::thread> cancels;
  for (int i = 0; i < 2; ++i)
    cancels.emplace_back([&, i] { CHECK(f.registrations.cancel(e, list[static_cast<size_t>(i)].user_id, kNow + 5).ok()); });
  for (auto& t : cancels) t.join();
  CHECK(f.registrations.counts(e.uid).confirmed == 3);
  CHECK(f.registrations.counts(e.uid).waiting == kPeople - 5);
  const auto after = f.registrations.list(e.uid);
  CHECK(after[1].user_id == list[3].user_id);  // the first two waiting, in order
  CHECK(after[2].user_id == list[4].user_id);
}

TEST_CASE("registrations need no event row, and go with their person's row") {
  Fixture f;
  const Event e = open_event(1);
  const auto ana = f.person("ana");
  f.reg(e, ana);
  REQUIRE(f.store->write([&](SQLite::Database& db) { db.exec("DELETE FROM users WHERE username = 'ana'"); }).ok());
  CHECK(f.state().empty());
}

TEST_CASE("CSV for Excel with Italian settings") {
  SUBCASE("plain values are written as they are") {
    CHECK(csv_field("Mario Rossi") == "Mario Rossi");
    CHECK(csv_field("") == "");
    CHECK(csv_field("Sì, è così") == "Sì, è così");  // ',' is not the separator
  }
  SUBCASE("separators, quotes and line ends are quoted, quotes doubled") {
    CHECK(csv_field("a;b") == "\"a;b\"");
    CHECK(csv_field("detto \"il Rosso\"") == "\"detto \"\"il Rosso\"\"\"");
    CHECK(csv_field("riga\nseconda") == "\"riga\nseconda\"");
    CHECK(csv_field("riga\r\nseconda") == "\"riga\r\nseconda\"");
    CHECK(csv_field("a,b", ',') == "\"a,b\"");
  }
  SUBCASE("formulas are neutralized") {
    CHECK(csv_field("=SOMMA(A1:A9)") == "'=SOMMA(A1:A9)");
    CHECK(csv_field("+39 0372 1") == "'+39 0372 1");
    CHECK(csv_field("-2") == "'-2");
    CHECK(csv_field("@cmd") == "'@cmd");
    CHECK(csv_field("\tx") == "'\tx");
    CHECK(csv_field("=HYPERLINK(\"http://x\";\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\"");
    CHECK(csv_field("a=b") == "a=b");
  }
  SUBCASE("a document: BOM, ';' between fields, CRLF after every row") {
    const std::string doc = csv_document({{"Nome", "Ente"}, {"Anna", "Comune; Ufficio"}, {"Bruno", ""}});
    CHECK(doc == "\xEF\xBB\xBFNome;Ente\r\nAnna;\"Comune; Ufficio\"\r\nBruno;\r\n");
    CHECK(csv_document({}) == "\xEF\xBB\xBF");
  }
}

TEST_CASE("erasing an account gives its places for upcoming events to the waiting list") {
  sentinella::test::ContentTree tree;
  tree.write("events/2030/serata.md",
             "---\ntitle: Serata\ntype: incontro\nstart: 2030-01-10 18:00\nend: 2030-01-10 20:00\n"
             "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\nregistration: true\ncapacity: 1\n---\n");
  auto store = std::move(Store::open(":memory:").value());
  REQUIRE(import_content(tree.root(), *store).ok());
  auto event = store->event(2030, "serata");
  REQUIRE(event);
  Accounts accounts(*store);
  const UnixSeconds now = now_seconds();
  auto first = accounts.add_user({"primo", "Primo", "", "", "", "una password lunga", Role::learner}, {}, 0, now);
  auto second = accounts.add_user({"secondo", "Secondo", "", "", "", "una password lunga", Role::learner}, {}, 0, now);
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  EventRegistrations registrations(*store);
  REQUIRE(registrations.register_person(*event, first->id, now).value() == RegistrationState::confirmed);
  REQUIRE(registrations.register_person(*event, second->id, now).value() == RegistrationState::waiting);
  REQUIRE(accounts.erase(first->id, 0, now).ok());
  CHECK(registrations.find(event->uid, first->id)->state == RegistrationState::cancelled);
  CHECK(registrations.find(event->uid, second->id)->state == RegistrationState::confirmed);
}
