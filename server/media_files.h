// Files of content/media/ (images, PDFs), read on first request and kept in memory until the next
// import.
// Errors: a missing, unreadable or oversized file gives nullptr; nothing here throws except
// std::bad_alloc.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "site/theme.h"

namespace sentinella {

class MediaFiles {
public:
  explicit MediaFiles(std::filesystem::path folder) : folder_(std::move(folder)) {}
  MediaFiles(const MediaFiles&) = delete;
  MediaFiles& operator=(const MediaFiles&) = delete;

  // The file `name` (a media file name, checked by the caller's route), or null if there is none
  // or it is larger than the limit.
  std::shared_ptr<const StaticFile> get(const std::string& name);
  void clear();

private:
  const std::filesystem::path folder_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const StaticFile>> files_;  // guarded by mutex_
};

}  // namespace sentinella
