// Moodle GIFT to quiz file (importer/gift.h, importer/gift_import.h): every construct of the format,
// on small inputs and on a real file in tests/fixtures/gift/ with its expected quiz and messages.
#include <doctest/doctest.h>

#include "importer/gift.h"
#include "importer/gift_import.h"
#include "importer/importer.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella;
using namespace sentinella::test;

namespace {

GiftConversion convert(const std::string& gift) {
  GiftOptions options;
  options.source_name = "prova.gift";
  options.title = "Prova";
  return convert_gift(gift, options);
}

// The questions of a conversion: the quiz file after its front matter.
std::string questions_of(const std::string& gift) {
  auto r = convert(gift);
  INFO(r.diagnostics.format_all());
  REQUIRE_FALSE(r.diagnostics.has_errors());
  const size_t end = r.quiz_file.find("\n---\n");
  REQUIRE(end != std::string::npos);
  return r.quiz_file.substr(end + 5);
}

std::string messages_of(const std::string& gift) { return convert(gift).diagnostics.format_all(); }

}  // namespace

TEST_CASE("GIFT question kinds") {
  SUBCASE("single choice, with per-answer feedback as the explanation") {
    CHECK(questions_of("Chi decide le elargizioni?{=Il Commissario#Sì. ~Il sindaco#No.}") ==
          "\n## Chi decide le elargizioni?\n\n- [x] Il Commissario\n- [ ] Il sindaco\n\n"
          "> - «Il Commissario»: Sì.\n> - «Il sindaco»: No.\n");
  }
  SUBCASE("multiple choice: positive weights are the right options") {
    CHECK(questions_of("Quali?{~%50%A ~%50%B ~%-100%C}") ==
          "\n## Quali? (più risposte)\n\n- [x] A\n- [x] B\n- [ ] C\n");
    CHECK(messages_of("Quali?{~%50%A ~%50%B ~%-100%C}") ==
          "prova.gift:1:1: warning: question 'Quali?': a multiple-answer "
          "question: it is right only when all the options with a positive weight, and no other, are "
          "chosen (the weights themselves are not kept)\n");
  }
  SUBCASE("single choice with partial credit keeps only the '=' answer as right") {
    CHECK(questions_of("::P::Quale?{=A ~%50%B ~C}") == "\n## Quale?\n\n- [x] A\n- [ ] B\n- [ ] C\n");
    CHECK(messages_of("::P::Quale?{=A ~%50%B ~C}") ==
          "prova.gift:1:1: warning: question 'P': partial credit ('~%n%') is not kept: only the '=' "
          "answer counts as right\n");
  }
  SUBCASE("true/false in its four spellings, with the feedback for a wrong and a right answer") {
    for (const char* t : {"{T}", "{TRUE}", "{true}"})
      CHECK(questions_of(std::string("Vero?") + t) == "\n## Vero?\n\n- [x] Vero\n- [ ] Falso\n");
    for (const char* f : {"{F}", "{FALSE}"})
      CHECK(questions_of(std::string("Falso?") + f) == "\n## Falso?\n\n- [ ] Vero\n- [x] Falso\n");
    CHECK(questions_of("Falso?{F#Sbagliato.#Giusto.}") ==
          "\n## Falso?\n\n- [ ] Vero\n- [x] Falso\n\n> - chi risponde Vero: Sbagliato.\n"
          "> - chi risponde Falso: Giusto.\n");
  }
  SUBCASE("short answer: every '=' answer worth 100% is accepted") {
    CHECK(questions_of("Numero?{=1522 =millecinquecentoventidue =%50%115}") ==
          "\n## Numero?\n\nRisposte accettate:\n\n- 1522\n- millecinquecentoventidue\n");
    CHECK(messages_of("::N::Numero?{=1522 =%50%115}") ==
          "prova.gift:1:1: warning: question 'N': the answer '115' was worth 50%; a quiz accepts an "
          "answer fully or not at all, so it was left out\n");
  }
  SUBCASE("general feedback (####) comes first in the explanation") {
    CHECK(questions_of("Quale?{=A#giusta ~B ####Perché sì.}") ==
          "\n## Quale?\n\n- [x] A\n- [ ] B\n\n> Perché sì.\n>\n> - «A»: giusta\n");
  }
  SUBCASE("missing word: a blank where the answers were") {
    CHECK(questions_of("L'estorsione è l'articolo {=629 ~644} del codice penale.") ==
          "\n## L'estorsione è l'articolo \\_\\_\\_\\_\\_ del codice penale.\n\n- [x] 629\n- [ ] 644\n");
  }
}

