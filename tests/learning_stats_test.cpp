// The trainer's statistics of a module, against numbers worked out by hand from a small fixture:
// five learners in two groups and two organizations, attempts with known answers on two versions
// of a quiz, and the anonymous counts of erased learners.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <cmath>
#include <sstream>

#include "core/learning_stats.h"

using namespace sentinella;

namespace {

constexpr const char* kZone = "Europe/Rome";
// Enrolment instants (Europe/Rome wall-clock times in the comments).
constexpr std::int64_t kMar10 = 1773133200;   // 2026-03-10 10:00
constexpr std::int64_t kMar12 = 1773306000;   // 2026-03-12 10:00
constexpr std::int64_t kMar31 = 1774992600;   // 2026-03-31 23:30 (21:30 UTC)
constexpr std::int64_t kApr05 = 1775376000;   // 2026-04-05 10:00
constexpr std::int64_t kApr20 = 1776672000;   // 2026-04-20 10:00
constexpr std::int64_t kApr25 = 1777104000;   // 2026-04-25 10:00
constexpr std::int64_t kTrainer = 10;         // trains servizi-sociali only

Module alfa() {
  Module m;
  m.slug = "alfa";
  for (const char* slug : {"uno", "due", "tre"}) {
    Lesson l;
    l.module_slug = "alfa";
    l.slug = slug;
    m.lessons.push_back(l);
  }
  return m;
}

QuizOption option(const std::string& text, bool correct) { return {text, text, correct}; }

// Version "v2" (the current one): single choice (right: B), multiple choice (right: A and B),
// short answer (1522).
Quiz verifica() {
  Quiz q;
  q.module_slug = "alfa";
  q.slug = "verifica";
  q.title = "Verifica";
  q.version = "v2";
  QuizQuestion single;
  single.text = "Prima domanda";
  single.options = {option("Opzione A", false), option("Opzione B", true), option("Opzione C", false)};
  QuizQuestion multiple;
  multiple.kind = QuestionKind::multiple_choice;
  multiple.text = "Seconda domanda";
  multiple.options = {option("Giusta uno", true), option("Giusta due", true), option("Sbagliata", false)};
  QuizQuestion short_answer;
  short_answer.kind = QuestionKind::short_answer;
  short_answer.text = "Terza domanda";
  short_answer.accepted_answers = {"1522"};
  short_answer.options = {option("1522", true)};
  q.questions = {single, multiple, short_answer};
  return q;
}

struct Fixture {
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());

