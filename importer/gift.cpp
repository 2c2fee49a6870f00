#include "importer/gift.h"

#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/html_entities.h"
#include "core/text.h"

namespace sentinella {

namespace {

enum class Format { moodle, html, plain, markdown };

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// The position of `pattern` in `s` from `from`, not preceded by an escaping backslash; npos if none.
size_t find_unescaped(std::string_view s, std::string_view pattern, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s.substr(i, pattern.size()) == pattern) return i;
  }
  return std::string_view::npos;
}

// GIFT's escapes undone: "\~" -> "~" (also = # { } : and \\), "\n" -> a line break.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[++i];
      out += next == 'n' ? '\n' : next;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Text that Markdown would read as formatting, escaped so it shows as typed.
std::string escape_markdown(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>|~").find(c) != std::string_view::npos ||
        (line_start && (c == '#' || c == '-' || c == '+' || c == '=')))
      out += '\\';
    out += c;
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
  }
  return out;
}

// Text with HTML entities decoded; an '&' that starts none stays as it is.
std::string decode_entities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const size_t used = s[i] == '&' ? decode_html_entity(s, i, out) : 0;
    if (used) i += used - 1;
    else out += s[i];
  }
  return out;
}

struct Converted {
  std::string markdown;
  std::string problem;  // why it could not be converted; "" when it could
};

// HTML as Markdown: text formatting (b, strong, i, em, u, span, p, br, div) is kept or dropped,
// the text escaped; any other tag (images, links, tables, scripts...) makes it fail, as the quiz
// would lose or misshow it.
// `keep_newlines`: Moodle's own format turns line breaks into <br>, HTML into spaces.
Converted html_to_markdown(std::string_view html, bool keep_newlines) {
  Converted r;
  std::string text;  // a run of text between tags, entities still in it
  auto flush = [&] {
    r.markdown += escape_markdown(decode_entities(text));
    text.clear();
  };
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] != '<') {
      text += html[i] == '\n' && !keep_newlines ? ' ' : html[i];
      continue;
    }
    const size_t close = html.find('>', i);
    if (close == std::string_view::npos) {
      r.problem = "a '<' that opens no HTML tag; write it as \\< or use [markdown]";
      return r;
    }
    flush();
    std::string tag;
    for (char c : html.substr(i + 1, close - i - 1)) {
      if (c == ' ' || (c == '/' && !tag.empty())) break;
      if (c != '/') tag += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    const bool closing = html.substr(i + 1, 1) == "/";
    if (tag == "b" || tag == "strong") r.markdown += "**";
    else if (tag == "i" || tag == "em") r.markdown += "*";
    else if (tag == "br") r.markdown += "\n";
    else if (tag == "p" || tag == "div") r.markdown += closing ? "\n\n" : "";
    else if (tag != "span" && tag != "u") {
      r.problem = "HTML with <" + tag + ">, which a quiz file cannot hold; rewrite it in Markdown";
      return r;
    }
    i = close;
  }
  flush();
  return r;
}

// A piece of question text in `format`, as Markdown.
Converted to_markdown(std::string_view raw, Format format) {
  const std::string text = unescape(raw);
  switch (format) {
    case Format::markdown: return {text, ""};
    case Format::plain: return {escape_markdown(text), ""};
    case Format::html: return html_to_markdown(text, false);
    case Format::moodle: return html_to_markdown(text, true);
  }
  return {text, ""};
}

struct Answer {
  char sign = '=';          // '=' or '~'
  std::optional<double> weight;
  std::string text, feedback;  // still escaped
};

// "=a#f ~%50%b" -> its answers.
std::vector<Answer> split_answers(std::string_view block) {
  std::vector<Answer> out;
  std::vector<size_t> starts;
  for (size_t i = 0; i < block.size(); ++i) {
    if (block[i] == '\\') {
      ++i;
      continue;
    }
    if (block[i] == '=' || block[i] == '~') starts.push_back(i);
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t end = k + 1 < starts.size() ? starts[k + 1] : block.size();
    std::string_view piece = block.substr(starts[k] + 1, end - starts[k] - 1);
    Answer a;
    a.sign = block[starts[k]];
    if (!piece.empty() && piece.front() == '%') {
      const size_t close = piece.find('%', 1);
      if (close != std::string_view::npos) {
        a.weight = std::strtod(std::string(piece.substr(1, close - 1)).c_str(), nullptr);
        piece.remove_prefix(close + 1);
      }
    }
    const size_t hash = find_unescaped(piece, "#");
    a.text = std::string(trim(piece.substr(0, hash)));
    if (hash != std::string_view::npos) a.feedback = std::string(trim(piece.substr(hash + 1)));
    out.push_back(std::move(a));
  }
  return out;
}

