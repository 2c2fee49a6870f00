// The quiz file format (docs/content.md, "Quizzes"): every question kind read from Markdown. The
// errors, each at its position, are fixtures in tests/fixtures/check/quiz-*.
#include <doctest/doctest.h>

#include "core/hash.h"
#include "importer/quiz_parser.h"
#include "test_support.h"

using namespace sentinella;

namespace {

SourceFile quiz_file(const std::string& text) {
  SourceFile f;
  f.rel_path = "modules/usura/quiz-verifica.md";
  f.display_path = "content/" + f.rel_path;
  f.kind = SourceKind::quiz;
  f.module_slug = "usura";
  f.slug = "verifica";
  f.text = text;
  f.hash = content_hash(text);
  return f;
}

// The quiz, or a failed check naming the diagnostics.
Quiz parse_ok(const std::string& text, const std::set<std::string>* lessons = nullptr,
              const Site* site = nullptr) {
  Diagnostics out;
  auto quiz = parse_quiz(quiz_file(text), site, lessons, out);
  INFO(out.format_all());
  REQUIRE(quiz);
  CHECK(out.items().empty());
  return *quiz;
}

std::string errors_of(const std::string& text) {
  Diagnostics out;
  CHECK_FALSE(parse_quiz(quiz_file(text), nullptr, nullptr, out));
  return out.format_all();
}

const char* const kFront = "---\ntitle: Verifica\npass_mark: 70\n---\n";

}  // namespace

TEST_CASE("a quiz file's front matter") {
  SUBCASE("defaults: unlimited attempts, options in the file's order, after the last lesson") {
    Quiz q = parse_ok(std::string(kFront) + "## L'usura è un reato?\n\n- [x] Vero\n- [ ] Falso\n");
    CHECK(q.title == "Verifica");
    CHECK(q.pass_mark == 70);
    CHECK(q.attempts == 0);
    CHECK_FALSE(q.shuffle);
    CHECK(q.after_lesson == "");
    CHECK(q.module_slug == "usura");
    CHECK(q.slug == "verifica");
    CHECK(q.source_path == "modules/usura/quiz-verifica.md");
    CHECK(q.version.size() == 32);
  }
  SUBCASE("every key") {
    const std::set<std::string> lessons = {"come-funziona", "segnali-allarme"};
    Quiz q = parse_ok("---\ntitle: Prova\npass_mark: 100\nattempts: 3\nshuffle: true\nafter: segnali-allarme\n---\n"
                      "## L'usura è un reato?\n\n- [x] Vero\n- [ ] Falso\n",
                      &lessons);
    CHECK(q.pass_mark == 100);
    CHECK(q.attempts == 3);
    CHECK(q.shuffle);
    CHECK(q.after_lesson == "segnali-allarme");
  }
  SUBCASE("a pass mark of 0 and a misspelt key are errors") {
    CHECK(errors_of("---\ntitle: Prova\npass_mark: 0\nshufle: true\n---\n## Domanda?\n\n- [x] Vero\n- [ ] Falso\n") ==
          "content/modules/usura/quiz-verifica.md:3:12: error: 'pass_mark' must be between 1 and 100, not 0\n"
          "content/modules/usura/quiz-verifica.md:4:1: error: unknown key 'shufle'; did you mean 'shuffle'?\n");
  }
}

