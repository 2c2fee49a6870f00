// Signing in and out, sessions, CSRF, throttling, invitations and erasure through the real server.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "core/accounts.h"
#include "core/audit.h"
#include "running_site.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

std::string find(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

}  // namespace

TEST_CASE("login and logout") {
  RunningSite site(standard_accounts());
  Browser b = site.browser();

  SUBCASE("a wrong password and an unknown username get the same answer, and no cookie") {
    auto wrong = b.post("/accedi", "username=admin&password=sbagliata+davvero&next=%2Farea", false);
    auto unknown = b.post("/accedi", "username=nessuno&password=sbagliata+davvero&next=%2Farea", false);
    REQUIRE(wrong);
    REQUIRE(unknown);
    CHECK(wrong->status == 400);
    CHECK(unknown->status == wrong->status);
    CHECK_FALSE(wrong->has_header("Set-Cookie"));
    const std::string message = find(wrong->body, "role=\"alert\"[^]*?<a [^>]*>([^<]+)</a>");
    CHECK_FALSE(message.empty());
    CHECK(find(unknown->body, "role=\"alert\"[^]*?<a [^>]*>([^<]+)</a>") == message);
  }
  SUBCASE("the session cookie is HttpOnly, SameSite=Lax, Path=/ and Secure for an https site") {
    auto res = b.post("/accedi", "username=admin&password=" + url_encode_form(kTestPassword), false);
    REQUIRE(res);
    CHECK(res->status == 303);
    const std::string set = res->get_header_value("Set-Cookie");
    CHECK(contains(set, "HttpOnly"));
    CHECK(contains(set, "SameSite=Lax"));
    CHECK(contains(set, "Path=/"));
    CHECK(contains(set, "Secure"));  // the fixture's base_url is https
    CHECK(res->get_header_value("Location") == "/area");
  }
  SUBCASE("session fixation: a token planted before login is not the one after, nor valid") {
    const std::string planted(64, 'a');
    b.set_session(planted);
    REQUIRE(b.login("learner", kTestPassword));
    CHECK(b.session() != planted);
    CHECK(b.session().size() == 64);
    Browser attacker = site.browser();
    attacker.set_session(planted);
    auto res = attacker.get("/area");
    CHECK(res->status == 303);
  }
  SUBCASE("logout ends every session of that person") {
    Browser other = site.browser();
    REQUIRE(b.login("trainer", kTestPassword));
    REQUIRE(other.login("trainer", kTestPassword));
    auto out = b.post("/esci", "");
    REQUIRE(out);
    CHECK(out->status == 303);
    CHECK(contains(out->get_header_value("Set-Cookie"), "Max-Age=0"));
    CHECK(other.get("/area")->status == 303);
  }
  SUBCASE("a signed-in person's pages have the quick exit too, before the content") {
    REQUIRE(b.login("admin", kTestPassword));
    for (const char* path : {"/area", "/area/password", "/admin/persone"}) {
      INFO(path);
      auto res = b.get(path);
      REQUIRE(res);
      CHECK(res->status == 200);
      const size_t exit_at = res->body.find("id=\"esci-subito\"");
      REQUIRE(exit_at != std::string::npos);
      CHECK(exit_at < res->body.find("<main"));
      // the account entry point: the area and the sign-out button, in the header
      const size_t account_at = res->body.find("class=\"account-nav\"");
      REQUIRE(account_at != std::string::npos);
      CHECK(account_at < res->body.find("action=\"/esci\""));
      CHECK(res->body.find("action=\"/esci\"") < res->body.find("<main"));
    }
  }
  SUBCASE("a redirect after login never leaves the site") {
    auto res = b.post("/accedi", "username=admin&password=" + url_encode_form(kTestPassword) +
                                     "&next=%2F%2Fevil.example%2F", false);
    CHECK(res->get_header_value("Location") == "/area");
  }
  SUBCASE("protected pages send anonymous visitors to the login page and back") {
    auto res = b.get("/admin/persone?ruolo=admin");
    CHECK(res->status == 303);
    // cpp-httplib's client decodes the header; the server sent it %-encoded.
    CHECK(res->get_header_value("Location") == "/accedi?dopo=/admin/persone?ruolo=admin");
  }
  SUBCASE("the server said how to create an administrator only when there was none") {
    CHECK_FALSE(contains(site.server().log(), "there is no administrator yet"));
    RunningSite empty;
    CHECK(contains(empty.server().log(), "there is no administrator yet"));
  }
}

