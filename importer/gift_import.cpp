#include "importer/gift_import.h"

#include <fstream>

#include "core/files.h"
#include "core/hash.h"
#include "core/slug.h"
#include "core/text.h"
#include "importer/content_files.h"
#include "importer/quiz_parser.h"

namespace fs = std::filesystem;

namespace sentinella {

std::string slug_from_file_name(const fs::path& file) {
  const std::string folded = fold_for_matching(file.stem().string());
  std::string slug;
  for (char c : folded) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) slug += c;
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

GiftImportResult import_gift(const GiftImportRequest& request) {
  GiftImportResult result;
  const fs::path module_dir = request.content_root / "modules" / request.module_slug;
  std::error_code ec;
  if (!is_valid_slug(request.module_slug) || !fs::is_regular_file(module_dir / "index.md", ec)) {
    result.status = Status::Invalid("unknown module '" + request.module_slug + "': " +
                                    (module_dir / "index.md").generic_string() + " does not exist");
    return result;
  }
  const std::string name = request.name.empty() ? slug_from_file_name(request.gift_file) : request.name;
  if (!is_valid_slug(name)) {
    result.status = Status::Invalid("the quiz name '" + name + "' is not a slug: use lower-case letters "
                                    "a-z, digits and single hyphens (--name)");
    return result;
  }
  const fs::path target = module_dir / (std::string(kQuizFilePrefix) + name + ".md");
  if (!request.overwrite && fs::exists(target, ec)) {
    result.status = Status::Invalid(target.generic_string() + " exists already: choose another name "
                                    "with --name, or replace it with --force");
    return result;
  }
  auto text = read_file(request.gift_file, kMaxContentFileBytes);
  if (!text.ok()) {
    const std::string message = request.gift_file.generic_string() + ": " + text.status().message();
    result.status = text.status().code() == Status::Code::not_found ? Status::NotFound(message)
                    : text.status().code() == Status::Code::invalid ? Status::Invalid(message)
                                                                    : Status::IOError(message);
    return result;
  }
  GiftOptions options;
  options.source_name = request.gift_file.generic_string();
  options.title = request.title.empty() ? request.gift_file.stem().string() : request.title;
  result.conversion = convert_gift(text.value(), options);
  if (result.conversion.diagnostics.has_errors()) {
    result.status = Status::Invalid("nothing was written");
    return result;
  }
  // What `check` will say of the file, before it is written.
  SourceFile file;
  file.rel_path = "modules/" + request.module_slug + "/" + target.filename().string();
  file.display_path = target.generic_string();
  file.kind = SourceKind::quiz;
  file.slug = name;
  file.module_slug = request.module_slug;
  file.text = result.conversion.quiz_file;
  file.hash = content_hash(file.text);
  Diagnostics check;
  if (!parse_quiz(file, nullptr, nullptr, check)) {
    result.conversion.diagnostics.append(check);
    result.status = Status::Internal("the converted quiz does not pass the check; nothing was written");
    return result;
  }
  // Written beside it under a hidden name (content scans skip those), then renamed into place.
  const fs::path temporary = module_dir / ("." + target.filename().string() + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << result.conversion.quiz_file;
    out.close();
    if (!out) {
      fs::remove(temporary, ec);
      result.status = Status::IOError("cannot write " + temporary.generic_string());
      return result;
    }
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    fs::remove(temporary, ec);
    result.status = Status::IOError("cannot write " + target.generic_string() + ": " + ec.message());
    return result;
  }
  result.written = target;
  result.status = Status::Ok();
  return result;
}

}  // namespace sentinella
