// Taking a quiz: its page (rules, past attempts, start or resume), an attempt's questions (saved as
// the learner goes, a page at a time when the quiz is long) and, once submitted, its result.
// The question pages never hold which options are right nor the explanations: only the result does.
#include <algorithm>

#include "core/quiz_attempts.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// A page of an attempt holds at most this many answer fields, besides csrf, azione and pagina.
constexpr int kPageFields = static_cast<int>(kMaxFormFields) - 4;
constexpr std::int64_t kMaxId = 999'999'999'999;

std::string quiz_href(const Quiz& q) { return "/moduli/" + q.module_slug + "/quiz/" + q.slug; }
std::string attempt_href(const Quiz& q, std::int64_t id) { return quiz_href(q) + "/tentativi/" + std::to_string(id); }
std::string answer_field(int question) { return "risposta-" + std::to_string(question); }

struct QuizInModule {
  Module module;
  Quiz quiz;
};

// The published module and quiz the path names, or nullopt after setting a 404.
std::optional<QuizInModule> quiz_or_404(Exchange& x) {
  auto m = x.app.store().module(x.req.matches[1]);
  if (m)
    for (auto& q : x.app.store().quizzes(m->slug))
      if (q.slug == x.req.matches[2]) return QuizInModule{std::move(*m), std::move(q)};
  x.res.status = 404;
  return std::nullopt;
}

// The signed-in person's attempt the path names, on the quiz the path names; nullopt after
// setting a 404 (another person's attempt included, so that ids tell nothing).
std::optional<QuizAttempt> attempt_or_404(Exchange& x, const Quiz& quiz) {
  auto id = parse_whole_number(x.req.matches[3].str(), 1, kMaxId);
  if (id) {
    auto a = QuizAttempts(x.app.store()).find(*id, x.user()->id);
    if (a.ok() && a->module_slug == quiz.module_slug && a->quiz_slug == quiz.slug) return std::move(a.value());
  }
  x.res.status = 404;
  return std::nullopt;
}

std::string fill(std::string text, const std::string& name, const std::string& value) {
  if (auto pos = text.find("{" + name + "}"); pos != std::string::npos) text.replace(pos, name.size() + 2, value);
  return text;
}

json quiz_data(const Exchange& x, const QuizInModule& qm) {
  const Quiz& q = qm.quiz;
  return {{"title", q.title},
          {"href", quiz_href(q)},
          {"intro_html", q.intro_html},
          {"question_count", q.questions.size()},
          {"pass_mark", q.pass_mark},
          {"attempts_allowed", q.attempts > 0 ? json(q.attempts) : json(false)},
          {"shuffle", q.shuffle},
          {"module_title", qm.module.title},
          {"module_href", "/moduli/" + q.module_slug},
          {"start_action", quiz_href(q) + "/tentativi"},
          {"rules_text", fill(x.t("quiz_rules_pass_mark"), "soglia", std::to_string(q.pass_mark))}};
}

// "Tentativi rimasti: 2" or "senza limite".
json standing_data(const Exchange& x, const QuizStanding& s) {
  return {{"left", s.left},
          {"unlimited", s.left < 0},
          {"exhausted", s.left == 0 && !s.unfinished},
          {"can_start", (s.left != 0 || s.unfinished.has_value())},
          {"resume", s.unfinished.has_value()},
          {"left_text", s.left < 0 ? x.t("quiz_attempts_unlimited") : std::to_string(s.left)}};
}

std::string day(const Exchange& x, UnixSeconds instant) {
  return format_date(from_utc(instant, x.site->site().time_zone), x.site->site().language);
}

std::string percent_text(int percent) { return std::to_string(percent) + "%"; }

json attempt_row(const Exchange& x, const Quiz& quiz, const QuizAttempt& a, size_t number) {
  const bool current = a.quiz_version == quiz.version;
  const char* state = a.submitted() ? (a.passed ? "quiz_state_passed" : "quiz_state_failed")
                      : current     ? "quiz_state_open"
                                    : "quiz_state_abandoned";
  return {{"number", number},
          {"href", attempt_href(quiz, a.id)},
          {"started", day(x, a.started_at)},
          {"submitted", a.submitted()},
          {"score", a.score},
          {"max_score", a.max_score},
          {"percent", percent_text(a.percent())},
          {"passed", a.submitted() && a.passed},
          {"old_version", !current},
          {"state_label", x.t(state)}};
}

