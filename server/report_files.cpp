#include "server/report_files.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <xlsxwriter.h>

#include "server/csv.h"

namespace sentinella {

namespace {

constexpr size_t kMaxSheetName = 31;  // characters, Excel's limit

// `value` rounded to two decimals, with a decimal comma, without trailing zeros.
std::string italian_number(double value) {
  const double rounded = std::round(value * 100) / 100;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", rounded);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  for (char& c : text)
    if (c == '.') c = ',';
  return text == "-0" ? "0" : text;
}

std::string csv_cell(const ReportCell& cell) {
  switch (cell.kind) {
    case ReportCell::Kind::number: return italian_number(cell.number);
    case ReportCell::Kind::date:
      if (cell.text.size() == 10) return cell.text.substr(8, 2) + "/" + cell.text.substr(5, 2) + "/" + cell.text.substr(0, 4);
      return cell.text;
    case ReportCell::Kind::text: return cell.text;
  }
  return cell.text;
}

// The first `max` characters (code points) of UTF-8 `text`.
std::string first_chars(const std::string& text, size_t max) {
  size_t count = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (count++ == max) break;
  }
  return text.substr(0, i);
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trimmed_name(std::string s) {
  const auto junk = [](char c) { return c == ' ' || c == '\''; };
  while (!s.empty() && junk(s.front())) s.erase(s.begin());
  while (!s.empty() && junk(s.back())) s.pop_back();
  return s;
}

void write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const ReportCell& cell, lxw_format* date_format) {
  switch (cell.kind) {
    case ReportCell::Kind::number: worksheet_write_number(sheet, row, col, cell.number, nullptr); return;
    case ReportCell::Kind::date:
      if (cell.text.size() == 10) {
        lxw_datetime when = {std::atoi(cell.text.substr(0, 4).c_str()), static_cast<uint8_t>(std::atoi(cell.text.substr(5, 2).c_str())),
                             static_cast<uint8_t>(std::atoi(cell.text.substr(8, 2).c_str())), 0, 0, 0};
        worksheet_write_datetime(sheet, row, col, &when, date_format);
        return;
      }
      break;
    case ReportCell::Kind::text: break;
  }
  worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr);
}

// A temporary file's name, the file created empty (and removed by the destructor).
class TemporaryFile {
public:
  TemporaryFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sentinella-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TemporaryFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

}  // namespace

std::string report_csv(const ReportTable& table) {
  std::vector<std::vector<std::string>> rows = {table.columns};
  for (const auto& cells : table.rows) {
    std::vector<std::string> row;
    for (const auto& cell : cells) row.push_back(csv_cell(cell));
    rows.push_back(std::move(row));
  }
  return csv_document(rows);
}

std::string workbook_sheet_name(const std::string& title, const std::vector<std::string>& taken) {
  std::string clean = title;
  for (char& c : clean)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = ' ';
  std::string base = trimmed_name(first_chars(trimmed_name(clean), kMaxSheetName));
  if (base.empty()) base = "Foglio";
  const auto is_taken = [&](const std::string& name) {
    for (const auto& t : taken)
      if (lower_ascii(t) == lower_ascii(name)) return true;
    return false;
  };
  std::string name = base;
  for (int n = 2; is_taken(name); ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    name = trimmed_name(first_chars(base, kMaxSheetName - suffix.size())) + suffix;
  }
  return name;
}

Result<std::string> report_workbook(const std::vector<ReportTable>& tables) {
  TemporaryFile file;
  if (file.path().empty()) return Status::IOError("cannot create a temporary file for the workbook");
  lxw_workbook* book = workbook_new(file.path().c_str());
  if (!book) return Status::IOError("cannot start the workbook");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* date_format = workbook_add_format(book);
  format_set_num_format(date_format, "dd/mm/yyyy");
  std::vector<std::string> names;
  for (const auto& table : tables) {
    names.push_back(workbook_sheet_name(table.title, names));
    lxw_worksheet* sheet = workbook_add_worksheet(book, names.back().c_str());
    if (!sheet) {
      workbook_close(book);
      return Status::IOError("cannot add the sheet '" + names.back() + "'");
    }
    lxw_row_t row = 0;
    worksheet_write_string(sheet, row++, 0, table.title.c_str(), bold);
    for (const auto& [label, value] : table.facts) {
      worksheet_write_string(sheet, row, 0, label.c_str(), nullptr);
      write_cell(sheet, row++, 1, value, date_format);
    }
    ++row;  // an empty row before the table
    for (size_t c = 0; c < table.columns.size(); ++c)
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), table.columns[c].c_str(), bold);
    worksheet_freeze_panes(sheet, row + 1, 0);
    ++row;
    for (const auto& cells : table.rows) {
      for (size_t c = 0; c < cells.size(); ++c) write_cell(sheet, row, static_cast<lxw_col_t>(c), cells[c], date_format);
      ++row;
    }
    const lxw_col_t last = static_cast<lxw_col_t>(std::max<size_t>(table.columns.size(), 2) - 1);
    worksheet_set_column(sheet, 0, last, 20, nullptr);
  }
  if (tables.empty()) workbook_add_worksheet(book, "Foglio");  // a workbook needs a sheet
  if (lxw_error e = workbook_close(book); e != LXW_NO_ERROR)
    return Status::IOError(std::string("cannot write the workbook: ") + lxw_strerror(e));
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return Status::IOError("cannot read the workbook back");
  if (bytes.empty()) return Status::IOError("the workbook is empty");
  return bytes;
}

}  // namespace sentinella
