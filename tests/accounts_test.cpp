// People, passwords, invitations, erasure and the audit log, on an in-memory store.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <thread>

#include "core/accounts.h"
#include "core/audit.h"
#include "core/password.h"
#include "core/secrets.h"
#include "core/sessions.h"

using namespace sentinella;

namespace {

const std::vector<std::string> kGroups = {"polizia-locale", "servizi-sociali"};
constexpr UnixSeconds kNow = 1'800'000'000;

struct Fixture {
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  Accounts accounts{*store};

  User add(const std::string& username, RoleSet roles, const std::string& group = "") {
    NewUser u{username, "Nome " + username, "", group, "Comune di Prova", "una password lunga", roles};
    auto r = accounts.add_user(u, kGroups, 0, kNow);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return r.value();
  }
};

std::vector<std::string> keys(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + ":" + e.key);
  return out;
}

}  // namespace

TEST_CASE("password policy and hashing") {
  CHECK(check_password("corta", "mario") == PasswordProblem::too_short);
  CHECK(check_password("èèèèèèèèè", "mario") == PasswordProblem::too_short);  // 9 code points, 18 bytes
  CHECK(check_password(std::string(300, 'x') + "y", "mario") == PasswordProblem::too_long);
  CHECK(check_password("Password123", "mario") == PasswordProblem::too_common);
  CHECK(check_password("aaaaaaaaaaaa", "mario") == PasswordProblem::too_common);
  CHECK(check_password("io-sono-Mario-rossi", "mario") == PasswordProblem::contains_username);
  CHECK(check_password("cavallo batteria graffetta", "mario") == PasswordProblem::none);

  const std::string hash = hash_password("cavallo batteria graffetta");
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash != hash_password("cavallo batteria graffetta"));  // salted
  CHECK(verify_password("cavallo batteria graffetta", hash));
  CHECK_FALSE(verify_password("cavallo batteria graffetto", hash));
  CHECK_FALSE(verify_password("x", "not a hash"));
  CHECK_FALSE(verify_password("x", ""));
}

TEST_CASE("password hashing runs at most password_work_limit() computations at once") {
  // Each one takes 64 MiB: 32 parallel logins once took the server from 0.33 to 1.5 GB.
  const std::string hash = hash_password("cavallo batteria graffetta");
  reset_password_work_stats();
  const int n = 4 * password_work_limit() + 4;
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      if (i % 4 == 3) (void)hash_password("una password qualsiasi");
      else if (verify_password("cavallo batteria graffetta", hash)) ++right;
    });
  for (auto& t : threads) t.join();
  const auto stats = password_work_stats();
  CHECK(stats.verifications + stats.hashes == static_cast<std::uint64_t>(n));
  CHECK(right == static_cast<int>(stats.verifications));
  CHECK(stats.peak_concurrency >= 1);
  CHECK(stats.peak_concurrency <= password_work_limit());
  CHECK(password_work_limit() >= 1);
  CHECK(password_work_limit() <= 4);
}

TEST_CASE("a login that fails for any reason does the same password work") {
  // An erased account (no hash), an unknown name, a disabled account, a wrong password, a name too
  // long: each costs one argon2id verification, so the time taken says nothing about the account.
  Fixture f;
  auto erased = f.add("erased", Role::learner);
  auto disabled = f.add("disabled", Role::learner);
  f.add("mario", Role::learner);
  REQUIRE(f.accounts.erase(erased.id, 0, kNow).ok());
  REQUIRE(f.accounts.set_disabled(disabled.id, true, 0, kNow).ok());
  for (const std::string& name : {"cancellato-" + std::to_string(erased.id), std::string("nessuno"),
                                 std::string("disabled"), std::string("mario"), std::string(300, 'x')}) {
    INFO(name);
    reset_password_work_stats();
    CHECK_FALSE(f.accounts.authenticate(name, "una password sbagliata", kNow));
    CHECK(password_work_stats().verifications == 1);
  }
  reset_password_work_stats();
  CHECK(f.accounts.authenticate("mario", "una password lunga", kNow));
  CHECK(password_work_stats().verifications == 1);
  reset_password_work_stats();
  CHECK_FALSE(verify_password("x", ""));
  CHECK_FALSE(verify_password("x", "$argon2id$v=19$m=65536,t=2,p=1$garbage"));
  CHECK(password_work_stats().verifications == 2);
}

