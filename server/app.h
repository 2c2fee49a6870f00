// The running application: the store, and the snapshot of the site in use (settings, theme, page
// cache, media), replaced as a whole by each import or change to the database.
// Errors: reloads return Status and never throw; what the store and the site throw (see
// core/store.h, site/public_site.h) passes through the other calls to the caller.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/accounts.h"
#include "core/attendance_report_cache.h"
#include "core/sessions.h"
#include "core/store.h"
#include "importer/importer.h"
#include "site/theme.h"
#include "server/client_address.h"
#include "server/login_throttle.h"
#include "server/site_snapshot.h"

namespace sentinella {

struct AppConfig {
  std::filesystem::path content_dir = "content";
  std::string db_path = "data/sentinella.db";
  std::filesystem::path theme_dir = "themes/default";
  SessionPolicy sessions;
  ThrottlePolicy throttle;
  // Wrong self check-in codes, per account (core/checkin.h): 5 in 10 minutes, then 10 minutes' wait.
  ThrottlePolicy checkin_throttle{.slow_after = 5, .lock_after = 5, .window_seconds = 10 * 60,
                                  .lock_seconds = 10 * 60, .max_delay_ms = 0};
  // Reverse proxies whose X-Forwarded-For / Forwarded headers name the client (serve --trusted-proxy).
  TrustedProxies trusted_proxies;
};

class App {
public:
  // Opens the store; does not import.
  static Result<std::unique_ptr<App>> open(const AppConfig& config);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Imports the content folder and publishes a new snapshot for it. Everything that can fail is
  // checked before anything is written: the content, and the theme for the new site's language.
  // On failure the database is unchanged (none of the new content is written, so importing again
  // once the problem is fixed writes all of it) and the previous snapshot keeps being served.
  // Never throws: a store error is a diagnostic of the report.
  ImportReport import();

  // Publishes a new snapshot when another process wrote to the database since the last look (a
  // `sentinella import` while serve runs): the cached pages of the old one would stay stale.
  // Cheap when nothing changed (one PRAGMA, no waiting). True if it published one. A theme that
  // does not load for the new language is logged and the old snapshot stays. Never throws.
  bool refresh_if_changed();

  Store& store() { return *store_; }
  Accounts accounts() { return Accounts(*store_); }
  Sessions& sessions() { return sessions_; }
  LoginThrottle& throttle() { return throttle_; }
  LoginThrottle& checkin_throttle() { return checkin_throttle_; }
  // The attendance report's snapshot, shared by the API and the report pages.
  AttendanceReportCache& attendance_reports() { return attendance_reports_; }
  const AppConfig& config() const { return config_; }
  // Cookies get the Secure attribute when the site's base URL is https.
  bool secure_cookies() const;
  // Deletes expired sessions and erases accounts unused for longer than the site's retention
  // period; logs what it did. Run at start and then every hour by serve. Never throws: a store
  // error is logged.
  void housekeeping(UnixSeconds now);

  // The snapshot in use, null before the first good import; a request keeps its own across a
  // reload.
  std::shared_ptr<SiteSnapshot> snapshot() const;
  // The public site of the snapshot in use (which the pointer keeps alive), or null.
  std::shared_ptr<PublicSite> site() const;

private:
  App(AppConfig config, std::unique_ptr<Store> store);
  // The theme for `language`, or a diagnostic in `report` naming the theme folder.
  std::shared_ptr<const Theme> load_theme(const std::string& language, ImportReport& report);
  // A snapshot for the store's content as it is now, with `theme`; replaces the one in use.
  void publish(Site settings, std::shared_ptr<const Theme> theme);

  // constant after construction
  const AppConfig config_;
  std::unique_ptr<Store> store_;
  Sessions sessions_;
  LoginThrottle throttle_;
  LoginThrottle checkin_throttle_;
  AttendanceReportCache attendance_reports_;  // thread-safe

  mutable std::mutex mutex_;
  std::shared_ptr<SiteSnapshot> snapshot_;  // guarded by mutex_

  std::mutex reload_mutex_;                  // one import or refresh at a time
  std::optional<std::int64_t> seen_changes_; // guarded by reload_mutex_: the store's external
                                             // change counter the snapshot in use reflects
};

}  // namespace sentinella
