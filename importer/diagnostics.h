// Problems found in content, each pinned to a file position, printed as
// "path:line:col: error: message" like a compiler's.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <vector>

namespace sentinella {

struct Diagnostic {
  enum class Severity { error, warning };
  std::string path;  // as the user names it, e.g. "content/modules/usura/index.md"
  int line = 1;
  int column = 1;
  Severity severity = Severity::error;
  std::string message;

  std::string format() const;  // "path:line:col: error: message"
};

class Diagnostics {
public:
  void error(const std::string& path, int line, int column, std::string message);
  void warning(const std::string& path, int line, int column, std::string message);
  // Adds all of `other`'s, after these.
  void append(const Diagnostics& other);

  const std::vector<Diagnostic>& items() const { return items_; }
  int error_count() const;
  int warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  // Sorted by path, line, column; one per line.
  std::string format_all() const;

private:
  std::vector<Diagnostic> items_;
};

}  // namespace sentinella
