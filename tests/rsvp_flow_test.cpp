// Registering for an event, the waiting list, cancelling, and the organizers' list, the link to the
// roster and the CSV, through the real server.
#include <doctest/doctest.h>

#include <regex>

#include "core/audit.h"
#include "event_fixtures.h"
#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

// One place, in the future; and one that is over.
const char* const kEvent = kOnePlaceEvent;
const char* const kPastEvent =
    "---\ntitle: Incontro passato\ntype: incontro\nstart: 2020-01-10 18:00\nend: 2020-01-10 20:00\n"
    "location:\n  name: Sala\naudience:\n  - pubblico\norganizer: Comune\nregistration: true\n---\nFinito.\n";

// A course for social workers only.
const char* const kClosedEvent = kSocialWorkersCourse;

const std::string kPage = "/eventi/2030/serata-di-prova/iscrizione";
const std::string kAdminPage = "/admin/eventi/2030/serata-di-prova";

// Templates escape apostrophes as &apos;.
std::string find(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

std::vector<TestAccount> accounts() {
  auto all = standard_accounts();
  all.push_back({"seconda", "learner", "servizi-sociali"});
  return all;
}

}  // namespace

TEST_CASE("registering for an event, the waiting list and the organizers' list") {
  RunningSite site(accounts(), [](ContentTree& tree) {
    tree.write("events/2030/serata-di-prova.md", kEvent);
    tree.write("events/2020/incontro-passato.md", kPastEvent);
    tree.write("events/2030/corso-riservato.md", kClosedEvent);
  });
  Browser learner = site.browser(), second = site.browser(), organizer = site.browser();

  SUBCASE("an event for some groups takes registrations from those groups only, and says so") {
    const std::string closed = "/eventi/2030/corso-riservato/iscrizione";
    auto event_page = site.fetch("/eventi/2030/corso-riservato", 200);
    CHECK(contains(event_page.body, "Iscrizione riservata a:"));
    CHECK(contains(event_page.body, "<li>Servizi sociali</li>"));
    CHECK(contains(site.fetch("/eventi/2030/serata-di-prova", 200).body, "Iscrizione aperta a tutte le persone"));

    REQUIRE(learner.login("learner", kTestPassword));  // polizia-locale
    auto page = learner.get(closed);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page->body, "Questo evento è riservato a: Servizi sociali."));
    CHECK_FALSE(contains(page->body, "action=\"" + closed + "\""));
    auto refused = learner.post(closed, "");
    REQUIRE(refused);
    CHECK(refused->status == 400);
    CHECK(contains(refused->body, "Questo evento è riservato a: Servizi sociali."));

    REQUIRE(second.login("seconda", kTestPassword));  // servizi-sociali
    CHECK(contains(second.get(closed)->body, "action=\"" + closed + "\""));
    CHECK(second.post(closed, "")->get_header_value("Location") == closed + "?esito=iscritto");
    REQUIRE(organizer.login("organizer", kTestPassword));
    auto list = organizer.get("/admin/eventi/2030/corso-riservato");
    CHECK(contains(list->body, ">seconda</th>"));
    CHECK_FALSE(contains(list->body, ">learner</th>"));
  }

  SUBCASE("anonymous visitors are sent to the login page and back") {
    Browser anonymous = site.browser();
    auto res = anonymous.get(kPage);
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == "/accedi?dopo=" + kPage);
  }

  SUBCASE("learners may not see the organizers' pages") {
    REQUIRE(learner.login("learner", kTestPassword));
    CHECK(learner.get("/admin/eventi")->status == 403);
    CHECK(learner.get(kAdminPage + "/iscritti.csv")->status == 403);
  }

  SUBCASE("unknown events are 404, ended ones refuse registration in Italian") {
    REQUIRE(learner.login("learner", kTestPassword));
    CHECK(learner.get("/eventi/2030/nessuno/iscrizione")->status == 404);
    CHECK(learner.post("/eventi/2030/nessuno/iscrizione", "")->status == 404);
    auto page = learner.get("/eventi/2020/incontro-passato/iscrizione");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page->body, "si è già concluso"));
    CHECK_FALSE(contains(page->body, "action=\"/eventi/2020/incontro-passato/iscrizione\""));
    auto refused = learner.post("/eventi/2020/incontro-passato/iscrizione", "");
    REQUIRE(refused);
    CHECK(refused->status == 400);
    CHECK(contains(refused->body, "si è già concluso"));
  }

  SUBCASE("an ended event says so on its page and in the archive, with no registration link") {
    Browser anonymous = site.browser();
    for (const std::string path : {"/eventi/2020/incontro-passato", "/eventi/archivio"}) {
      auto res = anonymous.get(path);
      REQUIRE(res);
      CHECK(res->status == 200);
      CHECK_MESSAGE(contains(res->body, "Evento concluso"), path);
      CHECK_MESSAGE(!contains(res->body, "Iscrizioni aperte"), path);
      CHECK_MESSAGE(!contains(res->body, "/eventi/2020/incontro-passato/iscrizione"), path);
      CHECK_MESSAGE(!contains(res->body, "#evento-azioni\">"), path);  // "Vai all'iscrizione"
    }
    auto open = anonymous.get("/eventi/2030/serata-di-prova");
    REQUIRE(open);
    CHECK(contains(open->body, "Iscrizioni aperte"));
    CHECK(contains(open->body, kPage));
    CHECK_FALSE(contains(open->body, "Evento concluso"));
  }

  SUBCASE("one place: the first is confirmed, the second waits and moves up when the first cancels") {
    REQUIRE(learner.login("learner", kTestPassword));
    REQUIRE(second.login("seconda", kTestPassword));
    REQUIRE(organizer.login("organizer", kTestPassword));

    auto page = learner.get(kPage);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Cache-Control") == "no-store");
    CHECK(contains(page->body, "Non hai un&apos;iscrizione"));
    CHECK(contains(page->body, "action=\"" + kPage + "\""));

    auto registered = learner.post(kPage, "");
    REQUIRE(registered);
    CHECK(registered->status == 303);
    CHECK(registered->get_header_value("Location") == kPage + "?esito=iscritto");
    page = learner.get(kPage + "?esito=iscritto");
    CHECK(contains(page->body, "Iscrizione confermata"));
    CHECK(contains(page->body, "La tua iscrizione è confermata"));
    CHECK(contains(page->body, "action=\"" + kPage + "/annulla\""));
    // Twice is once.
    CHECK(learner.post(kPage, "")->get_header_value("Location") == kPage + "?esito=iscritto");

    auto waiting = second.post(kPage, "");
    REQUIRE(waiting);
    CHECK(waiting->get_header_value("Location") == kPage + "?esito=in-attesa");
    page = second.get(kPage);
    CHECK(contains(page->body, "Sei in lista d&apos;attesa, in posizione 1."));

    auto list = organizer.get("/admin/eventi");
    REQUIRE(list);
    CHECK(list->status == 200);
    CHECK(contains(list->body, "href=\"" + kAdminPage + "\""));
    CHECK(contains(list->body, "Incontro passato"));
    auto admin = organizer.get(kAdminPage);
    REQUIRE(admin);
    CHECK(admin->status == 200);
    CHECK(contains(admin->body, ">learner</th>"));
    CHECK(contains(admin->body, ">seconda</th>"));

    auto cancelled = learner.post(kPage + "/annulla", "");
    REQUIRE(cancelled);
    CHECK(cancelled->status == 303);
    CHECK(cancelled->get_header_value("Location") == kPage + "?esito=annullata");
    CHECK(contains(second.get(kPage)->body, "La tua iscrizione è confermata"));
    CHECK(contains(learner.get(kPage)->body, "Hai annullato la tua iscrizione"));

    // The organizer marks the one confirmed person present, on the meeting's roster.
    admin = organizer.get(kAdminPage);
    CHECK(contains(admin->body, "href=\"" + kAdminPage + "/incontri/1\""));
    const std::string person = find(organizer.get(kAdminPage + "/incontri/1")->body, "name=\"persona\" value=\"([0-9]+)\"");
    REQUIRE_FALSE(person.empty());
    auto saved = organizer.post(kAdminPage + "/incontri/1/presenze", "persona=" + person + "&stato=present");
    REQUIRE(saved);
    CHECK(saved->status == 303);
    CHECK(contains(organizer.get(kAdminPage)->body, "<td>1 / 1 <span class=\"meta\">(1 presenti)</span></td>"));

    auto csv = organizer.get(kAdminPage + "/iscritti.csv");
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"iscritti-2030-serata-di-prova.csv\"");
    const std::string header = "\xEF\xBB\xBFNome;Nome utente;Ente;Gruppo;Stato;Posizione in attesa;Ore di presenza;Iscritto il\r\n";
    CHECK(csv->body.rfind(header, 0) == 0);
    CHECK(std::regex_search(csv->body, std::regex("\r\nseconda;seconda;Comune di Prova;Servizi sociali;Confermata;;2;"
                                                  "[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}\r\n")));
    CHECK(std::regex_search(csv->body, std::regex("\r\nlearner;learner;Comune di Prova;Polizia locale;Annullata;;;")));

    site.server().stop();
    auto store = Store::open(site.db_path());
    REQUIRE(store.ok());
    std::vector<std::string> actions;
    for (const auto& e : audit_entries(*store.value(), 100, 0))
      if (e.action.rfind("event.", 0) == 0) actions.insert(actions.begin(), e.action + " " + e.details);
    CHECK(actions == std::vector<std::string>{"event.register event=2030-serata-di-prova state=confirmed",
                                              "event.register event=2030-serata-di-prova state=waiting",
                                              "event.cancel event=2030-serata-di-prova",
                                              "event.promote event=2030-serata-di-prova"});
  }
}
