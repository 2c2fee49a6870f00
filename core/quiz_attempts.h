// A learner's attempts at a quiz: started (or resumed), answers saved as they go, submitted and
// graded on the server from the stored quiz (core/quiz_grading.h).
//
// An attempt belongs to the quiz version it was started on. A changed quiz (a new version) starts
// new attempts: an unfinished attempt on an older version is abandoned (it can no longer be saved
// or submitted; start() begins a new one), and the attempts allowed count only the attempts on the
// current version. Submitted attempts stay, whatever the version, and a pass on any version counts
// for the module's completion.
// Every change is one transaction; starting and submitting are audited ("quiz.start",
// "quiz.submit", naming the module/quiz and the attempt). Another person's attempt is NotFound,
// never Forbidden, so that attempt ids tell nothing.
// Errors: changes return Status/Result; lookups throw SQLite::Exception from reads of the database
// (see core/store.h); anything may throw std::bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/quiz_grading.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

struct QuizAttempt {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string module_slug, quiz_slug, quiz_version;
  UnixSeconds started_at = 0;
  std::optional<UnixSeconds> submitted_at;
  // For each question, the stored option positions in the order they are shown (a permutation of
  // the question's options; empty for a short answer). Drawn once at the start.
  std::vector<std::vector<int>> option_order;
  QuizResponses answers;        // saved (or submitted) answers; a question without one is absent
  std::map<int, bool> correct;  // per question, once submitted
  int score = 0, max_score = 0;
  bool passed = false;

  bool submitted() const { return submitted_at.has_value(); }
  int percent() const { return score_percent(score, max_score); }
};

// The attempts of one person on one quiz, as its page needs them.
struct QuizStanding {
  std::vector<QuizAttempt> attempts;     // newest first, without answers
  int used = 0;                          // attempts on the current version, unfinished included
  int left = -1;                         // attempts left on the current version; -1: unlimited
  std::optional<std::int64_t> unfinished;  // the unfinished attempt on the current version
};

class QuizAttempts {
public:
  explicit QuizAttempts(Store& store) : store_(store) {}

  // The person's unfinished attempt on the quiz's current version if there is one (nothing is
  // written then); otherwise a new attempt, its option order drawn with libsodium when the quiz
  // shuffles (the file's order otherwise), and the person enrolled in the module. Conflict ("no
  // attempts left") when the attempts allowed on the current version are all used; nothing is
  // written then. Call sodium_init() first.
  Result<QuizAttempt> start(const Quiz& quiz, std::int64_t user_id, UnixSeconds now);

  // The attempt with its answers. NotFound when there is none with that id or it is another
  // person's.
  Result<QuizAttempt> find(std::int64_t attempt_id, std::int64_t user_id);

  // Replaces the saved answers of the questions in `answers` (an empty response clears that
  // question's answer); other questions keep theirs. Not audited (saved often).
  // NotFound as find(), or when the attempt is on another quiz than `quiz`; Conflict when it is
  // submitted or on an older version of the quiz; Invalid (grade_quiz's check) for an answer to a
  // question the quiz does not have or one that cannot answer its question. Nothing is written
  // unless it returns Ok.
  Status save(const Quiz& quiz, std::int64_t attempt_id, std::int64_t user_id, const QuizResponses& answers,
              UnixSeconds now);

  // save(), then grades every question from the stored answers (no answer is wrong, and is stored
  // as an empty answer graded wrong), records score, max_score, passed and submitted_at, and
  // records the module completed if that makes its rule met (core/completion.h), all in one
  // transaction. Errors as save(); nothing is written unless it returns Ok.
  Result<QuizAttempt> submit(const Quiz& quiz, std::int64_t attempt_id, std::int64_t user_id,
                             const QuizResponses& answers, UnixSeconds now);

  // The person's attempts on the quiz (any version), and how many are used and left on its
  // current version.
  QuizStanding standing(const Quiz& quiz, std::int64_t user_id);

private:
  Store& store_;
};

// The questions one page of an attempt shows, [first, last): as many whole questions as fit in
// `max_fields` answer fields (an option of a multiple-choice question is a field each, any other
// question one), at least one question per page. A form holds at most kMaxFormFields fields.
struct QuizPage {
  int first = 0;
  int last = 0;
};
std::vector<QuizPage> quiz_pages(const Quiz& quiz, int max_fields);

// `order` as stored in quiz_attempts.option_order: "[[1,0,2],[],[0,1]]".
std::string option_order_json(const std::vector<std::vector<int>>& order);
// The order a stored option_order spells; nullopt when it is not an array of arrays of positions.
std::optional<std::vector<std::vector<int>>> parse_option_order(std::string_view json);

}  // namespace sentinella
