// The trainer's page of a module, its CSV and its JSON, through the real server, on learning data
// put straight into the database: what an admin sees, what a trainer of one group sees, the period
// filter and its errors.
#include <doctest/doctest.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "running_site.h"

using namespace sentinella::test;
using nlohmann::json;

namespace {

const char* const kQuiz =
    "---\ntitle: Verifica Alfa\npass_mark: 50\n---\n"
    "## Qual è il numero nazionale antiviolenza?\n\nRisposte accettate:\n\n- 1522\n\n"
    "## Chi si chiama in caso di pericolo immediato?\n\n- [ ] Il Comune\n- [x] Il 112\n- [ ] Nessuno\n";

// Europe/Rome 2026-03-10 10:00, 2026-04-05 10:00, 2026-04-25 10:00.
constexpr const char* kMar10 = "1773133200";
constexpr const char* kApr05 = "1775376000";
constexpr const char* kApr25 = "1777104000";

class TrainerSite {
public:
  TrainerSite()
      : site_(accounts(), [](ContentTree& tree) { tree.write("modules/alfa/quiz-verifica.md", kQuiz); }) {
    SQLite::Database db(site_.db_path(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(10000);
    auto id = [&](const std::string& username) {
      return db.execAndGet("SELECT id FROM users WHERE username = '" + username + "'").getString();
    };
    const std::string version = db.execAndGet("SELECT version FROM quizzes WHERE slug = 'verifica'").getString();
    const std::string lucia = id("learner"), sara = id("sara");
    db.exec("UPDATE users SET display_name = 'Lucia Allieva', organization = 'Comando Alfa' WHERE id = " + lucia);
    db.exec("UPDATE users SET display_name = 'Sara Seconda', organization = 'Cooperativa Beta' WHERE id = " + sara);
    db.exec("INSERT INTO trainer_groups VALUES (" + id("trainer") + ", 'servizi-sociali')");
    db.exec(std::string("INSERT INTO enrolments VALUES (") + lucia + ", 'alfa', " + kMar10 + ", " + kApr25 + "), (" +
            sara + ", 'alfa', " + kApr05 + ", NULL)");
    db.exec("INSERT INTO lesson_progress VALUES (" + lucia + ", 'alfa', 'primo-passo', 1), (" + lucia +
            ", 'alfa', 'secondo-passo', 2)");
    db.exec("INSERT INTO quiz_attempts (id, user_id, module_slug, quiz_slug, quiz_version, started_at, submitted_at,"
            " option_order, score, max_score, passed) VALUES (1, " + lucia + ", 'alfa', 'verifica', '" + version +
            "', 1, 2, '[]', 1, 2, 1), (2, " + sara + ", 'alfa', 'verifica', '" + version + "', 1, 2, '[]', 0, 2, 0)");
    db.exec("INSERT INTO quiz_answers VALUES (1, 0, '1522', 1), (1, 1, '0', 0), (2, 0, '112', 0), (2, 1, '0', 0)");
    db.exec("INSERT INTO learning_counts VALUES ('alfa', 'polizia-locale', '2026-03', 1, 1)");
  }

  Browser as(const std::string& username) {
    Browser b = site_.browser();
    REQUIRE(b.login(username, kTestPassword));
    return b;
  }
  RunningSite& site() { return site_; }

private:
  static std::vector<TestAccount> accounts() {
    auto all = standard_accounts();
    all.push_back({"sara", "learner", "servizi-sociali"});
    all.push_back({"nuovo", "trainer", ""});
    return all;
  }
  RunningSite site_;
};

json body_json(const httplib::Result& res) {
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
  return json::parse(res->body);
}

}  // namespace

TEST_CASE("the trainer's page, CSV and JSON of a module") {
  TrainerSite t;
  Browser admin = t.as("admin");
  Browser trainer = t.as("trainer");

  SUBCASE("an admin sees every learner, the numbers by group and organization, and the weakest question") {
    auto page = admin.get("/admin/moduli/alfa");
    REQUIRE(page);
    CHECK(page->status == 200);
    const std::string& html = page->body;
    for (const char* part : {"Lucia Allieva", "Sara Seconda", "Comando Alfa", "Cooperativa Beta", "2/2",
                             "<caption id=\"gruppi-didascalia\">", "<th scope=\"row\">Polizia locale</th>",
                             "class=\"table-wrap\"", "Domanda più debole: n. 2",
                             "Il Comune <span class=\"meta\">(2)</span>", "112 <span class=\"meta\">(1)</span>",
                             "href=\"/admin/moduli/alfa/assegnazioni\"", "href=\"/admin/moduli/alfa/allievi.csv\"",
                             "Persone cancellate incluse: 1."}) {
      INFO(part);
      CHECK(contains(html, part));
    }
  }

  SUBCASE("a trainer sees only the learners of the groups they train") {
    auto page = trainer.get("/admin/moduli/alfa");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(contains(page->body, "Sara Seconda"));
    CHECK_FALSE(contains(page->body, "Lucia Allieva"));
    CHECK_FALSE(contains(page->body, "Comando Alfa"));
    auto csv = trainer.get("/admin/moduli/alfa/allievi.csv");
    REQUIRE(csv);
    CHECK(contains(csv->body, "Sara Seconda"));
    CHECK_FALSE(contains(csv->body, "Lucia Allieva"));
    auto data = body_json(trainer.get("/api/v1/modules/alfa/progress"));
    CHECK(data["scope"] == "trained_groups");
    CHECK(data["totals"]["enrolled"] == 1);
    CHECK(data["by_target_group"].size() == 1);
    // A trainer who trains no group yet sees nobody, and is told why.
    auto none = t.as("nuovo").get("/admin/moduli/alfa");
    REQUIRE(none);
    CHECK(none->status == 200);
    CHECK(contains(none->body, "Non ti è stato ancora assegnato nessun gruppo"));
    CHECK_FALSE(contains(none->body, "Sara Seconda"));
  }

  SUBCASE("the CSV opens in Excel with Italian settings, like the event lists") {
    auto csv = admin.get("/admin/moduli/alfa/allievi.csv");
    REQUIRE(csv);
    CHECK(csv->status == 200);
    CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv->get_header_value("Content-Disposition") == "attachment; filename=\"allievi-alfa.csv\"");
    CHECK(csv->get_header_value("Cache-Control") == "no-store");
    CHECK(csv->body ==
          "\xEF\xBB\xBFNome;Nome utente;Gruppo;Ente;Stato;Iscritto il;Lezioni lette;Punteggio;Completato il\r\n"
          "Lucia Allieva;learner;Polizia locale;Comando Alfa;Completato;10/03/2026 10:00;2/2;50;25/04/2026 10:00\r\n"
          "Sara Seconda;sara;Servizi sociali;Cooperativa Beta;In corso;05/04/2026 10:00;0/2;0;\r\n");
    auto april = admin.get("/admin/moduli/alfa/allievi.csv?dal=2026-04-01&al=2026-04-30");
    REQUIRE(april);
    CHECK(april->body ==
          "\xEF\xBB\xBFNome;Nome utente;Gruppo;Ente;Stato;Iscritto il;Lezioni lette;Punteggio;Completato il\r\n"
          "Sara Seconda;sara;Servizi sociali;Cooperativa Beta;In corso;05/04/2026 10:00;0/2;0;\r\n");
    // The page's link to the CSV keeps the period.
    CHECK(contains(admin.get("/admin/moduli/alfa?dal=2026-04-01")->body,
                   "href=\"/admin/moduli/alfa/allievi.csv?dal=2026-04-01\""));
  }

