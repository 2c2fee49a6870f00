// Plain text from rendered Markdown, for the feeds.
#include <doctest/doctest.h>

#include "core/text.h"
#include "importer/markdown.h"
#include "site/html_text.h"

using namespace sentinella;

TEST_CASE("html_to_text") {
  SUBCASE("paragraphs are separated by an empty line, white space collapses") {
    CHECK(html_to_text("<p>Uno\ndue   tre</p>\n<p>Quattro</p>\n") == "Uno due tre\n\nQuattro");
  }
  SUBCASE("the entities cmark writes, and numeric ones, are decoded; tags go") {
    CHECK(html_to_text("<p>a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#xE8; &#232;</p>") ==
          "a & b <c> \"d\" 'e' è è");
    CHECK(html_to_text("<p><strong>forte</strong> e <a href=\"/x?a=1&amp;b=2\">un link</a></p>") ==
          "forte e un link");
  }
  SUBCASE("Italian letters and punctuation by name (what Moodle's editor writes)") {
    CHECK(html_to_text("Perch&eacute; l&rsquo;&Egrave; &laquo;s&igrave;&raquo; &hellip; 5 &euro; &#0; &#x110000;") ==
          "Perché l’È «sì» … 5 € \xEF\xBF\xBD &#x110000;");
  }
  SUBCASE("a stray '&' or '<' is text; an unknown entity is kept") {
    CHECK(html_to_text("a & b < c &nonesiste; d") == "a & b < c &nonesiste; d");
    CHECK(html_to_text("x <") == "x <");
  }
  SUBCASE("line breaks, headings and lists") {
    CHECK(html_to_text("<p>riga<br />\naltra</p>") == "riga\naltra");
    CHECK(html_to_text("<h2>Programma</h2>\n<ul>\n<li>uno</li>\n<li>due</li>\n</ul>\n<p>Fine</p>") ==
          "Programma\n\n- uno\n- due\n\nFine");
    CHECK(html_to_text("<ol>\n<li>\n<p>primo</p>\n</li>\n<li>\n<p>secondo</p>\n</li>\n</ol>") ==
          "1. primo\n\n2. secondo");
    CHECK(html_to_text("<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>") == "- a\n  - b\n- c");
  }
  SUBCASE("preformatted text keeps its lines and spaces") {
    CHECK(html_to_text("<p>Prima:</p>\n<pre><code>a  b\n  c\n</code></pre>\n<p>Dopo</p>") ==
          "Prima:\n\na  b\n  c\n\nDopo");
  }
  SUBCASE("comments, scripts and styles leave nothing") {
    CHECK(html_to_text("<p>a<!-- raw HTML omitted -->b</p><script>x < y</script><style>p{}</style>c") ==
          "ab\n\nc");
  }
  SUBCASE("no leading or trailing white space; empty stays empty") {
    CHECK(html_to_text("\n  <p>  testo  </p>\n\n") == "testo");
    CHECK(html_to_text("").empty());
    CHECK(html_to_text("<p></p>").empty());
  }
  SUBCASE("what the Markdown renderer writes, accents and punctuation included") {
    const std::string html = render_markdown(
        "Virgole, punti; e una barra C:\\cartella\\file: perché è così.\n\n"
        "## Come partecipare\n\n1. Iscriversi & arrivare \"puntuali\".\n2. Portare un documento.\n");
    const std::string text = html_to_text(html);
    CHECK(text ==
          "Virgole, punti; e una barra C:\\cartella\\file: perché è così.\n\nCome partecipare\n\n"
          "1. Iscriversi & arrivare \"puntuali\".\n2. Portare un documento.");
    CHECK(find_invalid_utf8(text) == std::string::npos);
  }
}

TEST_CASE("escape_markup: text safe in HTML and XML, content and attributes") {
  CHECK(escape_markup("Tom & \"Jerry\" <b>'s</b>") == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&apos;s&lt;/b&gt;");
  CHECK(escape_markup("perché è così") == "perché è così");
  CHECK(escape_markup(std::string("a\tb\nc\r\x01\x1f" "d\x7f", 10)) == "a\tb\nc\rd\x7f");
  CHECK(html_to_text("<p>" + escape_markup("1 < 2 & \"tre\"") + "</p>") == "1 < 2 & \"tre\"");
}
