#include "server/content_watcher.h"

#include <string>

#include "server/periodic_task.h"

namespace fs = std::filesystem;

namespace sentinella {

namespace {

// FNV-1a, 64 bits: enough to notice a change; not for anything an attacker controls.
void mix(std::uint64_t& h, const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    h ^= bytes[i];
    h *= 0x100000001b3ULL;
  }
}

bool ignored(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.empty() || name[0] == '.' || name.back() == '~';
}

}  // namespace

std::uint64_t folder_fingerprint(const std::vector<fs::path>& folders) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto& folder : folders) {
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
    // The iteration order is the file system's; the same tree gives the same order in practice,
    // and a different order only costs one needless reload.
    for (; !ec && it != end; it.increment(ec)) {
      if (ignored(it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      const std::string path = it->path().generic_string();
      const auto size = it->file_size(ec);
      const auto mtime = it->last_write_time(ec).time_since_epoch().count();
      mix(h, path.data(), path.size() + 1);
      mix(h, &size, sizeof size);
      mix(h, &mtime, sizeof mtime);
    }
  }
  return h;
}

ContentWatcher::ContentWatcher(std::vector<fs::path> folders, std::uint64_t baseline,
                               std::chrono::milliseconds interval, std::function<void()> on_change)
    : folders_(std::move(folders)), baseline_(baseline), interval_(interval), on_change_(std::move(on_change)),
      thread_([this](std::stop_token stop) { run(stop); }) {}

ContentWatcher::~ContentWatcher() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void ContentWatcher::run(std::stop_token stop) {
  std::uint64_t seen = baseline_;
  // A round that throws (a file system error, or the callback's store error) is logged and the
  // watching goes on: an exception leaving this thread would end the whole server.
  while (sleep_for(stop, interval_)) run_logging_errors("content watcher", [&] { check(stop, seen); });
}

void ContentWatcher::check(std::stop_token stop, std::uint64_t& seen) {
  std::uint64_t now = folder_fingerprint(folders_);
  if (now == seen) return;
  // Settle: wait until two looks a short moment apart agree.
  for (int i = 0; i < 20; ++i) {
    if (!sleep_for(stop, std::chrono::milliseconds(100))) return;
    const std::uint64_t again = folder_fingerprint(folders_);
    if (again == now) break;
    now = again;
  }
  seen = now;  // before the callback: one that throws is not called again until the next change
  on_change_();
}

}  // namespace sentinella
