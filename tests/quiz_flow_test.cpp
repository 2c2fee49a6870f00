// Taking a quiz through the real server: the module's list of quizzes, starting, the stored shuffle,
// saving and resuming, submitting and the result, the attempts allowed, another person's attempt,
// CSRF, bad answers, and a changed quiz file.
#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <regex>

#include "process.h"
#include "running_site.h"
#include "store_dump.h"

using namespace sentinella::test;

namespace {

// Shuffled, two attempts. Right answers: option 1 ("Seconda risposta"), options 0 and 2, "Falso"
// (option 1), "1522". The explanations name themselves so that a test can look for them.
const char* const kQuiz =
    "---\ntitle: Verifica Alfa\npass_mark: 75\nattempts: 2\nshuffle: true\n---\nTre domande e una risposta breve.\n\n"
    "## Quale risposta è giusta?\n\n- [ ] Prima risposta\n- [x] Seconda risposta\n- [ ] Terza risposta\n"
    "- [ ] Quarta risposta\n- [ ] Quinta risposta\n- [ ] Sesta risposta\n\n> SPIEGAZIONE-UNO: la seconda.\n\n"
    "## Quali sono segnali? (più risposte)\n\n- [x] Segnale vero\n- [ ] Segnale falso\n- [x] Altro segnale vero\n\n"
    "> SPIEGAZIONE-DUE: il primo e il terzo.\n\n"
    "## Il cielo è verde.\n\n- [ ] Vero\n- [x] Falso\n\n"
    "## Qual è il numero antiviolenza?\n\nRisposte accettate:\n\n- 1522\n\n> SPIEGAZIONE-QUATTRO: il 1522.\n";

const std::string kQuizPage = "/moduli/alfa/quiz/verifica";

std::vector<TestAccount> accounts() {
  auto all = standard_accounts();
  all.push_back({"altra", "learner", "servizi-sociali"});
  return all;
}

// The option values of question `q` in the order the page shows them.
std::string shown_order(const std::string& page, int q) {
  static const std::regex option("name=\"risposta-([0-9]+)\" value=\"([0-9]+)\"");
  std::string out;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), option); it != std::sregex_iterator(); ++it)
    if ((*it)[1] == std::to_string(q)) out += (*it)[2].str();
  return out;
}

