#include "importer/quiz_parser.h"

#include <map>

#include "core/text.h"
#include "importer/content_parser.h"
#include "importer/markdown.h"

namespace sentinella {

namespace {

// The heading marker that makes a choice question a multiple-choice one; the alternatives are
// accepted too (an English site, a trainer's habit).
const char* const kMultipleMarkers[] = {"(più risposte)", "(piu risposte)", "(multiple answers)"};
// The line that introduces a short answer's accepted answers.
const char* const kAnswerLabels[] = {"risposte accettate:", "risposta accettata:", "accepted answers:",
                                     "accepted answer:"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// "```" or "~~~" (three or more) after at most three spaces: the fence's character and length.
std::optional<std::pair<char, size_t>> fence_of(std::string_view line) {
  const size_t at = indent_of(line);
  if (at > 3 || at >= line.size() || (line[at] != '`' && line[at] != '~')) return std::nullopt;
  size_t n = 0;
  while (at + n < line.size() && line[at + n] == line[at]) ++n;
  if (n < 3) return std::nullopt;
  return std::make_pair(line[at], n);
}

// "## text" after at most three spaces (not "###"): the text, trimmed, and its column.
std::optional<std::pair<std::string_view, int>> question_heading(std::string_view line) {
  const size_t at = indent_of(line);
  if (at > 3 || line.substr(at, 2) != "##") return std::nullopt;
  std::string_view rest = line.substr(at + 2);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t' && rest.front() != '\r') return std::nullopt;
  rest = trim(rest);
  // A closing sequence of '#'s is not part of the heading's text.
  while (!rest.empty() && rest.back() == '#') rest.remove_suffix(1);
  return std::make_pair(trim(rest), static_cast<int>(at) + 1);
}

// A list item "- text" (also '*' and '+') after at most three spaces: the text after the marker.
std::optional<std::string_view> list_item(std::string_view line) {
  const size_t at = indent_of(line);
  if (at > 3 || at + 1 >= line.size()) return std::nullopt;
  if ((line[at] != '-' && line[at] != '*' && line[at] != '+') || (line[at + 1] != ' ' && line[at + 1] != '\t'))
    return std::nullopt;
  return line.substr(at + 2);
}

struct TaskItem {
  bool checked = false;
  std::string_view text;
  int box_column = 1;   // the '['
  int text_column = 1;
};

// "- [x] text" or "- [ ] text": GFM's task list item.
std::optional<TaskItem> task_item(std::string_view line) {
  auto item = list_item(line);
  if (!item) return std::nullopt;
  std::string_view rest = *item;
  const size_t lead = indent_of(rest);
  rest.remove_prefix(lead);
  if (rest.size() < 3 || rest[0] != '[' || rest[2] != ']' ||
      (rest[1] != ' ' && rest[1] != 'x' && rest[1] != 'X'))
    return std::nullopt;
  if (rest.size() > 3 && rest[3] != ' ' && rest[3] != '\t') return std::nullopt;
  TaskItem t;
  t.checked = rest[1] != ' ';
  t.box_column = static_cast<int>(line.size() - rest.size()) + 1;
  std::string_view text = rest.substr(3);
  const size_t spaces = indent_of(text);
  t.text = trim(text);
  t.text_column = t.box_column + 3 + static_cast<int>(spaces);
  return t;
}

bool is_answer_label(std::string_view line) {
  std::string folded = fold_for_matching(line);
  // "**Risposte accettate:**" and "_Risposte accettate:_" are the same label.
  std::string bare;
  for (char c : folded)
    if (c != '*' && c != '_') bare += c;
  for (const char* label : kAnswerLabels)
    if (bare == label) return true;
  return false;
}

// The block quote's content: "> text" -> "text"; nullopt if the line is not one.
std::optional<std::string_view> quote_line(std::string_view line) {
  const size_t at = indent_of(line);
  if (at > 3 || at >= line.size() || line[at] != '>') return std::nullopt;
  std::string_view rest = line.substr(at + 1);
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return rest;
}

// cmark-gfm renders one line of text as "<p>...</p>\n"; an option shows inline.
std::string inline_html(const std::string& markdown, const std::vector<std::string>& numbers) {
  std::string html = render_markdown(markdown, numbers);
  while (!html.empty() && html.back() == '\n') html.pop_back();
  if (html.starts_with("<p>") && html.ends_with("</p>") && html.find("<p>", 3) == std::string::npos)
    html = html.substr(3, html.size() - 7);
  return html;
}

std::string trimmed_block(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

struct OptionLine {
  QuizOption option;
  int line = 0, box_column = 1, text_column = 1;
};

// One question as it is read, before it is checked.
struct Draft {
  int line = 0, column = 1;
  std::string heading;
  std::string text;  // the paragraphs between the heading and the options
  std::vector<OptionLine> options;
  bool has_label = false;
  int label_line = 0;
  struct Answer {
    std::string text;
    int line, column;
  };
  std::vector<Answer> answers;
  std::string explanation;
  enum class Part { text, options, answers, explanation } part = Part::text;
  bool blank_before = false;  // a blank line since the last line read
};

class QuizReader {
public:
  QuizReader(const SourceFile& file, const Site* site, Diagnostics& out)
      : file_(file), numbers_(known_phone_numbers(site)), out_(out) {}

  // Reads the body, whose first line is `first_line` of the file, into `quiz`.
  void read(const std::string& body, int first_line, Quiz& quiz) {
    char fence_char = 0;  // of the open code fence; 0: none open
    size_t fence_length = 0;
    int line_no = first_line - 1;
    for (size_t pos = 0; pos <= body.size();) {
      const size_t end = std::min(body.find('\n', pos), body.size());
      std::string_view line(body.data() + pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      pos = end + 1;
      ++line_no;
      if (end == body.size() && line.empty()) break;
      if (fence_char) {
        auto fence = fence_of(line);
        if (fence && fence->first == fence_char && fence->second >= fence_length &&
            trim(line).find_first_not_of(fence_char) == std::string_view::npos)
          fence_char = 0;
        add_text(line, line_no);
        continue;
      }
      if (auto fence = fence_of(line)) {
        fence_char = fence->first;
        fence_length = fence->second;
        add_text(line, line_no);
        continue;
      }
      if (auto heading = question_heading(line)) {
        finish(quiz);
        if (++headings_ > kMaxQuizQuestions && !too_many_) {
          too_many_ = true;
          error(line_no, 1, "a quiz has at most " + std::to_string(kMaxQuizQuestions) +
                                " questions; split it into two quizzes");
        }
        draft_.emplace();
        draft_->line = line_no;
        draft_->column = heading->second;
        draft_->heading = std::string(heading->first);
        continue;
      }
      read_line(line, line_no);
    }
    finish(quiz);
    quiz.intro_html = render_markdown(intro_, numbers_);
  }

private:
  void error(int line, int column, std::string message) {
    out_.error(file_.display_path, line, column, std::move(message));
  }

  // A line of text inside a fence, or of the question's text.
  void add_text(std::string_view line, int line_no) {
    if (!draft_) {
      intro_ += std::string(line) + "\n";
      return;
    }
    if (draft_->part != Draft::Part::text) {
      if (draft_->part == Draft::Part::explanation && quote_line(line)) {
        draft_->explanation += std::string(*quote_line(line)) + "\n";
        return;
      }
      error(line_no, 1, "text after the options of the question on line " + std::to_string(draft_->line) +
                            ": put the explanation in a '> ' block quote, and start a new question "
                            "with '## '");
      return;
    }
    draft_->text += std::string(line) + "\n";
  }

  void read_line(std::string_view line, int line_no) {
    const bool blank = trim(line).empty();
    if (!draft_) {
      if (auto task = task_item(line))
        error(line_no, task->box_column, "an option before the first question: each question starts "
                                         "with a '## ' heading");
      else
        intro_ += std::string(line) + "\n";
      return;
    }
    Draft& d = *draft_;
    if (blank) {
      if (d.part == Draft::Part::text) d.text += "\n";
      d.blank_before = true;
      return;
    }
    const bool after_blank = d.blank_before;
    d.blank_before = false;
    if (auto task = task_item(line)) {
      if (d.part == Draft::Part::explanation) {
        error(line_no, task->box_column, "an option after the explanation: the '> ' block quote "
                                         "comes after all the options");
      } else if (d.part == Draft::Part::answers) {
        error(line_no, task->box_column, "a question has either options ('- [x]') or accepted "
                                         "answers, not both");
      } else {
        d.part = Draft::Part::options;
        OptionLine o;
        o.option.text = std::string(task->text);
        o.option.correct = task->checked;
        o.line = line_no;
        o.box_column = task->box_column;
        o.text_column = task->text_column;
        d.options.push_back(std::move(o));
      }
      return;
    }
    if (is_answer_label(line)) {
      if (d.part == Draft::Part::options)
        error(line_no, static_cast<int>(indent_of(line)) + 1, "a question has either options ('- [x]') "
                                                              "or accepted answers, not both");
      else if (d.has_label)
        error(line_no, static_cast<int>(indent_of(line)) + 1, "the accepted answers are listed twice");
      else if (d.part == Draft::Part::explanation)
        error(line_no, static_cast<int>(indent_of(line)) + 1, "the accepted answers come before the explanation");
      else {
        d.part = Draft::Part::answers;
        d.has_label = true;
        d.label_line = line_no;
      }
      return;
    }
    if (auto quote = quote_line(line); quote && d.part != Draft::Part::text) {
      if (d.part == Draft::Part::explanation && after_blank) d.explanation += "\n";
      d.part = Draft::Part::explanation;
      d.explanation += std::string(*quote) + "\n";
      return;
    }
    switch (d.part) {
      case Draft::Part::text:
        d.text += std::string(line) + "\n";
        return;
      case Draft::Part::options:
        // An indented line right below an option continues it.
        if (!after_blank && indent_of(line) >= 2 && !list_item(line)) {
          d.options.back().option.text += " " + std::string(trim(line));
          return;
        }
        if (auto item = list_item(line)) {
          error(line_no, static_cast<int>(indent_of(line)) + 1,
                "an option needs a box: write '- [x] " + std::string(trim(*item)) + "' if it is right, '- [ ] " +
                    std::string(trim(*item)) + "' if it is wrong");
          return;
        }
        break;
      case Draft::Part::answers:
        if (auto item = list_item(line)) {
          const std::string_view text = trim(*item);
          d.answers.push_back({std::string(text), line_no, static_cast<int>(text.data() - line.data()) + 1});
          return;
        }
        break;
      case Draft::Part::explanation:
        break;
    }
    error(line_no, static_cast<int>(indent_of(line)) + 1,
          "text after the options of the question on line " + std::to_string(d.line) +
              ": put the explanation in a '> ' block quote, and start a new question with '## '");
  }

  // Checks the question being read and adds it to `quiz`.
  void finish(Quiz& quiz) {
    if (!draft_) return;
    Draft d = std::move(*draft_);
    draft_.reset();
    const int errors_before = out_.error_count();
    QuizQuestion q;
    q.line = d.line;
    std::string heading = d.heading;
    bool multiple = false;
    for (const char* marker : kMultipleMarkers) {
      const std::string folded = fold_for_matching(heading);
      const std::string m = fold_for_matching(marker);
      if (folded.size() >= m.size() && folded.ends_with(m)) {
        // The marker is ASCII apart from "ù", which folds to one byte: cut on the original.
        const size_t open = heading.rfind('(');
        heading = std::string(trim(std::string_view(heading).substr(0, open)));
        multiple = true;
        break;
      }
    }
    if (heading.empty()) {
      error(d.line, d.column, "the question has no text: write it after '## '");
      return;
    }
    const std::string body = trimmed_block(d.text);
    q.text = body.empty() ? heading : heading + "\n\n" + body;
    q.explanation = trimmed_block(d.explanation);
    if (d.options.empty() && !d.has_label) {
      error(d.line, d.column, "the question has no options ('- [x] right', '- [ ] wrong') and no "
                              "accepted answers ('Risposte accettate:' and a list)");
      return;
    }
    if (d.has_label) {
      if (multiple) error(d.line, d.column, "'(più risposte)' is for questions with options, not accepted answers");
      if (d.answers.empty()) error(d.label_line, 1, "no accepted answers: list them below, one '- ' item each");
      std::map<std::string, int> seen;
      for (const auto& a : d.answers) {
        if (a.text.empty()) {
          error(a.line, a.column, "an empty accepted answer");
          continue;
        }
        auto [it, fresh] = seen.emplace(fold_for_matching(a.text), a.line);
        if (!fresh)
          error(a.line, a.column, "the accepted answer '" + a.text + "' is the same as the one on line " +
                                      std::to_string(it->second) + " (case and accents do not count)");
        q.accepted_answers.push_back(a.text);
      }
      q.kind = QuestionKind::short_answer;
    } else {
      if (d.options.size() > kMaxQuestionOptions)
        error(d.options[kMaxQuestionOptions].line, d.options[kMaxQuestionOptions].box_column,
              "a question has at most " + std::to_string(kMaxQuestionOptions) + " options");
      if (d.options.size() < 2) error(d.line, d.column, "a question with options needs at least two");
      std::map<std::string, int> seen;
      int correct = 0;
      const OptionLine* second_correct = nullptr;
      for (const auto& o : d.options) {
        if (o.option.text.empty()) {
          error(o.line, o.box_column, "an empty option: write its text after the box");
          continue;
        }
        auto [it, fresh] = seen.emplace(fold_for_matching(o.option.text), o.line);
        if (!fresh)
          error(o.line, o.text_column, "duplicate option '" + o.option.text + "': line " +
                                           std::to_string(it->second) + " has it too (case and accents do not count)");
        if (o.option.correct && ++correct == 2) second_correct = &o;
      }
      const bool true_false = !multiple && d.options.size() == 2 &&
                              ((seen.count("vero") && seen.count("falso")) || (seen.count("true") && seen.count("false")));
      q.kind = multiple ? QuestionKind::multiple_choice
               : true_false ? QuestionKind::true_false : QuestionKind::single_choice;
      if (correct == 0)
        error(d.line, d.column, "the question has no correct option: mark the right one '- [x]'");
      else if (second_correct && !multiple)
        error(second_correct->line, second_correct->box_column,
              "a second correct option in a single-choice question: keep one '[x]', or end the "
              "question's heading with '(più risposte)' to make it a multiple-choice one");
      for (auto& o : d.options) {
        o.option.html = inline_html(o.option.text, numbers_);
        q.options.push_back(std::move(o.option));
      }
    }
    if (out_.error_count() != errors_before) return;
    q.text_html = render_markdown(q.text, numbers_);
    if (!q.explanation.empty()) q.explanation_html = render_markdown(q.explanation, numbers_);
    quiz.questions.push_back(std::move(q));
  }

  const SourceFile& file_;
  const std::vector<std::string> numbers_;
  Diagnostics& out_;
  std::string intro_;
  std::optional<Draft> draft_;
  size_t headings_ = 0;
  bool too_many_ = false;
};

}  // namespace

std::optional<Quiz> parse_quiz(const SourceFile& file, const Site* site,
                               const std::set<std::string>* lesson_slugs, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src, {"title", "pass_mark", "attempts", "shuffle", "after"}, "",
                  UnknownKeys::refuse);
  if (!r.ok()) return std::nullopt;
  Quiz quiz;
  quiz.module_slug = file.module_slug;
  quiz.slug = file.slug;
  quiz.source_path = file.rel_path;
  quiz.version = file.hash;
  quiz.title = r.text("title", Need::required).value_or("");
  quiz.pass_mark = static_cast<int>(r.integer("pass_mark", Need::required, 1, 100).value_or(0));
  quiz.attempts = static_cast<int>(r.integer("attempts", Need::optional, 1, 1000).value_or(0));
  quiz.shuffle = r.boolean("shuffle", Need::optional).value_or(false);
  if (auto after = r.text("after", Need::optional)) {
    if (lesson_slugs && !lesson_slugs->count(*after))
      r.error_at("after", "'after' names '" + *after + "', which is not a lesson of this module (the "
                          "lesson's slug: '03-fondi.md' is 'fondi')");
    quiz.after_lesson = *after;
  }
  QuizReader reader(file, site, out);
  reader.read(md->body, md->body_first_line, quiz);
  if (out.error_count() == errors_before && quiz.questions.empty())
    out.error(file.display_path, md->body_first_line, 1,
              "the quiz has no questions: each one starts with a '## ' heading");
  if (out.error_count() != errors_before) return std::nullopt;
  return quiz;
}

}  // namespace sentinella