std::string weight_text(double w) {
  std::string s = std::to_string(w);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    const bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s + "%";
}

// A YAML double-quoted scalar.
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// One GIFT question, turned into the Markdown of one quiz question.
class QuestionConverter {
public:
  QuestionConverter(std::string_view text, int line, const GiftOptions& options, GiftConversion& result)
      : text_(text), line_(line), options_(options), result_(result) {}

  // The Markdown, or nullopt after a warning saying why not.
  std::optional<std::string> convert() {
    std::string_view rest = trim(text_);
    if (rest.starts_with("::")) {
      const size_t end = find_unescaped(rest, "::", 2);
      if (end == std::string_view::npos) return skip("the title's closing '::' is missing");
      title_ = unescape(trim(rest.substr(2, end - 2)));
      rest = trim(rest.substr(end + 2));
    }
    Format format = Format::moodle;
    for (const auto& [marker, f] : {std::pair{"[moodle]", Format::moodle}, std::pair{"[html]", Format::html},
                                    std::pair{"[plain]", Format::plain}, std::pair{"[markdown]", Format::markdown}})
      if (rest.starts_with(marker)) {
        format = f;
        rest = trim(rest.substr(std::string_view(marker).size()));
      }
    format_ = format;
    const size_t open = find_unescaped(rest, "{");
    if (open == std::string_view::npos) return skip("it has no answers ('{...}'): a description, not a question");
    const size_t close = find_unescaped(rest, "}", open + 1);
    if (close == std::string_view::npos) return skip("the answers' '{' is never closed with '}'");
    const std::string_view before = trim(rest.substr(0, open));
    const std::string_view after = trim(rest.substr(close + 1));
    std::string_view block = trim(rest.substr(open + 1, close - open - 1));
    if (find_unescaped(after, "{") != std::string_view::npos)
      return skip("it has two answer blocks ('{...}'); a quiz question has one");

    auto question = to_markdown(before, format);
    if (!question.problem.empty()) return skip(question.problem);
    if (!after.empty()) {  // a missing-word question: a blank where the answers were
      auto rest_of_text = to_markdown(after, format);
      if (!rest_of_text.problem.empty()) return skip(rest_of_text.problem);
      question.markdown = std::string(trim(question.markdown)) + " \\_\\_\\_\\_\\_ " +
                          std::string(trim(rest_of_text.markdown));
    }
    if (trim(question.markdown).empty()) return skip("it has no question text");

    if (block.empty()) return skip("an essay question ('{}') has no answers to check");
    if (block.front() == '#') return skip("numerical questions ('{#...}') are not a quiz question kind");
    if (find_unescaped(block, "->") != std::string_view::npos)
      return skip("matching questions ('->') are not a quiz question kind");

    if (const size_t general = find_unescaped(block, "####"); general != std::string_view::npos) {
      auto feedback = to_markdown(trim(block.substr(general + 4)), format);
      if (!feedback.problem.empty()) return skip("its general feedback has " + feedback.problem);
      general_feedback_ = std::string(trim(feedback.markdown));
      block = trim(block.substr(0, general));
    }
    std::string heading, body;
    split_text(trim(question.markdown), heading, body);

    std::optional<std::string> options = true_false(block);
    if (!options) {
      if (!skipped_reason_.empty()) return std::nullopt;
      options = choices(block, heading);
    }
    if (!options) return std::nullopt;
    if (!after.empty()) note("a missing-word question: the text shows a blank '_____' where the answers were");
    std::string out = "## " + heading + "\n\n";
    if (!body.empty()) out += body + "\n\n";
    out += *options;
    const std::string explanation = explanation_text();
    if (!explanation.empty()) {
      out += "\n";
      size_t start = 0;
      while (start <= explanation.size()) {
        const size_t nl = std::min(explanation.find('\n', start), explanation.size());
        const std::string_view line = std::string_view(explanation).substr(start, nl - start);
        out += line.empty() ? ">\n" : "> " + std::string(line) + "\n";
        start = nl + 1;
      }
    }
    return out;
  }

