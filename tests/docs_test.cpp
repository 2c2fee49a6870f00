// The access policy people read (the routes table of docs/security.md) and the route table the
// server registers (server/routes.cpp) say the same, role by role, in both directions.
#include <doctest/doctest.h>

#include <map>

#include "policy.h"
#include "server/routes.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

const char* method_name(Method m) { return m == Method::get ? "GET" : "POST"; }

// The roles a route lets through, asked of the route's own check one role at a time.
RoleSet roles_let_through(const Access& a) {
  RoleSet out;
  for (Role r : all_roles())
    if (a.allows(RoleSet(r))) out = out | r;
  return out;
}

std::string access_text(PolicyRow::Kind kind, RoleSet roles) {
  if (kind == PolicyRow::Kind::anyone) return "anyone";
  if (kind == PolicyRow::Kind::signed_in) return "signed in";
  return format_roles(roles);
}

std::string access_text(const Access& a) {
  switch (a.kind) {
    case Access::Kind::anyone: return "anyone";
    case Access::Kind::signed_in: return "signed in";
    case Access::Kind::roles: break;
  }
  return format_roles(roles_let_through(a));
}

// Every way `routes` and `policy` disagree, one line each; empty when they say the same.
std::vector<std::string> differences(const std::vector<Route>& routes, const std::vector<PolicyRow>& policy) {
  std::vector<std::string> out;
  std::map<const PolicyRow*, int> used;
  for (const auto& row : policy)
    for (const auto& other : policy)
      if (&row < &other && row.method == other.method && canonical_path(row.path) == canonical_path(other.path))
        out.push_back("docs/security.md:" + std::to_string(other.line) + ": " + other.method + " " + other.path +
                      " is documented twice (also line " + std::to_string(row.line) + ")");
  for (const auto& r : routes) {
    const std::string route = std::string(method_name(r.method)) + " " + r.pattern;
    const PolicyRow* row = find_row(policy, method_name(r.method), r.pattern);
    if (!row) {
      out.push_back(route + " (" + access_text(r.access) + ") is in server/routes.cpp but not in docs/security.md");
      continue;
    }
    ++used[row];
    const std::string documented = access_text(row->kind, row->roles), actual = access_text(r.access);
    if (documented != actual)
      out.push_back("docs/security.md:" + std::to_string(row->line) + ": " + row->method + " " + row->path +
                    " is documented as \"" + documented + "\" but server/routes.cpp lets through \"" + actual + "\"");
  }
  for (const auto& row : policy)
    if (!used.count(&row))
      out.push_back("docs/security.md:" + std::to_string(row.line) + ": " + describe(row) +
                    " is documented but server/routes.cpp has no such route");
  return out;
}

std::vector<PolicyRow> policy_from(const std::string& table) {
  TempDir dir;
  write_file(dir.path() / "security.md", "# Security\n\n## Routes and the access they need\n"
                                         "| method | path | access |\n|---|---|---|\n" + table + "\n## Roles\n| a | b |\n");
  return read_policy(dir.path() / "security.md");
}

Route route(Method m, const std::string& pattern, Access access) { return {m, pattern, access, "", nullptr}; }

}  // namespace

TEST_CASE("docs/security.md states the access of every route, exactly as server/routes.cpp has it") {
  std::vector<PolicyRow> policy;
  REQUIRE_NOTHROW(policy = repository_policy());
  REQUIRE(policy.size() >= route_table().size());
  for (const auto& d : differences(route_table(), policy)) FAIL_CHECK(d);
}

