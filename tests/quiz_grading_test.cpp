// Grading of every question kind (core/quiz_grading.h): the point for each kind, no partial credit,
// short answers folded, the percentage rounded down, and answers that cannot be graded refused.
#include <doctest/doctest.h>

#include "core/quiz_grading.h"
#include "quiz_questions.h"

using namespace sentinella;

namespace {

QuizQuestion short_answer(std::vector<std::string> accepted) {
  QuizQuestion q;
  q.kind = QuestionKind::short_answer;
  q.text = "Domanda";
  q.accepted_answers = std::move(accepted);
  return q;
}

QuizResponse chosen(std::vector<int> positions) { return {std::move(positions), ""}; }
QuizResponse typed(std::string text) { return {{}, std::move(text)}; }

}  // namespace

TEST_CASE("single choice and true/false: the right option, and only one") {
  for (auto kind : {QuestionKind::single_choice, QuestionKind::true_false}) {
    const auto q = kind == QuestionKind::true_false ? test::choice_question(kind, {false, true}) : test::choice_question(kind, {false, true, false});
    CHECK(is_correct(q, chosen({1})));
    CHECK_FALSE(is_correct(q, chosen({0})));
    CHECK_FALSE(is_correct(q, chosen({})));  // no answer is wrong
    CHECK(check_response(q, 0, chosen({1})).ok());
    const Status two = check_response(q, 2, chosen({0, 1}));
    CHECK(two.code() == Status::Code::invalid);
    CHECK(two.message() == "question 3: only one option may be chosen");
  }
}

TEST_CASE("multiple choice is all or nothing") {
  const auto q = test::choice_question(QuestionKind::multiple_choice, {true, true, false, true});
  CHECK(is_correct(q, chosen({0, 1, 3})));
  CHECK_FALSE(is_correct(q, chosen({0, 1})));        // one right option missing
  CHECK_FALSE(is_correct(q, chosen({0, 1, 2, 3})));  // every box ticked
  CHECK_FALSE(is_correct(q, chosen({0, 2, 3})));
  CHECK_FALSE(is_correct(q, chosen({})));
}

TEST_CASE("short answers: any accepted answer, ignoring case, accents, apostrophes and spaces") {
  const auto q = short_answer({"1522", "Perché l'usura", "Città"});
  CHECK(is_correct(q, typed("1522")));
  CHECK(is_correct(q, typed("  1522 ")));
  CHECK(is_correct(q, typed("perche   L’USURA")));
  CHECK(is_correct(q, typed("citta")));
  CHECK(is_correct(q, typed("CITTÀ")));
  CHECK_FALSE(is_correct(q, typed("152")));
  CHECK_FALSE(is_correct(q, typed("")));
  CHECK_FALSE(is_correct(q, typed("   ")));
}

TEST_CASE("answers that cannot answer their question are refused, naming it") {
  const auto single = test::choice_question(QuestionKind::single_choice, {true, false});
  const auto multiple = test::choice_question(QuestionKind::multiple_choice, {true, true, false});
  const auto text = short_answer({"112"});
  auto message = [](const Status& s) { return s.ok() ? std::string("ok") : s.message(); };
  CHECK(message(check_response(single, 0, chosen({2}))) == "question 1: there is no option 2");
  CHECK(message(check_response(single, 0, chosen({-1}))) == "question 1: there is no option -1");
  CHECK(message(check_response(multiple, 1, chosen({1, 0}))) == "question 2: options must be listed once, in order");
  CHECK(message(check_response(multiple, 1, chosen({1, 1}))) == "question 2: options must be listed once, in order");
  CHECK(message(check_response(multiple, 1, chosen({0, 1, 2}))) == "ok");
  CHECK(message(check_response(single, 0, typed("a"))) == "question 1: the answer is one of the options, not typed text");
  CHECK(message(check_response(text, 4, chosen({0}))) == "question 5: a short answer is typed, not chosen");
  CHECK(message(check_response(text, 4, typed(std::string(200, 'a')))) == "ok");
  CHECK(message(check_response(text, 4, typed(std::string(201, 'a')))) ==
        "question 5: the answer is longer than 200 characters");
  // 200 accented letters are 400 bytes but 200 characters.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "è";
  CHECK(message(check_response(text, 4, typed(accented))) == "ok");
  CHECK(message(check_response(text, 4, typed("a\x01"))) == "question 5: the answer holds a control character");
  CHECK(message(check_response(text, 4, typed("\xC3"))) == "question 5: the answer is not UTF-8");
  CHECK(message(check_response(single, 0, {})) == "ok");
}