  Fixture() {
    REQUIRE(store->write([](SQLite::Database& db) {
      db.exec(
          "INSERT INTO users (id, username, display_name, password_hash, target_group, organization, created_at)"
          " VALUES (1, 'anna', 'Anna Alfa', '', 'polizia-locale', 'Comune A', 0),"
          " (2, 'bruno', 'Bruno Beta', '', 'polizia-locale', 'Comune B', 0),"
          " (3, 'carla', 'Carla Gamma', '', 'servizi-sociali', 'Comune A', 0),"
          " (4, 'dario', 'Dario Delta', '', 'servizi-sociali', 'Comune B', 0),"
          " (5, 'elena', 'Elena Epsilon', '', 'servizi-sociali', 'Comune B', 0),"
          " (6, 'fuori', 'Fuori Modulo', '', 'polizia-locale', 'Comune A', 0),"
          " (10, 'tina', 'Tina Formatrice', '', '', '', 0)");
      db.exec("INSERT INTO trainer_groups VALUES (10, 'servizi-sociali')");
      db.exec("INSERT INTO enrolments VALUES (1, 'alfa', " + std::to_string(kMar10) + ", " +
              std::to_string(kApr25) + "), (2, 'alfa', " + std::to_string(kMar12) + ", NULL), (3, 'alfa', " +
              std::to_string(kApr05) + ", " + std::to_string(kApr20) + "), (4, 'alfa', " + std::to_string(kApr20) +
              ", NULL), (5, 'alfa', " + std::to_string(kMar31) + ", NULL), (6, 'beta', " +
              std::to_string(kMar10) + ", NULL)");
      db.exec("INSERT INTO lesson_progress VALUES (1, 'alfa', 'uno', 1), (1, 'alfa', 'due', 1), (1, 'alfa', 'tre', 1),"
              " (2, 'alfa', 'uno', 1), (2, 'alfa', 'vecchia', 1), (3, 'alfa', 'uno', 1), (3, 'alfa', 'tre', 1),"
              " (6, 'beta', 'uno', 1)");
      // id, user, version, submitted, score, max_score
      db.exec("INSERT INTO quiz_attempts (id, user_id, module_slug, quiz_slug, quiz_version, started_at,"
              " submitted_at, option_order, score, max_score, passed) VALUES"
              " (1, 1, 'alfa', 'verifica', 'v2', 1, 2, '[]', 2, 3, 0),"
              " (2, 1, 'alfa', 'verifica', 'v2', 3, 4, '[]', 3, 3, 1),"
              " (3, 2, 'alfa', 'verifica', 'v2', 1, 2, '[]', 1, 3, 0),"
              " (4, 3, 'alfa', 'verifica', 'v1', 1, 2, '[]', 3, 4, 1),"
              " (5, 3, 'alfa', 'verifica', 'v2', 3, 4, '[]', 2, 3, 0),"
              " (6, 5, 'alfa', 'verifica', 'v2', 1, 2, '[]', 0, 3, 0),"
              " (7, 5, 'alfa', 'verifica', 'v2', 3, NULL, '[]', NULL, NULL, NULL),"
              " (8, 6, 'beta', 'verifica', 'v2', 1, 2, '[]', 0, 3, 0)");
      db.exec("INSERT INTO quiz_answers VALUES"
              " (1, 0, '1', 1), (1, 1, '0,1', 1), (1, 2, 'Centododici', 0),"
              " (2, 0, '1', 1), (2, 1, '1,0', 1), (2, 2, '1522', 1),"
              " (3, 0, '2', 0), (3, 1, '0,2', 0), (3, 2, '1522', 1),"
              " (4, 0, '2', 0), (4, 1, '2', 0), (4, 2, '2', 0), (4, 3, 'x', 0),"
              " (5, 0, '2', 0), (5, 1, '0,1', 1), (5, 2, '1522', 1),"
              " (6, 0, '0', 0), (6, 1, '', 0), (6, 2, 'centododici ', 0),"
              " (7, 0, '2', NULL), (7, 1, '2', NULL), (7, 2, 'bozza', NULL),"
              " (8, 0, '0', 0)");
      // Erased learners: two of polizia-locale in March (one completed), one of servizi-sociali in April.
      db.exec("INSERT INTO learning_counts VALUES ('alfa', 'polizia-locale', '2026-03', 2, 1),"
              " ('alfa', 'servizi-sociali', '2026-04', 1, 0), ('beta', 'polizia-locale', '2026-03', 5, 5)");
    }).ok());
  }

  LearningStats stats(const std::string& from = "", const std::string& to = "", std::int64_t trainer = 0) {
    auto period = parse_stats_period(from, to, kZone);
    REQUIRE_MESSAGE(period.ok(), period.status().message());
    return compute_learning_stats(*store, alfa(), {verifica()}, period.value(), StatsViewer{trainer});
  }
};

std::string num(const std::optional<double>& v) {
  if (!v) return "-";
  std::ostringstream out;
  out << std::round(*v * 100) / 100;
  return out.str();
}

// "enrolled/in progress/completed (erased enrolled/completed) scored avg median"
std::string row(const ProgressCounts& c) {
  std::ostringstream out;
  out << c.enrolled << "/" << c.in_progress << "/" << c.completed << " (" << c.erased_enrolled << "/"
      << c.erased_completed << ") " << c.scores.scored << " " << num(c.scores.average) << " " << num(c.scores.median);
  return out.str();
}

std::string learners(const LearningStats& s) {
  std::ostringstream out;
  for (const auto& l : s.learners)
    out << l.username << ":" << l.lessons_read << ":" << num(l.score) << ":" << (l.completed_at ? "done" : "open") << " ";
  return out.str();
}

// "answered correct% top_wrong×count" per question.
std::string questions(const QuizStats& q) {
  std::ostringstream out;
  for (const auto& s : q.questions)
    out << s.number << ": " << s.answered << " " << num(s.percent_correct) << " [" << s.top_wrong << "]x"
        << s.top_wrong_count << "; ";
  return out.str();
}

}  // namespace

TEST_CASE("learning statistics of a module, for an admin, over all time") {
  Fixture f;
  const auto s = f.stats();
  CHECK(s.lesson_count == 3);
  CHECK(learners(s) ==
        "anna:3:100:done bruno:1:33.33:open carla:2:75:done dario:0:-:open elena:0:0:open ");
  // Scores 100, 33.33, 75 (best of v1 75% and v2 66.67%), 0: an even count, median of the middle two.
  CHECK(row(s.totals) == "8/5/3 (3/1) 4 52.08 54.17");
  CHECK(row(s.by_group.at("polizia-locale")) == "4/2/2 (2/1) 2 66.67 66.67");
  CHECK(row(s.by_group.at("servizi-sociali")) == "4/3/1 (1/0) 2 37.5 37.5");
  CHECK(s.by_group.size() == 2);
  CHECK(row(s.by_organization.at("Comune A")) == "2/0/2 (0/0) 2 87.5 87.5");
  CHECK(row(s.by_organization.at("Comune B")) == "3/3/0 (0/0) 2 16.67 16.67");
  CHECK(s.by_organization.size() == 2);

  REQUIRE(s.quizzes.size() == 1);
  const auto& q = s.quizzes[0];
  CHECK(q.attempts == 5);  // submitted on v2: not the v1 one, not the unfinished one, not another module's
  CHECK(questions(q) == "1: 5 40 [Opzione C]x2; 2: 4 75 [Sbagliata]x1; 3: 5 60 [Centododici]x2; ");
  CHECK(q.weakest == 1);
}

