// serve --watch: notices changes to the content folder by polling it, without inotify.
// Errors: file-system errors count as a change or are skipped; what a reload throws passes through
// to the watching thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

namespace sentinella {

// A hash of the path, size and modification time of every file under `folders` (hidden files and
// editor backups ending in '~' left out); a folder that does not exist counts as empty.
std::uint64_t folder_fingerprint(const std::vector<std::filesystem::path>& folders);

class ContentWatcher {
public:
  // Takes the fingerprint of `folders` every `interval` on its own thread; when it differs from
  // the last one (at first `baseline`, taken before the content in use was loaded), waits until it
  // stays the same for a moment (an editor may write a file in several steps) and calls
  // `on_change` on that thread. An exception from `on_change` (or from looking at the folders) is
  // logged to stderr and the watching goes on. Stops with the object.
  ContentWatcher(std::vector<std::filesystem::path> folders, std::uint64_t baseline,
                 std::chrono::milliseconds interval, std::function<void()> on_change);
  ~ContentWatcher();
  ContentWatcher(const ContentWatcher&) = delete;
  ContentWatcher& operator=(const ContentWatcher&) = delete;

private:
  void run(std::stop_token stop);
  // One look at the folders: calls on_change_ if they changed since `seen`, and updates it.
  void check(std::stop_token stop, std::uint64_t& seen);

  // constant after construction
  const std::vector<std::filesystem::path> folders_;
  const std::uint64_t baseline_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> on_change_;
  std::jthread thread_;  // last: started once the members it uses exist
};

}  // namespace sentinella
