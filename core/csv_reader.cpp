#include "core/csv_reader.h"

#include <algorithm>

#include "core/text.h"

namespace sentinella {

namespace {

// One record as read from the text: its fields, or the problem that spoils it.
struct Record {
  int line = 0;         // where it starts
  std::vector<std::string> fields;
  std::string problem;  // "" when well formed
  int problem_line = 0; // where the problem is, when there is one
};

class Parser {
public:
  Parser(std::string_view text, char separator, const CsvLimits& limits)
      : text_(text), separator_(separator), limits_(limits) {}

  bool done() const { return pos_ >= text_.size(); }

  // Reads the record that starts here, up to and past its line break (or the end of the text).
  Record next() {
    Record r;
    const std::size_t start = pos_;
    const int start_line = line_;
    std::string field;
    bool quoted = false;        // the field started with a quote
    bool after_quote = false;   // the quoted field's closing quote was read
    auto end_field = [&] {
      if (field.size() > limits_.max_field_bytes) {
        fail(r, "field " + std::to_string(r.fields.size() + 1) + " is longer than " +
                    std::to_string(limits_.max_field_bytes) + " bytes");
      }
      r.fields.push_back(std::move(field));
      field.clear();
      quoted = after_quote = false;
    };
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (quoted && !after_quote) {
        ++pos_;
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            after_quote = true;
          }
          continue;
        }
        if (c == '\n') ++line_;
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') continue;  // CRLF inside quotes: LF
        field += c;
        continue;
      }
      if (c == '\n' || (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ||
          (c == '\r' && pos_ + 1 == text_.size()))
        break;
      ++pos_;
      if (c == separator_) {
        end_field();
        continue;
      }
      if (after_quote) {
        fail(r, "text after the closing quote of field " + std::to_string(r.fields.size() + 1) +
                    "; a quote inside a quoted field is written twice (\"\")");
        skip_line();
        return finish(r, start, start_line);
      }
      if (c == '"') {
        if (field.empty()) {
          quoted = true;
          continue;
        }
        fail(r, "a quote inside field " + std::to_string(r.fields.size() + 1) +
                    ", which does not start with one; put the whole field in quotes and write the quote twice");
        skip_line();
        return finish(r, start, start_line);
      }
      field += c;
    }
    if (quoted && !after_quote) {
      fail(r, "a quoted field is not closed: a quote is missing", start_line);
      return finish(r, start, start_line);
    }
    end_field();
    skip_line_break();
    return finish(r, start, start_line);
  }

private:
  void fail(Record& r, std::string message, int line = 0) {
    if (!r.problem.empty()) return;
    r.problem = std::move(message);
    r.problem_line = line ? line : line_;
  }
  void skip_line_break() {
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
  }
  void skip_line() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    skip_line_break();
  }
  // Invalid UTF-8 anywhere in the record's bytes is its problem, at the line of the first bad byte.
  Record finish(Record& r, std::size_t start, int start_line) {
    r.line = start_line;
    const std::string_view bytes = text_.substr(start, pos_ - start);
    if (const std::size_t bad = find_invalid_utf8(bytes); bad != std::string_view::npos) {
      r.problem = "the line is not valid UTF-8 text: save the file as \"CSV UTF-8\"";
      r.problem_line = start_line + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<long>(bad), '\n'));
    }
    return std::move(r);
  }

  const std::string_view text_;
  const char separator_;
  const CsvLimits& limits_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// ';' when the first line, outside quotes, has more of them than ','.
char detect_separator(std::string_view text) {
  int semicolons = 0, commas = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '\n') break;
    else if (!quoted && c == ';') ++semicolons;
    else if (!quoted && c == ',') ++commas;
  }
  return semicolons > commas ? ';' : ',';
}

bool blank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); });
}

}  // namespace

CsvTable read_csv(std::string_view text, const CsvLimits& limits) {
  CsvTable table;
  if (text.size() > limits.max_bytes) {
    table.problems.push_back({0, "the file is larger than " + std::to_string(limits.max_bytes / 1024) +
                                     " KiB; split it into smaller files"});
    return table;
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  table.separator = detect_separator(text);
  Parser parser(text, table.separator, limits);
  bool have_header = false;
  std::size_t rows = 0;
  while (!parser.done()) {
    Record r = parser.next();
    if (r.problem.empty() && blank(r.fields)) continue;
    if (have_header && ++rows > limits.max_rows) {
      table.problems.push_back({r.line, "more than " + std::to_string(limits.max_rows) +
                                            " rows; split the sheet into smaller files"});
      break;
    }
    if (!r.problem.empty()) {
      table.problems.push_back({r.problem_line, r.problem});
      if (!have_header) return table;  // without a header the rows cannot be read
      continue;
    }
    if (!have_header) {
      table.header = {r.line, std::move(r.fields)};
      have_header = true;
      continue;
    }
    if (r.fields.size() != table.header.fields.size()) {
      table.problems.push_back(
          {r.line, std::to_string(r.fields.size()) + (r.fields.size() == 1 ? " field" : " fields") +
                       " where the header has " + std::to_string(table.header.fields.size()) +
                       " (a field holding '" + std::string(1, table.separator) + "' needs quotes)"});
      continue;
    }
    table.rows.push_back({r.line, std::move(r.fields)});
  }
  if (!have_header && table.problems.empty()) table.problems.push_back({0, "the file is empty"});
  return table;
}

std::string format_csv_problem(const std::string& file, const CsvProblem& problem) {
  return file + (problem.line > 0 ? ":" + std::to_string(problem.line) : std::string()) + ": error: " +
         problem.message;
}

}  // namespace sentinella
