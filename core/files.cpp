#include "core/files.h"

#include <fstream>

namespace sentinella {

namespace {

// "1 MiB (1048576 bytes)" for whole mebibytes, else "1000 bytes".
std::string size_text(size_t bytes) {
  constexpr size_t kMiB = 1024 * 1024;
  const std::string exact = std::to_string(bytes) + " bytes";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB (" + exact + ")";
  return exact;
}

}  // namespace

Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound("no such file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::IOError("cannot read the file: " + ec.message());
  if (size > max_bytes)
    return Status::Invalid("the file is " + std::to_string(size) + " bytes; the limit is " + size_text(max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read the file");
  // One byte more than the size asked for, so a file that grew past the limit since file_size()
  // is caught too.
  std::string text(static_cast<size_t>(size) + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::IOError("cannot read the file");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > max_bytes)
    return Status::Invalid("the file is over the limit of " + size_text(max_bytes));
  return text;
}

}  // namespace sentinella