TEST_CASE("the period selects learners by their enrolment date in the site's time zone") {
  Fixture f;
  SUBCASE("March: 23:30 on the 31st in Rome is still March; an odd count of scores") {
    const auto s = f.stats("2026-03-01", "2026-03-31");
    CHECK(learners(s) == "anna:3:100:done bruno:1:33.33:open elena:0:0:open ");
    // anna completed in April: she started in the period, so she counts as completed.
    CHECK(row(s.totals) == "5/3/2 (2/1) 3 44.44 33.33");
    CHECK(s.quizzes[0].attempts == 4);
  }
  SUBCASE("from April on") {
    const auto s = f.stats("2026-04-01", "");
    CHECK(learners(s) == "carla:2:75:done dario:0:-:open ");
    CHECK(row(s.totals) == "3/2/1 (1/0) 1 75 75");
    CHECK(s.by_group.count("polizia-locale") == 0);
    CHECK(questions(s.quizzes[0]) == "1: 1 0 [Opzione C]x1; 2: 1 100 []x0; 3: 1 100 []x0; ");
  }
  SUBCASE("a single day") {
    CHECK(learners(f.stats("2026-04-20", "2026-04-20")) == "dario:0:-:open ");
  }
  SUBCASE("a period with nobody") {
    const auto s = f.stats("2025-01-01", "2025-01-31");
    CHECK(s.learners.empty());
    CHECK(row(s.totals) == "0/0/0 (0/0) 0 - -");
    CHECK(s.quizzes[0].attempts == 0);
    CHECK(s.quizzes[0].weakest == 0);
  }
}

TEST_CASE("a trainer's statistics cover only the groups they train") {
  Fixture f;
  const auto s = f.stats("", "", kTrainer);
  CHECK(learners(s) == "carla:2:75:done dario:0:-:open elena:0:0:open ");
  CHECK(row(s.totals) == "4/3/1 (1/0) 2 37.5 37.5");
  CHECK(s.by_group.size() == 1);
  CHECK(s.by_organization.count("Comune A") == 1);
  CHECK(s.quizzes[0].attempts == 2);
  // A tie between two wrong options goes to the first.
  CHECK(questions(s.quizzes[0]) == "1: 2 0 [Opzione A]x1; 2: 1 100 []x0; 3: 2 50 [centododici ]x1; ");
  SUBCASE("a trainer of no group sees nothing") {
    const auto none = f.stats("", "", 4);
    CHECK(none.learners.empty());
    CHECK(row(none.totals) == "0/0/0 (0/0) 0 - -");
  }
}

TEST_CASE("the period's dates are checked") {
  CHECK(parse_stats_period("", "", kZone).ok());
  auto bad = parse_stats_period("2026-02-30", "", kZone);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::invalid);
  CHECK(bad.status().message().starts_with("dal: "));
  CHECK(parse_stats_period("", "31/12/2026", kZone).status().message().starts_with("al: "));
  CHECK(parse_stats_period("2026-01-01 10:00", "", kZone).status().message().starts_with("dal: "));
  auto reversed = parse_stats_period("2026-05-01", "2026-04-30", kZone);
  REQUIRE_FALSE(reversed.ok());
  CHECK(reversed.status().message() == "al: the end of the period (2026-04-30) is before its start (2026-05-01)");
  auto p = parse_stats_period("2026-04-01", "2026-04-30", kZone);
  REQUIRE(p.ok());
  CHECK(*p->from_utc == 1774994400);  // midnight in Rome, 22:00 UTC the day before
  CHECK(*p->to_utc == 1777586400);    // midnight ending the 30th
  CHECK(p->from_month == "2026-04");
}

TEST_CASE("median of even and odd counts") {
  CHECK_FALSE(median_of({}).has_value());
  CHECK(*median_of({7}) == 7);
  CHECK(*median_of({9, 1, 5}) == 5);
  CHECK(*median_of({10, 1, 4, 6}) == 5);
}