TEST_CASE("GIFT text: escapes, comments, titles, formats") {
  SUBCASE("escaped special characters are kept, and Markdown's own are escaped") {
    CHECK(questions_of("Il simbolo \\{x\\} \\: \\~ \\= \\# *non* enfasi?{=\\=#uguale ~\\~ ~a\\\\b}") ==
          "\n## Il simbolo {x} : \\~ = # \\*non\\* enfasi?\n\n- [x] \\=\n- [ ] \\~\n- [ ] a\\\\b\n\n"
          "> - «\\=»: uguale\n");
  }
  SUBCASE("comment lines and titles are not part of the text; \\n breaks a line") {
    CHECK(questions_of("// un commento\n::Titolo\\: uno::Prima riga\\n\\nseconda?\n// altro\n{T}") ==
          "\n## Prima riga\n\nseconda?\n\n- [x] Vero\n- [ ] Falso\n");
  }
  SUBCASE("[markdown] is kept as it is, [plain] is escaped, [html] becomes Markdown") {
    CHECK(questions_of("[markdown]Un **grassetto**?{T}") == "\n## Un **grassetto**?\n\n- [x] Vero\n- [ ] Falso\n");
    CHECK(questions_of("[plain]Un **grassetto** <b>?{T}") ==
          "\n## Un \\*\\*grassetto\\*\\* \\<b\\>?\n\n- [x] Vero\n- [ ] Falso\n");
    CHECK(questions_of("[html]<p>Un <strong>grassetto</strong> &amp; <em>corsivo</em>&#33; Perch&eacute;?</p>{T}") ==
          "\n## Un **grassetto** & *corsivo*! Perché?\n\n- [x] Vero\n- [ ] Falso\n");
  }
  SUBCASE("categories are ignored with a note") {
    auto r = convert("$CATEGORY: $course$/Usura\n\nDomanda?{T}");
    CHECK(r.converted == 1);
    CHECK(r.diagnostics.format_all() ==
          "prova.gift:1:1: warning: category '$course$/Usura' ignored: a quiz file is one quiz, without categories\n");
  }
}

TEST_CASE("GIFT questions that are skipped, each named with its reason") {
  const std::pair<const char*, const char*> cases[] = {
      {"::M::Abbina.{=a -> 1 =b -> 2}", "question 'M' skipped: matching questions ('->') are not a quiz question kind"},
      {"::N::Anno?{#1996:1}", "question 'N' skipped: numerical questions ('{#...}') are not a quiz question kind"},
      {"::E::Descrivi.{}", "question 'E' skipped: an essay question ('{}') has no answers to check"},
      {"Solo testo.", "question 'Solo testo.' skipped: it has no answers ('{...}'): a description, not a question"},
      {"::I::[html]<img src=\"a.png\">?{T}", "question 'I' skipped: HTML with <img>, which a quiz file cannot hold; rewrite it in Markdown"},
      {"::D::Quale?{=A ~a}", "question 'D' skipped: two answers read the same ('a')"},
      {"::Z::Quale?{~A ~B}", "question 'Z' skipped: no answer is right: mark one with '=' or give weights ('~%50%')"},
      {"::U::Quale?{=A ~B", "question 'U' skipped: the answers' '{' is never closed with '}'"},
      {"::S::Quale?{=A ~B} e {=C ~D}", "question 'S' skipped: it has two answer blocks ('{...}'); a quiz question has one"},
  };
  for (const auto& [gift, message] : cases) {
    INFO(gift);
    auto r = convert(std::string(gift) + "\n\nDomanda buona?{T}\n");
    CHECK(r.converted == 1);
    CHECK(r.skipped == 1);
    CHECK(r.diagnostics.format_all() == std::string("prova.gift:1:1: warning: ") + message + "\n");
  }
  SUBCASE("nothing to convert is an error") {
    auto r = convert("// solo commenti\n\n::M::Abbina.{=a -> 1}\n");
    CHECK(r.diagnostics.error_count() == 1);
    CHECK(r.diagnostics.format_all().find("prova.gift:1:1: error: no question could be converted") != std::string::npos);
  }
  SUBCASE("a file that is not UTF-8") {
    auto r = convert("Domanda\xE0?{T}");
    CHECK(r.diagnostics.format_all() == "prova.gift:1:8: error: the file is not valid UTF-8; save it with UTF-8 encoding\n");
  }
}