TEST_CASE("the policy comparison finds every kind of slip") {
  const Access admin = Access::only(Role::admin), staff = Access::only(Role::admin | Role::trainer);
  const auto policy = policy_from(
      "| GET | `/admin/registro` | admin |\n"
      "| GET | `/admin/eventi/<year>/<event>` | admin, organizer |\n"
      "| POST | `/admin/inviti/<id>/revoca` | admin, trainer (a trainer only their own) |\n"
      "| GET | `/area` | signed in |\n"
      "| GET | `/events.ics` | anyone |\n");
  REQUIRE(policy.size() == 5);
  CHECK(policy[1].roles == (Role::admin | Role::organizer));
  CHECK(policy[2].note == "(a trainer only their own)");
  CHECK(policy[3].kind == PolicyRow::Kind::signed_in);
  std::vector<Route> routes = {route(Method::get, "/admin/registro", admin),
                               route(Method::get, "/admin/eventi/([0-9]{4})/([a-z0-9-]+)", Access::only(Role::organizer)),
                               route(Method::post, "/admin/inviti/([0-9]{1,12})/revoca", staff),
                               route(Method::get, "/area", Access::signed_in()),
                               route(Method::get, "/events[.]ics", Access::anyone())};
  CHECK(differences(routes, policy).empty());

  SUBCASE("a role added to a route") {
    routes[0].access = staff;
    REQUIRE(differences(routes, policy).size() == 1);
    CHECK(differences(routes, policy)[0] ==
          "docs/security.md:6: GET /admin/registro is documented as \"admin\" but server/routes.cpp lets through "
          "\"admin,trainer\"");
  }
  SUBCASE("a role taken from a route") {
    routes[2].access = admin;
    CHECK(differences(routes, policy).size() == 1);
  }
  SUBCASE("a roles route made open to anyone signed in, or to anyone") {
    routes[1].access = Access::signed_in();
    routes[3].access = Access::anyone();
    CHECK(differences(routes, policy).size() == 2);
  }
  SUBCASE("a route with every role is still not \"signed in\"") {
    routes[3].access = Access::only(Role::admin | Role::trainer | Role::organizer | Role::learner);
    CHECK(differences(routes, policy).size() == 1);
  }
  SUBCASE("a route the docs do not have, a row without a route") {
    routes.push_back(route(Method::post, "/admin/persone/([0-9]{1,12})/gruppi", admin));
    routes.erase(routes.begin() + 3);
    auto found = differences(routes, policy);
    REQUIRE(found.size() == 2);
    CHECK(found[0] == "POST /admin/persone/([0-9]{1,12})/gruppi (admin) is in server/routes.cpp but not in docs/security.md");
    CHECK(found[1] == "docs/security.md:9: GET /area: signed in is documented but server/routes.cpp has no such route");
  }
  SUBCASE("the same method and path on another verb is another route") {
    routes[0].method = Method::post;
    CHECK(differences(routes, policy).size() == 2);
  }
  SUBCASE("a row written twice") {
    auto twice = policy;
    twice.push_back(policy[0]);
    twice.back().line = 99;
    auto found = differences(routes, twice);
    REQUIRE_FALSE(found.empty());
    CHECK(found[0] == "docs/security.md:99: GET /admin/registro is documented twice (also line 6)");
  }
}

TEST_CASE("the policy table is read strictly") {
  CHECK_THROWS_WITH(policy_from("| GET | `/a` | admin, boss |"), doctest::Contains("unknown role \"boss\""));
  CHECK_THROWS_WITH(policy_from("| GET | `/a` | admin, admin |"), doctest::Contains("listed twice"));
  CHECK_THROWS_WITH(policy_from("| PUT | `/a` | admin |"), doctest::Contains("GET or POST"));
  CHECK_THROWS_WITH(policy_from("| GET | /a | admin |"), doctest::Contains("| METHOD | `path` | access |"));
  CHECK_THROWS_WITH(policy_from("| GET | `/a` |  |"), doctest::Contains("no access"));
  CHECK_THROWS_WITH(policy_from("| GET | `/a` | signed-in |"), doctest::Contains("unknown role"));
  CHECK_THROWS_WITH(policy_from("| GET | `/a` | admin (own |"), doctest::Contains("note"));
  // Admins are named: a row that leaves admin out says admins may not, which no route can say.
  CHECK(policy_from("| GET | `/a` | organizer |")[0].roles == RoleSet(Role::organizer));
  CHECK(canonical_path("/eventi/([0-9]{4})/([a-z0-9-]+)[.]ics") == "/eventi/<>/<>.ics");
  CHECK(canonical_path("/eventi/<year>/<event>.ics") == "/eventi/<>/<>.ics");
  CHECK_THROWS(canonical_path("/a(?:b|c)*"));
  CHECK_THROWS(canonical_path("/a.*"));
}
