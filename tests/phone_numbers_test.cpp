// Telephone numbers in prose become tel: links: which numbers count (sentences from the bundled
// content and the false positives they sit next to), what is dialled, and where in Markdown.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/phone_numbers.h"
#include "importer/importer.h"
#include "importer/markdown.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

// The bundled site.yaml's helplines and contact phone.
const std::vector<std::string> kKnown = {"112", "1522", "0372 407006", "0372 407066"};

// "text [number -> dialable] text": the mentions shown in place, to assert on whole sentences.
std::string marked(const std::string& text, const std::vector<std::string>& known = kKnown) {
  std::string out;
  size_t done = 0;
  for (const auto& m : find_phone_numbers(text, known)) {
    out += text.substr(done, m.offset - done) + "[" + text.substr(m.offset, m.length) + " -> " + m.dialable + "]";
    done = m.offset + m.length;
  }
  return out + text.substr(done);
}

}  // namespace

TEST_CASE("dialable_number: +39 for landlines and mobiles, short and toll-free numbers as written") {
  CHECK(dialable_number("0372 407066") == "+390372407066");
  CHECK(dialable_number("02.1234567") == "+39021234567");
  CHECK(dialable_number("333 123 4567") == "+393331234567");
  CHECK(dialable_number("+39 0372 407066") == "+390372407066");
  CHECK(dialable_number("0039 0372 407066") == "+390372407066");
  CHECK(dialable_number("+41 22 123 45 67") == "+41221234567");
  CHECK(dialable_number("112") == "112");
  CHECK(dialable_number("1522") == "1522");
  CHECK(dialable_number("800 123456") == "800123456");
  CHECK(dialable_number("numero verde") == "");
}

TEST_CASE("find_phone_numbers on sentences of the bundled content") {
  SUBCASE("the helplines, plain or bold, and the office's number") {
    CHECK(marked("Se sei in pericolo chiama il 112; il 1522 è gratuito e attivo 24 ore su 24.") ==
          "Se sei in pericolo chiama il [112 -> 112]; il [1522 -> 1522] è gratuito e attivo 24 ore su 24.");
    CHECK(marked("112") == "[112 -> 112]");  // the text of "**112**"
    CHECK(marked("- 112 per il pericolo immediato, 1522 per ascolto, informazioni e consigli.") ==
          "- [112 -> 112] per il pericolo immediato, [1522 -> 1522] per ascolto, informazioni e consigli.");
    CHECK(marked("«Se hai paura adesso, chiama il 112.»") == "«Se hai paura adesso, chiama il [112 -> 112].»");
    CHECK(marked("contatta l'Ufficio Anticorruzione e Trasparenza (0372 407066).") ==
          "contatta l'Ufficio Anticorruzione e Trasparenza ([0372 407066 -> +390372407066]).");
    CHECK(marked("contatta l'Ufficio Anticorruzione e Trasparenza allo 0372 407066 o scrivi a") ==
          "contatta l'Ufficio Anticorruzione e Trasparenza allo [0372 407066 -> +390372407066] o scrivi a");
    CHECK(marked("contatta il Centro Locale di Parità (0372 407006) prima della serata.") ==
          "contatta il Centro Locale di Parità ([0372 407006 -> +390372407006]) prima della serata.");
    CHECK(marked("Il 1522 non è un servizio di emergenza") == "Il [1522 -> 1522] non è un servizio di emergenza");
  }
  SUBCASE("articles, laws, years, ranges and addresses stay text") {
    for (const char* text :
         {"L'art. 112 c.p. prevede un aumento di pena.", "artt. 112 e 113 c.p.", "ai sensi del comma 112",
          "la L. 44/1999 e la L. 108/1996", "Dal D.L. 113/2018 la sospensione dura 2 anni",
          "art. 84, comma 4, D.Lgs. 159/2011", "il decennio 2011-2021", "nel 2026-27", "(artt. 20-21)",
          "art. 416-bis.1 c.p.", "artt. 282-bis e 282-ter c.p.p.", "Piazza del Comune, 8 - 26100 Cremona",
          "**Mattina** (9:00-13:00)", "dalle 09.00-13.00", "il 05.03.2024", "il 5-3-24",
          "L. 2 dicembre 2025, n. 181", "la norma tecnica europea EN 301 549", "Regolamento (UE) 2016/679",
          "I posti sono 100", "circa 31 milioni", "n. 1522", "legge 1522", "1522 euro", "1.522 persone",
          "€ 1522", "1522%", "1522/2020", "un debito di 350.000.000 di lire", "800.000 euro", "00184 Roma",
          "IT60 X054 2811 1010 0000 0123 456", "art.112", "1,5 ore", "A112", "112bis"}) {
      INFO(text);
      CHECK(find_phone_numbers(text, kKnown).empty());
    }
  }
  SUBCASE("Italian shapes that are not in site.yaml") {
    CHECK(marked("Chiama lo 02.1234567 o il 333 1234567.", {}) ==
          "Chiama lo [02.1234567 -> +39021234567] o il [333 1234567 -> +393331234567].");
    CHECK(marked("Numero verde 800 123456, oppure 803 116.", {}) ==
          "Numero verde [800 123456 -> 800123456], oppure [803 116 -> 803116].");
    CHECK(marked("Tel. +39 0372 407066", {}) == "Tel. [+39 0372 407066 -> +390372407066]");
    CHECK(marked("cell. 347-1234567", {}) == "cell. [347-1234567 -> +393471234567]");
    CHECK(marked("112 and 1522 are short: only site.yaml makes them numbers", {}) ==
          "112 and 1522 are short: only site.yaml makes them numbers");
  }
  SUBCASE("a number from site.yaml however it is grouped, and a foreign one only from site.yaml") {
    CHECK(marked("lo 0372.407.066", {"0372 407066"}) == "lo [0372.407.066 -> +390372407066]");
    CHECK(marked("call +41 22 123 45 67", {"+41 22 123 45 67"}) == "call [+41 22 123 45 67 -> +41221234567]");
    CHECK(marked("call +41 22 123 45 67", {}) == "call +41 22 123 45 67");
  }
}

