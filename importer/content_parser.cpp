#include "importer/content_parser.h"

#include <set>

#include "core/checkin.h"
#include "core/local_time.h"
#include "core/slug.h"
#include "importer/front_matter.h"
#include "importer/markdown.h"
#include "importer/yaml_reader.h"

namespace sentinella {

std::optional<MarkdownSource> read_markdown(const SourceFile& file, Diagnostics& out) {
  auto split = split_front_matter(file.text);
  if (!split.ok()) {
    out.error(file.display_path, 1, 1, split.status().message());
    return std::nullopt;
  }
  YamlSource src{file.display_path, split->yaml_first_line, &out};
  auto node = parse_yaml(split->yaml, src);
  if (!node) return std::nullopt;
  return MarkdownSource{*node, std::move(split->body), split->body_first_line, src};
}

namespace {

bool is_http_url(const std::string& s) {
  return (s.starts_with("http://") && s.size() > 7) || (s.starts_with("https://") && s.size() > 8);
}

// A site.yaml list of {id, label} (target groups, event types) as `T`s: ids are slugs, each once;
// `what` names an entry in the messages ("target group").
template <class T>
std::vector<T> id_label_list(MappingReader& r, const char* key, Need need, const std::string& what) {
  std::vector<T> out;
  auto list = r.mapping_list(key, need, {"id", "label"});
  if (!list) return out;
  std::set<std::string> ids;
  for (auto& entry : *list) {
    auto id = entry.text("id", Need::required);
    auto label = entry.text("label", Need::required);
    if (!id) continue;
    if (!is_valid_slug(*id))
      entry.error_at("id", what + " id '" + *id + "' is not a valid slug: use lower-case letters a-z, "
                                                  "digits and single hyphens");
    else if (!ids.insert(*id).second)
      entry.error_at("id", "duplicate " + what + " id '" + *id + "'");
    else
      out.push_back({*id, label.value_or("")});
  }
  return out;
}

// A site.yaml image, `key: {file: media/<name>, alt: "..."}`: the file must be in content/media/
// and the text alternative must be there.
SiteImage site_image(MappingReader& r, const char* key, const std::set<std::string>& media_files) {
  SiteImage out;
  auto m = r.mapping(key, Need::optional, {"file", "alt"});
  if (!m) return out;
  auto file = m->text("file", Need::required);
  auto alt = m->text("alt", Need::required);
  if (!file) return out;
  const std::string prefix = "media/";
  const std::string name = file->starts_with(prefix) ? file->substr(prefix.size()) : "";
  if (name.empty() || name.find('/') != std::string::npos)
    m->error_at("file", "'" + std::string(key) + ".file' must be a file in content/media/, written as "
                        "'media/<name>', e.g. 'media/stemma.svg', not '" + *file + "'");
  else if (!media_files.count(name))
    m->error_at("file", "'" + std::string(key) + ".file' names '" + *file + "', which is not a file in content/media/");
  else
    out = {name, alt.value_or("")};
  return out;
}

// A completion list (`lessons:` or `quizzes:` under `completion:`): slugs of files of the module,
// each once; `what` is "lesson" or "quiz", `known` the slugs present (null: not checked).
std::vector<std::string> completion_list(MappingReader& r, const std::string& key, const std::string& what,
                                         const std::set<std::string>* known) {
  std::vector<std::string> out;
  auto list = r.text_list(key, Need::required);
  if (!list) return out;
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const auto& slug = (*list)[i];
    if (known && !known->count(slug)) {
      const std::string example = what == "lesson" ? "'03-fondi.md' is 'fondi'" : "'quiz-finale.md' is 'finale'";
      r.error_at_item(key, i, "'completion." + key + "' names '" + slug + "', which is not a " + what +
                                  " of this module (the " + what + "'s slug: " + example + ")");
    } else if (!seen.insert(slug).second) {
      r.error_at_item(key, i, what + " '" + slug + "' is listed twice");
    } else {
      out.push_back(slug);
    }
  }
  return out;
}

// The module's `completion:` mapping (docs/content.md): `lessons` (all, or a list), `quizzes`
// (all, none, or a list), `in_person_hours` (a number, 0 or more). A misspelt key is an error:
// it would silently fall back to a default and change who completes the module.
CompletionRule completion_rule(MappingReader& r, const ModuleFiles* files) {
  CompletionRule rule;
  auto c = r.mapping("completion", Need::optional, {"lessons", "quizzes", "in_person_hours"}, UnknownKeys::refuse);
  if (!c) return rule;
  if (c->holds_list("lessons")) {
    rule.all_lessons = false;
    rule.lessons = completion_list(*c, "lessons", "lesson", files ? &files->lessons : nullptr);
  } else if (auto word = c->text("lessons", Need::optional); word && *word != "all") {
    c->error_at("lessons", "'completion.lessons' must be 'all' or a list of the module's lesson slugs, not '" +
                               *word + "'");
  }
  if (c->holds_list("quizzes")) {
    rule.quizzes = CompletionRule::Quizzes::listed;
    rule.quiz_slugs = completion_list(*c, "quizzes", "quiz", files ? &files->quizzes : nullptr);
  } else if (auto word = c->text("quizzes", Need::optional); word && *word == "none") {
    rule.quizzes = CompletionRule::Quizzes::none;
  } else if (word && *word != "all") {
    c->error_at("quizzes", "'completion.quizzes' must be 'all', 'none' or a list of the module's quiz slugs, "
                           "not '" + *word + "'");
  }
  if (auto hours = c->number("in_person_hours", Need::optional, -1e300)) {
    if (*hours < 0) c->error_at("in_person_hours", "'completion.in_person_hours' must be 0 or more");
    else rule.in_person_hours = *hours;
  }
  return rule;
}

// An event's or a meeting's `start` and `end`, read as wall-clock times in the site's zone.
struct TimeSpan {
  LocalDateTime start, end;  // for a whole-day event, its first and last day
  std::int64_t start_utc = 0, end_utc = 0;
};

// Reads `start` and `end` of `r` in `tz`. `prefix` goes before the keys in messages ("meetings[2]."),
// `subject` names what would end before it starts ("the event", "meeting 2"). An event may be
// whole days and may leave out the end of one; a meeting (`meeting` true) needs both, with times.
// nullopt after reporting any problem.
std::optional<TimeSpan> read_time_span(MappingReader& r, const std::string& tz, const std::string& prefix,
                                       const std::string& subject, bool meeting) {
  std::optional<LocalDateTime> start, end;
  bool failed = false;
  for (const std::string key : {"start", "end"}) {
    auto text = r.text(key, key == "start" || meeting ? Need::required : Need::optional);
    if (!text) {
      failed = failed || meeting;
      continue;
    }
    auto parsed = parse_local_date_time(*text);
    if (!parsed.ok()) {
      r.error_at(key, "'" + prefix + key + "': " + parsed.status().message());
      failed = true;
    } else if (meeting && !parsed->has_time) {
      r.error_at(key, "'" + prefix + key + "' needs a time of day, e.g. " + parsed->format() + " 09:00: a meeting's "
                      "length counts as training hours");
      failed = true;
    } else {
      (key == "start" ? start : end) = parsed.value();
    }
  }
  if (!start || failed) return std::nullopt;
  if (!end && start->has_time) {
    r.error_at("start", "a timed event needs 'end' too (e.g. end: 2026-11-25 20:00)");
    return std::nullopt;
  }
  if (!end) end = *start;
  if (end->has_time != start->has_time) {
    r.error_at("end", "'start' and 'end' must both be dates (a whole-day event) or both dates with a time");
    return std::nullopt;
  }
  const bool all_day = !start->has_time;
  bool ambiguous = false;
  // A whole-day event ends at the midnight after its last day.
  const LocalDateTime end_instant = all_day ? next_day(*end) : *end;
  auto s_utc = to_utc(*start, tz, &ambiguous);
  if (!s_utc.ok()) r.error_at("start", "'" + prefix + "start': " + s_utc.status().message());
  else if (ambiguous)
    r.warning_at("start", "'" + prefix + "start' " + start->format() + " happens twice in " + tz +
                              " (clocks go back); the second one, in standard time, is used");
  auto e_utc = to_utc(end_instant, tz, &ambiguous);
  if (!e_utc.ok()) r.error_at("end", "'" + prefix + "end': " + e_utc.status().message());
  if (!s_utc.ok() || !e_utc.ok()) return std::nullopt;
  if (e_utc.value() < s_utc.value() || (!all_day && e_utc.value() == s_utc.value())) {
    r.error_at("end", subject + (e_utc.value() == s_utc.value() ? " ends when it starts (" + end->format() + ")"
                                                                 : " ends (" + end->format() + ") before it starts (" +
                                                                       start->format() + ")"));
    return std::nullopt;
  }
  return TimeSpan{*start, *end, s_utc.value(), e_utc.value()};
}

// A `location` mapping: `name` (required), `address`, and `latitude` with `longitude`; `key` names
// it in messages ("location", "meetings[2].location").
EventLocation read_location(MappingReader& loc, const std::string& key) {
  EventLocation l;
  l.name = loc.text("name", Need::required).value_or("");
  l.address = loc.text("address", Need::optional).value_or("");
  l.latitude = loc.number("latitude", Need::optional, -90.0000001);
  l.longitude = loc.number("longitude", Need::optional, -180.0000001);
  if (l.latitude && *l.latitude > 90) loc.error_at("latitude", "'" + key + ".latitude' must be from -90 to 90");
  if (l.longitude && *l.longitude > 180) loc.error_at("longitude", "'" + key + ".longitude' must be from -180 to 180");
  if (l.latitude.has_value() != l.longitude.has_value())
    loc.error_at(l.latitude ? "latitude" : "longitude", "give both 'latitude' and 'longitude', or neither");
  return l;
}

constexpr size_t kMaxMeetings = 100;

// The `meetings` of an event: each with times, in chronological order, none overlapping the one
// before. Their numbers (1, 2, ...) are their places in the file: attendance and calendar entries
// name meetings by them, so a list out of order is an error rather than sorted behind the
// author's back. Empty after reporting any problem.
std::vector<EventMeeting> read_meetings(MappingReader& r, const std::string& tz) {
  std::vector<EventMeeting> meetings;
  auto list = r.mapping_list("meetings", Need::required, {"start", "end", "location"});
  if (!list) return meetings;
  if (list->size() > kMaxMeetings) {
    r.error_at("meetings", "an event has at most " + std::to_string(kMaxMeetings) + " meetings, not " +
                               std::to_string(list->size()));
    return meetings;
  }
  bool failed = false;
  for (size_t i = 0; i < list->size(); ++i) {
    MappingReader& m = (*list)[i];
    const std::string number = std::to_string(i + 1);
    auto span = read_time_span(m, tz, "meetings[" + number + "].", "meeting " + number, true);
    std::optional<EventLocation> location;
    if (auto loc = m.mapping("location", Need::optional, {"name", "address", "latitude", "longitude"}))
      location = read_location(*loc, "meetings[" + number + "].location");
    if (!span) {
      failed = true;
      continue;
    }
    if (!meetings.empty() && !failed) {
      const EventMeeting& before = meetings.back();
      const std::string previous = std::to_string(meetings.size());
      if (span->start_utc < before.start_utc) {
        m.error_at("start", "meeting " + number + " (" + span->start.format() + ") starts before meeting " +
                                previous + " (" + before.start_local + "): list the meetings in the order they happen");
        failed = true;
      } else if (span->start_utc < before.end_utc) {
        m.error_at("start", "meeting " + number + " (" + span->start.format() + ") starts before meeting " +
                                previous + " ends (" + before.end_local + ")");
        failed = true;
      }
    }
    meetings.push_back({span->start.format(), span->end.format(), span->start_utc, span->end_utc, location});
  }
  if (failed) meetings.clear();
  return meetings;
}

}  // namespace