// The options of question `position` in the attempt's order (the file's order if the stored order
// does not fit the question), as the template shows them.
std::vector<int> display_order(const QuizAttempt& a, const QuizQuestion& q, int position) {
  if (position < static_cast<int>(a.option_order.size())) {
    auto order = a.option_order[static_cast<size_t>(position)];
    auto sorted = order;
    std::sort(sorted.begin(), sorted.end());
    bool permutation = sorted.size() == q.options.size();
    for (size_t i = 0; permutation && i < sorted.size(); ++i) permutation = sorted[i] == static_cast<int>(i);
    if (permutation) return order;
  }
  std::vector<int> order;
  for (size_t i = 0; i < q.options.size(); ++i) order.push_back(static_cast<int>(i));
  return order;
}

std::string kind_name(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::single_choice: return "single";
    case QuestionKind::multiple_choice: return "multiple";
    case QuestionKind::true_false: return "true_false";
    case QuestionKind::short_answer: return "short";
  }
  return "single";
}

// A question as the attempt's form shows it: never its right options nor its explanation.
json question_form(const Exchange& x, const QuizAttempt& a, const QuizQuestion& q, int position, int count) {
  const auto saved = a.answers.find(position);
  json options = json::array();
  for (int o : display_order(a, q, position)) {
    const bool checked = saved != a.answers.end() &&
                         std::find(saved->second.chosen.begin(), saved->second.chosen.end(), o) != saved->second.chosen.end();
    options.push_back({{"value", o},
                       {"id", "d" + std::to_string(position) + "-o" + std::to_string(o)},
                       {"html", q.options[static_cast<size_t>(o)].html},
                       {"checked", checked}});
  }
  const std::string number = fill(fill(x.t("quiz_question_number"), "n", std::to_string(position + 1)), "totale",
                                  std::to_string(count));
  return {{"number_text", number},
          {"id", "d" + std::to_string(position)},
          {"field", answer_field(position)},
          {"text_html", q.text_html},
          {"is_multiple", q.kind == QuestionKind::multiple_choice},
          {"is_short", q.kind == QuestionKind::short_answer},
          {"is_choice", q.kind != QuestionKind::short_answer},
          {"input_type", q.kind == QuestionKind::multiple_choice ? "checkbox" : "radio"},
          {"kind", kind_name(q.kind)},
          {"options", options},
          {"typed", saved != a.answers.end() ? saved->second.text : ""},
          {"max_chars", kMaxShortAnswerChars}};
}

// A question as the result shows it: the learner's answer, right or wrong, the right answer and the
// explanation.
json question_result(const Exchange& x, const QuizAttempt& a, const QuizQuestion& q, int position, int count) {
  const auto saved = a.answers.find(position);
  const auto graded = a.correct.find(position);
  const bool right = graded != a.correct.end() && graded->second;
  json yours = json::array(), correct = json::array();
  if (q.kind == QuestionKind::short_answer) {
    if (saved != a.answers.end()) yours.push_back({{"html", false}, {"text", saved->second.text}});
    for (const auto& accepted : q.accepted_answers) correct.push_back({{"html", false}, {"text", accepted}});
  } else {
    for (int o : display_order(a, q, position)) {
      const auto& option = q.options[static_cast<size_t>(o)];
      if (saved != a.answers.end() &&
          std::find(saved->second.chosen.begin(), saved->second.chosen.end(), o) != saved->second.chosen.end())
        yours.push_back({{"html", option.html}, {"text", false}});
      if (option.correct) correct.push_back({{"html", option.html}, {"text", false}});
    }
  }
  const std::string number = fill(fill(x.t("quiz_question_number"), "n", std::to_string(position + 1)), "totale",
                                  std::to_string(count));
  return {{"number_text", number},
          {"text_html", q.text_html},
          {"right", right},
          {"yours", yours},
          {"answered", !yours.empty()},
          {"correct", correct},
          {"explanation_html", q.explanation_html}};
}