TEST_CASE("roles") {
  CHECK(parse_roles("admin, trainer") == (Role::admin | Role::trainer));
  CHECK_FALSE(parse_roles("admin,boss"));
  CHECK(format_roles(Role::learner | Role::organizer) == "organizer,learner");
  CHECK(RoleSet(Role::admin).allows(Role::trainer));
  CHECK_FALSE(RoleSet(Role::learner).allows(Role::trainer));
  CHECK(RoleSet(Role::trainer).allows(Role::admin | Role::trainer));
}

TEST_CASE("secrets") {
  CHECK(random_hex(32).size() == 64);
  CHECK(random_hex(32) != random_hex(32));
  const std::string code = random_code(20);
  CHECK(code.size() == 24);  // 20 symbols and 4 hyphens
  CHECK(code.find_first_of("01OIU") == std::string::npos);
  CHECK(normalize_code(" k7qm-3hxr ") == "K7QM3HXR");
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("accounts") {
  Fixture f;
  SUBCASE("validation names each bad field") {
    NewUser u{"Mario Rossi", "", "non-una-mail", "carabinieri", std::string(200, 'o'), "breve", Role::learner};
    CHECK(keys(Accounts::validate(u, kGroups)) ==
          std::vector<std::string>{"username:username_invalid", "display_name:display_name_missing",
                                   "email:email_invalid", "organization:organization_too_long",
                                   "target_group:target_group_unknown", "password:password_too_short"});
  }
  SUBCASE("usernames are unique, whatever the case") {
    f.add("mario", Role::learner);
    NewUser again{"mario", "Mario", "", "", "", "un'altra password", Role::learner};
    auto r = f.accounts.add_user(again, kGroups, 0, kNow);
    CHECK(r.status().code() == Status::Code::conflict);
    CHECK(f.accounts.find_by_username("MARIO"));
  }
  SUBCASE("authentication") {
    auto u = f.add("mario", Role::learner);
    CHECK(f.accounts.authenticate("mario", "una password lunga", kNow));
    CHECK_FALSE(f.accounts.authenticate("mario", "una password lunghissima", kNow));
    CHECK_FALSE(f.accounts.authenticate("nessuno", "una password lunga", kNow));
    REQUIRE(f.accounts.set_disabled(u.id, true, 0, kNow).ok());
    CHECK_FALSE(f.accounts.authenticate("mario", "una password lunga", kNow));
  }
  SUBCASE("roles, filters and the admin check") {
    CHECK_FALSE(f.accounts.has_admin());
    auto a = f.add("anna", Role::admin);
    f.add("luca", Role::learner, "polizia-locale");
    f.add("sara", Role::trainer | Role::learner, "servizi-sociali");
    CHECK(f.accounts.has_admin());
    CHECK(f.accounts.list({Role::learner, "", ""}).size() == 2);
    CHECK(f.accounts.list({std::nullopt, "servizi-sociali", ""}).size() == 1);
    CHECK(f.accounts.list({std::nullopt, "", "comune di"}).size() == 3);
    CHECK(f.accounts.list({std::nullopt, "", "questura"}).empty());
    REQUIRE(f.accounts.set_roles(a.id, Role::trainer, 0, kNow).ok());
    CHECK_FALSE(f.accounts.has_admin());
    CHECK(f.accounts.set_roles(9999, Role::trainer, 0, kNow).code() == Status::Code::not_found);
  }
  SUBCASE("changing a password or disabling ends every session") {
    auto u = f.add("mario", Role::learner);
    Sessions sessions(*f.store, {});
    auto s1 = sessions.start(u.id, kNow), s2 = sessions.start(u.id, kNow);
    REQUIRE(f.accounts.set_password(u.id, "una password nuova", u.id, kNow).ok());
    CHECK_FALSE(sessions.resume(s1.token, kNow));
    CHECK_FALSE(sessions.resume(s2.token, kNow));
    CHECK(f.accounts.authenticate("mario", "una password nuova", kNow));
    CHECK(f.accounts.set_password(u.id, "breve", u.id, kNow).code() == Status::Code::invalid);
    auto s3 = sessions.start(u.id, kNow);
    REQUIRE(f.accounts.set_disabled(u.id, true, 0, kNow).ok());
    CHECK_FALSE(sessions.resume(s3.token, kNow));
  }
  SUBCASE("erasure anonymizes the person and keeps the counts per group") {
    f.add("luca", Role::learner, "polizia-locale");
    auto u = f.add("mario", Role::learner, "polizia-locale");
    REQUIRE(f.accounts.update_profile(u.id, "Mario Rossi", "mario@example.org", kNow).ok());
    const auto before = f.accounts.count_by_group();
    REQUIRE(f.accounts.erase(u.id, 0, kNow).ok());
    CHECK(f.accounts.count_by_group() == before);
    auto erased = f.accounts.find(u.id);
    REQUIRE(erased);
    CHECK(erased->erased);
    CHECK(erased->username == "cancellato-" + std::to_string(u.id));
    CHECK(erased->display_name == "Persona cancellata");
    CHECK(erased->email.empty());
    CHECK(erased->organization.empty());
    CHECK(erased->roles.empty());
    CHECK(erased->target_group == "polizia-locale");
    CHECK_FALSE(f.accounts.find_by_username("mario"));
    CHECK_FALSE(f.accounts.authenticate("mario", "una password lunga", kNow));
    CHECK(f.accounts.list({}).size() == 1);
    CHECK(f.accounts.erase(u.id, 0, kNow).code() == Status::Code::invalid);
    // Nothing personal is left in the row.
    auto row = f.store->read([&](SQLite::Database& db) {
      SQLite::Statement q(db, "SELECT username || display_name || email || password_hash || organization FROM users WHERE id = ?");
      q.bind(1, static_cast<int64_t>(u.id));
      q.executeStep();
      return q.getColumn(0).getString();
    });
    CHECK(row.find("mario") == std::string::npos);
    CHECK(row.find("Rossi") == std::string::npos);
  }
}

TEST_CASE("erasure cannot be blocked by a username") {
  Fixture f;
  SUBCASE("the names of erased accounts are reserved, for registration and the command line alike") {
    NewUser u{"cancellato-5", "Mario", "", "", "", "una password lunga", Role::learner};
    CHECK(keys(Accounts::validate(u, kGroups)) == std::vector<std::string>{"username:username_reserved"});
    CHECK(f.accounts.add_user(u, kGroups, 0, kNow).status().code() == Status::Code::invalid);
    NewInvitation inv{"polizia-locale", "Polizia Locale", 7, 5};
    auto code = f.accounts.create_invitation(inv, kGroups, 0, kNow);
    REQUIRE(code.ok());
    auto r = f.accounts.register_with_invitation(code.value(), u, kGroups, kNow);
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK_FALSE(f.accounts.find_by_username("cancellato-5"));
    u.username = "cancellato";  // only the erased pattern is reserved
    CHECK(Accounts::validate(u, kGroups).empty());
  }
  SUBCASE("an account that took an erased name before it was reserved does not block the erasure") {
    auto mario = f.add("mario", Role::learner);
    // Written directly, as an account registered before the reservation would be.
    REQUIRE(f.store->write([&](SQLite::Database& db) {
      SQLite::Statement ins(db, "INSERT INTO users(username, display_name, password_hash, created_at)"
                                " VALUES (?, 'Abusivo', 'x', 0)");
      ins.bind(1, "cancellato-" + std::to_string(mario.id));
      ins.exec();
    }).ok());
    Status st = f.accounts.erase(mario.id, 0, kNow);
    REQUIRE_MESSAGE(st.ok(), st.message());
    CHECK(f.accounts.find(mario.id)->username == "~cancellato-" + std::to_string(mario.id));
    CHECK(f.accounts.find(mario.id)->erased);
  }
  SUBCASE("one erasure that fails does not stop the retention of the others") {
    auto ada = f.add("ada", Role::learner), bea = f.add("bea", Role::learner), ciro = f.add("ciro", Role::learner);
    REQUIRE(f.store->write([&](SQLite::Database& db) {
      db.exec("CREATE TRIGGER refuse_bea BEFORE UPDATE OF erased ON users WHEN old.id = " + std::to_string(bea.id) +
              " BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: users.username'); END");
    }).ok());
    auto report = f.accounts.erase_inactive(kNow + 1, kNow + 200);
    REQUIRE(report.ok());
    CHECK(report->erased == 2);
    REQUIRE(report->failed.size() == 1);
    CHECK(report->failed[0].first == bea.id);
    CHECK(report->failed[0].second.message().find("UNIQUE") != std::string::npos);
    CHECK(f.accounts.find(ada.id)->erased);
    CHECK(f.accounts.find(ciro.id)->erased);
    CHECK_FALSE(f.accounts.find(bea.id)->erased);
  }
}

TEST_CASE("trainers invite only for the groups they train") {
  Fixture f;
  auto admin = f.add("anna", Role::admin);
  auto tina = f.add("tina", Role::trainer);
  const NewInvitation police{"polizia-locale", "Polizia Locale di Prova", 7, 2};
  const NewInvitation social{"servizi-sociali", "ASST", 7, 2};
  const auto invitations = [&] { return f.accounts.invitations().size(); };

  SUBCASE("a trainer without groups invites for none, and nothing is written") {
    CHECK(f.accounts.invitation_groups(tina.id, kGroups).empty());
    auto r = f.accounts.create_invitation(police, kGroups, tina.id, kNow);
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK(r.status().message().find("groups you train") != std::string::npos);
    CHECK(keys(f.accounts.invitation_problems(police, kGroups, tina.id)) ==
          std::vector<std::string>{"group:group_not_trained"});
    CHECK(invitations() == 0);
  }
  SUBCASE("the groups an admin sets are the ones the trainer may invite for") {
    REQUIRE(f.accounts.set_trained_groups(tina.id, {"polizia-locale"}, kGroups, admin.id, kNow).ok());
    CHECK(f.accounts.trained_groups(tina.id) == std::vector<std::string>{"polizia-locale"});
    CHECK(f.accounts.invitation_groups(tina.id, kGroups) == std::vector<std::string>{"polizia-locale"});
    CHECK(f.accounts.create_invitation(police, kGroups, tina.id, kNow).ok());
    CHECK(f.accounts.create_invitation(social, kGroups, tina.id, kNow).status().code() == Status::Code::invalid);
    CHECK(invitations() == 1);
    CHECK(audit_entries(*f.store, 10, 0)[1].action == "user.groups");
    CHECK(audit_entries(*f.store, 10, 0)[1].details == "groups=polizia-locale");
  }
  SUBCASE("admins and the command line invite for any group") {
    CHECK(f.accounts.invitation_groups(admin.id, kGroups) == kGroups);
    CHECK(f.accounts.create_invitation(social, kGroups, admin.id, kNow).ok());
    CHECK(f.accounts.create_invitation(social, kGroups, 0, kNow).ok());
  }
  SUBCASE("unknown groups and people are refused, and nothing is written") {
    REQUIRE(f.accounts.set_trained_groups(tina.id, {"polizia-locale"}, kGroups, admin.id, kNow).ok());
    CHECK(f.accounts.set_trained_groups(tina.id, {"servizi-sociali", "carabinieri"}, kGroups, admin.id, kNow).code() ==
          Status::Code::invalid);
    CHECK(f.accounts.trained_groups(tina.id) == std::vector<std::string>{"polizia-locale"});
    CHECK(f.accounts.set_trained_groups(9999, {}, kGroups, admin.id, kNow).code() == Status::Code::not_found);
  }
  SUBCASE("every rule of an invitation is named by its field") {
    CHECK(keys(f.accounts.invitation_problems({"carabinieri", "", 0, 1001}, kGroups, admin.id)) ==
          std::vector<std::string>{"group:group_missing", "organization:organization_missing", "days:days_invalid",
                                   "uses:uses_invalid"});
  }
}

TEST_CASE("invitations") {
  Fixture f;
  auto trainer = f.add("tina", Role::trainer);
  REQUIRE(f.accounts.set_trained_groups(trainer.id, kGroups, kGroups, 0, kNow).ok());
  NewInvitation inv{"polizia-locale", "Polizia Locale di Prova", 7, 2};
  auto code = f.accounts.create_invitation(inv, kGroups, trainer.id, kNow);
  REQUIRE(code.ok());
  NewUser person{"luca", "Luca", "", "", "", "una password lunga", Role::admin};

  SUBCASE("registration puts the learner in the invitation's group and organization") {
    auto u = f.accounts.register_with_invitation(code.value(), person, kGroups, kNow);
    REQUIRE_MESSAGE(u.ok(), u.status().message());
    CHECK(u->roles == RoleSet(Role::learner));  // never the roles asked for
    CHECK(u->target_group == "polizia-locale");
    CHECK(u->organization == "Polizia Locale di Prova");
    CHECK(f.accounts.invitations()[0].uses == 1);
  }
  SUBCASE("codes are checked however they are typed") {
    std::string typed = code.value();
    for (auto& c : typed) c = static_cast<char>(std::tolower(c));
    CHECK(f.accounts.check_invitation(typed, kNow).ok());
    CHECK(f.accounts.check_invitation("AAAA-BBBB", kNow).status().code() == Status::Code::not_found);
  }
  SUBCASE("expiry") {
    CHECK(f.accounts.check_invitation(code.value(), kNow + 7 * 86400 - 1).ok());
    CHECK(f.accounts.check_invitation(code.value(), kNow + 7 * 86400).status().message() == "expired");
    CHECK_FALSE(f.accounts.register_with_invitation(code.value(), person, kGroups, kNow + 8 * 86400).ok());
  }
  SUBCASE("reuse beyond the maximum") {
    REQUIRE(f.accounts.register_with_invitation(code.value(), person, kGroups, kNow).ok());
    person.username = "sara";
    REQUIRE(f.accounts.register_with_invitation(code.value(), person, kGroups, kNow).ok());
    person.username = "ugo";
    auto third = f.accounts.register_with_invitation(code.value(), person, kGroups, kNow);
    CHECK(third.status().message() == "used up");
    CHECK_FALSE(f.accounts.find_by_username("ugo"));
  }
  SUBCASE("revoked codes stop working") {
    const auto id = f.accounts.invitations()[0].id;
    REQUIRE(f.accounts.revoke_invitation(id, trainer.id, kNow).ok());
    CHECK(f.accounts.check_invitation(code.value(), kNow).status().message() == "revoked");
    CHECK(f.accounts.revoke_invitation(id, trainer.id, kNow).code() == Status::Code::not_found);
  }
  SUBCASE("a failed registration does not spend a use") {
    person.password = "breve";
    CHECK_FALSE(f.accounts.register_with_invitation(code.value(), person, kGroups, kNow).ok());
    f.add("luca", Role::learner);
    person.password = "una password lunga";
    CHECK(f.accounts.register_with_invitation(code.value(), person, kGroups, kNow).status().code() ==
          Status::Code::conflict);
    CHECK(f.accounts.invitations()[0].uses == 0);
  }
  SUBCASE("people racing for the last use: exactly one gets it") {
    NewInvitation single{"servizi-sociali", "ASST", 1, 1};
    auto last = f.accounts.create_invitation(single, kGroups, trainer.id, kNow);
    REQUIRE(last.ok());
    std::atomic<int> won{0};
    std::vector<std::thread> racers;
    for (int i = 0; i < 4; ++i)
      racers.emplace_back([&, i] {
        NewUser p{"persona" + std::to_string(i), "Persona", "", "", "", "una password lunga", {}};
        if (f.accounts.register_with_invitation(last.value(), p, kGroups, kNow).ok()) ++won;
      });
    for (auto& t : racers) t.join();
    CHECK(won == 1);
  }
  SUBCASE("bad invitations are refused") {
    CHECK_FALSE(f.accounts.create_invitation({"carabinieri", "X", 7, 2}, kGroups, 0, kNow).ok());
    CHECK_FALSE(f.accounts.create_invitation({"polizia-locale", "", 7, 2}, kGroups, 0, kNow).ok());
    CHECK_FALSE(f.accounts.create_invitation({"polizia-locale", "X", 0, 2}, kGroups, 0, kNow).ok());
    CHECK_FALSE(f.accounts.create_invitation({"polizia-locale", "X", 7, 1001}, kGroups, 0, kNow).ok());
  }
}

TEST_CASE("sessions expire when idle and after an absolute time") {
  Fixture f;
  auto u = f.add("mario", Role::learner);
  Sessions sessions(*f.store, {600, 3600});
  auto s = sessions.start(u.id, kNow);
  CHECK(s.token.size() == 64);
  CHECK(s.token != sessions.start(u.id, kNow).token);
  SUBCASE("idle") {
    CHECK(sessions.resume(s.token, kNow + 600));
    CHECK(sessions.resume(s.token, kNow + 1200));  // refreshed at +600
    CHECK_FALSE(sessions.resume(s.token, kNow + 1801));
  }
  SUBCASE("absolute, however busy") {
    for (UnixSeconds t = kNow; t < kNow + 3600; t += 300) CHECK(sessions.resume(s.token, t));
    CHECK_FALSE(sessions.resume(s.token, kNow + 3601));
  }
  SUBCASE("unknown, malformed and ended tokens") {
    CHECK_FALSE(sessions.resume(std::string(64, 'a'), kNow));
    CHECK_FALSE(sessions.resume("short", kNow));
    auto resumed = sessions.resume(s.token, kNow);
    REQUIRE(resumed);
    CHECK(resumed->csrf_token == s.csrf_token);
    sessions.end_all(u.id);
    CHECK_FALSE(sessions.resume(s.token, kNow));
  }
  SUBCASE("only hashes are stored") {
    auto stored = f.store->read([](SQLite::Database& db) {
      SQLite::Statement q(db, "SELECT group_concat(token_hash) FROM sessions");
      q.executeStep();
      return q.getColumn(0).getString();
    });
    CHECK(stored.find(s.token) == std::string::npos);
    CHECK(stored.find(secret_hash(s.token)) != std::string::npos);
  }
}

TEST_CASE("the audit log records privileged actions and cannot be rewritten") {
  Fixture f;
  auto admin = f.add("anna", Role::admin);
  auto u = f.add("mario", Role::learner);
  REQUIRE(f.accounts.set_roles(u.id, Role::trainer, admin.id, kNow + 5).ok());
  auto entries = audit_entries(*f.store, 10, 0);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].action == "user.roles");
  CHECK(entries[0].actor_name == "Nome anna");
  CHECK(entries[0].target_name == "Nome mario");
  CHECK(entries[0].details == "roles=trainer");
  CHECK(entries[0].at == kNow + 5);
  CHECK(entries[2].action == "user.add");
  CHECK(entries[2].actor_id == 0);
  for (const char* sql : {"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"}) {
    Status st = f.store->write([&](SQLite::Database& db) { db.exec(sql); });
    CHECK_FALSE(st.ok());
    CHECK(st.message().find("append-only") != std::string::npos);
  }
  CHECK(audit_entries(*f.store, 10, 0).size() == 3);
}

TEST_CASE("accounts unused beyond the retention period are erased, administrators never") {
  Fixture f;
  auto admin = f.add("anna", Role::admin);
  auto old = f.add("mario", Role::learner, "polizia-locale");
  // Created at kNow; a sign-in later makes "luca" recent.
  auto recent = f.add("luca", Role::learner);
  const auto before = f.accounts.count_by_group();
  REQUIRE(f.accounts.authenticate("luca", "una password lunga", kNow + 100));
  auto erased = f.accounts.erase_inactive(kNow + 1, kNow + 200);
  REQUIRE(erased.ok());
  CHECK(erased->erased == 1);
  CHECK(erased->failed.empty());
  CHECK(f.accounts.find(old.id)->erased);
  CHECK_FALSE(f.accounts.find(admin.id)->erased);
  CHECK_FALSE(f.accounts.find(recent.id)->erased);
  CHECK(f.accounts.count_by_group() == before);
  CHECK(audit_entries(*f.store, 1, 0)[0].details == "inactive");
}
