// GET /api/v1/reports/attendance: the attendance report (core/attendance_report.h) as JSON, CSV or
// an .xlsx workbook, for admins, trainers and organizers (docs/api.md).
#include <cmath>
#include <iostream>

#include "core/attendance_report_cache.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/handlers.h"
#include "server/report_files.h"

using nlohmann::json;
using ordered = nlohmann::ordered_json;  // keys in the order written: the `by` order in rows

namespace sentinella {

namespace {

constexpr size_t kMaxFilter = 200;  // bytes of a filter's value

// Two decimals, for JSON.
double two_decimals(double value) { return std::round(value * 100) / 100; }

void add_numbers(ordered& item, const ReportNumbers& n) {
  item["people"] = n.people;
  item["person_hours"] = two_decimals(n.person_hours);
  item["meetings"] = n.meetings;
}

// 400 with the message and the parameter it names (the text before the first ':').
void bad_parameter(Exchange& x, const std::string& message) {
  const auto colon = message.find(':');
  x.json(400, {{"error", message}, {"parameter", colon == std::string::npos ? "" : message.substr(0, colon)}});
}

}  // namespace

void api_attendance_report(Exchange& x) {
  const LocalDateTime today = x.today();
  const std::string year = std::to_string(today.year);
  ReportQuery q;
  // Without from or to: the current year's first or last day, in the site's time zone.
  q.from = x.req.has_param("from") ? x.query("from") : year + "-01-01";
  q.to = x.req.has_param("to") ? x.query("to") : year + "-12-31";
  auto by = parse_report_dimensions(x.query("by"));
  if (!by.ok()) return bad_parameter(x, by.status().message());
  q.by = by.value();
  for (auto [name, filter] : {std::pair{"target_group", &q.target_group}, std::pair{"module", &q.module},
                              std::pair{"organization", &q.organization}}) {
    if (!x.req.has_param(name)) continue;
    const std::string value = x.query(name);
    if (value.size() > kMaxFilter || find_invalid_utf8(value) != std::string::npos)
      return bad_parameter(x, std::string(name) + ": at most " + std::to_string(kMaxFilter) + " bytes of UTF-8 text");
    *filter = value;
  }
  const std::string format = x.req.has_param("format") ? x.query("format") : "json";
  if (format != "json" && format != "csv" && format != "xlsx")
    return bad_parameter(x, "format: '" + format + "' is not json, csv or xlsx");

  AttendanceReportCache& cache = x.app.attendance_reports();
  const auto rebuilds = cache.rebuilds();
  auto report = attendance_report(cache, q);
  if (cache.rebuilds() != rebuilds)  // this request or one beside it read the snapshot again
    std::clog << "attendance report: snapshot read again, " << cache.bytes() << " bytes" << std::endl;
  if (!report.ok()) return bad_parameter(x, report.status().message());
  const AttendanceReport& r = report.value();

  if (format == "json") {
    ordered body = ordered::object(), rows = ordered::array(), totals = ordered::object();
    body["from"] = r.query.from;
    body["to"] = r.query.to;
    body["by"] = ordered::array();
    for (auto d : r.query.by) body["by"].push_back(report_dimension_name(d));
    for (const auto& row : r.rows) {
      ordered item = ordered::object();
      for (size_t i = 0; i < r.query.by.size(); ++i) item[report_dimension_name(r.query.by[i])] = row.keys[i];
      add_numbers(item, row.numbers);
      rows.push_back(std::move(item));
    }
    body["rows"] = std::move(rows);
    add_numbers(totals, r.totals);
    body["totals"] = std::move(totals);
    x.res.status = 200;
    x.res.set_header("Cache-Control", "no-store");
    x.res.set_content(body.dump(2) + "\n", "application/json; charset=utf-8");
    return;
  }
  const ReportTable table = attendance_table(r, "Presenze");
  const std::string name = "presenze-" + r.query.from + "-" + r.query.to;
  x.res.status = 200;
  x.res.set_header("Cache-Control", "no-store");
  if (format == "csv") {
    x.res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    x.res.set_content(report_csv(table), "text/csv; charset=utf-8");
    return;
  }
  auto workbook = report_workbook({table});
  if (!workbook.ok()) {
    std::cerr << "error: the attendance workbook: " << workbook.status().message() << std::endl;
    x.json(500, {{"error", "the workbook could not be made"}});
    return;
  }
  x.res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"");
  x.res.set_content(workbook.value(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace sentinella
