// CSV files that spreadsheet programs set up for Italy (Excel first) open correctly: UTF-8 with a
// byte order mark, ';' between fields (',' is the decimal separator there), CRLF line ends.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sentinella {

// One field: a value starting with = + - @ (or a tab or CR) gets a leading apostrophe, so a
// spreadsheet shows it as text instead of running it as a formula; then the value is quoted if it
// holds the separator, a quote, CR or LF, with its quotes doubled.
std::string csv_field(std::string_view value, char separator = ';');

// A whole file: the byte order mark, then each row's fields joined by `separator`, each row
// ended by CRLF.
std::string csv_document(const std::vector<std::vector<std::string>>& rows, char separator = ';');

}  // namespace sentinella
