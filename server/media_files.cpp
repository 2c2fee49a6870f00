#include "server/media_files.h"

#include "core/files.h"
#include "core/hash.h"
#include "importer/content_files.h"
#include "site/media_type.h"

namespace sentinella {

std::shared_ptr<const StaticFile> MediaFiles::get(const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = files_.find(name); it != files_.end()) return it->second;
  }
  if (!is_media_file_name(name)) return nullptr;
  const auto path = folder_ / name;
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec)) return nullptr;
  auto content = read_file(path, kMaxMediaFileBytes);
  if (!content.ok()) return nullptr;
  auto file = std::make_shared<StaticFile>();
  file->content = std::move(content.value());
  file->content_type = media_type_for(name);
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