  SUBCASE("the page lists at most 500 learners, the CSV all of them") {
    {
      SQLite::Database db(t.site().db_path(), SQLite::OPEN_READWRITE);
      db.setBusyTimeout(10000);
      db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
              " INSERT INTO users (username, display_name, password_hash, target_group, created_at)"
              " SELECT 'allievo-' || i, 'Allievo ' || i, '', 'servizi-sociali', 0 FROM n");
      db.exec("INSERT INTO enrolments (user_id, module_slug, enrolled_at) SELECT id, 'alfa', 1775376000 FROM users"
              " WHERE username LIKE 'allievo-%'");
    }
    auto page = admin.get("/admin/moduli/alfa");
    REQUIRE(page);
    CHECK(contains(page->body, "Allievi mostrati: 500 / 502."));
    CHECK(contains(page->body, "<th scope=\"row\">Allievo 99</th>"));
    CHECK_FALSE(contains(page->body, "Sara Seconda"));  // the 502nd by name
    auto csv = admin.get("/admin/moduli/alfa/allievi.csv");
    REQUIRE(csv);
    CHECK(std::count(csv->body.begin(), csv->body.end(), '\n') == 503);
    CHECK(contains(csv->body, "Sara Seconda"));
  }

  SUBCASE("the JSON aggregates") {
    auto data = body_json(admin.get("/api/v1/modules/alfa/progress"));
    CHECK(data["module"] == "alfa");
    CHECK(data["scope"] == "all");
    CHECK(data["period"] == json{{"from", nullptr}, {"to", nullptr}});
    CHECK(data["lessons"] == 2);
    CHECK(data["totals"] == json::parse(R"({"enrolled": 3, "in_progress": 1, "completed": 2,
      "erased": {"enrolled": 1, "completed": 1}, "scores": {"scored": 2, "average": 25.0, "median": 25.0}})"));
    REQUIRE(data["by_target_group"].size() == 2);
    CHECK(data["by_target_group"][0]["target_group"] == "polizia-locale");
    CHECK(data["by_target_group"][0]["enrolled"] == 2);
    CHECK(data["by_target_group"][0]["completed"] == 2);
    CHECK(data["by_organization"].size() == 2);
    const auto& quiz = data["quizzes"][0];
    CHECK(quiz["slug"] == "verifica");
    CHECK(quiz["attempts"] == 2);
    CHECK(quiz["weakest_question"] == 2);
    CHECK(quiz["questions"][0]["kind"] == "short_answer");
    CHECK(quiz["questions"][0]["percent_correct"] == 50.0);
    CHECK(quiz["questions"][0]["most_chosen_wrong"] == json{{"text", "112"}, {"count", 1}});
    CHECK(quiz["questions"][1]["answered"] == 2);
    CHECK(quiz["questions"][1]["percent_correct"] == 0.0);
    CHECK(quiz["questions"][1]["most_chosen_wrong"] == json{{"text", "Il Comune"}, {"count", 2}});

    auto april = body_json(admin.get("/api/v1/modules/alfa/progress?dal=2026-04-01&al=2026-04-30"));
    CHECK(april["period"] == json{{"from", "2026-04-01"}, {"to", "2026-04-30"}});
    CHECK(april["totals"]["enrolled"] == 1);
    CHECK(april["totals"]["erased"]["enrolled"] == 0);
  }

  SUBCASE("an unknown module is 404, a bad period 400 with what is wrong") {
    CHECK(admin.get("/admin/moduli/nessuno")->status == 404);
    CHECK(admin.get("/admin/moduli/nessuno/allievi.csv")->status == 404);
    auto missing = admin.get("/api/v1/modules/nessuno/progress");
    CHECK(missing->status == 404);
    CHECK(body_json(missing)["error"] == "not found");

    auto bad = admin.get("/admin/moduli/alfa?dal=2026-13-01");
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, "La data «dal» non è valida"));
    auto reversed = admin.get("/admin/moduli/alfa/allievi.csv?dal=2026-05-01&al=2026-04-01");
    CHECK(reversed->status == 400);
    CHECK(contains(reversed->body, "La data «al» viene prima della data «dal»"));
    auto api = admin.get("/api/v1/modules/alfa/progress?al=domani");
    CHECK(api->status == 400);
    CHECK(body_json(api)["error"].get<std::string>().starts_with("al: "));
  }
}
