// Quizzes through check and import: stored with their questions, versioned by content, never a
// lesson, and checked again when their module's lessons change.
#include <doctest/doctest.h>

#include "core/store.h"
#include "importer/importer.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

const char* const kQuiz =
    "---\ntitle: Verifica Alfa\npass_mark: 60\nattempts: 2\nshuffle: true\nafter: primo-passo\n---\n"
    "Introduzione.\n\n"
    "## Scelta singola?\n\n- [x] Giusta\n- [ ] Sbagliata\n\n> Perché.\n\n"
    "## Scelta multipla? (più risposte)\n\n- [x] Una\n- [x] Due\n- [ ] Tre\n\n"
    "## Vero o falso?\n\n- [ ] Vero\n- [x] Falso\n\n"
    "## Risposta breve?\n\nRisposte accettate:\n\n- uno\n- 1\n";

}  // namespace

TEST_CASE("a quiz is imported with its questions and is never a lesson") {
  ContentTree tree;
  tree.write("modules/alfa/quiz-verifica.md", kQuiz);
  auto store = std::move(Store::open(":memory:").value());
  auto report = import_content(tree.root(), *store);
  INFO(report.diagnostics.format_all());
  REQUIRE(report.ok());
  CHECK(report.files == 9);

  auto module = store->module("alfa");
  REQUIRE(module);
  REQUIRE(module->lessons.size() == 2);
  for (const auto& l : module->lessons) CHECK(l.slug != "verifica");
  CHECK_FALSE(store->lesson("alfa", "verifica"));

  auto quizzes = store->quizzes("alfa");
  REQUIRE(quizzes.size() == 1);
  const Quiz& q = quizzes[0];
  CHECK(q.slug == "verifica");
  CHECK(q.title == "Verifica Alfa");
  CHECK(q.intro_html == "<p>Introduzione.</p>\n");
  CHECK(q.pass_mark == 60);
  CHECK(q.attempts == 2);
  CHECK(q.shuffle);
  CHECK(q.after_lesson == "primo-passo");
  REQUIRE(q.questions.size() == 4);
  CHECK(q.questions[0].kind == QuestionKind::single_choice);
  CHECK(q.questions[0].line == 10);
  CHECK(q.questions[0].explanation_html == "<p>Perché.</p>\n");
  CHECK(q.questions[0].options.size() == 2);
  CHECK(q.questions[0].options[0].correct);
  CHECK(q.questions[1].kind == QuestionKind::multiple_choice);
  CHECK(q.questions[1].options.size() == 3);
  CHECK(q.questions[2].kind == QuestionKind::true_false);
  CHECK(q.questions[3].kind == QuestionKind::short_answer);
  CHECK(q.questions[3].options.empty());
  CHECK(q.questions[3].accepted_answers == std::vector<std::string>{"uno", "1"});
  CHECK(store->quizzes("nessuno").empty());
}

TEST_CASE("importing quizzes again") {
  ContentTree tree;
  tree.write("modules/alfa/quiz-verifica.md", kQuiz);
  TempDir data;
  auto store = std::move(Store::open((data.path() / "s.db").string()).value());
  REQUIRE(import_content(tree.root(), *store).ok());
  const std::string first_version = store->quizzes("alfa").at(0).version;

  SUBCASE("unchanged: nothing written") {
    auto again = import_content(tree.root(), *store);
    CHECK(again.summary() == "checked 9 files: 0 errors, 0 warnings; added 0, changed 0, removed 0");
    CHECK(store->quizzes("alfa").at(0).version == first_version);
  }
  SUBCASE("changed: a new version, the questions replaced") {
    tree.write("modules/alfa/quiz-verifica.md",
               "---\ntitle: Nuova\npass_mark: 80\n---\n## Sola domanda?\n\n- [x] Sì\n- [ ] No\n");
    auto again = import_content(tree.root(), *store);
    CHECK(again.changed == std::vector<std::string>{"modules/alfa/quiz-verifica.md"});
    auto quizzes = store->quizzes("alfa");
    REQUIRE(quizzes.size() == 1);
    CHECK(quizzes[0].version != first_version);
    CHECK(quizzes[0].title == "Nuova");
    CHECK(quizzes[0].attempts == 0);
    CHECK(quizzes[0].questions.size() == 1);
  }
  SUBCASE("removed: gone with its questions") {
    tree.remove("modules/alfa/quiz-verifica.md");
    auto again = import_content(tree.root(), *store);
    CHECK(again.removed == std::vector<std::string>{"modules/alfa/quiz-verifica.md"});
    CHECK(store->quizzes("alfa").empty());
    CHECK(store->read([](SQLite::Database& db) {
      return db.execAndGet("SELECT (SELECT COUNT(*) FROM quiz_questions) + (SELECT COUNT(*) FROM quiz_options)").getInt();
    }) == 0);
  }
  SUBCASE("the lesson it follows removed: the unchanged quiz is checked again and the import refused") {
    tree.remove("modules/alfa/01-primo-passo.md");
    auto again = import_content(tree.root(), *store);
    CHECK_FALSE(again.ok());
    CHECK(contains(again.diagnostics.format_all(),
                   "quiz-verifica.md:6:8: error: 'after' names 'primo-passo', which is not a lesson of this module"));
    CHECK(store->module("alfa")->lessons.size() == 2);
  }
  SUBCASE("a draft module's quizzes are hidden unless asked for") {
    tree.write("modules/bozza/quiz-prova.md", "---\ntitle: Prova\npass_mark: 50\n---\n## D?\n\n- [x] A\n- [ ] B\n");
    REQUIRE(import_content(tree.root(), *store).ok());
    CHECK(store->quizzes("bozza").empty());
    CHECK(store->quizzes("bozza", /*include_drafts=*/true).size() == 1);
  }
}