TEST_CASE("each kind of question") {
  SUBCASE("single choice: exactly one [x]") {
    Quiz q = parse_ok(std::string(kFront) +
                      "Un'introduzione *breve*.\n\n"
                      "## Chi ha l'obbligo di denuncia?\n\nLeggi con attenzione.\n\n"
                      "- [ ] Solo la polizia giudiziaria\n"
                      "- [X] Pubblici ufficiali e incaricati di pubblico servizio\n"
                      "* [ ] Nessuno, se c'è il segreto professionale\n\n"
                      "> Art. 331 c.p.p.: anche gli *incaricati* di pubblico servizio.\n");
    CHECK(q.intro_html == "<p>Un'introduzione <em>breve</em>.</p>\n");
    REQUIRE(q.questions.size() == 1);
    const QuizQuestion& question = q.questions[0];
    CHECK(question.kind == QuestionKind::single_choice);
    CHECK(question.line == 7);
    CHECK(question.text == "Chi ha l'obbligo di denuncia?\n\nLeggi con attenzione.");
    CHECK(question.text_html == "<p>Chi ha l'obbligo di denuncia?</p>\n<p>Leggi con attenzione.</p>\n");
    REQUIRE(question.options.size() == 3);
    CHECK_FALSE(question.options[0].correct);
    CHECK(question.options[1].correct);
    CHECK(question.options[1].text == "Pubblici ufficiali e incaricati di pubblico servizio");
    CHECK(question.options[2].text == "Nessuno, se c'è il segreto professionale");
    CHECK(question.explanation == "Art. 331 c.p.p.: anche gli *incaricati* di pubblico servizio.");
    CHECK(question.explanation_html ==
          "<p>Art. 331 c.p.p.: anche gli <em>incaricati</em> di pubblico servizio.</p>\n");
  }
  SUBCASE("multiple choice: the heading says '(più risposte)'; one right option is allowed") {
    Quiz q = parse_ok(std::string(kFront) +
                      "## Quali sono reati spia della violenza di genere? (più risposte)\n\n"
                      "- [x] Atti persecutori (art. 612-bis c.p.)\n"
                      "- [x] Maltrattamenti contro familiari e conviventi\n"
                      "- [ ] Turbata libertà degli incanti\n\n"
                      "## Quali numeri rispondono 24 ore su 24? (Più Risposte)\n\n"
                      "- [x] 1522\n- [ ] Il numero dell'ufficio comunale\n");
    REQUIRE(q.questions.size() == 2);
    CHECK(q.questions[0].kind == QuestionKind::multiple_choice);
    CHECK(q.questions[0].text == "Quali sono reati spia della violenza di genere?");
    CHECK(q.questions[0].options[0].html == "Atti persecutori (art. 612-bis c.p.)");
    CHECK(q.questions[1].kind == QuestionKind::multiple_choice);
    CHECK(q.questions[1].text == "Quali numeri rispondono 24 ore su 24?");
  }
  SUBCASE("true/false: the two options Vero and Falso, in either order") {
    Quiz q = parse_ok(std::string(kFront) + "## L'usuraio è sempre uno sconosciuto.\n\n- [ ] vero\n- [x] FALSO\n\n"
                      "## A benefactor is always a friend.\n\n- [ ] True\n- [x] False\n");
    CHECK(q.questions[0].kind == QuestionKind::true_false);
    CHECK(q.questions[0].options[1].correct);
    CHECK(q.questions[1].kind == QuestionKind::true_false);
  }
  SUBCASE("short answer: the accepted answers after 'Risposte accettate:'") {
    Quiz q = parse_ok(std::string(kFront) +
                      "## Qual è il numero nazionale antiviolenza e antistalking?\n\n"
                      "**Risposte accettate:**\n\n- 1522\n- millecinquecentoventidue\n\n"
                      "> Gratuito, attivo 24 ore su 24.\n>\n> Anche in chat.\n");
    const QuizQuestion& question = q.questions[0];
    CHECK(question.kind == QuestionKind::short_answer);
    CHECK(question.options.empty());
    CHECK(question.accepted_answers == std::vector<std::string>{"1522", "millecinquecentoventidue"});
    CHECK(question.explanation == "Gratuito, attivo 24 ore su 24.\n\nAnche in chat.");
  }
  SUBCASE("an indented line continues an option; a '## ' in a code block is text") {
    Quiz q = parse_ok(std::string(kFront) +
                      "## Che cosa stampa questo modulo?\n\n```\n## non è una domanda\n- [x] nemmeno questa\n```\n\n"
                      "- [x] Un testo\n  su due righe\n- [ ] Niente\n");
    REQUIRE(q.questions.size() == 1);
    CHECK(q.questions[0].text == "Che cosa stampa questo modulo?\n\n```\n## non è una domanda\n- [x] nemmeno questa\n```");
    CHECK(q.questions[0].options[0].text == "Un testo su due righe");
  }
  SUBCASE("a blockquote before the options is part of the question") {
    Quiz q = parse_ok(std::string(kFront) + "## Che cosa dice l'articolo?\n\n> Citazione di legge.\n\n- [x] A\n- [ ] B\n");
    CHECK(q.questions[0].text == "Che cosa dice l'articolo?\n\n> Citazione di legge.");
    CHECK(q.questions[0].explanation == "");
  }
}

