// The audience of a public event without registration, recorded by organizers through the real
// server: the form, its errors, who may, and events that take registrations instead.
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>

#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

const char* const kShow =
    "---\ntitle: Teatro in piazza\ntype: incontro\nstart: 2020-05-10 21:00\nend: 2020-05-10 23:00\n"
    "location:\n  name: Piazza\naudience: [pubblico]\norganizer: Comune\n---\nLo spettacolo.\n";
const char* const kFuture =
    "---\ntitle: Proiezione\ntype: incontro\nstart: 2030-05-10 21:00\nend: 2030-05-10 23:00\n"
    "location:\n  name: Cinema\naudience: [pubblico]\norganizer: Comune\n---\nIl film.\n";
const char* const kBooked =
    "---\ntitle: Con iscrizione\ntype: incontro\nstart: 2020-05-11 21:00\nend: 2020-05-11 23:00\n"
    "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\nregistration: true\n---\nIncontro.\n";

const std::string kPage = "/admin/eventi/2020/teatro-in-piazza/pubblico";

}  // namespace

TEST_CASE("organizers record the audience of a public event, split by target group or not") {
  RunningSite site(standard_accounts(), [](ContentTree& tree) {
    tree.write("events/2020/teatro-in-piazza.md", kShow);
    tree.write("events/2030/proiezione.md", kFuture);
    tree.write("events/2020/con-iscrizione.md", kBooked);
  });
  Browser organizer = site.browser();
  REQUIRE(organizer.login("organizer", kTestPassword));

  auto page = organizer.get(kPage);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(contains(page->body, "name=\"total\""));
  CHECK(contains(page->body, "name=\"group-polizia-locale\""));

  SUBCASE("a total and part of it by group; the rest stays unattributed") {
    auto saved = organizer.post(kPage, "total=120&group-polizia-locale=30&group-servizi-sociali=");
    REQUIRE(saved);
    CHECK(saved->status == 303);
    CHECK(saved->get_header_value("Location") == kPage + "?esito=pubblico");
    page = organizer.get(kPage + "?esito=pubblico");
    CHECK(contains(page->body, "Pubblico registrato."));
    CHECK(contains(page->body, "<dd>120</dd>"));
    CHECK(contains(page->body, "<dd>30</dd>"));
    CHECK(contains(page->body, "<dd>90</dd>"));
    SQLite::Database db(site.db_path(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT group_concat(target_group || '=' || people, ',') FROM"
                        " (SELECT * FROM event_audiences ORDER BY target_group)").getString() ==
          "=90,polizia-locale=30");
  }
  SUBCASE("bad numbers are named next to their field and change nothing") {
    auto refused = organizer.post(kPage, "total=dieci");
    REQUIRE(refused);
    CHECK(refused->status == 400);
    CHECK(contains(refused->body, "Il totale deve essere un numero intero da 0 in su."));
    CHECK(contains(refused->body, "value=\"dieci\""));
    refused = organizer.post(kPage, "total=10&group-polizia-locale=11");
    CHECK(refused->status == 400);
    CHECK(contains(refused->body, "La somma per destinatari supera il totale."));
    refused = organizer.post(kPage, "total=10&group-polizia-locale=-1");
    CHECK(refused->status == 400);
    CHECK(contains(refused->body, "Scrivi un numero intero da 0 in su, oppure lascia vuoto."));
    CHECK(contains(refused->body, "id=\"campo-group-polizia-locale\""));
    SQLite::Database db(site.db_path(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM event_audiences").getInt() == 0);
  }
  SUBCASE("events that take registrations, or have not started, have no form") {
    auto booked = organizer.get("/admin/eventi/2020/con-iscrizione/pubblico");
    CHECK(contains(booked->body, "le presenze si registrano sul registro di ogni incontro"));
    CHECK_FALSE(contains(booked->body, "name=\"total\""));
    CHECK(organizer.post("/admin/eventi/2020/con-iscrizione/pubblico", "total=5")->status == 400);
    auto future = organizer.get("/admin/eventi/2030/proiezione/pubblico");
    CHECK(contains(future->body, "dall&apos;inizio dell&apos;evento"));
    CHECK(organizer.post("/admin/eventi/2030/proiezione/pubblico", "total=5")->status == 400);
  }
  SUBCASE("learners and trainers may not; anonymous visitors are sent to log in") {
    for (const char* name : {"learner", "trainer"}) {
      Browser b = site.browser();
      REQUIRE(b.login(name, kTestPassword));
      CHECK(b.get(kPage)->status == 403);
      CHECK(b.post(kPage, "total=5")->status == 403);
    }
    CHECK(site.browser().get(kPage)->status == 303);
    SQLite::Database db(site.db_path(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT COUNT(*) FROM event_audiences").getInt() == 0);
  }
}
