// Importing a meeting's completed paper sign-in sheet as CSV: the upload form and its result
// (core/attendance_import.h). For those who may mark attendance at the event, checked here on
// every request (the route's gate lets every trainer through).
#include "core/attendance_import.h"
#include "core/text.h"
#include "server/attendance_access.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "site/format.h"

using nlohmann::json;

namespace sentinella {

namespace {

// The CSV's form field.
constexpr const char* kSheetField = "foglio";
constexpr std::size_t kMaxShownFileName = 80;  // characters

// The uploaded file's name as the problems name it: its last path segment, shortened, or a
// generic name when the browser sent none (or not UTF-8).
std::string shown_file_name(const std::string& filename) {
  std::string name = filename.substr(filename.find_last_of("/\\") + 1);
  if (name.empty() || find_invalid_utf8(name) != std::string::npos) return "foglio.csv";
  return shorten(name, kMaxShownFileName);
}

void render_page(Exchange& x, const MarkableMeeting& m, json result, int status = 200) {
  const Event& e = m.event;
  const std::string& language = x.site->site().language;
  json data = {{"event_title", e.title},
               {"event_href", admin_href(e)},
               {"meeting", m.number},
               {"meeting_when", format_meeting_when(e, m.number, language)},
               {"roster_href", roster_href(m.event, m.number)},
               {"action", roster_href(m.event, m.number) + "/importa"},
               {"field", kSheetField}};
  data.update(result);
  x.render("attendance_import", x.t("attendance_import_title") + ": " + e.title, std::move(data), status);
}

}  // namespace

void attendance_import_page(Exchange& x) {
  auto m = markable_meeting(x);
  if (!m) return;
  render_page(x, *m, json::object());
}

void import_attendance_sheet(Exchange& x) {
  auto m = markable_meeting(x);
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
