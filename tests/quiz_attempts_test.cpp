// Quiz attempts (core/quiz_attempts.h) on an in-memory store: start and resume, the stored option
// order, the limit per version, an abandoned attempt on an old version, bounded answers, submission
// and completion, and another person's attempt.
#include <doctest/doctest.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <numeric>

#include "core/quiz_attempts.h"
#include "quiz_questions.h"
#include "store_dump.h"

using namespace sentinella;

namespace {

constexpr UnixSeconds kNow = 1'800'000'000;

// Four questions: single choice (right: 1), multiple choice (right: 0 and 2), true/false (right:
// "Falso"), short answer ("1522").
Quiz sample_quiz(const std::string& version, int attempts = 0, bool shuffle = false) {
  Quiz z;
  z.module_slug = "alfa";
  z.slug = "verifica";
  z.source_path = "modules/alfa/quiz-verifica.md";
  z.title = "Verifica";
  z.pass_mark = 75;
  z.attempts = attempts;
  z.shuffle = shuffle;
  z.version = version;
  z.questions = {test::choice_question(QuestionKind::single_choice, {false, true, false}),
                 test::choice_question(QuestionKind::multiple_choice, {true, false, true, false}),
                 test::choice_question(QuestionKind::true_false, {false, true})};
  QuizQuestion text;
  text.kind = QuestionKind::short_answer;
  text.text = "Numero";
  text.accepted_answers = {"1522"};
  z.questions.push_back(text);
  return z;
}

QuizResponse chosen(std::vector<int> positions) { return {std::move(positions), ""}; }
QuizResponse typed(std::string text) { return {{}, std::move(text)}; }

struct Fixture {
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  QuizAttempts attempts{*store};

  std::int64_t person(const std::string& username) { return test::insert_person(*store, username, kNow); }

  // Imports the quiz (a new version replaces the old one, as an import does).
  void publish(const Quiz& quiz) {
    ContentChanges changes;
    changes.quizzes = {quiz};
    changes.hashes[quiz.source_path] = quiz.version;
    changes.now = kNow;
    Status st = store->apply(changes);
    REQUIRE_MESSAGE(st.ok(), st.message());
  }

  QuizAttempt start(const Quiz& quiz, std::int64_t user) {
    auto a = attempts.start(quiz, user, kNow);
    REQUIRE_MESSAGE(a.ok(), a.status().message());
    return a.value();
  }

  std::string query(const std::string& sql) {
    return store->read([&](SQLite::Database& db) {
      SQLite::Statement q(db, sql);
      return test::rows_text(q);
    });
  }
};

}  // namespace

TEST_CASE("starting an attempt, resuming it, and its stored option order") {
  Fixture f;
  const auto quiz = sample_quiz("v1");
  f.publish(quiz);
  const auto anna = f.person("anna");

  const QuizAttempt first = f.start(quiz, anna);
  CHECK(first.quiz_version == "v1");
  CHECK_FALSE(first.submitted());
  // Without shuffle: the file's order.
  CHECK(first.option_order == std::vector<std::vector<int>>{{0, 1, 2}, {0, 1, 2, 3}, {0, 1}, {}});
  // Starting again resumes the unfinished attempt.
  CHECK(f.start(quiz, anna).id == first.id);
  CHECK(f.query("SELECT COUNT(*) FROM quiz_attempts") == "1");
  CHECK(f.query("SELECT action, details FROM audit_log") ==
        "quiz.start,quiz=alfa/verifica attempt=" + std::to_string(first.id));
  // Starting enrols the learner.
  CHECK(f.query("SELECT user_id, module_slug, completed_at FROM enrolments") == std::to_string(anna) + ",alfa,NULL");
}

TEST_CASE("a shuffled quiz draws each question's order once and keeps it") {
  Fixture f;
  Quiz quiz = sample_quiz("v1", 0, true);
  std::vector<bool> many(26, false);
  many[3] = true;
  quiz.questions.push_back(test::choice_question(QuestionKind::single_choice, many));
  f.publish(quiz);
  const auto anna = f.person("anna");
  const QuizAttempt a = f.start(quiz, anna);
  REQUIRE(a.option_order.size() == quiz.questions.size());
  for (size_t i = 0; i < quiz.questions.size(); ++i) {
    auto sorted = a.option_order[i];
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> identity(quiz.questions[i].options.size());
    std::iota(identity.begin(), identity.end(), 0);
    CHECK(sorted == identity);  // a permutation of the options
  }
  std::vector<int> identity(26);
  std::iota(identity.begin(), identity.end(), 0);
  CHECK(a.option_order.back() != identity);  // 1 chance in 26! of failing
  // A reload (find, or start resuming) gives the same order.
  CHECK(f.attempts.find(a.id, anna)->option_order == a.option_order);
  CHECK(f.start(quiz, anna).option_order == a.option_order);
  // A second learner gets an order of their own.
  const auto bruno = f.person("bruno");
  CHECK(f.start(quiz, bruno).option_order.back() != a.option_order.back());
}

