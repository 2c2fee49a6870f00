#include "core/learning_stats.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <cstdio>
#include <limits>

#include "core/local_time.h"
#include "core/text.h"

namespace sentinella {

namespace {

// The learners the viewer may see: everyone, or those of the groups the trainer trains.
constexpr const char* kVisible =
    "(:viewer = 0 OR u.target_group IN (SELECT group_id FROM trainer_groups WHERE user_id = :viewer))";
// Enrolled in the period.
constexpr const char* kInPeriod = "e.enrolled_at >= :from AND e.enrolled_at < :to";

void bind_scope(SQLite::Statement& q, const StatsPeriod& period, const StatsViewer& viewer) {
  q.bind(":from", static_cast<int64_t>(period.from_utc.value_or(std::numeric_limits<int64_t>::min())));
  q.bind(":to", static_cast<int64_t>(period.to_utc.value_or(std::numeric_limits<int64_t>::max())));
  q.bind(":viewer", static_cast<int64_t>(viewer.trainer_id));
}

Result<std::optional<LocalDateTime>> parse_end(const std::string& field, const std::string& text) {
  if (text.empty()) return std::optional<LocalDateTime>();
  auto d = parse_local_date_time(text);
  if (!d.ok()) return Status::Invalid(field + ": " + d.status().message());
  if (d->has_time) return Status::Invalid(field + ": a date without a time is expected (YYYY-MM-DD)");
  return std::optional<LocalDateTime>(d.value());
}

std::string month_of(const LocalDateTime& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
  return buf;
}

std::vector<LearnerProgress> read_learners(SQLite::Database& db, const Module& module, const StatsPeriod& period,
                                           const StatsViewer& viewer) {
  // A learner's score: per quiz their best percentage, then the mean over the quizzes they took.
  SQLite::Statement q(
      db,
      std::string("WITH best AS (SELECT user_id, quiz_slug, MAX(CAST(score AS REAL) * 100.0 / max_score) AS pct"
                  "   FROM quiz_attempts WHERE module_slug = :module AND submitted_at IS NOT NULL AND max_score > 0"
                  "   GROUP BY user_id, quiz_slug),"
                  " learner_score AS (SELECT user_id, AVG(pct) AS score FROM best GROUP BY user_id)"
                  " SELECT u.id, u.display_name, u.username, u.target_group, u.organization, e.enrolled_at,"
                  "   e.completed_at, s.score,"
                  "   (SELECT count(*) FROM lesson_progress p WHERE p.user_id = e.user_id"
                  "      AND p.module_slug = e.module_slug AND p.lesson_slug IN (SELECT value FROM json_each(:lessons)))"
                  " FROM enrolments e CROSS JOIN users u ON u.id = e.user_id"
                  " LEFT JOIN learner_score s ON s.user_id = e.user_id"
                  " WHERE e.module_slug = :module AND ") +
          kInPeriod + " AND " + kVisible + " ORDER BY u.display_name, u.username");
  q.bind(":module", module.slug);
  std::string lessons = "[";  // slugs are [a-z0-9-]: nothing to escape
  for (const auto& lesson : module.lessons) lessons += (lessons.size() > 1 ? ",\"" : "\"") + lesson.slug + "\"";
  q.bind(":lessons", lessons + "]");
  bind_scope(q, period, viewer);
  std::vector<LearnerProgress> out;
  while (q.executeStep()) {
    LearnerProgress l;
    l.user_id = q.getColumn(0).getInt64();
    l.display_name = q.getColumn(1).getString();
    l.username = q.getColumn(2).getString();
    l.target_group = q.getColumn(3).getString();
    l.organization = q.getColumn(4).getString();
    l.enrolled_at = q.getColumn(5).getInt64();
    if (!q.getColumn(6).isNull()) l.completed_at = q.getColumn(6).getInt64();
    if (!q.getColumn(7).isNull()) l.score = q.getColumn(7).getDouble();
    l.lessons_read = q.getColumn(8).getInt();
    out.push_back(std::move(l));
  }
  return out;
}

void add_learner(ProgressCounts& c, const LearnerProgress& l, std::vector<double>& scores) {
  ++c.enrolled;
  if (l.completed_at) ++c.completed;
  else ++c.in_progress;
  if (l.score) scores.push_back(*l.score);
}

ScoreSummary summarize(const std::vector<double>& scores) {
  ScoreSummary s;
  s.scored = static_cast<int>(scores.size());
  if (scores.empty()) return s;
  double sum = 0;
  for (double v : scores) sum += v;
  s.average = sum / static_cast<double>(scores.size());
  s.median = median_of(scores);
  return s;
}

// Adds the anonymous counts of erased learners to their group and to the totals.
void add_erased(SQLite::Database& db, LearningStats& stats, const StatsPeriod& period, const StatsViewer& viewer) {
  SQLite::Statement q(db,
                      "SELECT lc.target_group, SUM(lc.enrolled), SUM(lc.completed) FROM learning_counts lc"
                      " WHERE lc.module_slug = :module AND lc.month >= :from_month AND lc.month <= :to_month"
                      " AND (:viewer = 0 OR lc.target_group IN (SELECT group_id FROM trainer_groups"
                      "   WHERE user_id = :viewer)) GROUP BY lc.target_group");
  q.bind(":module", stats.module_slug);
  q.bind(":from_month", period.from_month);
  q.bind(":to_month", period.to_month.empty() ? std::string("9999-99") : period.to_month);
  q.bind(":viewer", static_cast<int64_t>(viewer.trainer_id));
  while (q.executeStep()) {
    const int enrolled = q.getColumn(1).getInt(), completed = q.getColumn(2).getInt();
    for (ProgressCounts* c : {&stats.by_group[q.getColumn(0).getString()], &stats.totals}) {
      c->enrolled += enrolled;
      c->completed += completed;
      c->in_progress += enrolled - completed;
      c->erased_enrolled += enrolled;
      c->erased_completed += completed;
    }
  }
}

QuizStats quiz_stats(SQLite::Database& db, const Quiz& quiz, const StatsPeriod& period, const StatsViewer& viewer) {
  QuizStats stats;
  stats.slug = quiz.slug;
  stats.title = quiz.title;
  stats.version = quiz.version;
  // The attempts counted: submitted, on the current version, by learners the viewer sees who enrolled
  // in the period. Answers are grouped by their text so the rows stay few however many attempts.
  // CROSS JOIN fixes the order: the quiz's attempts (quiz_attempts_by_quiz), then each one's
  // enrolment, person and answers by primary key. Left to itself, SQLite may loop over the quiz's
  // attempts for every enrolment (minutes with 10,000 learners; see bench/trainer_stats.sh).
  const std::string attempts =
      " FROM quiz_attempts a CROSS JOIN enrolments e ON e.user_id = a.user_id AND e.module_slug = a.module_slug"
      " CROSS JOIN users u ON u.id = a.user_id";
  const std::string counted =
      std::string(" WHERE a.module_slug = :module AND a.quiz_slug = :quiz AND a.quiz_version = :version"
                  " AND a.submitted_at IS NOT NULL AND ") +
      kInPeriod + " AND " + kVisible;
  SQLite::Statement count(db, "SELECT count(*)" + attempts + counted);
  SQLite::Statement answers(db, "SELECT qa.question, qa.answer, qa.correct, count(*)" + attempts +
                                    " CROSS JOIN quiz_answers qa ON qa.attempt_id = a.id" + counted +
                                    " AND qa.answer <> '' GROUP BY qa.question, qa.answer, qa.correct"
                                    " ORDER BY qa.question, qa.answer");
  for (SQLite::Statement* s : {&count, &answers}) {
    s->bind(":module", quiz.module_slug);
    s->bind(":quiz", quiz.slug);
    s->bind(":version", quiz.version);
    bind_scope(*s, period, viewer);
  }
  if (count.executeStep()) stats.attempts = count.getColumn(0).getInt();

  const size_t n = quiz.questions.size();
  stats.questions.resize(n);
  std::vector<std::vector<int>> wrong_options(n);  // choice questions: times each wrong option was chosen
  // short answers: folded wrong text -> (count, the first spelling seen)
  std::vector<std::map<std::string, std::pair<int, std::string>>> wrong_texts(n);
  for (size_t i = 0; i < n; ++i) {
    stats.questions[i].number = static_cast<int>(i + 1);
    stats.questions[i].text = quiz.questions[i].text;
    stats.questions[i].kind = quiz.questions[i].kind;
    wrong_options[i].assign(quiz.questions[i].options.size(), 0);
  }
  while (answers.executeStep()) {
    const int index = answers.getColumn(0).getInt();
    if (index < 0 || static_cast<size_t>(index) >= n) continue;  // not a question of this version
    const std::string answer = answers.getColumn(1).getString();
    const bool right = !answers.getColumn(2).isNull() && answers.getColumn(2).getInt() == 1;
    const int times = answers.getColumn(3).getInt();
    QuestionStats& qs = stats.questions[index];
    const QuizQuestion& question = quiz.questions[index];
    qs.answered += times;
    if (right) qs.correct += times;
    if (right) continue;
    if (question.kind == QuestionKind::short_answer) {
      auto& entry = wrong_texts[index][fold_for_matching(answer)];
      if (entry.first == 0) entry.second = answer;
      entry.first += times;
      continue;
    }
    // "0,2": positions in the stored quiz; a chosen option that is not right counts against it.
    for (size_t pos = 0; pos < answer.size();) {
      size_t end = answer.find(',', pos);
      if (end == std::string::npos) end = answer.size();
      const std::string part = answer.substr(pos, end - pos);
      pos = end + 1;
      if (part.empty() || part.size() > 4 || part.find_first_not_of("0123456789") != std::string::npos) continue;
      const size_t option = std::stoul(part);
      if (option < question.options.size() && !question.options[option].correct) wrong_options[index][option] += times;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    QuestionStats& qs = stats.questions[i];
    if (qs.answered > 0) qs.percent_correct = 100.0 * qs.correct / qs.answered;
    for (size_t o = 0; o < wrong_options[i].size(); ++o)
      if (wrong_options[i][o] > qs.top_wrong_count) {
        qs.top_wrong_count = wrong_options[i][o];
        qs.top_wrong = quiz.questions[i].options[o].text;
      }
    for (const auto& [folded, entry] : wrong_texts[i])
      if (entry.first > qs.top_wrong_count) {
        qs.top_wrong_count = entry.first;
        qs.top_wrong = entry.second;
      }
    if (qs.percent_correct &&
        (stats.weakest == 0 || *qs.percent_correct < *stats.questions[stats.weakest - 1].percent_correct))
      stats.weakest = qs.number;
  }
  return stats;
}

}  // namespace

Result<StatsPeriod> parse_stats_period(const std::string& from, const std::string& to,
                                       const std::string& time_zone) {
  auto start = parse_end("dal", from);
  if (!start.ok()) return start.status();
  auto end = parse_end("al", to);
  if (!end.ok()) return end.status();
  StatsPeriod p;
  p.from = from;
  p.to = to;
  if (start.value()) {
    auto utc = to_utc(*start.value(), time_zone);
    if (!utc.ok()) return Status::Invalid("dal: " + utc.status().message());
    p.from_utc = utc.value();
    p.from_month = month_of(*start.value());
  }
  if (end.value()) {
    auto utc = to_utc(next_day(*end.value()), time_zone);
    if (!utc.ok()) return Status::Invalid("al: " + utc.status().message());
    p.to_utc = utc.value();
    p.to_month = month_of(*end.value());
  }
  if (p.from_utc && p.to_utc && *p.to_utc <= *p.from_utc)
    return Status::Invalid("al: the end of the period (" + to + ") is before its start (" + from + ")");
  return p;
}

std::optional<double> median_of(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
}

LearningStats compute_learning_stats(Store& store, const Module& module, const std::vector<Quiz>& quizzes,
                                     const StatsPeriod& period, const StatsViewer& viewer) {
  return store.read([&](SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::DEFERRED);  // one snapshot for every number
    LearningStats stats;
    stats.module_slug = module.slug;
    stats.lesson_count = static_cast<int>(module.lessons.size());
    stats.learners = read_learners(db, module, period, viewer);
    std::vector<double> all_scores;
    std::map<std::string, std::vector<double>> group_scores, organization_scores;
    for (const auto& l : stats.learners) {
      add_learner(stats.totals, l, all_scores);
      add_learner(stats.by_group[l.target_group], l, group_scores[l.target_group]);
      add_learner(stats.by_organization[l.organization], l, organization_scores[l.organization]);
    }
    stats.totals.scores = summarize(all_scores);
    for (auto& [group, scores] : group_scores) stats.by_group[group].scores = summarize(scores);
    for (auto& [organization, scores] : organization_scores)
      stats.by_organization[organization].scores = summarize(scores);
    add_erased(db, stats, period, viewer);
    for (const auto& quiz : quizzes) stats.quizzes.push_back(quiz_stats(db, quiz, period, viewer));
    return stats;
  });
}

}  // namespace sentinella