  std::string name() const {
    if (!title_.empty()) return "'" + title_ + "'";
    std::string_view rest = trim(text_);
    std::string text(trim(rest.substr(0, find_unescaped(rest, "{"))));
    if (text.empty()) text = std::string(rest);
    for (char& c : text)
      if (c == '\n' || c == '\r') c = ' ';
    return "'" + shorten(text, 40) + "'";
  }

private:
  std::optional<std::string> skip(const std::string& reason) {
    skipped_reason_ = reason;
    result_.diagnostics.warning(options_.source_name, line_, 1, "question " + name() + " skipped: " + reason);
    return std::nullopt;
  }
  void note(const std::string& message) {
    result_.diagnostics.warning(options_.source_name, line_, 1, "question " + name() + ": " + message);
  }

  // The first paragraph (one line) is the heading; the rest stays as paragraphs below it.
  static void split_text(std::string_view text, std::string& heading, std::string& body) {
    const size_t para = text.find("\n\n");
    std::string first(trim(text.substr(0, para)));
    for (char& c : first)
      if (c == '\n') c = ' ';
    heading = first;
    if (para != std::string_view::npos) body = std::string(trim(text.substr(para)));
  }

  // An answer's text as one line of Markdown; nullopt after a warning.
  std::optional<std::string> answer_text(const std::string& raw) {
    auto md = to_markdown(raw, format_);
    if (!md.problem.empty()) {
      skip("an answer has " + md.problem);
      return std::nullopt;
    }
    std::string line(trim(md.markdown));
    for (char& c : line)
      if (c == '\n') c = ' ';
    if (line.empty()) {
      skip("an answer is empty");
      return std::nullopt;
    }
    return line;
  }

  bool add_feedback(const std::string& label, const std::string& raw) {
    if (raw.empty()) return true;
    auto md = to_markdown(raw, format_);
    if (!md.problem.empty()) {
      skip("the feedback for " + label + " has " + md.problem);
      return false;
    }
    std::string line(trim(md.markdown));
    for (char& c : line)
      if (c == '\n') c = ' ';
    answer_feedback_.push_back("- " + label + ": " + line);
    return true;
  }

  std::string explanation_text() const {
    std::string out = general_feedback_;
    if (!answer_feedback_.empty()) {
      if (!out.empty()) out += "\n\n";
      for (size_t i = 0; i < answer_feedback_.size(); ++i) out += (i ? "\n" : "") + answer_feedback_[i];
    }
    return out;
  }

  // {T}, {TRUE}, {F}, {FALSE}, each with up to two feedbacks: "#if answered wrong#if answered right".
  std::optional<std::string> true_false(std::string_view block) {
    const size_t hash = find_unescaped(block, "#");
    std::string word(trim(block.substr(0, hash)));
    for (char& c : word) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (word != "T" && word != "TRUE" && word != "F" && word != "FALSE") return std::nullopt;
    const bool right_is_true = word[0] == 'T';
    if (hash != std::string_view::npos) {
      std::string_view feedbacks = block.substr(hash + 1);
      const size_t second = find_unescaped(feedbacks, "#");
      if (!add_feedback("chi risponde " + std::string(right_is_true ? "Falso" : "Vero"),
                        std::string(trim(feedbacks.substr(0, second)))))
        return std::nullopt;
      if (second != std::string_view::npos &&
          !add_feedback("chi risponde " + std::string(right_is_true ? "Vero" : "Falso"),
                        std::string(trim(feedbacks.substr(second + 1)))))
        return std::nullopt;
    }
    return std::string(right_is_true ? "- [x] Vero\n- [ ] Falso\n" : "- [ ] Vero\n- [x] Falso\n");
  }