TEST_CASE("saving answers: kept, replaced, cleared, a bad answer changes nothing") {
  Fixture f;
  const auto quiz = sample_quiz("v1");
  f.publish(quiz);
  const auto anna = f.person("anna");
  const auto a = f.start(quiz, anna);

  REQUIRE(f.attempts.save(quiz, a.id, anna, {{0, chosen({1})}, {1, chosen({0, 2})}, {3, typed("Millecinquecento")}}, kNow).ok());
  auto found = f.attempts.find(a.id, anna);
  REQUIRE(found.ok());
  CHECK(found->answers == QuizResponses{{0, chosen({1})}, {1, chosen({0, 2})}, {3, typed("Millecinquecento")}});
  // Another page's save leaves these alone; an empty response clears one.
  REQUIRE(f.attempts.save(quiz, a.id, anna, {{2, chosen({0})}, {3, {}}}, kNow).ok());
  CHECK(f.attempts.find(a.id, anna)->answers ==
        QuizResponses{{0, chosen({1})}, {1, chosen({0, 2})}, {2, chosen({0})}});

  const std::string before = f.query("SELECT question, answer FROM quiz_answers ORDER BY question");
  auto refused = [&](const QuizResponses& answers, const std::string& message) {
    Status st = f.attempts.save(quiz, a.id, anna, answers, kNow);
    CHECK(st.code() == Status::Code::invalid);
    CHECK(st.message() == message);
    CHECK(f.query("SELECT question, answer FROM quiz_answers ORDER BY question") == before);
  };
  refused({{0, chosen({0})}, {4, chosen({0})}}, "the quiz has no question 5");
  refused({{0, chosen({3})}}, "question 1: there is no option 3");
  refused({{0, chosen({0, 1})}}, "question 1: only one option may be chosen");
  refused({{2, chosen({0, 1})}}, "question 3: only one option may be chosen");
  refused({{0, chosen({0})}, {3, typed(std::string(201, 'x'))}}, "question 4: the answer is longer than 200 characters");
  refused({{1, typed("0")}}, "question 2: the answer is one of the options, not typed text");
}

TEST_CASE("submitting grades on the server, records the result once and completes the module") {
  Fixture f;
  const auto quiz = sample_quiz("v1");
  f.publish(quiz);
  const auto anna = f.person("anna");
  const auto a = f.start(quiz, anna);
  REQUIRE(f.attempts.save(quiz, a.id, anna, {{0, chosen({1})}, {1, chosen({0, 2})}}, kNow).ok());

  auto done = f.attempts.submit(quiz, a.id, anna, {{2, chosen({1})}, {3, typed(" 1522 ")}}, kNow + 60);
  REQUIRE_MESSAGE(done.ok(), done.status().message());
  CHECK(done->submitted_at == kNow + 60);
  CHECK(done->score == 4);
  CHECK(done->max_score == 4);
  CHECK(done->percent() == 100);
  CHECK(done->passed);
  CHECK(done->correct == std::map<int, bool>{{0, true}, {1, true}, {2, true}, {3, true}});
  CHECK(f.query("SELECT completed_at FROM enrolments") == std::to_string(kNow + 60));
  CHECK(f.query("SELECT action FROM audit_log ORDER BY id") == "quiz.start | quiz.submit");

  // A submitted attempt cannot be changed.
  const std::string before = f.query("SELECT * FROM quiz_answers") + f.query("SELECT * FROM quiz_attempts");
  CHECK(f.attempts.save(quiz, a.id, anna, {{0, chosen({0})}}, kNow).code() == Status::Code::conflict);
  CHECK(f.attempts.submit(quiz, a.id, anna, {}, kNow).status().code() == Status::Code::conflict);
  CHECK(f.query("SELECT * FROM quiz_answers") + f.query("SELECT * FROM quiz_attempts") == before);
}

TEST_CASE("unanswered questions are stored graded wrong, a fail leaves the module incomplete") {
  Fixture f;
  const auto quiz = sample_quiz("v1");
  f.publish(quiz);
  const auto anna = f.person("anna");
  const auto a = f.start(quiz, anna);
  auto done = f.attempts.submit(quiz, a.id, anna, {{0, chosen({1})}, {1, chosen({0})}}, kNow);
  REQUIRE(done.ok());
  CHECK(done->score == 1);
  CHECK(done->percent() == 25);
  CHECK_FALSE(done->passed);
  CHECK(f.query("SELECT question, answer, correct FROM quiz_answers ORDER BY question") ==
        "0,1,1 | 1,0,0 | 2,,0 | 3,,0");
  CHECK(f.query("SELECT completed_at FROM enrolments") == "NULL");
}