// The notice for ?esito= on the attempt's pages ("" if none).
std::string attempt_notice(const Exchange& x) {
  const std::string esito = x.query("esito");
  if (esito == "salvato") return x.t("quiz_notice_saved");
  if (esito == "consegnato") return x.t("quiz_notice_submitted");
  return "";
}

void render_result(Exchange& x, const QuizInModule& qm, const QuizAttempt& a) {
  const Quiz& quiz = qm.quiz;
  const bool same_version = a.quiz_version == quiz.version;
  json questions = json::array();
  const int count = static_cast<int>(quiz.questions.size());
  if (same_version)
    for (int i = 0; i < count; ++i) questions.push_back(question_result(x, a, quiz.questions[static_cast<size_t>(i)], i, count));
  const auto standing = QuizAttempts(x.app.store()).standing(quiz, x.user()->id);
  std::string summary = fill(fill(x.t("quiz_result_score"), "punti", std::to_string(a.score)), "totale",
                             std::to_string(a.max_score));
  x.render("quiz_result", x.t("quiz_result_title") + ": " + quiz.title,
           {{"quiz", quiz_data(x, qm)},
            {"standing", standing_data(x, standing)},
            {"score_text", summary},
            {"percent", percent_text(a.percent())},
            {"passed", a.passed},
            {"submitted_on", day(x, a.submitted_at.value_or(a.started_at))},
            {"questions", questions},
            {"questions_gone", !same_version},
            {"notice", attempt_notice(x)}});
}

void render_questions(Exchange& x, const QuizInModule& qm, const QuizAttempt& a) {
  const Quiz& quiz = qm.quiz;
  if (a.quiz_version != quiz.version) {
    x.render("quiz_attempt", quiz.title, {{"quiz", quiz_data(x, qm)}, {"abandoned", true}});
    return;
  }
  const auto pages = quiz_pages(quiz, kPageFields);
  if (pages.empty()) {  // a quiz without questions: check refuses it, so only a damaged store
    x.res.status = 404;
    return;
  }
  int page = 1;
  if (const std::string p = x.query("pagina"); !p.empty()) {
    auto n = parse_whole_number(p, 1, static_cast<std::int64_t>(pages.size()));
    if (!n) {
      x.res.status = 404;
      return;
    }
    page = static_cast<int>(*n);
  }
  const QuizPage& shown = pages[static_cast<size_t>(page - 1)];
  const int count = static_cast<int>(quiz.questions.size());
  json questions = json::array();
  for (int i = shown.first; i < shown.last; ++i)
    questions.push_back(question_form(x, a, quiz.questions[static_cast<size_t>(i)], i, count));
  const int answered = static_cast<int>(a.answers.size());
  x.render("quiz_attempt", quiz.title,
           {{"quiz", quiz_data(x, qm)},
            {"abandoned", false},
            {"action", attempt_href(quiz, a.id)},
            {"page", page},
            {"has_pages", pages.size() > 1},
            {"page_text", fill(fill(x.t("quiz_page_of"), "n", std::to_string(page)), "totale", std::to_string(pages.size()))},
            {"has_previous", page > 1},
            {"has_next", page < static_cast<int>(pages.size())},
            {"answered_text", fill(fill(x.t("quiz_answered_of"), "n", std::to_string(answered)), "totale",
                                   std::to_string(count))},
            {"questions", questions},
            {"notice", attempt_notice(x)}});
}

// The answers a page's form holds, checked against the questions of that page. Invalid, naming
// the problem, for a field of a question not on the page, an option that is not a number, two
// answers typed for one question, or any field the form does not have.
Result<QuizResponses> read_answers(const Exchange& x, const Quiz& quiz, const QuizPage& page) {
  QuizResponses answers;
  size_t fields = 3;  // csrf, azione, pagina
  for (int i = page.first; i < page.last; ++i) {
    const auto values = x.form.all(answer_field(i));
    fields += values.size();
    QuizResponse r;
    if (quiz.questions[static_cast<size_t>(i)].kind == QuestionKind::short_answer) {
      if (values.size() > 1) return Status::Invalid("question " + std::to_string(i + 1) + ": one answer only");
      if (!values.empty()) r.text = std::string(trim_spaces(values.front()));
    } else {
      for (const auto& v : values) {
        auto n = parse_whole_number(v, 0, 999);
        if (!n) return Status::Invalid("question " + std::to_string(i + 1) + ": not an option");
        r.chosen.push_back(static_cast<int>(*n));
      }
      std::sort(r.chosen.begin(), r.chosen.end());
    }
    answers[i] = std::move(r);
  }
  if (x.form.size() != fields || !x.form.has("pagina"))
    return Status::Invalid("the form holds fields that this page of the quiz does not have");
  return answers;
}

}  // namespace