TEST_CASE("CSRF and cross-site requests") {
  RunningSite site(standard_accounts());
  Browser b = site.browser();
  REQUIRE(b.login("learner", kTestPassword));
  const std::string csrf = b.csrf();
  REQUIRE(csrf.size() == 64);

  auto missing = b.post("/area/profilo", "display_name=Cambiato", false);
  CHECK(missing->status == 403);
  auto wrong = b.post("/area/profilo", "display_name=Cambiato&csrf=" + std::string(64, '0'), false);
  CHECK(wrong->status == 403);
  CHECK_FALSE(contains(b.get("/area")->body, "Cambiato"));

  auto ok = b.post("/area/profilo", "display_name=Cambiato&email=");
  CHECK(ok->status == 303);
  CHECK(contains(b.get("/area")->body, "Cambiato"));

  SUBCASE("a token belongs to its session") {
    Browser other = site.browser();
    REQUIRE(other.login("learner", kTestPassword));
    auto res = other.post("/area/profilo", "display_name=Altro&csrf=" + csrf, false);
    CHECK(res->status == 403);
  }
  SUBCASE("a POST from another site is refused") {
    auto res = b.client().Post("/accedi", {{"Origin", "https://evil.example"}},
                               "username=learner&password=x", "application/x-www-form-urlencoded");
    CHECK(res->status == 403);
  }
  SUBCASE("a browser's own form: Origin null with Sec-Fetch-Site same-origin is accepted") {
    auto res = b.client().Post("/accedi", {{"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}},
                               "username=admin&password=" + url_encode_form(kTestPassword),
                               "application/x-www-form-urlencoded");
    CHECK(res->status == 303);
    auto other = b.client().Post("/accedi", {{"Origin", "null"}, {"Sec-Fetch-Site", "same-site"}},
                                 "username=admin&password=x", "application/x-www-form-urlencoded");
    CHECK(other->status == 403);
  }
  SUBCASE("state never changes by GET") {
    auto res = b.get("/esci");
    CHECK(res->status == 404);
    CHECK(b.get("/area")->status == 200);
  }
}

TEST_CASE("bounded input") {
  RunningSite site(standard_accounts());
  Browser b = site.browser();
  auto huge = b.post("/accedi", "username=" + std::string(2 * 1024 * 1024, 'a'), false);
  REQUIRE(huge);
  CHECK(huge->status == 413);
  auto long_field = b.post("/accedi", "username=" + std::string(5000, 'a') + "&password=x", false);
  REQUIRE(long_field);
  CHECK(long_field->status == 400);
  CHECK(contains(long_field->body, "longer than 4096 bytes"));
  REQUIRE(b.login("learner", kTestPassword));
  auto long_name = b.post("/area/profilo", "display_name=" + std::string(300, 'x') + "&email=");
  CHECK(long_name->status == 400);
}

TEST_CASE("login throttling") {
  RunningSite site(standard_accounts());
  Browser b = site.browser();
  int last = 0;
  for (int i = 0; i < 10; ++i) last = b.post("/accedi", "username=admin&password=tentativo+" + std::to_string(i), false)->status;
  CHECK(last == 400);
  auto refused = b.post("/accedi", "username=admin&password=" + url_encode_form(kTestPassword), false);
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(std::stoi(refused->get_header_value("Retry-After")) > 0);
  CHECK_FALSE(refused->has_header("Set-Cookie"));
  // An unknown username is refused the same way: the answer tells nothing about who exists.
  auto unknown = b.post("/accedi", "username=nessuno&password=x", false);
  CHECK(unknown->status == 429);
}

TEST_CASE("invitations and registration") {
  RunningSite site(standard_accounts());
  Browser trainer = site.browser();
  REQUIRE(trainer.login("trainer", kTestPassword));
  // A trainer invites only for the groups an admin says they train.
  auto before = trainer.get("/admin/inviti");
  CHECK(contains(before->body, "Non ti è ancora stato assegnato nessun gruppo"));
  CHECK_FALSE(contains(before->body, "action=\"/admin/inviti\""));
  const auto refused_for = [&](const std::string& group) {
    auto res = trainer.post("/admin/inviti", "group=" + group + "&organization=Ente&days=30&uses=1");
    return res->status == 400 && contains(res->body, "solo per i gruppi di destinatari che formi");
  };
  CHECK(refused_for("polizia-locale"));
  Browser admin = site.browser();
  REQUIRE(admin.login("admin", kTestPassword));
  const std::string trainer_href =
      find(admin.get("/admin/persone?ruolo=trainer")->body, "href=\"(/admin/persone/[0-9]+)\"");
  REQUIRE_FALSE(trainer_href.empty());
  CHECK(contains(admin.get(trainer_href)->body, "action=\"" + trainer_href + "/gruppi\""));
  CHECK(admin.post(trainer_href + "/gruppi", "group=carabinieri")->status == 400);
  auto set = admin.post(trainer_href + "/gruppi", "group=polizia-locale");
  CHECK(set->status == 303);
  CHECK(contains(admin.get(trainer_href)->body, "id=\"campo-group-polizia-locale\" name=\"group\" value=\"polizia-locale\" checked"));
  auto form_page = trainer.get("/admin/inviti");
  CHECK(contains(form_page->body, "<option value=\"polizia-locale\""));
  CHECK_FALSE(contains(form_page->body, "<option value=\"servizi-sociali\""));
  CHECK(refused_for("servizi-sociali"));
  CHECK(admin.post("/admin/inviti", "group=servizi-sociali&organization=ASST&days=30&uses=1")->status == 201);
  auto created = trainer.post("/admin/inviti", "group=polizia-locale&organization=Polizia+Locale+di+Prova&days=30&uses=1");
  REQUIRE(created);
  CHECK(created->status == 201);
  const std::string code = find(created->body, "([2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4})");
  REQUIRE(code.size() == 24);

  Browser visitor = site.browser();
  auto form = visitor.get("/registrati?codice=" + code);
  CHECK(form->status == 200);
  CHECK(contains(form->body, "Polizia Locale di Prova"));
  CHECK_FALSE(form->has_header("Set-Cookie"));

  SUBCASE("bad fields are named and nothing is created") {
    auto bad = visitor.post("/registrati", "code=" + code + "&username=Mario+R&display_name=&password=corta&password_confirm=altra", false);
    CHECK(bad->status == 400);
    CHECK(contains(bad->body, "campo-username"));
    CHECK_FALSE(bad->has_header("Set-Cookie"));
  }
  SUBCASE("a person registers, lands in their area, and the code is spent") {
    auto ok = visitor.post("/registrati", "code=" + code + "&username=mario&display_name=Mario+Rossi&email=&password=" +
                                              url_encode_form("cavallo batteria graffetta") +
                                              "&password_confirm=" + url_encode_form("cavallo batteria graffetta"), false);
    REQUIRE(ok);
    CHECK(ok->status == 303);
    CHECK(ok->get_header_value("Location") == "/area?esito=benvenuto");
    CHECK_FALSE(visitor.session().empty());
    auto area = visitor.get("/area");
    CHECK(area->status == 200);
    CHECK(contains(area->body, "Mario Rossi"));
    CHECK(contains(area->body, "Polizia locale"));
    CHECK(contains(area->body, "/moduli/alfa"));

    Browser second = site.browser();
    auto again = second.post("/registrati", "code=" + code + "&username=luigi&display_name=Luigi&email=&password=" +
                                                url_encode_form("cavallo batteria graffetta") +
                                                "&password_confirm=" + url_encode_form("cavallo batteria graffetta"), false);
    CHECK(again->status == 400);
    CHECK_FALSE(again->has_header("Set-Cookie"));
    CHECK_FALSE(contains(admin.get("/admin/persone")->body, "luigi"));
    CHECK(contains(admin.get("/admin/persone")->body, "mario"));
  }
  SUBCASE("the names of erased accounts cannot be taken") {
    auto taken = visitor.post("/registrati", "code=" + code + "&username=cancellato-1&display_name=Mario&email=&password=" +
                                                 url_encode_form("cavallo batteria graffetta") +
                                                 "&password_confirm=" + url_encode_form("cavallo batteria graffetta"), false);
    CHECK(taken->status == 400);
    CHECK(contains(taken->body, "sono riservati agli account cancellati"));
    CHECK_FALSE(taken->has_header("Set-Cookie"));
  }
  SUBCASE("an unknown code") {
    auto res = visitor.get("/registrati?codice=AAAA-BBBB-CCCC-DDDD-EEEE");
    CHECK(res->status == 400);
  }
  SUBCASE("the trainer revokes it") {
    const std::string revoke = find(trainer.get("/admin/inviti")->body, "action=\"(/admin/inviti/[0-9]+/revoca)\"");
    REQUIRE_FALSE(revoke.empty());
    CHECK(trainer.post(revoke, "")->status == 303);
    CHECK(visitor.get("/registrati?codice=" + code)->status == 400);
  }
}

TEST_CASE("the personal area") {
  RunningSite site(standard_accounts());
  Browser b = site.browser();
  REQUIRE(b.login("learner", kTestPassword));

  SUBCASE("download my data") {
    auto res = b.get("/area/dati.json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(contains(res->get_header_value("Content-Disposition"), "attachment"));
    CHECK(res->get_header_value("Cache-Control") == "no-store");
    auto data = nlohmann::json::parse(res->body);
    CHECK(data["profile"]["username"] == "learner");
    CHECK(data["profile"]["target_group"]["id"] == "polizia-locale");
    CHECK(data["profile"]["roles"] == nlohmann::json::array({"learner"}));
  }
  SUBCASE("download my data on a busy site: the person's history, not the site's last 1,000 entries") {
    {
      auto store = Store::open(site.db_path());
      REQUIRE(store.ok());
      REQUIRE(store.value()->write([](SQLite::Database& db) {
        for (int i = 0; i < 1200; ++i) audit_record(db, 1, "user.roles", 1, "roles=admin", 1'800'000'000 + i);
      }).ok());
    }
    auto data = nlohmann::json::parse(b.get("/area/dati.json")->body);
    REQUIRE(data["activity"].size() == 1);
    CHECK(data["activity"][0]["action"] == "user.add");
  }
  SUBCASE("changing the password ends the other sessions and keeps this one") {
    Browser other = site.browser();
    REQUIRE(other.login("learner", kTestPassword));
    auto wrong = b.post("/area/password", "current_password=sbagliata&new_password=nuova+password+lunga&new_password_confirm=nuova+password+lunga");
    CHECK(wrong->status == 400);
    auto weak = b.post("/area/password", "current_password=" + url_encode_form(kTestPassword) +
                                             "&new_password=1234567890&new_password_confirm=1234567890");
    CHECK(weak->status == 400);
    auto ok = b.post("/area/password", "current_password=" + url_encode_form(kTestPassword) +
                                           "&new_password=nuova+password+lunga&new_password_confirm=nuova+password+lunga");
    CHECK(ok->status == 303);
    CHECK(b.get("/area")->status == 200);
    CHECK(other.get("/area")->status == 303);
    Browser fresh = site.browser();
    CHECK(fresh.login("learner", "nuova password lunga"));
  }
}

TEST_CASE("administration of people") {
  RunningSite site(standard_accounts());
  Browser admin = site.browser();
  REQUIRE(admin.login("admin", kTestPassword));
  auto list = admin.get("/admin/persone?ruolo=learner");
  REQUIRE(list);
  CHECK(list->status == 200);
  CHECK(contains(list->body, "learner"));
  CHECK_FALSE(contains(list->body, ">trainer<"));
  const std::string learner_href = find(list->body, "href=\"(/admin/persone/[0-9]+)\"");
  REQUIRE_FALSE(learner_href.empty());

  SUBCASE("roles") {
    CHECK(admin.post(learner_href + "/ruoli", "role=learner&role=organizer")->status == 303);
    Browser learner = site.browser();
    REQUIRE(learner.login("learner", kTestPassword));
    CHECK(learner.get("/admin/inviti")->status == 403);
    CHECK(admin.post(learner_href + "/ruoli", "role=learner&role=trainer")->status == 303);
    CHECK(learner.get("/admin/inviti")->status == 200);
    CHECK(admin.post(learner_href + "/ruoli", "role=boss")->status == 400);
  }
  SUBCASE("disabling ends the person's sessions") {
    Browser learner = site.browser();
    REQUIRE(learner.login("learner", kTestPassword));
    CHECK(admin.post(learner_href + "/stato", "disabled=1")->status == 303);
    CHECK(learner.get("/area")->status == 303);
    CHECK_FALSE(learner.login("learner", kTestPassword));
  }
  SUBCASE("erasure needs a confirmation, then the person is gone") {
    CHECK(admin.post(learner_href + "/cancella", "")->status == 400);
    CHECK(admin.post(learner_href + "/cancella", "confirm=1")->status == 303);
    CHECK(admin.get(learner_href)->status == 404);
    Browser learner = site.browser();
    CHECK_FALSE(learner.login("learner", kTestPassword));
    auto log = admin.get("/admin/registro");
    CHECK(log->status == 200);
    CHECK(contains(log->body, "Persona cancellata"));
  }
  SUBCASE("a failed erasure shows no database error, and the server logs it") {
    const std::string id = learner_href.substr(learner_href.rfind('/') + 1);
    {
      auto store = Store::open(site.db_path());
      REQUIRE(store.ok());
      REQUIRE(store.value()->write([&](SQLite::Database& db) {
        db.exec("CREATE TRIGGER refuse BEFORE UPDATE OF erased ON users WHEN old.id = " + id +
                " BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: users.username'); END");
      }).ok());
    }
    auto res = admin.post(learner_href + "/cancella", "confirm=1");
    REQUIRE(res);
    CHECK(res->status == 500);
    CHECK(contains(res->body, "errore interno"));
    CHECK_FALSE(contains(res->body, "UNIQUE"));
    CHECK_FALSE(contains(res->body, "constraint"));
    CHECK(contains(site.server().log(), "UNIQUE constraint failed"));
    CHECK(admin.get(learner_href)->status == 200);  // not erased
  }
  SUBCASE("an admin cannot lock themselves out") {
    const std::string self = find(admin.get("/admin/persone?ruolo=admin")->body, "href=\"(/admin/persone/[0-9]+)\"");
    REQUIRE_FALSE(self.empty());
    CHECK(admin.post(self + "/ruoli", "role=trainer")->status == 400);
    CHECK(admin.post(self + "/stato", "disabled=1")->status == 400);
    CHECK(admin.get("/admin/persone")->status == 200);
  }
}

TEST_CASE("sentinella user") {
  TempDir data;
  const std::string db = (data.path() / "s.db").string();
  auto add = run_sentinella({"user", "add", "--db", db, "--username", "anna", "--name", "Anna", "--roles",
                             "admin,trainer", "--password-stdin"},
                            "cavallo batteria graffetta\n");
  INFO(add.err);
  CHECK(add.exit_code == 0);
  CHECK(contains(add.out, "added anna (admin,trainer)"));

  auto weak = run_sentinella({"user", "add", "--db", db, "--username", "ugo", "--roles", "learner", "--password-stdin"},
                             "password123\n");
  CHECK(weak.exit_code == 1);
  CHECK(contains(weak.err, "too common"));
  auto no_tty = run_sentinella({"user", "add", "--db", db, "--username", "ugo", "--roles", "learner"});
  CHECK(no_tty.exit_code == 1);
  CHECK(contains(no_tty.err, "--password-stdin"));
  auto bad_role = run_sentinella({"user", "add", "--db", db, "--username", "ugo", "--roles", "boss", "--password-stdin"},
                                 "cavallo batteria graffetta\n");
  CHECK(bad_role.exit_code == 1);

  CHECK(run_sentinella({"user", "set-roles", "--db", db, "--username", "anna", "--roles", "trainer"}).exit_code == 0);
  CHECK(run_sentinella({"user", "reset-password", "--db", db, "--username", "anna", "--password-stdin"},
                       "una nuova password sicura\n").exit_code == 0);
  CHECK(run_sentinella({"user", "disable", "--db", db, "--username", "anna"}).exit_code == 0);
  auto list = run_sentinella({"user", "list", "--db", db});
  CHECK(std::regex_search(list.out, std::regex("anna +trainer +- +disabled")));
  CHECK(run_sentinella({"user", "disable", "--db", db, "--username", "nessuno"}).exit_code == 1);
  // There is no way to give a password as an argument.
  CHECK(run_sentinella({"user", "add", "--db", db, "--username", "eva", "--roles", "admin", "--password", "x"}).exit_code != 0);
}
