// The bundled programme (content/): statements that frontline staff rely on must not regress.
#include <doctest/doctest.h>

#include "importer/importer.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

TEST_CASE("the duty-to-report lessons name the incaricati di pubblico servizio and art. 331 c.p.p.") {
  auto store = std::move(Store::open(":memory:").value());
  REQUIRE(import_content(source_dir() / "content", *store).ok());
  // Social workers and educators are often incaricati di pubblico servizio: a lesson that gives the
  // duty only to police officers or public officials tells them, wrongly, that they need not report.
  const std::pair<const char*, const char*> lessons[] = {
      {"usura", "segnali-allarme"},
      {"sicurezza-urbana-integrata", "polizia-locale-educatori"},
      {"violenza-di-genere-reati-spia", "escalation-segnali"},
      {"tutela-vittime", "rete-antiviolenza"},
  };
  for (const auto& [module, slug] : lessons) {
    INFO(module << "/" << slug);
    auto lesson = store->lesson(module, slug);
    REQUIRE(lesson);
    CHECK(lesson->body_html.find("incaricat") != std::string::npos);
    CHECK(lesson->body_html.find("331") != std::string::npos);
    CHECK(lesson->body_html.find("non ha questo obbligo") == std::string::npos);
    CHECK(lesson->reviewed == "2026-11-29");
  }
}