TEST_CASE("a real GIFT file converts to the expected quiz, with the expected messages") {
  const fs::path dir = source_dir() / "tests" / "fixtures" / "gift";
  GiftOptions options;
  options.source_name = "usura.gift";
  options.title = "Usura e racket";
  auto r = convert_gift(read_file(dir / "usura.gift"), options);
  CHECK(r.diagnostics.format_all() == read_file(dir / "usura.expected.txt"));
  CHECK(r.quiz_file == read_file(dir / "usura.expected.md"));
  CHECK(r.converted == 12);
  CHECK(r.skipped == 5);
}

TEST_CASE("import_gift writes a quiz file that passes check") {
  ContentTree tree;
  const fs::path gift = source_dir() / "tests" / "fixtures" / "gift" / "usura.gift";
  GiftImportRequest request{gift, tree.root(), "alfa", "", "", false};
  auto first = import_gift(request);
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(first.written == tree.root() / "modules" / "alfa" / "quiz-usura.md");
  auto report = check_content(tree.root());
  INFO(report.diagnostics.format_all());
  CHECK(report.diagnostics.items().empty());

  SUBCASE("again: refused, the file unchanged, unless --force") {
    tree.write("modules/alfa/quiz-usura.md", "mio");
    auto again = import_gift(request);
    CHECK(again.status.message() == (tree.root() / "modules/alfa/quiz-usura.md").generic_string() +
                                        " exists already: choose another name with --name, or replace it with --force");
    CHECK(read_file(tree.root() / "modules/alfa/quiz-usura.md") == "mio");
    request.overwrite = true;
    CHECK(import_gift(request).status.ok());
    CHECK(read_file(tree.root() / "modules/alfa/quiz-usura.md") == read_file(first.written));
  }
  SUBCASE("an unknown module, a bad name") {
    request.module_slug = "gamma";
    CHECK(import_gift(request).status.message() ==
          "unknown module 'gamma': " + (tree.root() / "modules/gamma/index.md").generic_string() + " does not exist");
    request.module_slug = "alfa";
    request.name = "Non Valido";
    CHECK(import_gift(request).status.code() == Status::Code::invalid);
    CHECK_FALSE(fs::exists(tree.root() / "modules/alfa/quiz-Non Valido.md"));
  }
  SUBCASE("a name and a title given") {
    request.name = "verifica";
    request.title = "Verifica: usura";
    auto r = import_gift(request);
    REQUIRE(r.status.ok());
    CHECK(contains(read_file(r.written), "title: \"Verifica: usura\"\n"));
  }
}

TEST_CASE("slug_from_file_name") {
  CHECK(slug_from_file_name("dir/Verifica Usura 2024!.gift") == "verifica-usura-2024");
  CHECK(slug_from_file_name("Perché_sì.txt") == "perche-si");
  CHECK(slug_from_file_name("!!!.gift") == "");
}
