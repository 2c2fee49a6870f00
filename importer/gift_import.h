// `sentinella import-gift`: a Moodle GIFT file converted (importer/gift.h) and written as a quiz
// file in a module's folder, content/modules/<module>/quiz-<name>.md.
// Errors: returned in the result's Status; nothing here throws except std::bad_alloc.
#pragma once

#include <filesystem>
#include <string>

#include "core/status.h"
#include "importer/gift.h"

namespace sentinella {

struct GiftImportRequest {
  std::filesystem::path gift_file;
  std::filesystem::path content_root;
  std::string module_slug;
  std::string name;        // the quiz's slug; "": made from the GIFT file's name
  std::string title;       // "": the GIFT file's name
  bool overwrite = false;  // replace an existing quiz file of that name
};

struct GiftImportResult {
  Status status;                 // Ok when the file was written
  GiftConversion conversion;     // its diagnostics name what was skipped, also on failure
  std::filesystem::path written; // the quiz file, when status is Ok
};

// Converts `request.gift_file` and writes the quiz file. Invalid when the module has no folder with
// an index.md, the name is not a slug, the quiz file exists and `overwrite` is false, or no
// question could be converted; the produced file is checked with the quiz parser before it is
// written (Internal if it fails: a converter bug). NotFound/Invalid/IOError from reading the GIFT
// file (at most 1 MiB), IOError from writing. Nothing is written unless the Status is Ok.
GiftImportResult import_gift(const GiftImportRequest& request);

// "Verifica usura 2024!.gift" -> "verifica-usura-2024": lower case, accents dropped, anything else
// a hyphen; "" if nothing is left.
std::string slug_from_file_name(const std::filesystem::path& file);

}  // namespace sentinella
