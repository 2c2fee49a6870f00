// Domain types shared by the importer, the store and the site. Plain data, no behaviour.
// Plain data: nothing here throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sentinella {

struct TargetGroup {
  std::string id;     // a slug, e.g. "polizia-locale"
  std::string label;  // shown to people, e.g. "Polizia locale e vigili di quartiere"
};

struct EventType {
  std::string id;     // a slug, e.g. "teatro"
  std::string label;  // "Spettacolo teatrale"
};

// The audience id that means "everyone", next to the target group ids.
inline constexpr const char* kPublicAudience = "pubblico";

struct Helpline {
  std::string name;
  std::string number;  // as written, e.g. "1522"
  std::string description;
  std::string hours;
};

struct Contacts {
  std::string office, address, phone, email;
};

// An image the site shows (the crest, the programme's picture): a file in content/media/.
struct SiteImage {
  std::string file;  // the media file's name, e.g. "stemma.svg" ("" when site.yaml names none)
  std::string alt;   // its text alternative, never empty when `file` is set
};

struct Site {
  std::string name;
  std::string municipality;
  std::string municipality_url;  // the municipality's own website, "" if not given
  SiteImage logo;   // the crest or logo in the header
  SiteImage image;  // the programme's picture on the home page
  std::string language = "it";
  std::string base_url;
  std::string description;
  std::string intro_html;  // rendered from the Markdown `intro`
  std::string help_page = "aiuto";
  std::string quick_exit_url = "https://www.google.it/";
  int retention_months = 24;  // accounts unused this long are erased
  std::string time_zone = "Europe/Rome";  // IANA name; event times are wall-clock times here
  int checkin_margin_minutes = 15;  // self check-in codes work this long before and after a meeting
  Contacts contacts;
  std::vector<Helpline> helplines;
  std::vector<TargetGroup> target_groups;
  std::vector<EventType> event_types;

  const EventType* find_event_type(const std::string& id) const {
    for (const auto& t : event_types)
      if (t.id == id) return &t;
    return nullptr;
  }
  const TargetGroup* find_group(const std::string& id) const {
    for (const auto& g : target_groups)
      if (g.id == id) return &g;
    return nullptr;
  }
};

struct Page {
  std::string slug;
  std::string source_path;  // relative to the content root
  std::string title;
  std::string summary;
  std::optional<int> menu;  // position in the footer menu
  bool show_helplines = false;
  std::string body_html;
  std::int64_t updated_at = 0;  // when the file last changed
};

enum class ModuleStatus { draft, published };

// What completes a module for a learner: its index.md's `completion:` (docs/content.md,
// "Completamento"); the default is every lesson read and every quiz passed.
struct CompletionRule {
  enum class Quizzes { all, none, listed };
  bool all_lessons = true;
  std::vector<std::string> lessons;  // lesson slugs required when !all_lessons, as listed
  Quizzes quizzes = Quizzes::all;
  std::vector<std::string> quiz_slugs;  // quiz slugs required when quizzes == listed
  // Hours attended at the meetings of training events that name the module (core/attendance.h):
  // a rule asking for more than 0 is never met by online study alone.
  double in_person_hours = 0;
};

struct Lesson {
  std::string module_slug;
  std::string slug;
  std::string source_path;
  std::string title;
  int minutes = 0;
  int order = 0;
  std::string body_html;
  std::string reviewed;  // "YYYY-MM-DD": when the text was last checked against the law; "" if never said
};

struct Module {
  std::string slug;
  std::string source_path;
  std::string title;
  std::string summary;
  std::string intro_html;
  std::vector<std::string> objectives;
  std::vector<std::string> authors;
  std::vector<std::string> target_groups;  // TargetGroup ids
  double duration_hours = 0;
  int order = 100;
  ModuleStatus status = ModuleStatus::draft;
  std::int64_t updated_at = 0;  // when index.md last changed
  CompletionRule completion;
  std::vector<Lesson> lessons;  // sorted by order, then slug; filled by Store::module()

  // The time to read every lesson: the sum of their `minutes`. Unlike `duration_hours` (the whole
  // path as its authors plan it, online and in person), it is computed, never written.
  int reading_minutes() const {
    int sum = 0;
    for (const auto& l : lessons) sum += l.minutes;
    return sum;
  }
};

