#include "importer/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace sentinella {

std::string Diagnostic::format() const {
  return path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
         (severity == Severity::error ? "error: " : "warning: ") + message;
}

void Diagnostics::error(const std::string& path, int line, int column, std::string message) {
  items_.push_back({path, line, column, Diagnostic::Severity::error, std::move(message)});
}

void Diagnostics::warning(const std::string& path, int line, int column, std::string message) {
  items_.push_back({path, line, column, Diagnostic::Severity::warning, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

int Diagnostics::error_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::error;
  }));
}

int Diagnostics::warning_count() const {
  return static_cast<int>(items_.size()) - error_count();
}

std::string Diagnostics::format_all() const {
  auto sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
  std::string out;
  for (const auto& d : sorted) out += d.format() + "\n";
  return out;
}

}  // namespace sentinella