TEST_CASE("find_phone_numbers stays linear on text full of digits and context") {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "(1(";
  CHECK(find_phone_numbers(text, kKnown).empty());
  std::string spaced;
  for (int i = 0; i < 100'000; ++i) spaced += "1  ";
  CHECK(find_phone_numbers(spaced, {"1"}).size() == 100'000);
}

TEST_CASE("render_markdown links phone numbers in text, and nowhere a link would be odd") {
  SUBCASE("the site's intro: bold numbers become links with tel: hrefs") {
    const std::string html = render_markdown("Se sei in pericolo: chiama il **112**, oppure il **1522**.", kKnown);
    CHECK(html == "<p>Se sei in pericolo: chiama il <strong><a href=\"tel:112\">112</a></strong>, oppure il "
                  "<strong><a href=\"tel:1522\">1522</a></strong>.</p>\n");
  }
  SUBCASE("several numbers in one paragraph, text around them kept") {
    CHECK(render_markdown("Ufficio (0372 407066, ufficio@comune.cremona.it). Se ricevi minacce chiama il 112.", kKnown) ==
          "<p>Ufficio (<a href=\"tel:+390372407066\">0372\u00A0407066</a>, "
          "<a href=\"mailto:ufficio@comune.cremona.it\">ufficio@comune.cremona.it</a>). "
          "Se ricevi minacce chiama il <a href=\"tel:112\">112</a>.</p>\n");
  }
  SUBCASE("not in code, links, images, headings or table headers; yes in table cells") {
    const std::string md =
        "## Chiama il 112\n\n"
        "Il codice `112` e il [numero 1522](https://www.1522.eu/) restano come sono.\n\n"
        "![Volantino del 1522](volantino.png)\n\n"
        "    0372 407066\n\n"
        "| Aspetto | 112 | 1522 |\n|---|---|---|\n| Quando | 112 | 1522 |\n\n"
        "L'art. 112 c.p. non è un numero.\n";
    const std::string html = render_markdown(md, kKnown);
    CHECK(contains(html, "<h2>Chiama il 112</h2>"));
    CHECK(contains(html, "<code>112</code>"));
    CHECK(contains(html, "<a href=\"https://www.1522.eu/\">numero 1522</a>"));
    CHECK(contains(html, "alt=\"Volantino del 1522\""));
    CHECK(contains(html, "<pre><code>0372 407066\n</code></pre>"));
    CHECK(contains(html, "<th scope=\"col\">112</th>"));
    CHECK(contains(html, "<td><a href=\"tel:112\">112</a></td>"));
    CHECK(contains(html, "<td><a href=\"tel:1522\">1522</a></td>"));
    CHECK(contains(html, "<p>L'art. 112 c.p. non è un numero.</p>"));
  }
  SUBCASE("without known numbers, short numbers stay text") {
    CHECK(render_markdown("chiama il 112") == "<p>chiama il 112</p>\n");
  }
}

TEST_CASE("the bundled content links its phone numbers and no article or law") {
  auto store = std::move(Store::open(":memory:").value());
  REQUIRE(import_content(source_dir() / "content", *store).ok());
  auto site = store->site();
  REQUIRE(site);
  CHECK(contains(site->intro_html, "chiama il <strong><a href=\"tel:112\">112</a></strong>"));
  CHECK(contains(site->intro_html, "oppure il <strong><a href=\"tel:1522\">1522</a></strong>"));
  CHECK(contains(site->intro_html, "L.R. 17/2015"));

  auto help = store->page("aiuto");
  REQUIRE(help);
  CHECK(contains(help->body_html, "<a href=\"tel:112\">112</a>"));
  CHECK(contains(help->body_html, "<a href=\"tel:1522\">1522</a>"));

  auto lesson = store->lesson("tutela-vittime", "numeri-emergenza-sicurezza");
  REQUIRE(lesson);
  CHECK(contains(lesson->body_html, "il numero da chiamare è il <strong><a href=\"tel:112\">112</a></strong>"));
  CHECK(contains(lesson->body_html, "(art. 387-bis c.p.)"));

  auto lesson_law = store->lesson("estorsione-racket", "legge-44-1999");
  REQUIRE(lesson_law);
  CHECK_FALSE(contains(lesson_law->body_html, "tel:"));  // full of laws, articles and years; no number

  auto event = store->event(2026, "presentazione-programma");
  REQUIRE(event);
  CHECK(contains(event->body_html, "allo <a href=\"tel:+390372407066\">0372\u00A0407066</a> o scrivi"));
}
