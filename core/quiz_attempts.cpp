#include "core/quiz_attempts.h"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <algorithm>
#include <numeric>

#include "core/audit.h"
#include "core/completion.h"
#include "core/text.h"

namespace sentinella {

namespace {

std::string quiz_detail(const std::string& module_slug, const std::string& quiz_slug, std::int64_t attempt_id) {
  return "quiz=" + module_slug + "/" + quiz_slug + " attempt=" + std::to_string(attempt_id);
}

// Each question's options in the order they are shown: shuffled with Fisher-Yates on libsodium's
// uniform draws when the quiz asks for it, the file's order otherwise.
std::vector<std::vector<int>> draw_option_order(const Quiz& quiz) {
  std::vector<std::vector<int>> order;
  for (const auto& q : quiz.questions) {
    std::vector<int> positions(q.options.size());
    std::iota(positions.begin(), positions.end(), 0);
    if (quiz.shuffle)
      for (size_t i = positions.size(); i > 1; --i)
        std::swap(positions[i - 1], positions[randombytes_uniform(static_cast<uint32_t>(i))]);
    order.push_back(std::move(positions));
  }
  return order;
}

constexpr const char* kAttemptSelect =
    "SELECT id, user_id, module_slug, quiz_slug, quiz_version, started_at, submitted_at, option_order,"
    " score, max_score, passed FROM quiz_attempts";

QuizAttempt read_attempt(SQLite::Statement& q) {
  QuizAttempt a;
  a.id = q.getColumn(0).getInt64();
  a.user_id = q.getColumn(1).getInt64();
  a.module_slug = q.getColumn(2).getString();
  a.quiz_slug = q.getColumn(3).getString();
  a.quiz_version = q.getColumn(4).getString();
  a.started_at = q.getColumn(5).getInt64();
  if (!q.getColumn(6).isNull()) a.submitted_at = q.getColumn(6).getInt64();
  a.option_order = parse_option_order(q.getColumn(7).getString()).value_or(std::vector<std::vector<int>>{});
  a.score = q.getColumn(8).getInt();
  a.max_score = q.getColumn(9).getInt();
  a.passed = q.getColumn(10).getInt() != 0;
  return a;
}

// The attempt with its answers, or nullopt when it is not the person's. The kinds of the answers'
// questions are not known here: a choice answer is read as positions when it spells them.
std::optional<QuizAttempt> load_attempt(SQLite::Database& db, std::int64_t attempt_id, std::int64_t user_id) {
  SQLite::Statement q(db, std::string(kAttemptSelect) + " WHERE id = ? AND user_id = ?");
  q.bind(1, static_cast<int64_t>(attempt_id));
  q.bind(2, static_cast<int64_t>(user_id));
  if (!q.executeStep()) return std::nullopt;
  QuizAttempt a = read_attempt(q);
  SQLite::Statement answers(db, "SELECT question, answer, correct FROM quiz_answers WHERE attempt_id = ? ORDER BY question");
  answers.bind(1, static_cast<int64_t>(attempt_id));
  while (answers.executeStep()) {
    const int question = answers.getColumn(0).getInt();
    const std::string stored = answers.getColumn(1).getString();
    const bool is_choice = question < static_cast<int>(a.option_order.size()) &&
                           !a.option_order[static_cast<size_t>(question)].empty();
    auto response = decode_response(is_choice ? QuestionKind::single_choice : QuestionKind::short_answer, stored);
    if (response && !response->empty()) a.answers[question] = std::move(*response);
    if (!answers.getColumn(2).isNull()) a.correct[question] = answers.getColumn(2).getInt() != 0;
  }
  return a;
}

// The attempt for a change: the person's, on this quiz, unfinished and on its current version;
// otherwise throws the StatusError that says why.
QuizAttempt changeable_attempt(SQLite::Database& db, const Quiz& quiz, std::int64_t attempt_id, std::int64_t user_id) {
  auto a = load_attempt(db, attempt_id, user_id);
  if (!a || a->module_slug != quiz.module_slug || a->quiz_slug != quiz.slug)
    throw StatusError(Status::NotFound("no such attempt"));
  if (a->submitted()) throw StatusError(Status::Conflict("this attempt was already submitted"));
  if (a->quiz_version != quiz.version)
    throw StatusError(Status::Conflict("the quiz has changed since this attempt started: start a new attempt"));
  return std::move(*a);
}

void write_answers(SQLite::Database& db, const Quiz& quiz, std::int64_t attempt_id, const QuizResponses& answers) {
  for (const auto& [position, response] : answers) {
    if (response.empty()) {
      SQLite::Statement del(db, "DELETE FROM quiz_answers WHERE attempt_id = ? AND question = ?");
      del.bind(1, static_cast<int64_t>(attempt_id));
      del.bind(2, position);
      del.exec();
      continue;
    }
    SQLite::Statement up(db,
                         "INSERT INTO quiz_answers (attempt_id, question, answer) VALUES (?, ?, ?)"
                         " ON CONFLICT (attempt_id, question) DO UPDATE SET answer = excluded.answer");
    up.bind(1, static_cast<int64_t>(attempt_id));
    up.bind(2, position);
    up.bind(3, encode_response(quiz.questions[static_cast<size_t>(position)], response));
    up.exec();
  }
}

// Checks every answer before anything is written (grade_quiz checks and nothing more).
Status check_answers(const Quiz& quiz, const QuizResponses& answers) {
  auto graded = grade_quiz(quiz, answers);
  return graded.ok() ? Status::Ok() : graded.status();
}

}  // namespace

Result<QuizAttempt> QuizAttempts::start(const Quiz& quiz, std::int64_t user_id, UnixSeconds now) {
  std::int64_t id = 0;
  Status st = store_.write([&](SQLite::Database& db) {
    SQLite::Statement mine(db,
                           "SELECT COUNT(*), MAX(CASE WHEN submitted_at IS NULL THEN id END) FROM quiz_attempts"
                           " WHERE user_id = ? AND module_slug = ? AND quiz_slug = ? AND quiz_version = ?");
    mine.bind(1, static_cast<int64_t>(user_id));
    mine.bind(2, quiz.module_slug);
    mine.bind(3, quiz.slug);
    mine.bind(4, quiz.version);
    mine.executeStep();
    if (!mine.getColumn(1).isNull()) {
      id = mine.getColumn(1).getInt64();
      return;
    }
    if (quiz.attempts > 0 && mine.getColumn(0).getInt() >= quiz.attempts)
      throw StatusError(Status::Conflict("no attempts left on this quiz"));
    SQLite::Statement ins(db,
                          "INSERT INTO quiz_attempts (user_id, module_slug, quiz_slug, quiz_version, started_at,"
                          " option_order) VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(1, static_cast<int64_t>(user_id));
    ins.bind(2, quiz.module_slug);
    ins.bind(3, quiz.slug);
    ins.bind(4, quiz.version);
    ins.bind(5, static_cast<int64_t>(now));
    ins.bind(6, option_order_json(draw_option_order(quiz)));
    ins.exec();
    id = db.getLastInsertRowid();
    audit_record(db, user_id, "quiz.start", user_id, quiz_detail(quiz.module_slug, quiz.slug, id), now);
    record_completion_if_met(db, user_id, quiz.module_slug, now);  // enrols the learner
  });
  if (!st.ok()) return st;
  return find(id, user_id);
}

Result<QuizAttempt> QuizAttempts::find(std::int64_t attempt_id, std::int64_t user_id) {
  auto a = store_.read([&](SQLite::Database& db) { return load_attempt(db, attempt_id, user_id); });
  if (!a) return Status::NotFound("no such attempt");
  return std::move(*a);
}

Status QuizAttempts::save(const Quiz& quiz, std::int64_t attempt_id, std::int64_t user_id,
                          const QuizResponses& answers, UnixSeconds) {
  if (Status st = check_answers(quiz, answers); !st.ok()) return st;
  return store_.write([&](SQLite::Database& db) {
    changeable_attempt(db, quiz, attempt_id, user_id);
    write_answers(db, quiz, attempt_id, answers);
  });
}

Result<QuizAttempt> QuizAttempts::submit(const Quiz& quiz, std::int64_t attempt_id, std::int64_t user_id,
                                         const QuizResponses& answers, UnixSeconds now) {
  if (Status st = check_answers(quiz, answers); !st.ok()) return st;
  Status st = store_.write([&](SQLite::Database& db) {
    changeable_attempt(db, quiz, attempt_id, user_id);
    write_answers(db, quiz, attempt_id, answers);
    // Graded from what is stored now: the answers saved earlier and those just written.
    auto stored = load_attempt(db, attempt_id, user_id);
    QuizResponses all;
    for (const auto& [position, response] : stored->answers)
      if (position < static_cast<int>(quiz.questions.size())) all[position] = response;
    auto grade = grade_quiz(quiz, all);
    if (!grade.ok()) throw StatusError(grade.status());
    for (size_t i = 0; i < quiz.questions.size(); ++i) {
      SQLite::Statement up(db,
                           "INSERT INTO quiz_answers (attempt_id, question, answer, correct) VALUES (?, ?, '', ?)"
                           " ON CONFLICT (attempt_id, question) DO UPDATE SET correct = excluded.correct");
      up.bind(1, static_cast<int64_t>(attempt_id));
      up.bind(2, static_cast<int>(i));
      up.bind(3, grade->correct[i] ? 1 : 0);
      up.exec();
    }
    SQLite::Statement done(db,
                           "UPDATE quiz_attempts SET submitted_at = ?, score = ?, max_score = ?, passed = ?"
                           " WHERE id = ?");
    done.bind(1, static_cast<int64_t>(now));
    done.bind(2, grade->score);
    done.bind(3, grade->max_score);
    done.bind(4, grade->passed ? 1 : 0);
    done.bind(5, static_cast<int64_t>(attempt_id));
    done.exec();
    audit_record(db, user_id, "quiz.submit", user_id,
                 quiz_detail(quiz.module_slug, quiz.slug, attempt_id) + " score=" + std::to_string(grade->score) +
                     "/" + std::to_string(grade->max_score) + (grade->passed ? " passed" : " failed"),
                 now);
    record_completion_if_met(db, user_id, quiz.module_slug, now);
  });
  if (!st.ok()) return st;
  return find(attempt_id, user_id);
}

QuizStanding QuizAttempts::standing(const Quiz& quiz, std::int64_t user_id) {
  QuizStanding s;
  s.attempts = store_.read([&](SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kAttemptSelect) +
                                " WHERE user_id = ? AND module_slug = ? AND quiz_slug = ? ORDER BY id DESC");
    q.bind(1, static_cast<int64_t>(user_id));
    q.bind(2, quiz.module_slug);
    q.bind(3, quiz.slug);
    std::vector<QuizAttempt> out;
    while (q.executeStep()) out.push_back(read_attempt(q));
    return out;
  });
  for (const auto& a : s.attempts) {
    if (a.quiz_version != quiz.version) continue;
    ++s.used;
    if (!a.submitted() && !s.unfinished) s.unfinished = a.id;
  }
  if (quiz.attempts > 0) s.left = std::max(0, quiz.attempts - s.used);
  return s;
}