  std::optional<std::string> choices(std::string_view block, std::string& heading) {
    auto answers = split_answers(block);
    if (answers.empty()) return skip("its answers start with neither '=' nor '~'");
    int equals = 0, tildes = 0, positive_tildes = 0;
    for (const auto& a : answers) {
      if (a.sign == '=') ++equals;
      else ++tildes;
      if (a.sign == '~' && a.weight && *a.weight > 0) ++positive_tildes;
    }
    std::string out;
    std::set<std::string> seen;
    auto add_unique = [&](const std::string& text) {
      if (seen.insert(fold_for_matching(text)).second) return true;
      skip("two answers read the same ('" + text + "')");
      return false;
    };
    if (tildes == 0) {  // short answer
      out = "Risposte accettate:\n\n";
      int accepted = 0;
      for (const auto& a : answers) {
        auto text = answer_text(a.text);
        if (!text) return std::nullopt;
        if (a.weight && *a.weight < 100) {
          note("the answer '" + *text + "' was worth " + weight_text(*a.weight) +
               "; a quiz accepts an answer fully or not at all, so it was left out");
          continue;
        }
        if (!add_unique(*text)) return std::nullopt;
        out += "- " + *text + "\n";
        ++accepted;
        if (!add_feedback("«" + *text + "»", a.feedback)) return std::nullopt;
      }
      if (accepted == 0) return skip("no answer is worth 100%");
      return out;
    }
    bool multiple = false;
    if (equals == 0 && positive_tildes > 0) multiple = true;
    else if (equals > 1) return skip("several '=' answers next to '~' ones: that is not a choice question");
    else if (equals == 0) return skip("no answer is right: mark one with '=' or give weights ('~%50%')");
    else if (positive_tildes > 0)
      note("partial credit ('~%n%') is not kept: only the '=' answer counts as right");
    for (const auto& a : answers) {
      auto text = answer_text(a.text);
      if (!text) return std::nullopt;
      if (!add_unique(*text)) return std::nullopt;
      const bool correct = multiple ? (a.weight && *a.weight > 0) : a.sign == '=';
      out += std::string(correct ? "- [x] " : "- [ ] ") + *text + "\n";
      if (!add_feedback("«" + *text + "»", a.feedback)) return std::nullopt;
    }
    if (multiple) {
      heading += " (più risposte)";
      note("a multiple-answer question: it is right only when all the options with a positive "
           "weight, and no other, are chosen (the weights themselves are not kept)");
    }
    return out;
  }

  std::string_view text_;
  int line_;
  const GiftOptions& options_;
  GiftConversion& result_;
  std::string title_;
  Format format_ = Format::moodle;
  std::string skipped_reason_;
  std::string general_feedback_;
  std::vector<std::string> answer_feedback_;
};

}  // namespace

GiftConversion convert_gift(std::string_view gift, const GiftOptions& options) {
  GiftConversion result;
  if (gift.substr(0, 3) == "\xEF\xBB\xBF") gift.remove_prefix(3);
  if (const size_t bad = find_invalid_utf8(gift); bad != std::string_view::npos) {
    const auto pos = position_of(gift, bad);
    result.diagnostics.error(options.source_name, pos.line, pos.column,
                             "the file is not valid UTF-8; save it with UTF-8 encoding");
    return result;
  }
  std::string questions;
  // Questions are separated by blank lines; comment lines ("//") are left out first.
  std::string block;
  int block_line = 0, line_no = 0;
  auto end_block = [&] {
    if (trim(block).empty()) {
      block.clear();
      return;
    }
    QuestionConverter converter(block, block_line, options, result);
    if (auto markdown = converter.convert()) {
      questions += "\n" + *markdown;
      ++result.converted;
    } else {
      ++result.skipped;
    }
    block.clear();
  };
  for (size_t pos = 0; pos <= gift.size();) {
    const size_t end = std::min(gift.find('\n', pos), gift.size());
    std::string_view line = gift.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    ++line_no;
    const std::string_view t = trim(line);
    if (t.starts_with("//")) continue;
    if (t.empty()) {
      end_block();
      continue;
    }
    if (t.starts_with("$CATEGORY:")) {
      result.diagnostics.warning(options.source_name, line_no, 1,
                                 "category '" + std::string(trim(t.substr(10))) +
                                     "' ignored: a quiz file is one quiz, without categories");
      continue;
    }
    if (block.empty()) block_line = line_no;
    block += std::string(line) + "\n";
  }
  end_block();
  if (result.converted == 0) {
    result.diagnostics.error(options.source_name, 1, 1, "no question could be converted");
    return result;
  }
  result.quiz_file = "---\n# Converted from a GIFT file by 'sentinella import-gift': review the questions,\n"
                     "# the pass mark and the number of attempts before publishing.\n"
                     "title: " + yaml_quoted(options.title) + "\npass_mark: " + std::to_string(options.pass_mark) +
                     "\nshuffle: true\n---\n" + questions;
  return result;
}

}  // namespace sentinella
