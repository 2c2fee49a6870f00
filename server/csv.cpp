#include "server/csv.h"

namespace sentinella {

std::string csv_field(std::string_view value, char separator) {
  std::string text;
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) text = "'";
  text += value;
  if (text.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string csv_document(const std::vector<std::vector<std::string>>& rows, char separator) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += separator;
      out += csv_field(row[i], separator);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace sentinella
