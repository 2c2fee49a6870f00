// A learner's path through the modules: starting a module (self-enrolment), marking lessons read,
// their state in each module, and the modules trainers assign to target groups and organizations.
// Every change is one transaction that also writes its audit entry; marking a lesson read records
// the module's completion in the same transaction when its rule is met (core/completion.h).
// Quiz attempts are written elsewhere; here they are only read (a quiz passed on any version).
// Errors: changes return Status/Result; lookups throw SQLite::Exception from reads of the database
// (one locked past the busy timeout, or damaged: see core/store.h); anything may throw
// std::bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/accounts.h"
#include "core/clock.h"
#include "core/domain.h"
#include "core/status.h"
#include "core/store.h"

namespace sentinella {

// The longest organization an assignment may name (as for people and invitations).
constexpr size_t kMaxAssignmentOrganization = kMaxOrganization;

struct LessonState {
  std::string slug, title;
  std::optional<UnixSeconds> read_at;  // nullopt: not read
  bool required = true;                // counted by the module's completion rule
};

struct QuizState {
  std::string slug, title;
  bool passed = false;   // on any version of the quiz
  bool required = true;  // counted by the module's completion rule
};

// One learner's state in one module.
struct ModuleProgress {
  std::string module_slug, title;
  std::optional<UnixSeconds> enrolled_at, completed_at;
  std::vector<LessonState> lessons;  // in the module's order
  std::vector<QuizState> quizzes;    // by slug
  // The share of what the completion rule requires that is done (lessons read, quizzes passed),
  // rounded down; 100 once completed, whatever changed in the module since.
  int percent = 0;
  std::string next_lesson;  // the first unread lesson in order (to resume from); "" if all are read

  bool enrolled() const { return enrolled_at.has_value(); }
  bool completed() const { return completed_at.has_value(); }
};

// A module assigned to a target group and/or an organization: it applies to whoever has the
// group and (when both are named) the organization, now or later, until it is revoked.
struct Assignment {
  std::int64_t id = 0;
  std::string module_slug;
  std::string target_group;   // "" when it names only an organization
  std::string organization;   // "" when it names only a group
  std::string due_date;       // "YYYY-MM-DD", or "" for none
  std::int64_t created_by = 0;
  std::string created_by_name;
  UnixSeconds created_at = 0;
  std::optional<UnixSeconds> revoked_at;
};

// A submitted quiz attempt, as the learner's progress reports it.
struct AttemptSummary {
  std::string module_slug, quiz_slug, quiz_version;
  UnixSeconds started_at = 0, submitted_at = 0;
  int score = 0, max_score = 0;
  bool passed = false;
};

struct NewAssignment {
  std::string module_slug;
  std::string target_group;
  std::string organization;  // trimmed by the checks
  std::string due_date;
};

class Learning {
public:
  explicit Learning(Store& store) : store_(store) {}

  // Starts the module for the learner. Starting it again changes nothing. NotFound for a module
  // that does not exist or is a draft, or for no such person. One transaction, audited
  // ("learning.enrol") when it enrols.
  Status enrol(std::int64_t user_id, const std::string& module_slug, UnixSeconds now);

  // Marks the lesson read ("Ho letto questa lezione"), enrolling the learner if needed and
  // recording the module's completion if this meets its rule, all in one transaction, audited.
  // Marking it again changes nothing (the first date stays). NotFound for an unknown lesson, a
  // draft module, or no such person. Returns whether this call completed the module.
  Result<bool> mark_read(std::int64_t user_id, const std::string& module_slug, const std::string& lesson_slug,
                         UnixSeconds now);

  // The learner's state in the module (not enrolled: no dates, nothing read); nullopt for an
  // unknown or draft module.
  std::optional<ModuleProgress> progress(std::int64_t user_id, const std::string& module_slug);
  // The learner's state in every published module they started, most recently started first.
  std::vector<ModuleProgress> my_modules(std::int64_t user_id);
  // The learner's submitted quiz attempts (unfinished ones are left out), oldest first.
  std::vector<AttemptSummary> attempts(std::int64_t user_id);

  // Field problems of a new assignment (fields "group", "organization", "due_date"; empty if none):
  // the group, when given, must be among `known_groups`; the organization at most
  // kMaxAssignmentOrganization bytes of text; one of the two at least; the due date a real
  // YYYY-MM-DD date or empty. Someone who is not an admin (nor the command line, actor 0) must name
  // a group they train (Accounts::trained_groups): an assignment for an organization alone would
  // reach people of groups they do not train. Does not check the module.
  std::vector<FieldError> assignment_problems(const NewAssignment& a, const std::vector<std::string>& known_groups,
                                              std::int64_t actor_id);
  // Creates the assignment and returns its id. NotFound for a module that does not exist (drafts
  // included: a trainer may assign a module before publishing it); Invalid naming every problem of
  // assignment_problems (checked again inside the transaction) and nothing written. Audited.
  Result<std::int64_t> assign(const NewAssignment& a, const std::vector<std::string>& known_groups,
                              std::int64_t actor_id, UnixSeconds now);
  // Revokes assignment `id` of the module. NotFound for no such assignment of that module, or one
  // the actor could not have created (a trainer's for a group they do not train, or for an
  // organization alone); revoking it again changes nothing. Audited.
  Status revoke_assignment(const std::string& module_slug, std::int64_t id,
                           const std::vector<std::string>& known_groups, std::int64_t actor_id, UnixSeconds now);
  // Every assignment of the module, revoked ones too, newest first.
  std::vector<Assignment> assignments(const std::string& module_slug);
  // The assignments not revoked that apply to a person of `target_group` and `organization`
  // (compared without regard to case and surrounding spaces), by due date (none last), then module.
  std::vector<Assignment> assignments_for(const std::string& target_group, const std::string& organization);

private:
  Store& store_;
};

}  // namespace sentinella