std::optional<Site> parse_site(const SourceFile& file, const std::set<std::string>& media_files,
                               Diagnostics& out) {
  const int errors_before = out.error_count();
  YamlSource src{file.display_path, 1, &out};
  auto node = parse_yaml(file.text, src);
  if (!node) return std::nullopt;
  MappingReader r(*node, src,
                  {"name", "municipality", "municipality_url", "logo", "image", "language", "base_url",
                   "description", "intro",
                   "help_page", "quick_exit_url", "retention_months", "time_zone", "contacts", "helplines",
                   "target_groups", "event_types", "attendance"},
                  "");
  if (!r.ok()) return std::nullopt;
  Site s;
  s.name = r.text("name", Need::required).value_or("");
  s.municipality = r.text("municipality", Need::required).value_or("");
  if (auto url = r.text("municipality_url", Need::optional)) {
    if (!is_http_url(*url))
      r.error_at("municipality_url", "'municipality_url' must start with http:// or https://");
    s.municipality_url = *url;
  }
  s.logo = site_image(r, "logo", media_files);
  s.image = site_image(r, "image", media_files);
  s.language = r.choice("language", Need::required, {"it", "en"}).value_or("it");
  if (auto url = r.text("base_url", Need::required)) {
    if (!is_http_url(*url)) r.error_at("base_url", "'base_url' must start with http:// or https://");
    while (url->size() > 1 && url->back() == '/') url->pop_back();
    s.base_url = *url;
  }
  s.description = r.text("description", Need::optional).value_or("");
  const auto intro = r.text("intro", Need::optional);
  if (auto help = r.text("help_page", Need::optional)) {
    if (!is_valid_slug(*help)) r.error_at("help_page", "'help_page' must be a page slug, e.g. 'aiuto'");
    s.help_page = *help;
  }
  if (auto exit_url = r.text("quick_exit_url", Need::optional)) {
    if (!is_http_url(*exit_url))
      r.error_at("quick_exit_url", "'quick_exit_url' must start with http:// or https://");
    s.quick_exit_url = *exit_url;
  }
  s.retention_months = static_cast<int>(r.integer("retention_months", Need::optional, 1, 120).value_or(24));
  if (auto tz = r.text("time_zone", Need::optional)) {
    if (!is_known_time_zone(*tz)) r.error_at("time_zone", "unknown time zone '" + *tz + "'; use an IANA name such as 'Europe/Rome'");
    else s.time_zone = *tz;
  }
  if (auto a = r.mapping("attendance", Need::optional, {"checkin_margin_minutes"}))
    s.checkin_margin_minutes = static_cast<int>(
        a->integer("checkin_margin_minutes", Need::optional, 0, kMaxCheckinMarginMinutes)
            .value_or(kDefaultCheckinMarginMinutes));
  if (auto c = r.mapping("contacts", Need::optional, {"office", "address", "phone", "email"})) {
    s.contacts.office = c->text("office", Need::optional).value_or("");
    s.contacts.address = c->text("address", Need::optional).value_or("");
    s.contacts.phone = c->text("phone", Need::optional).value_or("");
    s.contacts.email = c->text("email", Need::optional).value_or("");
  }
  if (auto list = r.mapping_list("helplines", Need::required, {"name", "number", "description", "hours"})) {
    for (auto& h : *list)
      s.helplines.push_back({h.text("name", Need::required).value_or(""),
                             h.text("number", Need::required).value_or(""),
                             h.text("description", Need::optional).value_or(""),
                             h.text("hours", Need::optional).value_or("")});
  }
  s.target_groups = id_label_list<TargetGroup>(r, "target_groups", Need::required, "target group");
  s.event_types = id_label_list<EventType>(r, "event_types", Need::optional, "event type");
  if (out.error_count() != errors_before) return std::nullopt;
  if (intro) s.intro_html = render_markdown(*intro, known_phone_numbers(&s));
  return s;
}

