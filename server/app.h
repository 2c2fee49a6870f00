// The running application: the store, the theme for the site's language, the public site and the
// page cache, kept consistent across re-imports.
// Errors: reloads return Status; what the store and the site throw (see core/store.h,
// site/public_site.h) passes through to the caller.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "core/accounts.h"
#include "core/sessions.h"
#include "core/store.h"
#include "importer/importer.h"
#include "site/page_cache.h"
#include "site/public_site.h"
#include "site/theme.h"
#include "server/login_throttle.h"
#include "server/media_files.h"

namespace sentinella {

struct AppConfig {
  std::filesystem::path content_dir = "content";
  std::string db_path = "data/sentinella.db";
  std::filesystem::path theme_dir = "themes/default";
  SessionPolicy sessions;
  ThrottlePolicy throttle;
};

class App {
public:
  // Opens the store; does not import.
  static Result<std::unique_ptr<App>> open(const AppConfig& config);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Imports the content folder; on success reloads the theme (the language may have changed) and
  // clears the page cache. On failure the previous content keeps being served.
  ImportReport import();

  Store& store() { return *store_; }
  PageCache& cache() { return cache_; }
  Accounts accounts() { return Accounts(*store_); }
  Sessions& sessions() { return sessions_; }
  LoginThrottle& throttle() { return throttle_; }
  MediaFiles& media() { return media_; }
  const AppConfig& config() const { return config_; }
  // Cookies get the Secure attribute when the site's base URL is https.
  bool secure_cookies() const { return secure_cookies_; }
  // Deletes expired sessions and erases accounts unused for longer than the site's retention
  // period; logs what it did. Run at start and then every hour by serve.
  void housekeeping(UnixSeconds now);

  // The public site (and its theme) in use, null before the first good import; shared so a
  // request keeps its own across a reload.
  std::shared_ptr<PublicSite> site() const;

private:
  App(AppConfig config, std::unique_ptr<Store> store);

  // constant after construction
  const AppConfig config_;
  std::unique_ptr<Store> store_;
  PageCache cache_;
  Sessions sessions_;
  LoginThrottle throttle_;
  MediaFiles media_;
  std::atomic<bool> secure_cookies_{false};

  mutable std::mutex mutex_;
  std::shared_ptr<PublicSite> site_;  // guarded by mutex_
  std::mutex import_mutex_;           // one import at a time
};

}  // namespace sentinella
