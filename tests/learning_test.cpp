// The learner's path (core/learning.h) and the completion rules (core/completion.h) on an
// in-memory store with the base content imported: each rule shape, completion recorded once and
// kept, a pass on an older quiz version, assignments and who may make them.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include "core/audit.h"
#include "core/completion.h"
#include "core/learning.h"
#include "importer/importer.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

constexpr UnixSeconds kNow = 1'800'000'000;
const std::vector<std::string> kGroups = {"polizia-locale", "servizi-sociali"};

const char* const kQuiz =
    "---\ntitle: Verifica finale\npass_mark: 60\n---\n## L'usura è un reato?\n\n- [x] Vero\n- [ ] Falso\n";
const char* const kSecondQuiz =
    "---\ntitle: Ripasso\npass_mark: 60\n---\n## Il 1522 è gratuito?\n\n- [x] Vero\n- [ ] Falso\n";

// Module alfa's index.md with `completion` (YAML lines, "" for none) in its front matter.
std::string alfa_index(const std::string& completion) {
  return "---\ntitle: Modulo Alfa\nsummary: Il primo modulo.\ntarget_groups:\n  - polizia-locale\n"
         "objectives:\n  - Riconoscere i segnali\nduration_hours: 2.5\norder: 1\nstatus: published\n" +
         completion + "---\nIntroduzione.\n";
}

struct Fixture {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  Learning learning{*store};

  // Module alfa (lessons primo-passo, secondo-passo) with two quizzes and the rule `completion`.
  explicit Fixture(const std::string& completion = "") {
    tree.write("modules/alfa/quiz-verifica.md", kQuiz);
    tree.write("modules/alfa/quiz-ripasso.md", kSecondQuiz);
    tree.write("modules/alfa/index.md", alfa_index(completion));
    import();
  }

  void import() {
    auto report = import_content(tree.root(), *store);
    REQUIRE_MESSAGE(report.ok(), report.diagnostics.format_all());
  }

  std::int64_t person(const std::string& username, const std::string& group = "polizia-locale",
                      const std::string& organization = "Comune di Prova", const std::string& role = "learner") {
    std::int64_t id = 0;
    Status st = store->write([&](SQLite::Database& db) {
      SQLite::Statement ins(db,
          "INSERT INTO users(username, display_name, password_hash, organization, target_group, created_at)"
          " VALUES (?, ?, 'x', ?, ?, ?)");
      ins.bind(1, username);
      ins.bind(2, "Nome " + username);
      ins.bind(3, organization);
      ins.bind(4, group);
      ins.bind(5, static_cast<int64_t>(kNow));
      ins.exec();
      id = db.getLastInsertRowid();
      SQLite::Statement r(db, "INSERT INTO user_roles(user_id, role) VALUES (?, ?)");
      r.bind(1, static_cast<int64_t>(id));
      r.bind(2, role);
      r.exec();
    });
    REQUIRE_MESSAGE(st.ok(), st.message());
    return id;
  }

  void trains(std::int64_t trainer, const std::string& group) {
    REQUIRE(store->write([&](SQLite::Database& db) {
      SQLite::Statement ins(db, "INSERT INTO trainer_groups(user_id, group_id) VALUES (?, ?)");
      ins.bind(1, static_cast<int64_t>(trainer));
      ins.bind(2, group);
      ins.exec();
    }).ok());
  }

  // A submitted attempt on `quiz` (version `version`), as the attempts code writes it; then the
  // completion check its submission makes. Returns whether that recorded the completion.
  bool attempt(std::int64_t user, const std::string& quiz, bool passed, UnixSeconds at,
               const std::string& version = "v1") {
    bool completed = false;
    REQUIRE(store->write([&](SQLite::Database& db) {
      SQLite::Statement ins(db,
          "INSERT INTO quiz_attempts(user_id, module_slug, quiz_slug, quiz_version, started_at, submitted_at,"
          " option_order, score, max_score, passed) VALUES (?, 'alfa', ?, ?, ?, ?, '[]', ?, 1, ?)");
      ins.bind(1, static_cast<int64_t>(user));
      ins.bind(2, quiz);
      ins.bind(3, version);
      ins.bind(4, static_cast<int64_t>(at));
      ins.bind(5, static_cast<int64_t>(at));
      ins.bind(6, passed ? 1 : 0);
      ins.bind(7, passed ? 1 : 0);
      ins.exec();
      completed = record_completion_if_met(db, user, "alfa", at);
    }).ok());
    return completed;
  }

