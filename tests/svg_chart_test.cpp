// Bar charts as inline SVG (site/svg_chart.h).
#include <doctest/doctest.h>

#include <regex>

#include "site/svg_chart.h"

using namespace sentinella;

namespace {

// The width of every bar, in the order drawn.
std::vector<double> bar_widths(const std::string& svg) {
  static const std::regex bar(R"re(<rect class="chart-bar"[^>]* width="([0-9.]+)")re");
  std::vector<double> out;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
    out.push_back(std::stod((*it)[1]));
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

BarChart two_rows() {
  BarChart c;
  c.id = "persone";
  c.title = "Persone formate";
  c.description = "Barre orizzontali per gruppo.";
  c.rows = {{"Polizia locale", {10.0}, {"10"}}, {"Volontariato", {4.0}, {"4"}}};
  return c;
}

}  // namespace

TEST_CASE("render_bar_chart") {
  SUBCASE("an image with a title and a description it names") {
    const std::string svg = render_bar_chart(two_rows());
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.find("role=\"img\"") != std::string::npos);
    CHECK(svg.find("aria-labelledby=\"persone-titolo persone-descrizione\"") != std::string::npos);
    CHECK(svg.find("<title id=\"persone-titolo\">Persone formate</title>") != std::string::npos);
    CHECK(svg.find("<desc id=\"persone-descrizione\">Barre orizzontali per gruppo.</desc>") != std::string::npos);
    CHECK(svg.find("style") == std::string::npos);  // the CSP forbids inline styles
    CHECK(svg.substr(svg.size() - 6) == "</svg>");
  }
  SUBCASE("bar lengths are proportional to the values; each number is written beside its bar") {
    const std::string svg = render_bar_chart(two_rows());
    const auto widths = bar_widths(svg);
    REQUIRE(widths.size() == 2);
    CHECK(widths[0] == doctest::Approx(564));  // the longest fills the bar area
    CHECK(widths[1] / widths[0] == doctest::Approx(0.4).epsilon(0.001));
    CHECK(svg.find(">10</text>") != std::string::npos);
    CHECK(svg.find(">4</text>") != std::string::npos);
    CHECK(svg.find(">Polizia locale</text>") != std::string::npos);
  }
  SUBCASE("labels, title and description are escaped") {
    BarChart c = two_rows();
    c.title = "A & B <script>";
    c.description = "\"quoted\" 'single'";
    c.rows[0].label = "</text><script>alert(1)</script>";
    c.series = {"x<y", "z&w"};
    c.rows[0].values = {1.0, 2.0};
    c.rows[0].texts = {"1", "<2>"};
    const std::string svg = render_bar_chart(c);
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(svg.find("A &amp; B &lt;script&gt;") != std::string::npos);
    CHECK(svg.find("&quot;quoted&quot; &apos;single&apos;") != std::string::npos);
    CHECK(svg.find(">x&lt;y</text>") != std::string::npos);
    CHECK(svg.find(">&lt;2&gt;</text>") != std::string::npos);
  }
  SUBCASE("the id is made safe for the ids it prefixes") {
    BarChart c = two_rows();
    c.id = "a\" onload=\"x";
    const std::string svg = render_bar_chart(c);
    CHECK(svg.find("onload=") == std::string::npos);
    CHECK(chart_id("") == "grafico");
    CHECK(chart_id("Gruppi 2026") == "-ruppi-2026");
  }
  SUBCASE("grouped bars: one bar per series, a legend, a pattern for every series but the first") {
    BarChart c;
    c.id = "moduli";
    c.series = {"Iscritti", "Completati"};
    c.rows = {{"Usura", {8.0, 2.0}, {"8", "2"}}, {"Estorsione", {4.0, 0.0}, {"4", "0"}}};
    const std::string svg = render_bar_chart(c);
    const auto widths = bar_widths(svg);
    REQUIRE(widths.size() == 3);  // a zero draws no bar, only its number
    CHECK(widths[1] / widths[0] == doctest::Approx(0.25).epsilon(0.001));
    CHECK(widths[2] / widths[0] == doctest::Approx(0.5).epsilon(0.001));
    CHECK(count(svg, "class=\"chart-swatch\"") == 2);
    CHECK(svg.find(">Iscritti</text>") != std::string::npos);
    CHECK(svg.find("<pattern id=\"moduli-motivo-1\"") != std::string::npos);
    CHECK(count(svg, "fill=\"url(#moduli-motivo-1)\"") == 2);  // the swatch and the one bar not zero
    CHECK(svg.find(">0</text>") != std::string::npos);
  }
  SUBCASE("a hidden value draws no bar but keeps its text") {
    BarChart c = two_rows();
    c.rows[1].values = {std::nullopt};
    c.rows[1].texts = {"meno di 5"};
    const std::string svg = render_bar_chart(c);
    CHECK(bar_widths(svg).size() == 1);
    CHECK(svg.find(">meno di 5</text>") != std::string::npos);
  }
  SUBCASE("no data: the empty text, no bars") {
    BarChart c;
    c.id = "vuoto";
    c.title = "Niente";
    c.empty_text = "Nessun dato nel periodo.";
    const std::string svg = render_bar_chart(c);
    CHECK(bar_widths(svg).empty());
    CHECK(svg.find(">Nessun dato nel periodo.</text>") != std::string::npos);
    CHECK(svg.find("<title id=\"vuoto-titolo\">Niente</title>") != std::string::npos);
  }
  SUBCASE("all zeros: numbers, no bars, no division by zero") {
    BarChart c = two_rows();
    c.rows[0].values = {0.0};
    c.rows[1].values = {0.0};
    const std::string svg = render_bar_chart(c);
    CHECK(bar_widths(svg).empty());
    CHECK(svg.find("nan") == std::string::npos);
  }
}