// Quizzes: one Markdown file per quiz next to a module's lessons (docs/content.md, "Quizzes").
enum class QuestionKind { single_choice, multiple_choice, true_false, short_answer };

struct QuizOption {
  std::string text;  // Markdown, one paragraph
  std::string html;  // `text` rendered
  bool correct = false;
};

struct QuizQuestion {
  QuestionKind kind = QuestionKind::single_choice;
  std::string text;       // Markdown: the heading, then any paragraphs before the options
  std::string text_html;
  // single_choice, multiple_choice and true_false ("Vero", "Falso"): in the file's order.
  std::vector<QuizOption> options;
  // short_answer: the accepted answers, as written; compared after fold_for_matching (core/text.h).
  std::vector<std::string> accepted_answers;
  std::string explanation;       // Markdown; "" when the file gives none
  std::string explanation_html;
  int line = 0;                  // the line of its "## " heading in the source file
};

struct Quiz {
  std::string module_slug;
  std::string slug;          // "verifica" for modules/<module>/quiz-verifica.md
  std::string source_path;
  std::string title;
  std::string intro_html;    // the body before the first question
  int pass_mark = 0;         // percent of the questions answered right, 1-100
  int attempts = 0;          // attempts allowed; 0: unlimited
  bool shuffle = false;      // options shown in a random order (stored per attempt)
  std::string after_lesson;  // the lesson slug it follows in the module; "": after the last one
  std::string version;       // the file's content hash: a changed quiz starts new attempts
  std::vector<QuizQuestion> questions;
};

enum class EventStatus { scheduled, cancelled, postponed };

struct EventLocation {
  std::string name;
  std::string address;
  std::optional<double> latitude, longitude;
};

// One session of an event that meets several times (a course over some mornings): its own times,
// always with a time of day, and optionally its own place.
struct EventMeeting {
  std::string start_local, end_local;       // "2026-12-15 09:00", in the site's time zone
  std::int64_t start_utc = 0, end_utc = 0;  // end_utc > start_utc
  std::optional<EventLocation> location;    // nullopt: the event's location

  std::int64_t seconds() const { return end_utc - start_utc; }
};

// The event type whose events name the modules they teach (`modules:` in an event's file).
inline constexpr const char* kTrainingEventType = "formazione";

struct Event {
  std::string uid;          // "<year>-<slug>", stable across imports; unique
  std::string slug;         // the file name without .md
  int year = 0;             // the folder: content/events/<year>/<slug>.md
  std::string source_path;
  std::string title;
  std::string type;         // an EventType id
  bool all_day = false;
  // Wall-clock times in the site's time zone, "2026-11-25 18:00"; for all-day events the first and
  // the last day, "2026-11-25".
  // With meetings: the first meeting's start and the last one's end.
  std::string start_local, end_local;
  std::int64_t start_utc = 0, end_utc = 0;  // the instants (all-day: midnight starting the first
                                            // day, midnight ending the last)
  // The sessions, in chronological order and not overlapping; empty for an event that is one span
  // from start to end.
  std::vector<EventMeeting> meetings;
  std::vector<std::string> modules;  // slugs of the modules a training event covers, as listed
  EventLocation location;
  std::vector<std::string> audience;  // TargetGroup ids and/or kPublicAudience
  std::string organizer;
  int capacity = 0;  // 0: no limit
  bool registration = false;
  EventStatus status = EventStatus::scheduled;
  std::string image, image_alt;  // a file in content/media/, and its text alternative
  std::string body_html;
  int sequence = 0;               // raised each time the event's file changes (iCalendar SEQUENCE)
  std::int64_t updated_at = 0;    // when the file last changed (DTSTAMP, Atom <updated>)

  bool is_public() const {
    for (const auto& a : audience)
      if (a == kPublicAudience) return true;
    return false;
  }

  // The hours the event lasts, for training records: the sum of its meetings' lengths, or from
  // start to end without meetings; 0 for a whole-day event without meetings (its hours are unknown).
  double hours() const {
    std::int64_t seconds = 0;
    for (const auto& m : meetings) seconds += m.seconds();
    if (meetings.empty() && !all_day) seconds = end_utc - start_utc;
    return static_cast<double>(seconds) / 3600.0;
  }
};

}  // namespace sentinella
