// Grading a quiz attempt: pure functions over a stored Quiz and a learner's answers.
//
// The rules (docs/content.md, "Quizzes"): one point per question. Single choice and true/false:
// the point for the right option. Multiple choice: all or nothing, the point only for exactly the
// right options (no partial credit). Short answer: the point when the typed text matches an accepted
// answer after fold_for_matching (case, accents, typographic apostrophes and extra spaces ignored).
// No answer is a wrong answer. The percentage is rounded down, so "passed" (percent >= pass_mark)
// means exactly score / max_score >= pass_mark / 100.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"
#include "core/status.h"

namespace sentinella {

// The longest short answer accepted, in characters (code points).
inline constexpr size_t kMaxShortAnswerChars = 200;

// A learner's answer to one question. Choice questions (single, multiple, true/false): the chosen
// option positions in the STORED quiz's order (not the order they were shown in), ascending and
// without repeats. Short answer: the typed text. Both empty: not answered.
struct QuizResponse {
  std::vector<int> chosen;
  std::string text;

  bool empty() const { return chosen.empty() && text.empty(); }
  bool operator==(const QuizResponse&) const = default;
};

// Answers by question position (from 0, the quiz file's order).
using QuizResponses = std::map<int, QuizResponse>;

// Ok when `response` can be an answer to `question`; Invalid, naming the question by its number
// (position + 1), for an option position out of range or repeated, more than one option for single
// choice or true/false, typed text for a choice question or options for a short answer, a short
// answer longer than kMaxShortAnswerChars characters, or one that is not UTF-8 or holds a control
// character. An empty response is always valid.
Status check_response(const QuizQuestion& question, int position, const QuizResponse& response);

// Whether `response` earns the question's point (see the rules above). Assumes check_response.
bool is_correct(const QuizQuestion& question, const QuizResponse& response);

// The percentage of `score` out of `max_score`, rounded down; 0 when max_score is 0.
int score_percent(int score, int max_score);

struct QuizGrade {
  int score = 0;
  int max_score = 0;
  int percent = 0;
  bool passed = false;
  std::vector<bool> correct;  // one per question, in the quiz's order
};

// Grades `responses` against `quiz` (questions without a response are wrong). Invalid when a
// response names a question the quiz does not have or fails check_response; nothing is graded then.
Result<QuizGrade> grade_quiz(const Quiz& quiz, const QuizResponses& responses);

// A response as quiz_answers.answer stores it: the chosen positions joined by commas ("0,2") for a
// choice question, the text as typed for a short answer.
std::string encode_response(const QuizQuestion& question, const QuizResponse& response);
// The response a stored answer spells for a question of `kind`; nullopt when `stored` is not a
// comma-separated list of positions for a choice question.
std::optional<QuizResponse> decode_response(QuestionKind kind, std::string_view stored);

}  // namespace sentinella
