// The real server on 127.0.0.1 and a free port: pages, drafts, the 404, headers, caching, the API.
#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "running_site.h"

using namespace sentinella::test;

namespace {

void check_security_headers(const httplib::Response& res) {
  CHECK(contains(res.get_header_value("Content-Security-Policy"), "default-src 'self'"));
  CHECK(contains(res.get_header_value("Content-Security-Policy"), "frame-ancestors 'none'"));
  CHECK(res.get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(res.get_header_value("Referrer-Policy") == "no-referrer");
  CHECK_FALSE(res.has_header("Set-Cookie"));
}

}  // namespace

TEST_CASE("public pages") {
  RunningSite site;

  SUBCASE("home: intro, published modules, help box, quick exit first") {
    auto res = site.fetch("/", 200);
    CHECK(res.get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(contains(res.body, "<html lang=\"it\">"));
    CHECK(contains(res.body, "<strong>programma</strong>"));
    CHECK(contains(res.body, "Modulo Alfa"));
    CHECK_FALSE(contains(res.body, "Modulo in bozza"));
    CHECK(contains(res.body, "tel:1522"));
    // The quick exit comes before the main content, and goes to the configured neutral site.
    auto exit_at = res.body.find("id=\"esci-subito\"");
    REQUIRE(exit_at != std::string::npos);
    CHECK(exit_at < res.body.find("<main"));
    CHECK(contains(res.body, "href=\"https://www.example.org/\""));
    check_security_headers(res);
  }
  SUBCASE("catalogue, filtered by target group") {
    auto all = site.fetch("/moduli", 200);
    CHECK(contains(all.body, "/moduli/alfa"));
    CHECK_FALSE(contains(all.body, "/moduli/bozza"));
    CHECK(contains(site.fetch("/moduli?gruppo=polizia-locale", 200).body, "/moduli/alfa"));
    CHECK_FALSE(contains(site.fetch("/moduli?gruppo=servizi-sociali", 200).body, "/moduli/alfa"));
    site.fetch("/moduli?gruppo=sconosciuto", 404);
  }
  SUBCASE("module page") {
    auto res = site.fetch("/moduli/alfa", 200);
    CHECK(contains(res.body, "Riconoscere i segnali"));
    CHECK(contains(res.body, "Polizia locale"));
    CHECK(contains(res.body, "2,5"));
    CHECK(contains(res.body, "/moduli/alfa/primo-passo"));
    CHECK(contains(res.body, "/moduli/alfa/secondo-passo"));
    CHECK(res.body.find("primo-passo") < res.body.find("secondo-passo"));
  }
  SUBCASE("lesson page: Markdown table, position, previous and next") {
    auto first = site.fetch("/moduli/alfa/primo-passo", 200);
    CHECK(contains(first.body, "<table>"));
    CHECK(contains(first.body, "href=\"/moduli/alfa/secondo-passo\""));
    CHECK(contains(site.fetch("/moduli/alfa/secondo-passo", 200).body, "href=\"/moduli/alfa/primo-passo\""));
  }
  SUBCASE("drafts are not served, in pages or the API") {
    for (const char* path : {"/moduli/bozza", "/moduli/bozza/unica", "/api/v1/modules/bozza"}) {
      INFO(path);
      CHECK_FALSE(contains(site.fetch(path, 404).body, "Testo segreto"));
    }
  }
  SUBCASE("help page shows the helplines from site.yaml") {
    auto res = site.fetch("/aiuto", 200);
    CHECK(contains(res.body, "Numero unico di emergenza"));
    CHECK(contains(res.body, "tel:112"));
  }
  SUBCASE("unknown paths get the 404 page, escaped, with the same headers") {
    auto res = site.fetch("/non-esiste", 404);
    CHECK(contains(res.body, "<html lang=\"it\">"));
    check_security_headers(res);
    CHECK_FALSE(contains(site.fetch("/%3Cscript%3Ealert(1)%3C/script%3E", 404).body, "<script>alert"));
  }
  SUBCASE("healthz") {
    site.fetch("/healthz", 200);
  }
}

TEST_CASE("caching and compression") {
  RunningSite site;
  SUBCASE("pages carry an ETag and answer 304 to it") {
    const std::string etag = site.fetch("/moduli/alfa", 200).get_header_value("ETag");
    REQUIRE(etag.size() > 2);
    CHECK(site.fetch("/moduli/alfa", 304, {{"If-None-Match", etag}}).body.empty());
  }
  SUBCASE("theme files are cached for long") {
    auto res = site.fetch("/static/style.css", 200);
    CHECK(contains(res.get_header_value("Content-Type"), "text/css"));
    CHECK(contains(res.get_header_value("Cache-Control"), "max-age=31536000"));
    CHECK(res.has_header("Last-Modified"));
    site.fetch("/static/style.css", 304, {{"If-None-Match", res.get_header_value("ETag")}});
    site.fetch("/static/nope.css", 404);
  }
  SUBCASE("responses are compressed when the client asks") {
    httplib::Client raw("127.0.0.1", site.port());
    raw.set_decompress(false);
    auto gz = raw.Get("/", {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    auto plain = raw.Get("/");
    REQUIRE(plain);
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    CHECK(gz->body.size() < plain->body.size());
  }
}

TEST_CASE("JSON API") {
  RunningSite site;
  auto list = site.fetch("/api/v1/modules", 200);
  CHECK(contains(list.get_header_value("Content-Type"), "application/json"));
  auto modules = nlohmann::json::parse(list.body)["modules"];
  REQUIRE(modules.size() == 1);
  CHECK(modules[0]["slug"] == "alfa");
  CHECK(modules[0]["lesson_count"] == 2);
  CHECK(modules[0]["reading_minutes"] == 25);  // the lessons' 10 + 15 minutes
  CHECK(modules[0]["url"] == "https://prova.example.org/moduli/alfa");

  auto alfa = nlohmann::json::parse(site.fetch("/api/v1/modules/alfa", 200).body);
  CHECK(alfa["duration_hours"] == 2.5);
  REQUIRE(alfa["lessons"].size() == 2);
  CHECK(alfa["lessons"][0]["slug"] == "primo-passo");
  CHECK(alfa["lessons"][1]["minutes"] == 15);
  CHECK(alfa["target_groups"][0]["id"] == "polizia-locale");

  CHECK(nlohmann::json::parse(site.fetch("/api/v1/modules/nessuno", 404).body)["error"] == "not found");
}

TEST_CASE("request log and clean shutdown") {
  RunningSite site;
  REQUIRE(site.get("/moduli"));
  CHECK(site.server().stop() == 0);
  const std::string log = site.server().log();
  CHECK(std::regex_search(log, std::regex(R"(127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "GET /moduli HTTP/1\.1" 200 \d+)")));
  CHECK(contains(log, "received SIGTERM, stopping"));
  CHECK(contains(log, "stopped"));
}

TEST_CASE("the server refuses to start on content with errors") {
  ContentTree tree;
  TempDir data;
  tree.write("modules/alfa/index.md", "---\ntitle: Alfa\n---\n");
  auto r = run_sentinella({"serve", "--port", "0", "--content", tree.root().string(), "--db",
                           (data.path() / "s.db").string()});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "missing required key 'summary'"));
}