std::string query(const RunningSite& site, const std::string& sql) {
  SQLite::Database db(site.db_path(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  return rows_text(q);
}

// Starts (or resumes) an attempt and returns its path.
std::string start(Browser& b) {
  auto res = b.post(kQuizPage + "/tentativi", "");
  REQUIRE(res);
  REQUIRE(res->status == 303);
  const std::string location = res->get_header_value("Location");
  REQUIRE(location.starts_with(kQuizPage + "/tentativi/"));
  return location;
}

const std::string kAllRight = "pagina=1&risposta-0=1&risposta-1=0&risposta-1=2&risposta-2=1&risposta-3=1522";

}  // namespace

TEST_CASE("taking a quiz: start, resume, save, submit, result, limits") {
  RunningSite site(accounts(), [](ContentTree& tree) { tree.write("modules/alfa/quiz-verifica.md", kQuiz); });
  Browser learner = site.browser();
  REQUIRE(learner.login("learner", kTestPassword));

  // The module page (public, cached) lists the quiz.
  auto module = site.fetch("/moduli/alfa", 200);
  CHECK(contains(module.body, "<h2 id=\"verifiche-titolo\">Verifiche</h2>"));
  CHECK(contains(module.body, "href=\"" + kQuizPage + "\""));
  CHECK(contains(module.body, "4 domande · Soglia per superarla: 75%"));

  auto intro = learner.get(kQuizPage);
  REQUIRE(intro);
  CHECK(intro->status == 200);
  CHECK(contains(intro->body, "Tre domande e una risposta breve."));
  CHECK(contains(intro->body, "Tentativi rimasti: <strong>2</strong>"));
  CHECK(contains(intro->body, "Inizia la verifica"));

  const std::string attempt = start(learner);
  auto page = learner.get(attempt);
  REQUIRE(page);
  REQUIRE(page->status == 200);

  SUBCASE("the questions never show the right answers nor the explanations") {
    for (const std::string secret : {"SPIEGAZIONE", "[x]", "correct", "Risposta giusta", "risposta giusta", "Risposte accettate"})
      CHECK_MESSAGE(!contains(page->body, secret), secret);
    CHECK(contains(page->body, "<legend class=\"field-label\">Domanda 2 di 4 (più risposte)</legend>"));
    CHECK(contains(page->body, "type=\"checkbox\""));
    CHECK(contains(page->body, "type=\"radio\""));
    CHECK(contains(page->body, "name=\"azione\" value=\"salva\">Salva e continua più tardi"));
    CHECK(contains(page->body, "name=\"azione\" value=\"consegna\">Consegna"));
  }

  SUBCASE("a reload, and starting again, show the same attempt in the same order") {
    const std::string order = shown_order(page->body, 0);
    CHECK(order.size() == 6);
    CHECK(shown_order(learner.get(attempt)->body, 0) == order);
    CHECK(start(learner) == attempt);
    CHECK(shown_order(learner.get(attempt)->body, 0) == order);
    CHECK(query(site, "SELECT COUNT(*) FROM quiz_attempts") == "1");
    CHECK(contains(learner.get(kQuizPage)->body, "Riprendi il tentativo in corso"));
  }

  SUBCASE("saved answers survive a reload; bad answers and forms without CSRF change nothing") {
    auto saved = learner.post(attempt, "azione=salva&pagina=1&risposta-0=1&risposta-3=+1522+");
    REQUIRE(saved);
    CHECK(saved->status == 303);
    CHECK(saved->get_header_value("Location") == attempt + "?pagina=1&esito=salvato");
    auto again = learner.get(attempt + "?pagina=1&esito=salvato");
    CHECK(contains(again->body, "Risposte salvate: puoi continuare più tardi da qui."));
    CHECK(contains(again->body, "name=\"risposta-0\" value=\"1\" checked"));
    CHECK(contains(again->body, "name=\"risposta-3\" value=\"1522\""));
    CHECK(contains(again->body, "Risposte salvate: 2 su 4"));

    const std::string before = query(site, "SELECT * FROM quiz_answers") + query(site, "SELECT * FROM quiz_attempts");
    auto no_csrf = learner.post(attempt, "azione=consegna&pagina=1&risposta-0=0", false);
    CHECK(no_csrf->status == 403);
    for (const std::string& form : std::vector<std::string>{"azione=salva&pagina=1&risposta-0=9", "azione=salva&pagina=1&risposta-0=0&risposta-0=1",
                                   "azione=salva&pagina=1&risposta-7=0", "azione=salva&pagina=1&risposta-0=x",
                                   "azione=salva&pagina=1&altro=1", "azione=salva&pagina=2&risposta-0=1",
                                   "azione=cancella&pagina=1", "azione=consegna&pagina=1&risposta-3=" + std::string(201, 'a')}) {
      auto bad = learner.post(attempt, form);
      REQUIRE(bad);
      CHECK_MESSAGE(bad->status == 400, form);
    }
    CHECK(contains(learner.post(attempt, "azione=salva&pagina=1&risposta-0=9")->body, "question 1: there is no option 9"));
    CHECK(query(site, "SELECT * FROM quiz_answers") + query(site, "SELECT * FROM quiz_attempts") == before);
  }

  SUBCASE("submitting shows the result with the explanations; a submitted attempt cannot change") {
    auto done = learner.post(attempt, "azione=consegna&" + kAllRight);
    REQUIRE(done);
    CHECK(done->status == 303);
    CHECK(done->get_header_value("Location") == attempt + "?esito=consegnato");
    auto result = learner.get(attempt);
    REQUIRE(result->status == 200);
    CHECK(contains(result->body, "✓ Verifica superata"));
    CHECK(contains(result->body, "Risposte giuste: 4 su 4"));
    CHECK(contains(result->body, "100%"));
    CHECK(contains(result->body, "SPIEGAZIONE-UNO"));
    CHECK(contains(result->body, "✓ risposta giusta"));
    CHECK(contains(result->body, "Tentativi rimasti: <strong>1</strong>"));
    CHECK(contains(result->body, "href=\"/moduli/alfa\""));
    CHECK(query(site, "SELECT score, max_score, passed FROM quiz_attempts") == "4,4,1");
    CHECK(query(site, "SELECT group_concat(correct) FROM quiz_answers") == "1,1,1,1");

    const std::string before = query(site, "SELECT * FROM quiz_answers") + query(site, "SELECT * FROM quiz_attempts");
    auto late = learner.post(attempt, "azione=salva&pagina=1&risposta-0=0");
    CHECK(late->status == 400);
    CHECK(query(site, "SELECT * FROM quiz_answers") + query(site, "SELECT * FROM quiz_attempts") == before);

    // The second attempt fails; then no attempt is left.
    const std::string second = start(learner);
    CHECK(second != attempt);
    REQUIRE(learner.post(second, "azione=consegna&pagina=1&risposta-0=0")->status == 303);
    auto failed = learner.get(second);
    CHECK(contains(failed->body, "✗ Verifica non superata"));
    CHECK(contains(failed->body, "✗ risposta sbagliata"));
    CHECK(contains(failed->body, "Nessuna risposta"));
    CHECK(contains(failed->body, "Tentativi rimasti: <strong>0</strong>"));
    auto refused = learner.post(kQuizPage + "/tentativi", "");
    CHECK(refused->status == 400);
    CHECK(contains(refused->body, "Hai usato tutti i tentativi a disposizione per questa verifica."));
    CHECK(query(site, "SELECT COUNT(*) FROM quiz_attempts") == "2");
    auto exhausted = learner.get(kQuizPage);
    CHECK_FALSE(contains(exhausted->body, "Inizia la verifica"));
    CHECK(contains(exhausted->body, "Tentativo 2"));
    CHECK(contains(exhausted->body, "non superata"));
  }

  SUBCASE("another person's attempt is not found, for reading and for answering") {
    Browser other = site.browser();
    REQUIRE(other.login("altra", kTestPassword));
    const std::string before = query(site, "SELECT * FROM quiz_answers") + query(site, "SELECT * FROM quiz_attempts");
    CHECK(other.get(attempt)->status == 404);
    CHECK(other.post(attempt, "azione=consegna&" + kAllRight)->status == 404);
    CHECK(query(site, "SELECT * FROM quiz_answers") + query(site, "SELECT * FROM quiz_attempts") == before);
    // An attempt under another quiz's path is not found either.
    CHECK(learner.get("/moduli/alfa/quiz/altra/tentativi/1")->status == 404);
  }

  SUBCASE("a changed quiz file starts a new attempt and keeps the old result visible") {
    REQUIRE(learner.post(attempt, "azione=consegna&pagina=1&risposta-0=1")->status == 303);
    const std::string unfinished = start(learner);  // the second (last) attempt on this version
    std::string changed = kQuiz;
    const std::string sky = "Il cielo è verde.";
    changed.replace(changed.find(sky), sky.size(), "Il mare è rosso.");
    site.tree().write("modules/alfa/quiz-verifica.md", changed);
    auto imported = run_sentinella({"import", "--content", site.tree().root().string(), "--db", site.db_path()});
    REQUIRE(imported.exit_code == 0);

    // The old result stays, without the questions of that time.
    auto old = learner.get(attempt);
    CHECK(contains(old->body, "✗ Verifica non superata"));
    CHECK(contains(old->body, "Risposte giuste: 1 su 4"));
    CHECK(contains(old->body, "le domande di allora non sono più disponibili"));
    // The unfinished attempt on the old version is abandoned: not resumed, not answerable.
    CHECK(contains(learner.get(unfinished)->body, "La verifica è cambiata dopo l&apos;inizio di questo tentativo"));
    CHECK(learner.post(unfinished, "azione=salva&pagina=1&risposta-0=1")->status == 400);
    // Two attempts again on the new version.
    CHECK(contains(learner.get(kQuizPage)->body, "Tentativi rimasti: <strong>2</strong>"));
    const std::string fresh = start(learner);
    CHECK(fresh != unfinished);
    CHECK(contains(learner.get(fresh)->body, "Il mare è rosso."));
    CHECK(query(site, "SELECT COUNT(DISTINCT quiz_version) FROM quiz_attempts") == "2");
  }
}

TEST_CASE("with every lesson read, the module page leads to the quiz until it is passed") {
  RunningSite site(accounts(), [](ContentTree& tree) { tree.write("modules/alfa/quiz-verifica.md", kQuiz); });
  Browser learner = site.browser();
  REQUIRE(learner.login("learner", kTestPassword));
  for (const char* lesson : {"primo-passo", "secondo-passo"})
    REQUIRE(learner.post(std::string("/moduli/alfa/") + lesson + "/letta", "")->status == 303);

  std::string page = learner.get("/moduli/alfa")->body;
  CHECK(contains(page, "2 di 2 lezioni lette, 0 di 1 verifiche superate"));
  CHECK(contains(page, "href=\"" + kQuizPage + "\">Vai alla verifica: Verifica Alfa</a>"));
  CHECK(contains(page, "Verifica Alfa</a> <span class=\"progress-state\">· da superare"));
  CHECK_FALSE(contains(page, "Modulo completato il"));

  const std::string attempt = start(learner);
  REQUIRE(learner.post(attempt, "azione=consegna&" + kAllRight)->status == 303);
  page = learner.get("/moduli/alfa")->body;
  CHECK(contains(page, "Modulo completato il"));
  CHECK(contains(page, "Verifica Alfa</a> <span class=\"progress-state\">· superata"));
  CHECK_FALSE(contains(page, "Vai alla verifica"));
}