std::optional<Page> parse_page(const SourceFile& file, const Site* site, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src, {"title", "summary", "menu", "helplines"}, "");
  if (!r.ok()) return std::nullopt;
  Page p;
  p.slug = file.slug;
  p.source_path = file.rel_path;
  p.title = r.text("title", Need::required).value_or("");
  p.summary = r.text("summary", Need::optional).value_or("");
  if (auto menu = r.integer("menu", Need::optional, 0, 1000)) p.menu = static_cast<int>(*menu);
  p.show_helplines = r.boolean("helplines", Need::optional).value_or(false);
  if (out.error_count() != errors_before) return std::nullopt;
  p.body_html = render_markdown(md->body, known_phone_numbers(site));
  return p;
}

std::optional<Module> parse_module(const SourceFile& file, const Site* site, const ModuleFiles* files,
                                   Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src,
                  {"title", "summary", "target_groups", "objectives", "duration_hours", "order",
                   "status", "authors", "completion"},
                  "");
  if (!r.ok()) return std::nullopt;
  Module m;
  m.slug = file.module_slug;
  m.source_path = file.rel_path;
  m.title = r.text("title", Need::required).value_or("");
  m.summary = r.text("summary", Need::required).value_or("");
  if (auto groups = r.text_list("target_groups", Need::required)) {
    std::set<std::string> seen;
    for (size_t i = 0; i < groups->size(); ++i) {
      const auto& id = (*groups)[i];
      if (site && !site->find_group(id)) {
        r.error_at_item("target_groups", i, "unknown target group '" + id +
                                                "'; the ids are listed in site.yaml under target_groups");
      } else if (!seen.insert(id).second) {
        r.error_at_item("target_groups", i, "target group '" + id + "' is listed twice");
      } else {
        m.target_groups.push_back(id);
      }
    }
  }
  m.objectives = r.text_list("objectives", Need::required).value_or(std::vector<std::string>{});
  m.duration_hours = r.number("duration_hours", Need::required, 0).value_or(0);
  m.order = static_cast<int>(r.integer("order", Need::optional, 0, 100000).value_or(100));
  auto status = r.choice("status", Need::required, {"draft", "published"});
  m.status = status == "published" ? ModuleStatus::published : ModuleStatus::draft;
  m.authors = r.text_list("authors", Need::optional).value_or(std::vector<std::string>{});
  m.completion = completion_rule(r, files);
  if (out.error_count() != errors_before) return std::nullopt;
  m.intro_html = render_markdown(md->body, known_phone_numbers(site));
  return m;
}

