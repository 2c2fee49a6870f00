// Reads a quiz file, content/modules/<module>/quiz-<slug>.md: front matter (title, pass_mark,
// attempts, shuffle, after) and one "## " heading per question, its options a GFM task list
// ("- [x] right", "- [ ] wrong") or a "Risposte accettate:" list, its explanation a "> " block
// quote. The format, with examples, is in docs/content.md ("Quizzes").
// Errors: problems are reported as Diagnostics at their line and column; nothing here throws except
// std::bad_alloc.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "core/domain.h"
#include "importer/content_files.h"
#include "importer/diagnostics.h"

namespace sentinella {

// Bounds that keep a quiz (and later an attempt's answers) small.
inline constexpr size_t kMaxQuizQuestions = 200;
inline constexpr size_t kMaxQuestionOptions = 26;

// The quiz in `file` (a SourceKind::quiz), or nullopt after reporting its errors to `out`.
// `site` gives the phone numbers its Markdown links (null: none known); `lesson_slugs` are the slugs
// of the module's lessons, for the `after` key (null: not checked).
std::optional<Quiz> parse_quiz(const SourceFile& file, const Site* site,
                               const std::set<std::string>* lesson_slugs, Diagnostics& out);

}  // namespace sentinella
