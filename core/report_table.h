// A table of a report, as the files (CSV, .xlsx: server/report_files.h) and pages show it: a title,
// some facts about it above the table (e.g. the period), column headers and typed cells.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sentinella {

struct ReportCell {
  enum class Kind { text, number, date };
  Kind kind = Kind::text;
  std::string text;   // text, or the date as "YYYY-MM-DD"
  double number = 0;  // for numbers

  static ReportCell of_text(std::string value) { return {Kind::text, std::move(value), 0}; }
  static ReportCell of_number(double value) { return {Kind::number, "", value}; }
  static ReportCell of_date(std::string yyyy_mm_dd) { return {Kind::date, std::move(yyyy_mm_dd), 0}; }
};

struct ReportTable {
  std::string title;                                     // the sheet's name is made from it
  std::vector<std::pair<std::string, ReportCell>> facts; // label, value: shown above the table
  std::vector<std::string> columns;
  std::vector<std::vector<ReportCell>> rows;             // each as long as `columns`
};

}  // namespace sentinella
