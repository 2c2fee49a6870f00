// The sensitive routes, through the real server, as every kind of person: those the policy keeps
// out are refused (anonymous visitors sent to the login page, signed-in people 403) and change
// nothing; one it lets in sees the route work. Who may do what is written here, on purpose: these
// tests read neither server/routes.cpp nor docs/security.md, so a slip in either is caught.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "process.h"
#include "running_site.h"
#include "store_dump.h"

using namespace sentinella::test;

namespace {

struct Caller {
  std::string name;  // the account's username; "anonymous" signs in as nobody
  std::vector<std::string> roles;
};

// Every kind of person, and one holding every role but admin.
const std::vector<Caller>& callers() {
  static const std::vector<Caller> all = {{"anonymous", {}},
                                          {"learner", {"learner"}},
                                          {"organizer", {"organizer"}},
                                          {"trainer", {"trainer"}},
                                          {"tutti", {"learner", "trainer", "organizer"}},
                                          {"admin", {"admin"}}};
  return all;
}

bool holds_any(const Caller& c, const std::vector<std::string>& roles) {
  for (const auto& r : c.roles)
    if (std::find(roles.begin(), roles.end(), r) != roles.end()) return true;
  return false;
}

const char* const kEvent =
    "---\ntitle: Serata riservata\ntype: incontro\nstart: 2030-01-10 18:00\nend: 2030-01-10 20:00\n"
    "location:\n  name: Sala\naudience:\n  - pubblico\norganizer: Comune\ncapacity: 5\nregistration: true\n"
    "---\nUn incontro.\n";
const std::string kAdminEvent = "/admin/eventi/2030/serata-riservata";

// The site with every caller signed in in a browser of their own, plus "bersaglio" (a learner
// the people routes act on), "iscritta" (registered for the event) and "trainer2".
class Everyone {
public:
  Everyone()
      : site_(accounts(), [](ContentTree& tree) { tree.write("events/2030/serata-riservata.md", kEvent); }) {
    for (const auto& c : callers()) {
      auto [it, added] = browsers_.emplace(c.name, site_.browser());
      if (c.name != "anonymous") REQUIRE(it->second.login(c.name, kTestPassword));
    }
  }

  RunningSite& site() { return site_; }
  Browser& as(const std::string& name) { return browsers_.at(name); }

  // The first column of every row `sql` selects, comma-separated.
  std::string query(const std::string& sql) { return query_column(site_.db_path(), sql); }

  // Everything stored but the sessions (whose last-seen time may move with any request).
  std::string stored() {
    std::string out;
    std::istringstream in(dump_database(site_.db_path()));
    for (std::string line; std::getline(in, line);)
      if (!line.starts_with("sessions")) out += line + "\n";
    return out;
  }

  // Every caller holding none of `allowed` is refused `method path` (with `form` for a POST):
  // anonymous visitors are sent to the login page, signed-in people get `refused`; the answer does
  // not show `secret`, and nothing stored changes.
  void check_refused(const std::string& method, const std::string& path, const std::string& form,
                     const std::vector<std::string>& allowed, const std::string& secret, int refused = 403) {
    for (const auto& c : callers()) {
      if (holds_any(c, allowed)) continue;
      const std::string before = stored();
      auto res = method == "GET" ? as(c.name).get(path) : as(c.name).post(path, form);
      REQUIRE(res);
      INFO(c.name << " " << method << " " << path << " -> " << res->status);
      if (c.name == "anonymous") {
        CHECK(res->status == 303);
        CHECK(res->get_header_value("Location").starts_with("/accedi?dopo="));
      } else {
        CHECK(res->status == refused);
      }
      CHECK_FALSE(contains(res->body, secret));
      CHECK(stored() == before);
    }
  }

private:
  static std::vector<TestAccount> accounts() {
    auto all = standard_accounts();
    all.push_back({"tutti", "learner,trainer,organizer", "polizia-locale"});
    all.push_back({"trainer2", "trainer", ""});
    all.push_back({"bersaglio", "learner", "servizi-sociali"});
    all.push_back({"iscritta", "learner", "servizi-sociali"});
    return all;
  }

  RunningSite site_;
  std::map<std::string, Browser> browsers_;
};

}  // namespace

