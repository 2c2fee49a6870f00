// A learner's path through a module and the trainers' assignments, through the real server:
// starting, marking lessons read, the module and lesson pages' personal slots, completion in
// "La mia area" and in /api/v1/me/progress; a trainer's assignment reaching a learner of the
// group, refused for a group the trainer does not train; forms without the CSRF token refused.
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "running_site.h"

using namespace sentinella::test;

namespace {

std::vector<TestAccount> accounts() {
  auto all = standard_accounts();
  all.push_back({"seconda", "learner", "polizia-locale"});
  all.push_back({"sociale", "learner", "servizi-sociali"});
  return all;
}

// The first column of the first row `sql` selects, as text.
std::string query(const RunningSite& site, const std::string& sql) {
  SQLite::Database db(site.db_path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  return q.executeStep() ? q.getColumn(0).getString() : "";
}

// The part of /area's page under the heading `title` (up to the next section).
std::string area_section(const std::string& page, const std::string& title) {
  const size_t start = page.find(">" + title + "</h2>");
  if (start == std::string::npos) return "";
  return page.substr(start, page.find("</section>", start) - start);
}

}  // namespace

TEST_CASE("a learner starts a module, reads its lessons and completes it") {
  RunningSite site(accounts());
  Browser learner = site.browser();
  REQUIRE(learner.login("learner", kTestPassword));

  // Anonymous: the start link and an invitation to sign in, no form.
  auto anonymous = site.fetch("/moduli/alfa", 200);
  CHECK(contains(anonymous.body, "href=\"/accedi?dopo=/moduli/alfa\""));
  CHECK_FALSE(contains(anonymous.body, "/moduli/alfa/inizia"));
  CHECK(contains(site.fetch("/moduli/alfa/secondo-passo", 200).body, "Lezione 2 di 2"));
  CHECK_FALSE(contains(site.fetch("/moduli/alfa/primo-passo", 200).body, "Ho letto questa lezione"));

  auto page = learner.get("/moduli/alfa");
  CHECK(contains(page->body, "action=\"/moduli/alfa/inizia\""));
  CHECK_FALSE(contains(page->body, "/accedi?dopo="));

  auto started = learner.post("/moduli/alfa/inizia", "");
  REQUIRE(started);
  CHECK(started->status == 303);
  CHECK(started->get_header_value("Location") == "/moduli/alfa/primo-passo");
  page = learner.get("/moduli/alfa");
  CHECK(contains(page->body, "<progress max=\"100\" value=\"0\""));
  CHECK(contains(page->body, "Riprendi da Primo passo"));

  auto lesson = learner.get("/moduli/alfa/primo-passo");
  CHECK(contains(lesson->body, "Lezione 1 di 2"));
  CHECK(contains(lesson->body, "action=\"/moduli/alfa/primo-passo/letta\""));
  CHECK(contains(lesson->body, "Ho letto questa lezione"));

  auto read = learner.post("/moduli/alfa/primo-passo/letta", "");
  REQUIRE(read);
  CHECK(read->status == 303);
  CHECK(read->get_header_value("Location") == "/moduli/alfa/secondo-passo");
  CHECK(contains(learner.get("/moduli/alfa/primo-passo")->body, "Letta il"));
  page = learner.get("/moduli/alfa");
  CHECK(contains(page->body, "<progress max=\"100\" value=\"50\""));
  CHECK(contains(page->body, "Riprendi da Secondo passo"));
  CHECK(contains(area_section(learner.get("/area")->body, "In corso"), "Modulo Alfa"));

  read = learner.post("/moduli/alfa/secondo-passo/letta", "");
  CHECK(read->get_header_value("Location") == "/moduli/alfa");
  page = learner.get("/moduli/alfa");
  CHECK(contains(page->body, "Modulo completato il"));
  CHECK(contains(page->body, "<progress max=\"100\" value=\"100\""));

  const std::string area = learner.get("/area")->body;
  CHECK(contains(area_section(area, "Completati"), "Modulo Alfa"));
  CHECK(contains(area_section(area, "Completati"), "value=\"100\""));
  CHECK_FALSE(contains(area_section(area, "In corso"), "Modulo Alfa"));

  auto api = learner.get("/api/v1/me/progress");
  REQUIRE(api);
  CHECK(api->status == 200);
  CHECK(api->get_header_value("Cache-Control") == "no-store");
  auto json = nlohmann::json::parse(api->body);
  REQUIRE(json["modules"].size() == 1);
  CHECK(json["modules"][0]["slug"] == "alfa");
  CHECK(json["modules"][0]["percent"] == 100);
  CHECK(json["modules"][0]["completed_at"].is_string());
  CHECK(json["modules"][0]["lessons"][1]["read_at"].is_string());

  // Another learner's API and pages know nothing of it.
  Browser other = site.browser();
  REQUIRE(other.login("seconda", kTestPassword));
  CHECK(nlohmann::json::parse(other.get("/api/v1/me/progress")->body)["modules"].empty());
  CHECK(contains(other.get("/moduli/alfa")->body, "action=\"/moduli/alfa/inizia\""));

  // Without the CSRF token: refused, nothing written.
  auto forged = other.post("/moduli/alfa/primo-passo/letta", "", /*with_csrf=*/false);
  CHECK(forged->status == 403);
  CHECK(other.post("/moduli/alfa/inizia", "", false)->status == 403);
  CHECK(query(site, "SELECT count(*) FROM lesson_progress") == "2");
  CHECK(query(site, "SELECT count(*) FROM enrolments") == "1");

  // A lesson or module that does not exist, or a draft: 404, nothing written.
  CHECK(other.post("/moduli/alfa/nessuna/letta", "")->status == 404);
  CHECK(other.post("/moduli/bozza/inizia", "")->status == 404);
  CHECK(query(site, "SELECT count(*) FROM enrolments") == "1");
}

TEST_CASE("a trainer assigns a module to the groups they train, and the learners see it") {
  RunningSite site(accounts());
  Browser admin = site.browser(), trainer = site.browser(), learner = site.browser(), social = site.browser();
  REQUIRE(admin.login("admin", kTestPassword));
  REQUIRE(trainer.login("trainer", kTestPassword));
  REQUIRE(learner.login("learner", kTestPassword));
  REQUIRE(social.login("sociale", kTestPassword));
  const std::string trainer_id = query(site, "SELECT id FROM users WHERE username = 'trainer'");
  REQUIRE(admin.post("/admin/persone/" + trainer_id + "/gruppi", "group=polizia-locale")->status == 303);

  auto list = trainer.get("/admin/moduli");
  CHECK(list->status == 200);
  CHECK(contains(list->body, "href=\"/admin/moduli/alfa/assegnazioni\""));
  CHECK(contains(list->body, "href=\"/admin/moduli/alfa\""));

  // Recommended before it is assigned.
  CHECK(contains(area_section(learner.get("/area")->body, "Consigliati per il tuo gruppo"), "Modulo Alfa"));

  const std::string page = "/admin/moduli/alfa/assegnazioni";
  // A group the trainer does not train, an organization alone, a date that does not exist: refused.
  for (const char* form : {"group=servizi-sociali", "group=&organization=Comune+di+Prova",
                           "group=polizia-locale&due_date=2027-02-30"}) {
    CAPTURE(form);
    auto res = trainer.post(page, form);
    CHECK(res->status == 400);
    CHECK(contains(res->body, "class=\"field-error\""));
  }
  CHECK(trainer.post(page, "group=polizia-locale", /*with_csrf=*/false)->status == 403);
  CHECK(query(site, "SELECT count(*) FROM module_assignments") == "0");

  auto made = trainer.post(page, "group=polizia-locale&due_date=2020-01-31");
  CHECK(made->status == 303);
  CHECK(made->get_header_value("Location") == page + "?esito=assegnato");
  CHECK(query(site, "SELECT count(*) FROM module_assignments") == "1");
  CHECK(query(site, "SELECT count(*) FROM audit_log WHERE action = 'learning.assign'") == "1");

  std::string assigned = area_section(learner.get("/area")->body, "Assegnati");
  CHECK(contains(assigned, "Modulo Alfa"));
  CHECK(contains(assigned, "datetime=\"2020-01-31\""));
  CHECK(contains(assigned, "scaduto"));
  CHECK(contains(assigned, "<progress max=\"100\" value=\"0\""));
  CHECK_FALSE(contains(area_section(learner.get("/area")->body, "Consigliati per il tuo gruppo"), "Modulo Alfa"));
  CHECK_FALSE(contains(area_section(social.get("/area")->body, "Assegnati"), "Modulo Alfa"));
  auto api = nlohmann::json::parse(learner.get("/api/v1/me/progress")->body);
  REQUIRE(api["assigned"].size() == 1);
  CHECK(api["assigned"][0]["module"] == "alfa");
  CHECK(api["assigned"][0]["overdue"] == true);

  // An admin assigns to an organization alone.
  CHECK(admin.post(page, "group=&organization=Ente+Sociale")->status == 303);

  const std::string id = query(site, "SELECT min(id) FROM module_assignments");
  CHECK(trainer.post(page + "/" + id + "/revoca", "")->status == 303);
  CHECK(query(site, "SELECT count(*) FROM module_assignments WHERE revoked_at IS NULL") == "1");
  CHECK_FALSE(contains(area_section(learner.get("/area")->body, "Assegnati"), "Modulo Alfa"));
  // The trainer cannot revoke the admin's assignment for an organization.
  const std::string admins = query(site, "SELECT max(id) FROM module_assignments");
  CHECK(trainer.post(page + "/" + admins + "/revoca", "")->status == 404);
  CHECK(query(site, "SELECT count(*) FROM module_assignments WHERE revoked_at IS NULL") == "1");
}