void quiz_page(Exchange& x) {
  auto qm = quiz_or_404(x);
  if (!qm) return;
  const auto standing = QuizAttempts(x.app.store()).standing(qm->quiz, x.user()->id);
  json attempts = json::array();
  size_t number = standing.attempts.size();
  for (const auto& a : standing.attempts) attempts.push_back(attempt_row(x, qm->quiz, a, number--));
  x.render("quiz", qm->quiz.title,
           {{"quiz", quiz_data(x, *qm)},
            {"standing", standing_data(x, standing)},
            {"attempts", attempts},
            {"has_attempts", !attempts.empty()}});
}

void start_quiz_attempt(Exchange& x) {
  auto qm = quiz_or_404(x);
  if (!qm) return;
  auto a = QuizAttempts(x.app.store()).start(qm->quiz, x.user()->id, now_seconds());
  if (a.status().code() == Status::Code::conflict)
    return x.message(400, x.t("quiz_no_attempts_title"), x.t("quiz_no_attempts_text"));
  if (!a.ok()) return x.refuse(x.t("quiz_refused_title"), a.status());
  x.redirect(attempt_href(qm->quiz, a->id));
}

void quiz_attempt_page(Exchange& x) {
  auto qm = quiz_or_404(x);
  if (!qm) return;
  auto a = attempt_or_404(x, qm->quiz);
  if (!a) return;
  if (a->submitted()) return render_result(x, *qm, *a);
  render_questions(x, *qm, *a);
}

void answer_quiz_attempt(Exchange& x) {
  auto qm = quiz_or_404(x);
  if (!qm) return;
  auto a = attempt_or_404(x, qm->quiz);
  if (!a) return;
  const Quiz& quiz = qm->quiz;
  if (a->submitted()) return x.message(400, x.t("quiz_refused_title"), x.t("quiz_already_submitted"));
  if (a->quiz_version != quiz.version) return x.message(400, x.t("quiz_refused_title"), x.t("quiz_changed_text"));
  const std::string action = x.form.get("azione");
  if (action != "salva" && action != "consegna" && action != "avanti" && action != "indietro")
    return x.message(400, x.t("bad_form_title"), "azione: salva, consegna, avanti or indietro");
  const auto pages = quiz_pages(quiz, kPageFields);
  auto page = parse_whole_number(x.form.get("pagina"), 1, static_cast<std::int64_t>(pages.size()));
  if (!page) return x.message(400, x.t("bad_form_title"), "pagina: not a page of this quiz");
  auto answers = read_answers(x, quiz, pages[static_cast<size_t>(*page - 1)]);
  if (!answers.ok()) return x.message(400, x.t("bad_form_title"), answers.status().message());

  QuizAttempts attempts(x.app.store());
  const UnixSeconds now = now_seconds();
  if (action == "consegna") {
    auto done = attempts.submit(quiz, a->id, x.user()->id, answers.value(), now);
    if (!done.ok()) return x.refuse(x.t("quiz_refused_title"), done.status());
    return x.redirect(attempt_href(quiz, a->id) + "?esito=consegnato");
  }
  Status st = attempts.save(quiz, a->id, x.user()->id, answers.value(), now);
  if (!st.ok()) return x.refuse(x.t("quiz_refused_title"), st);
  std::int64_t next = *page + (action == "avanti" ? 1 : action == "indietro" ? -1 : 0);
  next = std::clamp<std::int64_t>(next, 1, static_cast<std::int64_t>(pages.size()));
  x.redirect(attempt_href(quiz, a->id) + "?pagina=" + std::to_string(next) +
             (action == "salva" ? "&esito=salvato" : ""));
}

}  // namespace sentinella