TEST_CASE("the attempts allowed count the current version, an old unfinished attempt is abandoned") {
  Fixture f;
  const auto v1 = sample_quiz("v1", 2);
  f.publish(v1);
  const auto anna = f.person("anna");
  for (int i = 0; i < 2; ++i) {
    const auto a = f.start(v1, anna);
    REQUIRE(f.attempts.submit(v1, a.id, anna, {}, kNow).ok());
  }
  CHECK(f.attempts.standing(v1, anna).left == 0);
  const std::string before = f.query("SELECT COUNT(*) FROM quiz_attempts") + f.query("SELECT COUNT(*) FROM audit_log");
  auto refused = f.attempts.start(v1, anna, kNow);
  CHECK(refused.status().code() == Status::Code::conflict);
  CHECK(refused.status().message() == "no attempts left on this quiz");
  CHECK(f.query("SELECT COUNT(*) FROM quiz_attempts") + f.query("SELECT COUNT(*) FROM audit_log") == before);

  // A new version: two attempts again, the old results kept.
  const auto v2 = sample_quiz("v2", 2);
  f.publish(v2);
  const auto unfinished = f.start(v2, anna);
  REQUIRE(f.attempts.save(v2, unfinished.id, anna, {{0, chosen({1})}}, kNow).ok());
  auto standing = f.attempts.standing(v2, anna);
  CHECK(standing.attempts.size() == 3);
  CHECK(standing.used == 1);
  CHECK(standing.left == 1);
  CHECK(standing.unfinished == unfinished.id);

  // A third version: the unfinished v2 attempt is not resumed and cannot be saved or submitted.
  const auto v3 = sample_quiz("v3", 2);
  f.publish(v3);
  CHECK(f.attempts.save(v3, unfinished.id, anna, {{0, chosen({0})}}, kNow).code() == Status::Code::conflict);
  CHECK(f.attempts.submit(v3, unfinished.id, anna, {}, kNow).status().code() == Status::Code::conflict);
  const auto fresh = f.start(v3, anna);
  CHECK(fresh.id != unfinished.id);
  CHECK(fresh.quiz_version == "v3");
  CHECK(f.attempts.find(unfinished.id, anna)->answers == QuizResponses{{0, chosen({1})}});
  standing = f.attempts.standing(v3, anna);
  CHECK(standing.used == 1);
  CHECK(standing.unfinished == fresh.id);
}

TEST_CASE("another person's attempt is NotFound, for reading and for changing") {
  Fixture f;
  const auto quiz = sample_quiz("v1");
  f.publish(quiz);
  const auto anna = f.person("anna");
  const auto bruno = f.person("bruno");
  const auto a = f.start(quiz, anna);
  CHECK(f.attempts.find(a.id, bruno).status().code() == Status::Code::not_found);
  CHECK(f.attempts.find(a.id + 100, anna).status().code() == Status::Code::not_found);
  CHECK(f.attempts.save(quiz, a.id, bruno, {{0, chosen({1})}}, kNow).code() == Status::Code::not_found);
  CHECK(f.attempts.submit(quiz, a.id, bruno, {}, kNow).status().code() == Status::Code::not_found);
  Quiz other = quiz;
  other.slug = "altra";
  CHECK(f.attempts.save(other, a.id, anna, {}, kNow).code() == Status::Code::not_found);
  CHECK(f.query("SELECT COUNT(*) FROM quiz_answers") == "0");
  CHECK(f.query("SELECT submitted_at FROM quiz_attempts") == "NULL");
}

TEST_CASE("pages of an attempt fit a form's fields") {
  Quiz quiz = sample_quiz("v1");  // fields: 1, 4, 1, 1
  auto ranges = [&](int max_fields) {
    std::string out;
    for (const auto& p : quiz_pages(quiz, max_fields)) out += "[" + std::to_string(p.first) + "," + std::to_string(p.last) + ")";
    return out;
  };
  CHECK(ranges(60) == "[0,4)");
  CHECK(ranges(5) == "[0,2)[2,4)");
  CHECK(ranges(3) == "[0,1)[1,2)[2,4)");  // a question wider than a page gets a page of its own
  quiz.questions.clear();
  CHECK(ranges(60).empty());
}

TEST_CASE("option order as stored") {
  CHECK(option_order_json({{1, 0, 2}, {}, {0}}) == "[[1,0,2],[],[0]]");
  CHECK(option_order_json({}) == "[]");
  CHECK(parse_option_order("[[1,0,2],[],[0]]") == std::vector<std::vector<int>>{{1, 0, 2}, {}, {0}});
  CHECK(parse_option_order("[]") == std::vector<std::vector<int>>{});
  for (const char* bad : {"", "[", "[[1,]]", "[[1],]", "[[a]]", "[[1]] ", "{}", "[[1][2]]"})
    CHECK_MESSAGE(!parse_option_order(bad), bad);
}
