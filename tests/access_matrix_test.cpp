// Every registered route, walked as anonymous, learner, organizer, trainer, a person holding every
// role but admin, and admin. The expected answer comes from the policy in docs/security.md (which
// tests/docs_test.cpp holds the route table to), so the server is held to what people read.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/audit.h"
#include "policy.h"
#include "running_site.h"
#include "server/routes.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

struct Caller {
  std::string name;      // "anonymous" or the account's username
  RoleSet roles;
};

bool redirects_to_login(const httplib::Response& res) {
  return res.status == 303 && res.get_header_value("Location").rfind("/accedi?dopo=", 0) == 0;
}

// Whether the policy lets a signed-in person holding `held` use the route of `row`.
bool policy_lets(const PolicyRow& row, RoleSet held) {
  return row.kind != PolicyRow::Kind::roles || (row.roles.bits() & held.bits()) != 0;
}

std::vector<TestAccount> accounts() {
  auto all = standard_accounts();
  all.push_back({"tutti", "learner,trainer,organizer", "polizia-locale"});
  return all;
}

}  // namespace

TEST_CASE("role x route matrix") {
  RunningSite site(accounts());
  const std::vector<Caller> callers = {{"anonymous", RoleSet()},
                                       {"learner", Role::learner},
                                       {"organizer", Role::organizer},
                                       {"trainer", Role::trainer},
                                       {"tutti", Role::learner | Role::trainer | Role::organizer},
                                       {"admin", Role::admin}};
  // Logging out ends the session: walk it last.
  std::vector<const Route*> routes;
  for (const auto& r : route_table()) routes.push_back(&r);
  std::stable_partition(routes.begin(), routes.end(), [](const Route* r) { return r->example != "/esci"; });
  REQUIRE(routes.size() >= 25);

  int checked = 0;
  for (const auto& caller : callers) {
    Browser browser = site.browser();
    const bool anonymous = caller.name == "anonymous";
    if (!anonymous) REQUIRE(browser.login(caller.name, kTestPassword));
    if (!anonymous) REQUIRE_MESSAGE(!browser.csrf().empty(), "no CSRF token in /area for " << caller.name);
    for (const Route* route : routes) {
      const bool post = route->method == Method::post;
      const std::string method = post ? "POST" : "GET";
      const PolicyRow* row = find_row(repository_policy(), method, route->pattern);
      REQUIRE_MESSAGE(row, route->pattern << " is not in docs/security.md");
      auto res = post ? browser.post(route->example, "") : browser.get(route->example);
      REQUIRE(res);
      INFO(caller.name << " " << method << " " << route->example << " -> " << res->status
                       << " (policy: " << describe(*row) << ")");
      const bool needs_person = row->kind != PolicyRow::Kind::anyone;
      if (anonymous) {
        CHECK_FALSE(res->has_header("Set-Cookie"));  // anonymous visitors get no cookies, anywhere
        if (needs_person) CHECK(redirects_to_login(*res));
        else CHECK(res->status != 403);
      } else if (policy_lets(*row, caller.roles)) {
        CHECK_FALSE(redirects_to_login(*res));
        CHECK(res->status != 403);
        CHECK(res->status < 500);
      } else {
        CHECK(res->status == 403);
      }
      ++checked;
    }
  }
  CHECK(checked == static_cast<int>(callers.size() * routes.size()));
  site.server().stop();
  // Nothing was changed by any of these requests: the audit log holds only the accounts.
  auto store = Store::open(site.db_path());
  REQUIRE(store.ok());
  auto entries = audit_entries(*store.value(), 100, 0);
  CHECK(entries.size() == accounts().size());
  for (const auto& e : entries) CHECK(e.action == "user.add");
}