TEST_CASE("people, roles, state, erasure and the audit log: admins only") {
  Everyone all;
  const std::vector<std::string> admins = {"admin"};
  const std::string id = all.query("SELECT id FROM users WHERE username = 'bersaglio'");
  REQUIRE_FALSE(id.empty());
  const std::string person = "/admin/persone/" + id;
  Browser& admin = all.as("admin");

  all.check_refused("GET", "/admin/persone", "", admins, "bersaglio");
  auto list = admin.get("/admin/persone");
  CHECK(list->status == 200);
  CHECK(contains(list->body, "bersaglio"));

  all.check_refused("GET", person, "", admins, "bersaglio");
  auto page = admin.get(person);
  CHECK(page->status == 200);
  CHECK(contains(page->body, "bersaglio"));

  // Making oneself or another an admin is the escalation this route must refuse.
  all.check_refused("POST", person + "/ruoli", "role=learner&role=admin", admins, "bersaglio");
  CHECK(all.query("SELECT role FROM user_roles WHERE user_id = " + id) == "learner");
  CHECK(admin.post(person + "/ruoli", "role=learner&role=organizer")->status == 303);
  CHECK(all.query("SELECT role FROM user_roles WHERE user_id = " + id + " ORDER BY role") == "learner,organizer");

  // Which groups a trainer trains decides whom they may invite: a trainer must not widen their own.
  const std::string trainer = all.query("SELECT id FROM users WHERE username = 'trainer'");
  const std::string trainer_page = "/admin/persone/" + trainer;
  all.check_refused("POST", trainer_page + "/gruppi", "group=servizi-sociali", admins, "bersaglio");
  CHECK(all.query("SELECT group_id FROM trainer_groups WHERE user_id = " + trainer).empty());
  CHECK(admin.post(trainer_page + "/gruppi", "group=servizi-sociali")->status == 303);
  CHECK(all.query("SELECT group_id FROM trainer_groups WHERE user_id = " + trainer) == "servizi-sociali");

  all.check_refused("POST", person + "/stato", "disabled=1", admins, "bersaglio");
  CHECK(all.query("SELECT disabled FROM users WHERE id = " + id) == "0");
  CHECK(admin.post(person + "/stato", "disabled=1")->status == 303);
  CHECK(all.query("SELECT disabled FROM users WHERE id = " + id) == "1");

  all.check_refused("GET", "/admin/registro", "", admins, "bersaglio");
  auto log = admin.get("/admin/registro");
  CHECK(log->status == 200);
  CHECK(contains(log->body, "bersaglio"));

  all.check_refused("POST", person + "/cancella", "confirm=1", admins, "bersaglio");
  CHECK(all.query("SELECT erased FROM users WHERE id = " + id) == "0");
  CHECK(admin.post(person + "/cancella", "confirm=1")->status == 303);
  CHECK(all.query("SELECT erased FROM users WHERE id = " + id) == "1");
}

TEST_CASE("invitations: admins and trainers, and a trainer revokes only their own") {
  Everyone all;
  const std::vector<std::string> staff = {"admin", "trainer"};
  const std::string form = "group=polizia-locale&organization=Ente+Segreto&days=30&uses=5";

  // A trainer invites for the groups an admin says they train.
  for (const char* name : {"trainer", "trainer2"}) {
    const std::string id = all.query(std::string("SELECT id FROM users WHERE username = '") + name + "'");
    REQUIRE(all.as("admin").post("/admin/persone/" + id + "/gruppi", "group=polizia-locale")->status == 303);
  }

  all.check_refused("GET", "/admin/inviti", "", staff, "Ente Segreto");
  CHECK(all.as("trainer").get("/admin/inviti")->status == 200);

  all.check_refused("POST", "/admin/inviti", form, staff, "Ente Segreto");
  CHECK(all.query("SELECT count(*) FROM invitations") == "0");
  auto created = all.as("trainer").post("/admin/inviti", form);
  REQUIRE(created);
  CHECK(created->status == 201);
  CHECK(all.query("SELECT count(*) FROM invitations") == "1");
  const std::string revoke = "/admin/inviti/" + all.query("SELECT id FROM invitations") + "/revoca";
  CHECK(contains(all.as("trainer").get("/admin/inviti")->body, revoke));

  all.check_refused("POST", revoke, "", staff, "Ente Segreto");
  // Other trainers, "tutti" among them, neither see it nor revoke it: to them it does not exist.
  Browser other = all.site().browser();
  REQUIRE(other.login("trainer2", kTestPassword));
  for (Browser* b : {&other, &all.as("tutti")}) {
    auto page = b->get("/admin/inviti");
    CHECK(page->status == 200);
    CHECK_FALSE(contains(page->body, "Ente Segreto"));
    const std::string before = all.stored();
    CHECK(b->post(revoke, "")->status == 404);
    CHECK(all.stored() == before);
  }
  CHECK(all.query("SELECT count(*) FROM invitations WHERE revoked_at IS NULL") == "1");
  CHECK(all.as("trainer").post(revoke, "")->status == 303);
  CHECK(all.query("SELECT count(*) FROM invitations WHERE revoked_at IS NULL") == "0");

  // Admins revoke anyone's.
  REQUIRE(other.post("/admin/inviti", form)->status == 201);
  const std::string theirs = "/admin/inviti/" + all.query("SELECT max(id) FROM invitations") + "/revoca";
  CHECK(all.as("admin").post(theirs, "")->status == 303);
  CHECK(all.query("SELECT count(*) FROM invitations WHERE revoked_at IS NULL") == "0");
}