  bool read(std::int64_t user, const std::string& lesson, UnixSeconds at = kNow) {
    auto r = learning.mark_read(user, "alfa", lesson, at);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return r.value();
  }

  std::optional<UnixSeconds> completed_at(std::int64_t user) { return learning.progress(user, "alfa")->completed_at; }

  int count(const std::string& sql) {
    return store->read([&](SQLite::Database& db) {
      SQLite::Statement q(db, sql);
      q.executeStep();
      return q.getColumn(0).getInt();
    });
  }
};

}  // namespace

TEST_CASE("completion rules: each shape of `completion:`") {
  SUBCASE("the default: every lesson read and every quiz passed") {
    Fixture f;
    const auto id = f.person("anna");
    CHECK_FALSE(f.read(id, "primo-passo"));
    CHECK_FALSE(f.read(id, "secondo-passo"));
    CHECK_FALSE(f.attempt(id, "verifica", true, kNow + 10));
    CHECK_FALSE(f.attempt(id, "ripasso", false, kNow + 20));
    CHECK_FALSE(f.completed_at(id));
    CHECK(f.attempt(id, "ripasso", true, kNow + 30));
    CHECK(f.completed_at(id) == kNow + 30);
  }
  SUBCASE("listed lessons, no quizzes") {
    Fixture f("completion:\n  lessons:\n    - secondo-passo\n  quizzes: none\n");
    const auto id = f.person("anna");
    CHECK_FALSE(f.read(id, "primo-passo"));
    CHECK(f.read(id, "secondo-passo", kNow + 5));
    CHECK(f.completed_at(id) == kNow + 5);
  }
  SUBCASE("all lessons and the listed quizzes") {
    Fixture f("completion:\n  lessons: all\n  quizzes:\n    - verifica\n");
    const auto id = f.person("anna");
    f.read(id, "primo-passo");
    f.read(id, "secondo-passo");
    CHECK(f.attempt(id, "verifica", true, kNow + 7));  // ripasso is not required
    CHECK(f.completed_at(id) == kNow + 7);
  }
  SUBCASE("in-person hours are not met by reading lessons online") {
    Fixture f("completion:\n  quizzes: none\n  in_person_hours: 4\n");
    const auto id = f.person("anna");
    f.read(id, "primo-passo");
    CHECK_FALSE(f.read(id, "secondo-passo"));
    CHECK_FALSE(f.completed_at(id));
    CHECK(f.learning.progress(id, "alfa")->percent == 99);
  }
  SUBCASE("the rule is stored with the module") {
    Fixture f("completion:\n  lessons:\n    - secondo-passo\n  quizzes:\n    - ripasso\n  in_person_hours: 1.5\n");
    const auto m = f.store->module("alfa");
    REQUIRE(m);
    CHECK_FALSE(m->completion.all_lessons);
    CHECK(m->completion.lessons == std::vector<std::string>{"secondo-passo"});
    CHECK(m->completion.quizzes == CompletionRule::Quizzes::listed);
    CHECK(m->completion.quiz_slugs == std::vector<std::string>{"ripasso"});
    CHECK(m->completion.in_person_hours == 1.5);
  }
}

TEST_CASE("a completion is recorded once and survives later changes") {
  Fixture f("completion:\n  quizzes: none\n");
  const auto id = f.person("anna");
  f.read(id, "primo-passo", kNow);
  CHECK(f.read(id, "secondo-passo", kNow + 100));
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'learning.complete'") == 1);

  // Reading again, or another check, leaves the first date.
  CHECK_FALSE(f.read(id, "secondo-passo", kNow + 200));
  CHECK_FALSE(f.attempt(id, "verifica", true, kNow + 300));
  CHECK(f.completed_at(id) == kNow + 100);

  // A new lesson and a stricter rule later: the completion stays, and so does 100%.
  f.tree.write("modules/alfa/03-terzo-passo.md", "---\ntitle: Terzo\nminutes: 5\n---\nTesto.\n");
  f.tree.write("modules/alfa/index.md", alfa_index("completion:\n  in_person_hours: 3\n"));
  f.import();
  const auto p = f.learning.progress(id, "alfa");
  CHECK(p->completed_at == kNow + 100);
  CHECK(p->percent == 100);
  CHECK(p->next_lesson == "terzo-passo");
  CHECK_FALSE(f.read(id, "terzo-passo", kNow + 400));
  CHECK(f.completed_at(id) == kNow + 100);
}

