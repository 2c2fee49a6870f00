// The documentation lists every route with its access.
#include <doctest/doctest.h>

#include <regex>

#include "server/routes.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

// "/moduli/([a-z0-9-]+)" -> the documented form, "/moduli/<...>": the names are free.
std::regex documented_pattern(const Route& r) {
  std::string path = std::regex_replace(r.pattern, std::regex(R"(\([^)]*\)(\{[0-9,]+\})?)"), "@");
  std::string escaped = std::regex_replace(path, std::regex(R"([.?*+])"), "\\$&");
  escaped = std::regex_replace(escaped, std::regex("@"), "<[a-z]+>");
  const std::string method = r.method == Method::get ? "GET" : "POST";
  std::string access;
  switch (r.access.kind) {
    case Access::Kind::anyone: access = "anyone"; break;
    case Access::Kind::signed_in: access = "signed in"; break;
    case Access::Kind::roles: access = "admin"; break;
  }
  return std::regex("\\| " + method + " \\| `" + escaped + "` \\| " + access);
}

}  // namespace

TEST_CASE("docs/security.md lists every route with its access") {
  const std::string doc = read_file(source_dir() / "docs" / "security.md");
  for (const auto& r : route_table()) {
    INFO(r.pattern);
    CHECK(std::regex_search(doc, documented_pattern(r)));
  }
}
