#include "core/quiz_grading.h"

#include <algorithm>

#include "core/text.h"

namespace sentinella {

namespace {

bool is_choice(QuestionKind kind) { return kind != QuestionKind::short_answer; }

Status invalid(int position, const std::string& why) {
  return Status::Invalid("question " + std::to_string(position + 1) + ": " + why);
}

bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

}  // namespace

Status check_response(const QuizQuestion& question, int position, const QuizResponse& response) {
  if (!is_choice(question.kind)) {
    if (!response.chosen.empty()) return invalid(position, "a short answer is typed, not chosen");
    if (find_invalid_utf8(response.text) != std::string_view::npos) return invalid(position, "the answer is not UTF-8");
    if (has_control_character(response.text)) return invalid(position, "the answer holds a control character");
    if (utf8_length(response.text) > kMaxShortAnswerChars)
      return invalid(position, "the answer is longer than " + std::to_string(kMaxShortAnswerChars) + " characters");
    return Status::Ok();
  }
  if (!response.text.empty()) return invalid(position, "the answer is one of the options, not typed text");
  if (question.kind != QuestionKind::multiple_choice && response.chosen.size() > 1)
    return invalid(position, "only one option may be chosen");
  const int options = static_cast<int>(question.options.size());
  for (size_t i = 0; i < response.chosen.size(); ++i) {
    const int p = response.chosen[i];
    if (p < 0 || p >= options) return invalid(position, "there is no option " + std::to_string(p));
    if (i > 0 && response.chosen[i - 1] >= p) return invalid(position, "options must be listed once, in order");
  }
  return Status::Ok();
}

bool is_correct(const QuizQuestion& question, const QuizResponse& response) {
  if (response.empty()) return false;
  if (!is_choice(question.kind)) {
    const std::string typed = fold_for_matching(response.text);
    if (typed.empty()) return false;
    return std::any_of(question.accepted_answers.begin(), question.accepted_answers.end(),
                       [&](const std::string& accepted) { return fold_for_matching(accepted) == typed; });
  }
  // Exactly the right set: every chosen option right, and as many chosen as there are right ones.
  const auto right = std::count_if(question.options.begin(), question.options.end(),
                                   [](const QuizOption& o) { return o.correct; });
  if (static_cast<long>(response.chosen.size()) != right) return false;
  return std::all_of(response.chosen.begin(), response.chosen.end(), [&](int p) {
    return p >= 0 && p < static_cast<int>(question.options.size()) && question.options[static_cast<size_t>(p)].correct;
  });
}

int score_percent(int score, int max_score) {
  if (max_score <= 0) return 0;
  return static_cast<int>(static_cast<long long>(score) * 100 / max_score);
}

Result<QuizGrade> grade_quiz(const Quiz& quiz, const QuizResponses& responses) {
  const int count = static_cast<int>(quiz.questions.size());
  for (const auto& [position, response] : responses) {
    if (position < 0 || position >= count)
      return Status::Invalid("the quiz has no question " + std::to_string(position + 1));
    if (Status st = check_response(quiz.questions[static_cast<size_t>(position)], position, response); !st.ok())
      return st;
  }
  QuizGrade grade;
  grade.max_score = count;
  for (int i = 0; i < count; ++i) {
    auto it = responses.find(i);
    const bool right = it != responses.end() && is_correct(quiz.questions[static_cast<size_t>(i)], it->second);
    grade.correct.push_back(right);
    if (right) ++grade.score;
  }
  grade.percent = score_percent(grade.score, grade.max_score);
  grade.passed = grade.max_score > 0 && grade.percent >= quiz.pass_mark;
  return grade;
}

std::string encode_response(const QuizQuestion& question, const QuizResponse& response) {
  if (!is_choice(question.kind)) return response.text;
  std::string out;
  for (int p : response.chosen) out += (out.empty() ? "" : ",") + std::to_string(p);
  return out;
}

std::optional<QuizResponse> decode_response(QuestionKind kind, std::string_view stored) {
  QuizResponse r;
  if (!is_choice(kind)) {
    r.text = std::string(stored);
    return r;
  }
  if (stored.empty()) return r;
  for (size_t pos = 0; pos <= stored.size();) {
    size_t end = stored.find(',', pos);
    if (end == std::string_view::npos) end = stored.size();
    auto n = parse_whole_number(stored.substr(pos, end - pos), 0, 1'000'000);
    if (!n) return std::nullopt;
    r.chosen.push_back(static_cast<int>(*n));
    pos = end + 1;
  }
  return r;
}

}  // namespace sentinella
