// Converts a Moodle GIFT question file into the text of a quiz file (docs/content.md, "Quizzes").
// Converted: single choice ({=a ~b}), multiple choice with weights ({~%50%a ~%50%b ~%-100%c}:
// positive weights are the correct options), true/false ({T} {TRUE} {F} {FALSE}), short answer
// ({=a =b}), missing-word questions (text after the answers: a blank "_____" in the text), titles
// (::title::, used only to name the question in messages), per-answer (#) and general (####)
// feedback (the explanation), comments (//), escapes (\~ \= \# \{ \} \: \\ \n), the [markdown],
// [plain], [html] and [moodle] formats (simple HTML becomes Markdown), categories (ignored).
// Skipped with a warning naming the question and why: matching (->), numerical ({#...}), essay
// ({}), descriptions (no answer block), HTML beyond simple text formatting, and answers the quiz
// format cannot express (no correct answer, two options alike).
// Errors: reported as Diagnostics; nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

#include "importer/diagnostics.h"

namespace sentinella {

struct GiftOptions {
  std::string source_name;   // the GIFT file as the user names it, for the messages
  std::string title;         // the quiz's title
  int pass_mark = 60;        // written in the front matter, for the trainer to review
};

struct GiftConversion {
  std::string quiz_file;     // the whole quiz file: front matter and questions
  int converted = 0;         // questions written
  int skipped = 0;           // questions left out (each has a warning)
  Diagnostics diagnostics;   // warnings: skipped questions, what a conversion lost, categories;
                             // an error when the file is not UTF-8 or no question was converted
};

// Converts `gift`; see above. `quiz_file` is meaningful only without errors.
GiftConversion convert_gift(std::string_view gift, const GiftOptions& options);

}  // namespace sentinella
