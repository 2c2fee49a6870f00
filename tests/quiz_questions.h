// Quiz questions built in code for the grading and attempt tests.
#pragma once

#include <string>
#include <vector>

#include "core/domain.h"

namespace sentinella::test {

// A choice question of `kind` with one option per entry of `correct` ("Opzione 0", ...), right
// where the entry is true.
inline QuizQuestion choice_question(QuestionKind kind, const std::vector<bool>& correct) {
  QuizQuestion q;
  q.kind = kind;
  q.text = "Domanda";
  for (size_t i = 0; i < correct.size(); ++i) q.options.push_back({"Opzione " + std::to_string(i), "", correct[i]});
  return q;
}

}  // namespace sentinella::test