std::vector<QuizPage> quiz_pages(const Quiz& quiz, int max_fields) {
  std::vector<QuizPage> pages;
  int fields = 0;
  for (int i = 0; i < static_cast<int>(quiz.questions.size()); ++i) {
    const auto& q = quiz.questions[static_cast<size_t>(i)];
    const int need = q.kind == QuestionKind::multiple_choice ? static_cast<int>(q.options.size()) : 1;
    if (pages.empty() || fields + need > max_fields) {
      pages.push_back({i, i});
      fields = 0;
    }
    pages.back().last = i + 1;
    fields += need;
  }
  return pages;
}

std::string option_order_json(const std::vector<std::vector<int>>& order) {
  std::string out = "[";
  for (size_t i = 0; i < order.size(); ++i) {
    out += i ? ",[" : "[";
    for (size_t j = 0; j < order[i].size(); ++j) out += (j ? "," : "") + std::to_string(order[i][j]);
    out += "]";
  }
  return out + "]";
}

std::optional<std::vector<std::vector<int>>> parse_option_order(std::string_view json) {
  std::vector<std::vector<int>> out;
  size_t i = 0;
  auto eat = [&](char c) {
    if (i < json.size() && json[i] == c) {
      ++i;
      return true;
    }
    return false;
  };
  if (!eat('[')) return std::nullopt;
  if (eat(']')) return i == json.size() ? std::optional(out) : std::nullopt;
  do {
    if (!eat('[')) return std::nullopt;
    std::vector<int> inner;
    if (!eat(']')) {
      do {
        size_t start = i;
        while (i < json.size() && json[i] >= '0' && json[i] <= '9') ++i;
        auto n = parse_whole_number(json.substr(start, i - start), 0, 1'000'000);
        if (!n) return std::nullopt;
        inner.push_back(static_cast<int>(*n));
      } while (eat(','));
      if (!eat(']')) return std::nullopt;
    }
    out.push_back(std::move(inner));
  } while (eat(','));
  if (!eat(']') || i != json.size()) return std::nullopt;
  return out;
}

}  // namespace sentinella