std::optional<Lesson> parse_lesson(const SourceFile& file, const Site* site, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src, {"title", "minutes", "order", "reviewed"}, "");
  if (!r.ok()) return std::nullopt;
  Lesson l;
  l.module_slug = file.module_slug;
  l.slug = file.slug;
  l.source_path = file.rel_path;
  l.title = r.text("title", Need::required).value_or("");
  l.minutes = static_cast<int>(r.integer("minutes", Need::required, 1, 100000).value_or(0));
  l.order = static_cast<int>(r.integer("order", Need::optional, 0, 100000).value_or(file.file_order));
  if (auto reviewed = r.text("reviewed", Need::optional)) {
    auto date = parse_local_date_time(*reviewed);
    if (!date.ok() || date->has_time)
      r.error_at("reviewed", "'reviewed' must be a date that exists, written YYYY-MM-DD (e.g. 2026-11-29), not '" +
                                 *reviewed + "'");
    else
      l.reviewed = date->format();
  }
  if (out.error_count() != errors_before) return std::nullopt;
  l.body_html = render_markdown(md->body, known_phone_numbers(site));
  return l;
}

std::optional<Event> parse_event(const SourceFile& file, const Site* site,
                                 const std::set<std::string>& media_files,
                                 const std::set<std::string>* module_slugs, Diagnostics& out) {
  const int errors_before = out.error_count();
  auto md = read_markdown(file, out);
  if (!md) return std::nullopt;
  MappingReader r(md->front_matter, md->src,
                  {"title", "type", "start", "end", "meetings", "location", "audience", "modules", "organizer",
                   "capacity", "registration", "status", "image", "image_alt"},
                  "");
  if (!r.ok()) return std::nullopt;
  Event e;
  e.slug = file.slug;
  e.year = file.year;
  e.uid = std::to_string(file.year) + "-" + file.slug;
  e.source_path = file.rel_path;
  e.title = r.text("title", Need::required).value_or("");
  if (auto type = r.text("type", Need::required)) {
    if (site && !site->find_event_type(*type)) {
      std::string ids;
      for (const auto& t : site->event_types) ids += (ids.empty() ? "" : ", ") + t.id;
      r.error_at("type", "unknown event type '" + *type + "'; the types in site.yaml are: " +
                             (ids.empty() ? "(none: add event_types to site.yaml)" : ids));
    }
    e.type = *type;
  }
  const std::string tz = site ? site->time_zone : "Europe/Rome";
  const YAML::Node& fm = md->front_matter;
  const bool has_meetings = fm["meetings"].IsDefined() && !fm["meetings"].IsNull();
  if (has_meetings) {
    for (const char* key : {"start", "end"})
      if (fm[key].IsDefined()) {
        r.error_at(key, "give either 'start' and 'end' or 'meetings', not both: an event with meetings "
                        "starts when its first meeting starts and ends when its last one ends");
        break;
      }
    e.meetings = read_meetings(r, tz);
    if (!e.meetings.empty()) {
      e.start_local = e.meetings.front().start_local;
      e.start_utc = e.meetings.front().start_utc;
      e.end_local = e.meetings.back().end_local;
      e.end_utc = e.meetings.back().end_utc;
    }
  } else if (auto span = read_time_span(r, tz, "", "the event", false)) {
    e.all_day = !span->start.has_time;
    e.start_local = span->start.format();
    e.end_local = span->end.format();
    e.start_utc = span->start_utc;
    e.end_utc = span->end_utc;
  }
  if (!e.start_local.empty() && e.start_local.substr(0, 4) != std::to_string(file.year))
    r.warning_at(has_meetings ? "meetings" : "start", "the event starts in " + e.start_local.substr(0, 4) +
                                                           " but is in the folder events/" + std::to_string(file.year) + "/");
  if (auto loc = r.mapping("location", Need::required, {"name", "address", "latitude", "longitude"}))
    e.location = read_location(*loc, "location");
  if (auto audience = r.text_list("audience", Need::required)) {
    std::set<std::string> seen;
    for (size_t i = 0; i < audience->size(); ++i) {
      const auto& a = (*audience)[i];
      if (a != kPublicAudience && site && !site->find_group(a))
        r.error_at_item("audience", i, "unknown audience '" + a + "': use '" + kPublicAudience +
                                           "' or a target group id from site.yaml");
      else if (!seen.insert(a).second)
        r.error_at_item("audience", i, "audience '" + a + "' is listed twice");
      else
        e.audience.push_back(a);
    }
  }
  if (auto modules = r.text_list("modules", Need::optional)) {
    if (!e.type.empty() && e.type != kTrainingEventType)
      r.error_at("modules", "'modules' names what a training event teaches: use it with type '" +
                                std::string(kTrainingEventType) + "', not '" + e.type + "'");
    std::set<std::string> seen;
    for (size_t i = 0; i < modules->size(); ++i) {
      const auto& slug = (*modules)[i];
      if (module_slugs && !module_slugs->count(slug))
        r.error_at_item("modules", i, "unknown module '" + slug + "': there is no modules/" + slug + "/index.md");
      else if (!seen.insert(slug).second)
        r.error_at_item("modules", i, "module '" + slug + "' is listed twice");
      else
        e.modules.push_back(slug);
    }
  }
  e.organizer = r.text("organizer", Need::required).value_or("");
  e.capacity = static_cast<int>(r.integer("capacity", Need::optional, 0, 100000).value_or(0));
  e.registration = r.boolean("registration", Need::optional).value_or(false);
  auto status = r.choice("status", Need::optional, {"scheduled", "cancelled", "postponed"}).value_or("scheduled");
  e.status = status == "cancelled" ? EventStatus::cancelled
             : status == "postponed" ? EventStatus::postponed : EventStatus::scheduled;
  if (auto image = r.text("image", Need::optional)) {
    if (!media_files.count(*image))
      r.error_at("image", "'image' names '" + *image + "', which is not a file in content/media/");
    e.image = *image;
    auto alt = r.text("image_alt", Need::optional);
    if (!alt) r.error_at("image", "an image needs 'image_alt': a short description for people who cannot see it");
    e.image_alt = alt.value_or("");
  }
  if (out.error_count() != errors_before) return std::nullopt;
  e.body_html = render_markdown(md->body, known_phone_numbers(site));
  return e;
}

}  // namespace sentinella
