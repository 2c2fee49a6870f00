// Importing a meeting's completed paper sign-in sheet as CSV: the upload form and its result
// (core/attendance_import.h). For those who may mark attendance at the event, checked here on
// every request (the route's gate lets every trainer through).
#include "core/attendance_import.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// The CSV's form field.
constexpr const char* kSheetField = "foglio";
constexpr std::size_t kMaxShownFileName = 80;  // characters

struct MeetingOfEvent {
  Event event;
  int number = 0;
  std::string path;  // "/admin/eventi/<year>/<slug>/incontri/<n>", the roster
};

// The event and meeting named in the path after checking the person may mark there; nullopt after
// answering 404 (no such event or meeting) or 403.
std::optional<MeetingOfEvent> meeting_to_mark(Exchange& x) {
  auto event = x.app.store().event(std::stoi(x.req.matches[1]), x.req.matches[2]);
  const auto number = parse_whole_number(x.req.matches[3].str(), 1, 999);
  if (!event || !number || !meeting_hours(*event, static_cast<int>(*number))) {
    x.res.status = 404;
    return std::nullopt;
  }
  if (!Attendance(x.app.store()).may_mark(*event, x.user()->id)) {
    x.message(403, x.t("forbidden_title"), x.t("attendance_import_forbidden"));
    return std::nullopt;
  }
  const int n = static_cast<int>(*number);
  return MeetingOfEvent{*event, n,
                        "/admin/eventi/" + std::to_string(event->year) + "/" + event->slug + "/incontri/" + std::to_string(n)};
}

// The uploaded file's name as the problems name it: its last path segment, shortened, or a
// generic name when the browser sent none (or not UTF-8).
std::string shown_file_name(const std::string& filename) {
  std::string name = filename.substr(filename.find_last_of("/\\") + 1);
  if (name.empty() || find_invalid_utf8(name) != std::string::npos) return "foglio.csv";
  return shorten(name, kMaxShownFileName);
}

void render_page(Exchange& x, const MeetingOfEvent& m, json result, int status = 200) {
  const Event& e = m.event;
  const std::string& language = x.site->site().language;
  json data = {{"event_title", e.title},
               {"event_href", "/admin/eventi/" + std::to_string(e.year) + "/" + e.slug},
               {"meeting", m.number},
               {"meeting_when", e.meetings.empty()
                                    ? format_event_when(e, language)
                                    : format_meeting_when(e.meetings[static_cast<std::size_t>(m.number) - 1], language)},
               {"roster_href", m.path},
               {"action", m.path + "/importa"},
               {"field", kSheetField}};
  data.update(result);
  x.render("attendance_import", x.t("attendance_import_title") + ": " + e.title, std::move(data), status);
}

}  // namespace

void attendance_import_page(Exchange& x) {
  auto m = meeting_to_mark(x);
  if (!m) return;
  render_page(x, *m, json::object());
}

void import_attendance_sheet(Exchange& x) {
  auto m = meeting_to_mark(x);
  if (!m) return;
  const UploadedFile* sheet = nullptr;
  for (const auto& f : x.files)
    if (f.field == kSheetField && !(f.filename.empty() && f.content.empty())) sheet = &f;
  if (!sheet)
    return render_page(x, *m, {{"has_problems", true}, {"problems", json::array({x.t("attendance_import_no_file")})}}, 400);
  auto result = AttendanceImport(x.app.store()).import(m->event, m->number, sheet->content, x.user()->id, now_seconds());
  if (!result.status.ok()) return x.refuse(x.t("attendance_import_title"), result.status);
  if (!result.problems.empty()) {
    const std::string file = shown_file_name(sheet->filename);
    json problems = json::array();
    for (const auto& p : result.problems) problems.push_back(format_csv_problem(file, p));
    return render_page(x, *m, {{"has_problems", true}, {"problems", problems}}, 400);
  }
  render_page(x, *m,
              {{"done", {{"marks", result.marks},
                         {"walk_ins_added", result.walk_ins_added},
                         {"walk_ins_reused", result.walk_ins_reused}}}});
}

}  // namespace sentinella