TEST_CASE("a pass on an older version of a quiz counts for completion") {
  Fixture f("completion:\n  lessons:\n    - primo-passo\n");
  const auto id = f.person("anna");
  f.attempt(id, "verifica", true, kNow, "vecchia");
  f.attempt(id, "ripasso", true, kNow, "vecchia");
  // The quiz changes (a new version); the old passes still count.
  f.tree.write("modules/alfa/quiz-verifica.md", std::string(kQuiz) + "\n## Il 112 è il numero unico?\n\n- [x] Vero\n- [ ] Falso\n");
  f.import();
  CHECK(f.read(id, "primo-passo", kNow + 50));
  CHECK(f.completed_at(id) == kNow + 50);
}

TEST_CASE("marking lessons read: idempotent, enrols, refuses what does not exist") {
  Fixture f;
  const auto id = f.person("anna");
  CHECK_FALSE(f.learning.progress(id, "alfa")->enrolled());
  f.read(id, "secondo-passo", kNow);
  f.read(id, "secondo-passo", kNow + 60);
  auto p = f.learning.progress(id, "alfa");
  CHECK(p->enrolled_at == kNow);
  REQUIRE(p->lessons.size() == 2);
  CHECK_FALSE(p->lessons[0].read_at);
  CHECK(p->lessons[1].read_at == kNow);
  CHECK(p->next_lesson == "primo-passo");
  CHECK(p->percent == 25);  // 1 of 2 lessons and 2 quizzes
  CHECK(f.count("SELECT count(*) FROM lesson_progress") == 1);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'learning.lesson_read'") == 1);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'learning.enrol'") == 1);

  const int rows = f.count("SELECT count(*) FROM lesson_progress") + f.count("SELECT count(*) FROM enrolments");
  CHECK(f.learning.mark_read(id, "alfa", "nessuna", kNow).status().code() == Status::Code::not_found);
  CHECK(f.learning.mark_read(id, "bozza", "unica", kNow).status().code() == Status::Code::not_found);
  CHECK(f.learning.mark_read(id, "nessuno", "primo-passo", kNow).status().code() == Status::Code::not_found);
  CHECK(f.learning.mark_read(9999, "alfa", "primo-passo", kNow).status().code() == Status::Code::not_found);
  CHECK(f.learning.enrol(id, "bozza", kNow).code() == Status::Code::not_found);
  CHECK(f.count("SELECT count(*) FROM lesson_progress") + f.count("SELECT count(*) FROM enrolments") == rows);
  CHECK_FALSE(f.learning.progress(id, "bozza"));

  // Self-enrolment, repeated.
  const auto other = f.person("bruno");
  CHECK(f.learning.enrol(other, "alfa", kNow).ok());
  CHECK(f.learning.enrol(other, "alfa", kNow + 9).ok());
  CHECK(f.learning.progress(other, "alfa")->enrolled_at == kNow);
  CHECK(f.learning.progress(other, "alfa")->percent == 0);
  CHECK(f.learning.my_modules(other).size() == 1);
  CHECK(f.learning.my_modules(f.person("carla")).empty());
}