TEST_CASE("a quiz: one point per question, the percentage rounded down, passed at the pass mark") {
  Quiz quiz;
  quiz.pass_mark = 70;
  quiz.questions = {test::choice_question(QuestionKind::single_choice, {true, false}),
                    test::choice_question(QuestionKind::multiple_choice, {true, true, false}),
                    test::choice_question(QuestionKind::true_false, {false, true}),
                    short_answer({"1522"}),
                    test::choice_question(QuestionKind::single_choice, {false, true}),
                    test::choice_question(QuestionKind::single_choice, {false, true}),
                    test::choice_question(QuestionKind::single_choice, {false, true})};

  SUBCASE("5 of 7 is 71% (71.4 rounded down): passed at 70") {
    auto g = grade_quiz(quiz, {{0, chosen({0})}, {1, chosen({0, 1})}, {2, chosen({1})}, {3, typed("1522")},
                               {4, chosen({1})}, {5, chosen({0})}});
    REQUIRE(g.ok());
    CHECK(g->score == 5);
    CHECK(g->max_score == 7);
    CHECK(g->percent == 71);
    CHECK(g->passed);
    CHECK(g->correct == std::vector<bool>{true, true, true, true, true, false, false});
  }
  SUBCASE("the pass mark is exact: 5 of 7 fails a pass mark of 72") {
    quiz.pass_mark = 72;
    auto g = grade_quiz(quiz, {{0, chosen({0})}, {1, chosen({0, 1})}, {2, chosen({1})}, {3, typed("1522")},
                               {4, chosen({1})}});
    REQUIRE(g.ok());
    CHECK(g->percent == 71);
    CHECK_FALSE(g->passed);
  }
  SUBCASE("nothing answered: 0, failed") {
    auto g = grade_quiz(quiz, {});
    REQUIRE(g.ok());
    CHECK(g->score == 0);
    CHECK(g->percent == 0);
    CHECK_FALSE(g->passed);
  }
  SUBCASE("an answer to a question the quiz lacks, or out of range, is refused before grading") {
    CHECK(grade_quiz(quiz, {{7, chosen({0})}}).status().message() == "the quiz has no question 8");
    CHECK(grade_quiz(quiz, {{-1, chosen({0})}}).status().message() == "the quiz has no question 0");
    CHECK(grade_quiz(quiz, {{0, chosen({0})}, {4, chosen({5})}}).status().message() ==
          "question 5: there is no option 5");
  }
  CHECK(score_percent(2, 3) == 66);
  CHECK(score_percent(3, 3) == 100);
  CHECK(score_percent(0, 0) == 0);
}

TEST_CASE("responses as stored and read back") {
  const auto multiple = test::choice_question(QuestionKind::multiple_choice, {true, true, false});
  const auto text = short_answer({"112"});
  CHECK(encode_response(multiple, chosen({0, 2})) == "0,2");
  CHECK(encode_response(text, typed("Perché, sì")) == "Perché, sì");
  CHECK(decode_response(QuestionKind::multiple_choice, "0,2") == chosen({0, 2}));
  CHECK(decode_response(QuestionKind::single_choice, "") == QuizResponse{});
  CHECK(decode_response(QuestionKind::short_answer, "1,2") == typed("1,2"));
  CHECK_FALSE(decode_response(QuestionKind::single_choice, "a"));
  CHECK_FALSE(decode_response(QuestionKind::single_choice, "1,"));
}
