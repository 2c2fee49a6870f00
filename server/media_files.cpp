#include "server/media_files.h"

#include <fstream>
#include <sstream>

#include "core/hash.h"
#include "importer/content_files.h"

namespace sentinella {

namespace {

std::string media_type(const std::string& name) {
  const std::string ext = name.substr(name.rfind('.') + 1);
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "pdf") return "application/pdf";
  return "application/octet-stream";
}

}  // namespace

std::shared_ptr<const StaticFile> MediaFiles::get(const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = files_.find(name); it != files_.end()) return it->second;
  }
  if (!is_media_file_name(name)) return nullptr;
  const auto path = folder_ / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::is_symlink(path, ec) ||
      std::filesystem::file_size(path, ec) > kMaxMediaFileBytes)
    return nullptr;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  auto file = std::make_shared<StaticFile>();
  file->content = buf.str();
  file->content_type = media_type(name);
  file->etag = "\"" + content_hash(file->content) + "\"";
  std::lock_guard lock(mutex_);
  files_[name] = file;
  return file;
}

void MediaFiles::clear() {
  std::lock_guard lock(mutex_);
  files_.clear();
}

}  // namespace sentinella
