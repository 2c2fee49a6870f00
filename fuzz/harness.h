// The code paths the fuzzers drive, shared by the libFuzzer targets (fuzz/fuzz_*.cpp) and by the
// unit test that replays fuzz/regressions/ with every ordinary build (tests/fuzz_regressions_test.cpp).
//
// Each function takes arbitrary bytes and returns "" when every property it checks held, or a
// description of the first one violated. Crashes, sanitizer reports and exceptions are not caught
// here: the fuzzer (or the unit test, or the sanitizers of the `dev` build) reports them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/local_time.h"
#include "core/text.h"
#include "importer/content_files.h"
#include "importer/content_parser.h"
#include "importer/diagnostics.h"
#include "importer/front_matter.h"
#include "importer/markdown.h"
#include "importer/quiz_parser.h"
#include "server/form_data.h"

namespace sentinella::fuzz {

namespace detail {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

// `s` with bytes other than printable ASCII as \xHH, for messages.
inline std::string printable(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// "" if `s` is valid UTF-8, else a description naming `what`.
inline std::string utf8_problem(std::string_view what, std::string_view s) {
  return find_invalid_utf8(s) == std::string_view::npos
             ? std::string()
             : std::string(what) + " is not valid UTF-8";
}

inline std::string first_problem(std::initializer_list<std::string> problems) {
  for (const auto& p : problems)
    if (!p.empty()) return p;
  return "";
}

inline std::string utf8_list_problem(std::string_view what, const std::vector<std::string>& items) {
  for (const auto& s : items)
    if (auto p = utf8_problem(what, s); !p.empty()) return p;
  return "";
}

// The site every content file is parsed against: the target groups of content/modules/usura, two
// event types, Rome.
inline const Site& fixed_site() {
  static const Site site = [] {
    Site s;
    s.name = "Sentinella";
    s.municipality = "Comune di Prova";
    s.base_url = "http://127.0.0.1:8080";
    s.time_zone = "Europe/Rome";
    s.target_groups = {{"polizia-locale", "Polizia locale"},  {"associazioni-categoria", "Categorie"},
                       {"volontariato", "Volontariato"},      {"servizi-sociali", "Servizi sociali"},
                       {"sindacati", "Sindacati"},            {"cittadini", "Cittadinanza"}};
    s.event_types = {{"teatro", "Teatro"}, {"incontro", "Incontro"}};
    return s;
  }();
  return site;
}

inline const std::set<std::string>& fixed_media() {
  static const std::set<std::string> media = {"locandina.jpg", "programma.pdf"};
  return media;
}

// What every parse_* promises about its diagnostics: a value exactly when no error was reported,
// and positions inside the file.
template <typename T>
std::string diagnostics_problem(const std::optional<T>& parsed, const Diagnostics& out,
                                std::string_view text) {
  if (parsed.has_value() == out.has_errors())
    return parsed ? "a value was returned although an error was reported"
                  : "nothing was returned and no error was reported";
  const long lines = 1 + static_cast<long>(std::count(text.begin(), text.end(), '\n'));
  for (const auto& d : out.items()) {
    if (d.line < 1 || d.line > lines || d.column < 1)
      return "a diagnostic is outside the file: " + printable(d.format());
    if (auto p = utf8_problem("a diagnostic", d.message); !p.empty()) return p + ": " + printable(d.format());
  }
  return "";
}

}  // namespace detail

// Byte 0 chooses the kind of file: '0' a page, '1' a module's index.md, '2' a lesson (then the same
// text as a quiz), '3' an event, '4' site.yaml (any other byte: its distance from '0', modulo 5);
// the rest is the file's text.
// Text the importer would refuse to read (over 1 MiB, not UTF-8) is skipped as scan_content skips
// it. Checks the diagnostics' contract and that every text parsed is UTF-8.
inline std::string fuzz_content_file(const uint8_t* data, size_t size) {
  if (size == 0) return "";
  const std::string_view text = detail::as_text(data + 1, size - 1);
  if (text.size() > kMaxContentFileBytes || find_invalid_utf8(text) != std::string_view::npos) return "";

  // split_front_matter and render_markdown on the whole file, as the import does on its parts.
  if (auto split = split_front_matter(text); split.ok()) {
    if (split->yaml.size() + split->body.size() > text.size())
      return "the front matter and the body are longer than the file";
  }
  if (auto p = detail::utf8_problem("render_markdown's HTML", render_markdown(text)); !p.empty()) return p;

  SourceFile file;
  file.text = std::string(text);
  Diagnostics out;
  const Site& site = detail::fixed_site();
  switch (static_cast<unsigned char>(data[0] - '0') % 5) {
    case 0: {
      file.kind = SourceKind::page;
      file.rel_path = "pages/chi-siamo.md";
      file.slug = "chi-siamo";
      break;
    }
    case 1: {
      file.kind = SourceKind::module_index;
      file.rel_path = "modules/usura/index.md";
      file.slug = file.module_slug = "usura";
      break;
    }
    case 2: {
      file.kind = SourceKind::lesson;
      file.rel_path = "modules/usura/01-come-funziona.md";
      file.module_slug = "usura";
      file.slug = "come-funziona";
      file.file_order = 1;
      break;
    }
    case 3: {
      file.kind = SourceKind::event;
      file.rel_path = "events/2026/presentazione.md";
      file.slug = "presentazione";
      file.year = 2026;
      break;
    }
    default: {
      file.kind = SourceKind::site;
      file.rel_path = "site.yaml";
      break;
    }
  }
  file.display_path = "content/" + file.rel_path;

  using detail::first_problem;
  using detail::utf8_list_problem;
  using detail::utf8_problem;
  switch (file.kind) {
    case SourceKind::page: {
      auto p = parse_page(file, &site, out);
      if (auto d = detail::diagnostics_problem(p, out, text); !d.empty()) return d;
      if (!p) return "";
      return first_problem({utf8_problem("the page's title", p->title),
                            utf8_problem("the page's summary", p->summary),
                            utf8_problem("the page's HTML", p->body_html)});
    }
    case SourceKind::module_index: {
      auto m = parse_module(file, &site, nullptr, out);
      if (auto d = detail::diagnostics_problem(m, out, text); !d.empty()) return d;
      if (!m) return "";
      return first_problem({utf8_problem("the module's title", m->title),
                            utf8_problem("the module's summary", m->summary),
                            utf8_problem("the module's HTML", m->intro_html),
                            utf8_list_problem("an objective", m->objectives),
                            utf8_list_problem("an author", m->authors)});
    }
    case SourceKind::lesson: {
      auto l = parse_lesson(file, &site, out);
      if (auto d = detail::diagnostics_problem(l, out, text); !d.empty()) return d;
      if (!l) return "";
      if (auto p = first_problem({utf8_problem("the lesson's title", l->title),
                                  utf8_problem("the lesson's HTML", l->body_html)});
          !p.empty())
        return p;
      // The same bytes as a quiz file beside the lesson (inputs keep the kind their first byte chose).
      file.kind = SourceKind::quiz;
      file.rel_path = "modules/usura/quiz-verifica.md";
      file.display_path = "content/" + file.rel_path;
      file.slug = "verifica";
      [[fallthrough]];
    }
    case SourceKind::quiz: {
      Diagnostics quiz_out;
      const std::set<std::string> lessons = {"come-funziona"};
      auto q = parse_quiz(file, &site, &lessons, quiz_out);
      if (auto d = detail::diagnostics_problem(q, quiz_out, text); !d.empty()) return d;
      if (!q) return "";
      std::vector<std::string> texts = {q->title, q->intro_html};
      for (const auto& question : q->questions) {
        texts.insert(texts.end(), {question.text, question.text_html, question.explanation_html});
        for (const auto& o : question.options) texts.insert(texts.end(), {o.text, o.html});
        texts.insert(texts.end(), question.accepted_answers.begin(), question.accepted_answers.end());
      }
      return utf8_list_problem("a quiz's text", texts);
    }
    case SourceKind::event: {
      const std::set<std::string> modules = {"usura"};
      auto e = parse_event(file, &site, detail::fixed_media(), &modules, out);
      if (auto d = detail::diagnostics_problem(e, out, text); !d.empty()) return d;
      if (!e) return "";
      if (e->end_utc < e->start_utc) return "the event ends before it starts";
      for (size_t i = 0; i < e->meetings.size(); ++i) {
        const EventMeeting& m = e->meetings[i];
        if (m.end_utc <= m.start_utc) return "a meeting ends before it starts";
        if (i > 0 && m.start_utc < e->meetings[i - 1].end_utc) return "two meetings overlap";
        if (m.start_utc < e->start_utc || m.end_utc > e->end_utc) return "a meeting is outside its event";
      }
      return first_problem({utf8_problem("the event's title", e->title),
                            utf8_problem("the event's location", e->location.name),
                            utf8_problem("the event's address", e->location.address),
                            utf8_problem("the event's organizer", e->organizer),
                            utf8_problem("the event's image_alt", e->image_alt),
                            utf8_problem("the event's HTML", e->body_html)});
    }
    case SourceKind::site: {
      auto s = parse_site(file, {}, out);
      if (auto d = detail::diagnostics_problem(s, out, text); !d.empty()) return d;
      if (!s) return "";
      return first_problem({utf8_problem("the site's name", s->name),
                            utf8_problem("the site's intro", s->intro_html)});
    }
  }
  return "";
}

// The bytes as an event's date or date and time. Checks that a parsed value formats back to a text
// that parses to it, and that to_utc and from_utc agree in Rome and in zones with other kinds of
// daylight-saving change (at midnight, by half an hour): the instant gives the same wall-clock time
// back, a time that happens twice gives the later instant and is said to be ambiguous, and from
// 2420 on Rome's clocks change as they did 400 years before.
inline std::string fuzz_event_time(const uint8_t* data, size_t size) {
  auto parsed = parse_local_date_time(detail::as_text(data, size));
  if (!parsed.ok()) return "";
  const LocalDateTime local = parsed.value();
  auto again = parse_local_date_time(local.format());
  if (!again.ok() || !(again.value() == local)) return "'" + local.format() + "' does not parse back";
  if (weekday(local.year, local.month, local.day) < 0 || weekday(local.year, local.month, local.day) > 6)
    return "weekday out of range for " + local.format();
  const LocalDateTime next = next_day(local);
  if (!is_valid_date(next.year, next.month, next.day) && next.year != 3000)
    return "next_day(" + local.format() + ") is not a date";

  LocalDateTime wall = local;
  wall.has_time = true;  // from_utc always gives a time; a whole day is its midnight
  for (const char* zone : {"Europe/Rome", "America/Sao_Paulo", "Australia/Lord_Howe", "UTC"}) {
    bool ambiguous = false;
    auto instant = to_utc(local, zone, &ambiguous);
    if (!instant.ok()) {
      if (std::string(zone) == "UTC") return local.format() + " has no instant in UTC";
      continue;
    }
    const LocalDateTime back = from_utc(instant.value(), zone);
    if (!(back == wall))
      return std::string("from_utc(to_utc(") + local.format() + ")) is " + back.format() + " in " + zone;
    // Clocks move by 30, 60 or 120 minutes: a time that happens twice is found again that far off.
    bool earlier = false;
    for (const UnixSeconds shift : {1800, 3600, 7200}) {
      if (from_utc(instant.value() + shift, zone) == wall)
        return std::string("to_utc(") + local.format() + ") is not the later of its instants in " + zone;
      earlier = earlier || from_utc(instant.value() - shift, zone) == wall;
    }
    if (earlier != ambiguous)
      return std::string("to_utc(") + local.format() + ") says " + (ambiguous ? "" : "not ") +
             "ambiguous in " + zone;
    // The calendar repeats every 400 years, and so do today's rules for the clocks. (Only in Rome:
    // past 2037 libical puts Lord Howe's changes at the wrong hour, see docs/fuzzing.md.)
    if (local.year >= 2420 && std::string_view(zone) == "Europe/Rome") {
      LocalDateTime before = local;
      before.year -= 400;
      auto then = to_utc(before, zone);
      if (!then.ok() || instant.value() - then.value() != 146097LL * 86400)
        return std::string("to_utc(") + local.format() + ") in " + zone + " is not 400 years after " +
               before.format();
    }
    if (local.has_time) continue;
    // A whole day lasts 22 to 26 hours, whatever the clocks do.
    auto end = to_utc(next, zone);
    if (end.ok() && (end.value() - instant.value() < 22 * 3600 || end.value() - instant.value() > 26 * 3600))
      return "the day " + local.format() + " does not last about 24 hours in " + zone;
  }
  return "";
}

// The bytes as a form body. Checks that every name and value of a parsed form is UTF-8 without
// NUL and that each field can be found again by its name, and that the message for a form refused
// is UTF-8 (the error page shows it); and, for the bytes as a string, that url_decode undoes
// url_encode.
inline std::string fuzz_form_data(const uint8_t* data, size_t size) {
  const std::string_view body = detail::as_text(data, size);
  std::string decoded;
  if (!url_decode(url_encode(body), decoded) || decoded != body) return "url_decode(url_encode(s)) != s";

  auto form = FormData::parse(body);
  if (!form.ok()) return detail::utf8_problem("the form's error message", form.status().message());
  const auto text_field_problem = [](const std::string& s, bool is_value) -> std::string {
    if (find_invalid_utf8(s) != std::string_view::npos) return "a name or value is not valid UTF-8";
    if (s.find('\0') != std::string::npos) return "a name or value holds a NUL";
    if (is_value && s.size() > kMaxFormValueBytes) return "a value is longer than the limit";
    return "";
  };
  // The names, found again independently of FormData: pairs split at '&', the name before '='.
  size_t fields = 0;
  std::set<std::string> names;
  for (std::string_view rest = body; !rest.empty();) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::string name;
    if (!url_decode(pair.substr(0, pair.find('=')), name)) return "a form with a bad escape was accepted";
    ++fields;
    names.insert(name);
  }
  if (fields != form->size()) return "the form has a different number of fields than the body";
  size_t found = 0;
  for (const auto& name : names) {
    const std::vector<std::string> values = form->all(name);
    if (values.empty() || !form->has(name) || form->get(name) != values.front())
      return "a field cannot be found by its name";
    found += values.size();
    if (auto p = text_field_problem(name, false); !p.empty()) return p;
    for (const auto& v : values)
      if (auto p = text_field_problem(v, true); !p.empty()) return p;
  }
  if (found != form->size()) return "some fields cannot be found by their names";
  return "";
}

}  // namespace sentinella::fuzz
