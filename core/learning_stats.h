// What trainers see of a module: how many enrolled, are in progress and completed, the scores, by
// target group and by organization, per-question statistics of its quizzes, and the learners.
//
// The period selects learners by the date they enrolled (in the site's time zone), and every number
// is about those learners: "of those who started in this period, how many finished" (a completion
// counts whenever it happened). A learner's score is the mean, over the module's quizzes they
// submitted at least one attempt on, of their best attempt's percentage (score / max_score, any
// version of the quiz); average and median are over the learners who have a score.
// Erased people are kept only as anonymous counts (learning_counts, by target group and month of
// enrolment): they are added to the enrolled and completed counts of their group and of the totals,
// never to an organization, the scores, the questions or the list.
// Who is counted: an admin sees everyone; a trainer only learners of the target groups they train
// (trainer_groups), and the erased counts of those groups; every number is restricted alike.
// Errors: parse_stats_period returns Invalid; compute_learning_stats throws what SQLite throws (a
// locked or damaged database, see core/store.h); anything may throw std::bad_alloc.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

// A period of enrolment dates, both ends included; a missing end is open.
struct StatsPeriod {
  std::string from, to;            // "YYYY-MM-DD" as given, or ""
  std::optional<UnixSeconds> from_utc;  // midnight starting `from` in the site's time zone
  std::optional<UnixSeconds> to_utc;    // midnight ending `to` (exclusive)
  std::string from_month, to_month;     // "YYYY-MM" of each end, for the erased counts; "" if open
};

// Reads the period's ends ("YYYY-MM-DD" each, or empty for an open end) in `time_zone`. Invalid,
// naming the field ("dal", "al") and the problem, for a malformed or impossible date, or an end
// before the start.
Result<StatsPeriod> parse_stats_period(const std::string& from, const std::string& to,
                                       const std::string& time_zone);

// Whom the numbers cover: everyone (an admin), or the learners of the groups `trainer_id` trains.
struct StatsViewer {
  std::int64_t trainer_id = 0;  // 0: everyone
};

struct ScoreSummary {
  int scored = 0;                   // learners with a score
  std::optional<double> average;    // percent; nullopt when nobody has a score
  std::optional<double> median;     // percent; the mean of the two middle ones for an even count
};

// The counts of one row of the breakdown (a group, an organization, or the totals).
struct ProgressCounts {
  int enrolled = 0;     // enrolled in the period, erased ones included where they count
  int in_progress = 0;  // enrolled and not completed
  int completed = 0;    // enrolled in the period and completed (at any time since)
  int erased_enrolled = 0, erased_completed = 0;  // of the above, from the anonymous counts
  ScoreSummary scores;
};

// One learner of the list.
struct LearnerProgress {
  std::int64_t user_id = 0;
  std::string display_name, username, target_group, organization;
  UnixSeconds enrolled_at = 0;
  std::optional<UnixSeconds> completed_at;
  int lessons_read = 0;             // of the module's current lessons
  std::optional<double> score;      // percent, see above; nullopt before any submitted attempt
};

struct QuestionStats {
  int number = 0;          // 1-based, in the quiz's order
  std::string text;        // the question's Markdown text
  QuestionKind kind = QuestionKind::single_choice;
  int answered = 0;        // submitted attempts (current version) with an answer to it
  int correct = 0;
  std::optional<double> percent_correct;  // of `answered`; nullopt when nobody answered
  // The wrong option chosen most often (choice questions), or the wrong text typed most often
  // (short answers, compared as grading does: case, accents and spaces ignored); "" if none.
  std::string top_wrong;
  int top_wrong_count = 0;
};

struct QuizStats {
  std::string slug, title, version;
  int attempts = 0;  // submitted attempts on the current version
  std::vector<QuestionStats> questions;
  int weakest = 0;   // the number of the question with the lowest percent correct; 0 if none
};

struct LearningStats {
  std::string module_slug;
  int lesson_count = 0;
  ProgressCounts totals;
  std::map<std::string, ProgressCounts> by_group;         // target group id ("" for none)
  std::map<std::string, ProgressCounts> by_organization;  // organization ("" for none)
  std::vector<QuizStats> quizzes;
  std::vector<LearnerProgress> learners;  // by name, then username
};

// The statistics of `module` (its lessons and quizzes as the store has them now) over `period` for
// `viewer`. Reads in one transaction: one query for the learners, one for the erased counts and
// one per quiz, whatever the number of learners.
LearningStats compute_learning_stats(Store& store, const Module& module, const std::vector<Quiz>& quizzes,
                                     const StatsPeriod& period, const StatsViewer& viewer);

// The median of `values` (sorted or not); nullopt when empty.
std::optional<double> median_of(std::vector<double> values);

}  // namespace sentinella
