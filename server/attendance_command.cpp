#include "server/attendance_command.h"

#include <iostream>
#include <optional>

#include "core/attendance_import.h"
#include "core/files.h"
#include "core/slug.h"
#include "core/text.h"

namespace sentinella {

namespace {

int fail(const std::string& message) {
  std::cerr << "error: " << message << std::endl;
  return 1;
}

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

int run_attendance_command(const AttendanceCommand& cmd) {
  if (cmd.action != "import") return fail("unknown action " + cmd.action);
  const auto slash = cmd.event.find('/');
  const auto year = parse_whole_number(std::string_view(cmd.event).substr(0, slash), 1000, 9999);
  const std::string slug = slash == std::string::npos ? "" : cmd.event.substr(slash + 1);
  if (!year || !is_valid_slug(slug)) return fail("--event takes YEAR/SLUG, e.g. 2026/corso-usura");

  auto text = read_file(cmd.file, kAttendanceSheetLimits.max_bytes);
  if (!text.ok()) {
    std::cerr << cmd.file << ": error: " << text.status().message() << std::endl;
    return 1;
  }
  auto store = Store::open(cmd.db_path);
  if (!store.ok()) return fail(store.status().message());
  std::optional<Event> event;
  try {
    event = store.value()->event(static_cast<int>(*year), slug);
  } catch (const std::exception& e) {
    return fail(std::string("the database cannot be read: ") + e.what());
  }
  if (!event) return fail("no event " + cmd.event + " (has the content been imported?)");
  auto result = AttendanceImport(*store.value()).import(*event, cmd.meeting, text.value(), 0, now_seconds());
  if (!result.status.ok()) return fail(result.status.message());
  for (const auto& p : result.problems) std::cerr << format_csv_problem(cmd.file, p) << "\n";
  if (!result.problems.empty()) {
    std::cerr << plural(static_cast<int>(result.problems.size()), "error", "errors")
              << "; nothing was imported: the database is unchanged" << std::endl;
    return 1;
  }
  std::cout << cmd.event << " meeting " << cmd.meeting << ": " << plural(result.marks, "mark", "marks") << " recorded, "
            << plural(result.walk_ins_added, "walk-in", "walk-ins") << " added, "
            << result.walk_ins_reused << " already known" << std::endl;
  return 0;
}

}  // namespace sentinella
