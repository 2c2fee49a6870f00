// Public pages for a person signed in: the cached anonymous page with its personal slots (the
// header's account area, the event page's registration) rendered for that person, through the
// real server; and anonymous visitors still get the cached page, its ETag and no cookie.
#include <doctest/doctest.h>

#include <regex>

#include "event_fixtures.h"
#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

const char* const kEvent = kOnePlaceEvent;
const char* const kClosedEvent = kSocialWorkersCourse;

const char* const kCookie = "sentinella_session";
const std::string kEventPage = "/eventi/2030/serata-di-prova";
const std::string kCancel = kEventPage + "/iscrizione/annulla";
// A display name that must be escaped.
const std::string kName = "Anna <Rossi> & C.";
const std::string kEscapedName = "Anna &lt;Rossi&gt; &amp; C.";

std::vector<TestAccount> accounts() {
  auto all = standard_accounts();
  all.push_back({"seconda", "learner", "servizi-sociali"});
  return all;
}

void add_named_person(RunningSite& site) {
  auto r = run_sentinella({"user", "add", "--db", site.db_path(), "--username", "anna", "--name", kName,
                           "--roles", "learner", "--group", "polizia-locale", "--organization", "Comune di Prova",
                           "--password-stdin"},
                          kTestPassword + "\n");
  REQUIRE(r.exit_code == 0);
}

bool varies_by_cookie(const httplib::Response& res) {
  for (size_t i = 0; i < res.get_header_value_count("Vary"); ++i)
    if (contains(res.get_header_value("Vary", i), "Cookie")) return true;
  return false;
}

std::string anonymous_notice() { return ">Area riservata</a>"; }

}  // namespace

TEST_CASE("public pages show the person signed in, and anonymous visitors still get the cached page") {
  RunningSite site(accounts(), [](ContentTree& tree) {
    tree.write("events/2030/serata-di-prova.md", kEvent);
    tree.write("events/2030/corso-riservato.md", kClosedEvent);
  });
  add_named_person(site);
  const std::vector<std::string> pages = {"/", "/moduli", "/moduli/alfa", "/moduli/alfa/primo-passo",
                                          "/eventi", kEventPage, "/chi-siamo"};

  // Anonymous, before anyone signs in: the cached page, its ETag, no cookie.
  std::map<std::string, httplib::Response> before;
  for (const auto& path : pages) {
    auto res = site.fetch(path, 200);
    CHECK(contains(res.body, anonymous_notice()));
    CHECK_FALSE(res.has_header("Set-Cookie"));
    CHECK(res.get_header_value("Cache-Control") == "no-cache");
    CHECK_FALSE(res.get_header_value("ETag").empty());
    CHECK_FALSE(contains(res.body, "<!--slot:"));
    before[path] = res;
  }

  Browser anna = site.browser();
  REQUIRE(anna.login("anna", kTestPassword));
  REQUIRE_FALSE(anna.csrf().empty());

  SUBCASE("every public page shows the name, La mia area and the logout, never Area riservata") {
    for (const auto& path : pages) {
      CAPTURE(path);
      auto res = anna.get(path);
      REQUIRE(res);
      CHECK(res->status == 200);
      CHECK(contains(res->body, "<span class=\"account-name\">"));
      CHECK(contains(res->body, kEscapedName));
      CHECK_FALSE(contains(res->body, kName));
      CHECK(contains(res->body, "<span class=\"account-area\">La mia area</span></a>"));
      CHECK(contains(res->body, "action=\"/esci\""));
      CHECK(contains(res->body, "name=\"csrf\" value=\"" + anna.csrf() + "\""));
      CHECK_FALSE(contains(res->body, anonymous_notice()));
      CHECK_FALSE(contains(res->body, "<!--slot:"));
      // Composed for one person: never stored, never revalidated against a shared ETag.
      CHECK(res->get_header_value("Cache-Control") == "no-store");
      CHECK(varies_by_cookie(*res));
      CHECK_FALSE(res->has_header("ETag"));
      CHECK_FALSE(res->has_header("Set-Cookie"));
      // The anonymous page's ETag gives a signed-in person their own page, not a 304.
      auto again = anna.client().Get(path, {{"Cookie", std::string(kCookie) + "=" + anna.session()},
                                            {"If-None-Match", before[path].get_header_value("ETag")}});
      REQUIRE(again);
      CHECK(again->status == 200);
      CHECK(contains(again->body, kEscapedName));
    }
    // The pages rendered per request (the personal area, a page not found) have the same header.
    auto area = anna.get("/area");
    REQUIRE(area);
    CHECK(contains(area->body, "<span class=\"account-name\">"));
    CHECK(contains(area->body, kEscapedName));
    auto missing = anna.get("/non-esiste");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(contains(missing->body, kEscapedName));
    CHECK(missing->get_header_value("Cache-Control") == "no-store");
    CHECK(contains(site.fetch("/non-esiste", 404).body, anonymous_notice()));
  }

  SUBCASE("after a signed-in visit, the cached page holds no name and no token, and is sent as before") {
    for (const auto& path : pages) REQUIRE(anna.get(path));
    for (const auto& path : pages) {
      CAPTURE(path);
      auto res = site.fetch(path, 200);
      CHECK(res.body == before[path].body);
      CHECK(res.get_header_value("ETag") == before[path].get_header_value("ETag"));
      CHECK(res.get_header_value("Cache-Control") == "no-cache");
      CHECK_FALSE(res.has_header("Set-Cookie"));
      CHECK_FALSE(varies_by_cookie(res));
      CHECK_FALSE(contains(res.body, "Anna"));
      CHECK_FALSE(contains(res.body, anna.csrf()));
      CHECK_FALSE(contains(res.body, anna.session()));
      auto revalidated = site.fetch(path, 304, {{"If-None-Match", before[path].get_header_value("ETag")}});
      CHECK(revalidated.body.empty());
      CHECK_FALSE(revalidated.has_header("Set-Cookie"));
    }
  }

  SUBCASE("an unknown or ended session gets the anonymous page, and no cookie") {
    const httplib::Headers unknown = {{"Cookie", std::string(kCookie) + "=" + std::string(64, 'a')}};
    auto res = site.fetch("/", 200, unknown);
    CHECK(res.body == before["/"].body);
    CHECK(res.get_header_value("ETag") == before["/"].get_header_value("ETag"));
    CHECK_FALSE(res.has_header("Set-Cookie"));
    site.fetch("/", 304, {{"Cookie", std::string(kCookie) + "=x"},
                          {"If-None-Match", before["/"].get_header_value("ETag")}});

    const std::string token = anna.session();
    REQUIRE(anna.post("/esci", ""));
    anna.set_session(token);  // a browser that kept the old cookie
    auto after = anna.get("/");
    REQUIRE(after);
    CHECK(after->body == before["/"].body);
    CHECK_FALSE(after->has_header("Set-Cookie"));
  }
}