TEST_CASE("assignments: who may assign what, and to whom they apply") {
  Fixture f;
  const auto admin = f.person("amministra", "", "", "admin");
  const auto trainer = f.person("formatore", "", "", "trainer");
  f.trains(trainer, "polizia-locale");
  auto problems = [&](NewAssignment a, std::int64_t actor) {
    std::string keys;
    for (const auto& e : f.learning.assignment_problems(a, kGroups, actor)) keys += e.key + ";";
    return keys;
  };

  CHECK(problems({"alfa", "polizia-locale", "", "2027-01-31"}, trainer) == "");
  CHECK(problems({"alfa", "servizi-sociali", "", ""}, trainer) == "assignment_group_not_trained;");
  CHECK(problems({"alfa", "", "Comune di Prova", ""}, trainer) == "assignment_group_required;");
  CHECK(problems({"alfa", "", "Comune di Prova", ""}, admin) == "");
  CHECK(problems({"alfa", "", "  ", ""}, admin) == "assignment_target_missing;");
  CHECK(problems({"alfa", "ignoto", "", ""}, admin) == "group_missing;");
  CHECK(problems({"alfa", "polizia-locale", std::string(200, 'x'), ""}, admin) == "organization_too_long;");
  CHECK(problems({"alfa", "polizia-locale", "", "2027-02-30"}, admin) == "due_date_invalid;");
  CHECK(problems({"alfa", "polizia-locale", "", "31/01/2027"}, admin) == "due_date_invalid;");

  const int before = f.count("SELECT count(*) FROM module_assignments");
  CHECK(f.learning.assign({"alfa", "servizi-sociali", "", ""}, kGroups, trainer, kNow).status().code() ==
        Status::Code::invalid);
  CHECK(f.learning.assign({"nessuno", "polizia-locale", "", ""}, kGroups, trainer, kNow).status().code() ==
        Status::Code::not_found);
  CHECK(f.count("SELECT count(*) FROM module_assignments") == before);

  auto by_trainer = f.learning.assign({"alfa", "polizia-locale", "", "2027-01-31"}, kGroups, trainer, kNow);
  REQUIRE(by_trainer.ok());
  auto by_admin = f.learning.assign({"bozza", "", " Comune di Prova ", ""}, kGroups, admin, kNow);
  REQUIRE(by_admin.ok());
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'learning.assign'") == 2);

  // To whom they apply: the group, the organization (any case, trimmed), both when both are named.
  CHECK(f.learning.assignments_for("polizia-locale", "Altro Ente").size() == 1);
  CHECK(f.learning.assignments_for("servizi-sociali", "comune di prova").size() == 1);
  CHECK(f.learning.assignments_for("polizia-locale", "Comune di Prova").size() == 2);
  CHECK(f.learning.assignments_for("servizi-sociali", "").empty());
  REQUIRE(f.learning.assign({"alfa", "servizi-sociali", "Ente Due", ""}, kGroups, admin, kNow).ok());
  CHECK(f.learning.assignments_for("servizi-sociali", "Ente Uno").empty());
  CHECK(f.learning.assignments_for("servizi-sociali", "Ente Due").size() == 1);
  CHECK(f.learning.assignments_for("polizia-locale", "Altro Ente").front().due_date == "2027-01-31");

  // Revoking: the trainer only what they could have created; again is harmless.
  CHECK(f.learning.revoke_assignment("bozza", by_admin.value(), kGroups, trainer, kNow).code() ==
        Status::Code::not_found);
  CHECK(f.learning.revoke_assignment("bozza", by_trainer.value(), kGroups, trainer, kNow).code() ==
        Status::Code::not_found);  // the id is of another module
  CHECK(f.learning.revoke_assignment("alfa", by_trainer.value(), kGroups, trainer, kNow + 1).ok());
  CHECK(f.learning.revoke_assignment("alfa", by_trainer.value(), kGroups, trainer, kNow + 2).ok());
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'learning.revoke_assignment'") == 1);
  CHECK(f.learning.assignments("alfa").size() == 2);
  CHECK(f.learning.assignments("alfa").back().revoked_at == kNow + 1);
  CHECK(f.learning.assignments_for("polizia-locale", "Altro Ente").empty());
  CHECK(f.learning.revoke_assignment("bozza", by_admin.value(), kGroups, admin, kNow).ok());
}

TEST_CASE("removing a lesson that the completion rule lists stops the import") {
  Fixture f("completion:\n  lessons:\n    - secondo-passo\n");
  f.tree.remove("modules/alfa/02-secondo-passo.md");
  auto report = import_content(f.tree.root(), *f.store);
  CHECK_FALSE(report.ok());
  CHECK(contains(report.diagnostics.format_all(),
                 "index.md:13:7: error: 'completion.lessons' names 'secondo-passo', which is not a lesson of this module"));
  CHECK(f.store->module("alfa")->lessons.size() == 2);  // nothing written
}
