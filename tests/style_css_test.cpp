// The theme's stylesheet is well formed: a block left open swallows every rule after it (a merge once
// left `.quiz-explanation-label {` unclosed, and the styles of the learner's progress and of the
// report after it were silently ignored by browsers).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

using namespace sentinella::test;

TEST_CASE("style.css closes every block it opens, outside comments and strings") {
  std::ifstream in(source_dir() / "themes" / "default" / "static" / "style.css");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string css = text.str();
  int depth = 0, line = 1;
  for (size_t i = 0; i < css.size(); ++i) {
    const char c = css[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < css.size() && css[i + 1] == '*') {
      const size_t end = css.find("*/", i + 2);
      REQUIRE_MESSAGE(end != std::string::npos, "comment never closed, line " << line);
      for (size_t j = i; j < end; ++j) line += css[j] == '\n';
      i = end + 1;
    } else if (c == '"' || c == '\'') {
      const size_t end = css.find(c, i + 1);
      REQUIRE_MESSAGE(end != std::string::npos, "string never closed, line " << line);
      i = end;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      REQUIRE_MESSAGE(depth > 0, "'}' without '{', line " << line);
      --depth;
    }
  }
  CHECK_MESSAGE(depth == 0, depth << " block(s) never closed");
}