TEST_CASE("the event page shows the person's registration and lets them cancel it") {
  RunningSite site(accounts(), [](ContentTree& tree) {
    tree.write("events/2030/serata-di-prova.md", kEvent);
    tree.write("events/2030/corso-riservato.md", kClosedEvent);
  });
  Browser learner = site.browser(), second = site.browser();
  REQUIRE(learner.login("learner", kTestPassword));  // polizia-locale
  REQUIRE(second.login("seconda", kTestPassword));   // servizi-sociali
  const std::string hint = "È necessario accedere";

  // Not registered yet: the button, without the hint about signing in.
  auto page = learner.get(kEventPage);
  REQUIRE(page);
  CHECK(contains(page->body, "href=\"" + kEventPage + "/iscrizione\">Iscriviti"));
  CHECK_FALSE(contains(page->body, hint));
  CHECK_FALSE(contains(page->body, "Sei iscritto"));
  CHECK(contains(site.fetch(kEventPage, 200).body, hint));

  // The one place goes to the learner; the second person waits.
  REQUIRE(learner.post(kEventPage + "/iscrizione", "")->status == 303);
  REQUIRE(second.post(kEventPage + "/iscrizione", "")->status == 303);

  page = learner.get(kEventPage);
  CHECK(contains(page->body, "Sei iscritto/a a questo evento."));
  CHECK(contains(page->body, "action=\"" + kCancel + "\""));
  CHECK(contains(page->body, "Annulla l&apos;iscrizione"));
  CHECK_FALSE(contains(page->body, ">Iscriviti<"));
  CHECK_FALSE(contains(page->body, hint));
  CHECK(page->get_header_value("Cache-Control") == "no-store");

  auto waiting = second.get(kEventPage);
  CHECK(contains(waiting->body, "Sei in lista d&apos;attesa: posizione 1"));
  CHECK(contains(waiting->body, "action=\"" + kCancel + "\""));
  CHECK_FALSE(contains(waiting->body, "Sei iscritto/a"));

  // Anonymous visitors still read the general invitation.
  auto anonymous = site.fetch(kEventPage, 200);
  CHECK(contains(anonymous.body, hint));
  CHECK_FALSE(contains(anonymous.body, "Sei iscritto"));
  CHECK_FALSE(contains(anonymous.body, "lista d&apos;attesa: posizione"));

  // Cancelling with the event page's form frees the place for the second person.
  auto cancelled = learner.post(kCancel, "");
  REQUIRE(cancelled);
  CHECK(cancelled->status == 303);
  CHECK(contains(learner.get(kEventPage)->body, "href=\"" + kEventPage + "/iscrizione\">Iscriviti"));
  CHECK(contains(second.get(kEventPage)->body, "Sei iscritto/a a questo evento."));

  // A course for another group says so instead of offering the button.
  auto closed = learner.get("/eventi/2030/corso-riservato");
  CHECK(contains(closed->body, "Questo evento è riservato ad altri destinatari"));
  CHECK_FALSE(contains(closed->body, ">Iscriviti<"));
  CHECK(contains(second.get("/eventi/2030/corso-riservato")->body, ">Iscriviti<"));
}