TEST_CASE("quiz errors not covered by a check fixture") {
  const std::string p = "content/modules/usura/quiz-verifica.md:";
  CHECK(errors_of(std::string(kFront) + "## Domanda?\n\n- [x] Unica\n") ==
        p + "5:1: error: a question with options needs at least two\n");
  CHECK(errors_of(std::string(kFront) + "## Domanda?\n\n- [x] A\n- [ ]\n") ==
        p + "8:3: error: an empty option: write its text after the box\n");
  CHECK(errors_of(std::string(kFront) + "## Domanda?\n\n- [x] A\n- [ ] B\n\n> Spiegazione.\n\n- [ ] C\n") ==
        p + "12:3: error: an option after the explanation: the '> ' block quote comes after all the options\n");
  CHECK(errors_of(std::string(kFront) + "## Domanda?\n\n- [x] A\n- [ ] B\n\nRisposte accettate:\n") ==
        p + "10:1: error: a question has either options ('- [x]') or accepted answers, not both\n");
  CHECK(errors_of(std::string(kFront) + "## Numero?\n\nRisposte accettate:\n\n- 1522\n- 1522 \n") ==
        p + "10:3: error: the accepted answer '1522' is the same as the one on line 9 (case and accents do not count)\n");
  CHECK(errors_of(std::string(kFront) + "## Perché? (più risposte)\n\nRisposte accettate:\n\n- così\n") ==
        p + "5:1: error: '(più risposte)' is for questions with options, not accepted answers\n");
  CHECK(errors_of(std::string(kFront) + "## Dove?\n\n- [x] Città\n- [ ] Citta\n") ==
        p + "8:7: error: duplicate option 'Citta': line 7 has it too (case and accents do not count)\n");
  std::string many = kFront;
  for (size_t i = 0; i <= kMaxQuizQuestions; ++i) many += "## D" + std::to_string(i) + "?\n- [x] A\n- [ ] B\n";
  CHECK(errors_of(many) == p + std::to_string(5 + 3 * kMaxQuizQuestions) +
                               ":1: error: a quiz has at most 200 questions; split it into two quizzes\n");
}

TEST_CASE("the example quiz in docs/content.md is valid") {
  const std::string doc = sentinella::test::read_file(sentinella::test::source_dir() / "docs" / "content.md");
  const size_t start = doc.find("```markdown\n---\ntitle: Verifica - Usura");
  REQUIRE(start != std::string::npos);
  const size_t body = start + std::string("```markdown\n").size();
  const size_t end = doc.find("\n```\n", body);
  REQUIRE(end != std::string::npos);
  const std::set<std::string> lessons = {"come-funziona", "cosa-fare"};
  Quiz q = parse_ok(doc.substr(body, end - body + 1), &lessons);
  REQUIRE(q.questions.size() == 4);
  CHECK(q.questions[0].kind == QuestionKind::single_choice);
  CHECK(q.questions[1].kind == QuestionKind::multiple_choice);
  CHECK(q.questions[2].kind == QuestionKind::true_false);
  CHECK(q.questions[3].kind == QuestionKind::short_answer);
}

TEST_CASE("the site's phone numbers are links in a quiz's text, options and explanations") {
  Site site;
  site.helplines.push_back({"Antiviolenza e stalking", "1522", "", ""});
  const Quiz quiz = parse_ok(std::string(kFront) +
                                 "Chi chiede aiuto può chiamare il 1522.\n\n"
                                 "## Quale numero risponde alle vittime di violenza?\n\n"
                                 "- [x] Il 1522\n- [ ] Nessuno\n\n"
                                 "> Il 1522 è gratuito e attivo giorno e notte.\n",
                             nullptr, &site);
  REQUIRE(quiz.questions.size() == 1);
  const std::string link = "href=\"tel:1522\"";
  CHECK(quiz.intro_html.find(link) != std::string::npos);
  CHECK(quiz.questions[0].options[0].html.find(link) != std::string::npos);
  CHECK(quiz.questions[0].explanation_html.find(link) != std::string::npos);
}