TEST_CASE("who registered for an event, attendance, walk-ins and the CSV: admins and organizers") {
  Everyone all;
  const std::vector<std::string> organizers = {"admin", "organizer"};
  Browser registrant = all.site().browser();
  REQUIRE(registrant.login("iscritta", kTestPassword));
  REQUIRE(registrant.post("/eventi/2030/serata-riservata/iscrizione", "")->status == 303);
  const std::string reg = all.query("SELECT user_id FROM event_registrations");  // forms name people
  REQUIRE_FALSE(reg.empty());
  Browser& organizer = all.as("organizer");

  // Trainers reach the list, with only the events they may mark: none here (it names no module).
  all.check_refused("GET", "/admin/eventi", "", {"admin", "organizer", "trainer"}, kAdminEvent);
  auto trainers_list = all.as("trainer").get("/admin/eventi");
  CHECK(trainers_list->status == 200);
  CHECK_FALSE(contains(trainers_list->body, kAdminEvent));
  auto list = organizer.get("/admin/eventi");
  CHECK(list->status == 200);
  CHECK(contains(list->body, kAdminEvent));

  all.check_refused("GET", kAdminEvent, "", organizers, "iscritta");
  auto page = organizer.get(kAdminEvent);
  CHECK(page->status == 200);
  CHECK(contains(page->body, "iscritta"));

  // The event names no module: no trainer may mark it.
  const std::string roster = kAdminEvent + "/incontri/1";
  const std::string mark = "persona=" + reg + "&stato=present";
  all.check_refused("GET", roster, "", organizers, "iscritta");
  CHECK(contains(organizer.get(roster)->body, "iscritta"));
  all.check_refused("POST", roster + "/presenze", mark, organizers, "iscritta");
  all.check_refused("POST", roster + "/tutti-presenti", "", organizers, "iscritta");
  all.check_refused("POST", roster + "/ospiti", "nome=Ospite+Segreto", organizers, "iscritta");
  all.check_refused("GET", roster + "/foglio", "", organizers, "iscritta");
  CHECK(all.query("SELECT count(*) FROM attendance_marks") == "0");
  CHECK(organizer.post(roster + "/presenze", mark)->status == 303);
  CHECK(all.query("SELECT status FROM attendance_marks WHERE user_id = " + reg) == "present");
  CHECK(organizer.post(roster + "/ospiti", "nome=Ospite+Segreto")->status == 303);
  const std::string walk_in = all.query("SELECT id FROM walk_ins");
  all.check_refused("POST", kAdminEvent + "/ospiti/" + walk_in + "/unisci", "username=bersaglio", organizers, "iscritta");
  CHECK(all.query("SELECT merged_into IS NULL FROM walk_ins") == "1");
  CHECK(organizer.post(kAdminEvent + "/ospiti/" + walk_in + "/unisci", "username=bersaglio")->status == 303);
  CHECK(all.query("SELECT merged_into IS NOT NULL FROM walk_ins") == "1");

  all.check_refused("GET", kAdminEvent + "/iscritti.csv", "", organizers, "iscritta");
  auto csv = organizer.get(kAdminEvent + "/iscritti.csv");
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(contains(csv->body, "iscritta"));
}
