// Report tables (core/report_table.h) as files to download: CSV for Excel with Italian settings
// (server/csv.h) and .xlsx workbooks (libxlsxwriter).
// Errors: report_workbook returns IOError when the workbook cannot be written (no room for its
// temporary file); nothing else here throws except std::bad_alloc.
#pragma once

#include <string>
#include <vector>

#include "core/report_table.h"
#include "core/status.h"

namespace sentinella {

// The table as CSV (csv_document): the column headers, then the rows; not the title or the facts.
// Numbers with a decimal comma and at most two decimals ("12,5"), whole ones without ("12");
// dates as "dd/mm/yyyy", which Excel set up for Italy reads as dates.
std::string report_csv(const ReportTable& table);

// An .xlsx workbook with one sheet per table, in order: the title (bold) in the first row, then a
// row per fact (label, value), an empty row, the column headers (bold, frozen above the rows),
// then the rows. Numbers are numbers, dates real dates shown as dd/mm/yyyy. Each sheet is named
// after its table's title by workbook_sheet_name(). Returns the file's bytes.
Result<std::string> report_workbook(const std::vector<ReportTable>& tables);

// A valid, unique sheet name for `title`: the characters []:*?/\ become spaces, leading and trailing
// spaces and apostrophes go, then at most 31 characters; "Foglio" when nothing is left; " (2)",
// " (3)"... (within the 31) when `taken` already holds it, compared without regard to case.
std::string workbook_sheet_name(const std::string& title, const std::vector<std::string>& taken);

}  // namespace sentinella
