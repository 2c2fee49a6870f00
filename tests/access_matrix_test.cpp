// Every registered route, walked as anonymous, learner, organizer, trainer and admin. Generated from
// the route table, so a new route is tested the day it is added.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/audit.h"
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

}  // namespace

TEST_CASE("role x route matrix") {
  RunningSite site(standard_accounts());
  const std::vector<Caller> callers = {{"anonymous", RoleSet()},
                                       {"learner", Role::learner},
                                       {"organizer", Role::organizer},
                                       {"trainer", Role::trainer},
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
      auto res = post ? browser.post(route->example, "") : browser.get(route->example);
      REQUIRE(res);
      INFO(caller.name << " " << (post ? "POST " : "GET ") << route->example << " -> " << res->status);
      const bool needs_person = route->access.kind != Access::Kind::anyone;
      if (anonymous) {
        CHECK_FALSE(res->has_header("Set-Cookie"));  // anonymous visitors get no cookies, anywhere
        if (needs_person) CHECK(redirects_to_login(*res));
        else CHECK(res->status != 403);
      } else if (route->access.allows(caller.roles)) {
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
  // Nothing was changed by any of these requests: the audit log holds only the four accounts.
  auto store = Store::open(site.db_path());
  REQUIRE(store.ok());
  auto entries = audit_entries(*store.value(), 100, 0);
  CHECK(entries.size() == standard_accounts().size());
  for (const auto& e : entries) CHECK(e.action == "user.add");
}
