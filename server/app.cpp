#include "server/app.h"

#include <iostream>

#include "server/periodic_task.h"

namespace sentinella {

App::App(AppConfig config, std::unique_ptr<Store> store)
    : config_(std::move(config)),
      store_(std::move(store)),
      sessions_(*store_, config_.sessions),
      throttle_(config_.throttle),
      checkin_throttle_(config_.checkin_throttle),
      attendance_reports_(*store_) {}

Result<std::unique_ptr<App>> App::open(const AppConfig& config) {
  auto store = Store::open(config.db_path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<App>(new App(config, std::move(store.value())));
}

std::shared_ptr<const Theme> App::load_theme(const std::string& language, ImportReport& report) {
  auto theme = Theme::load(config_.theme_dir, language);
  if (!theme.ok()) {
    report.diagnostics.error(config_.theme_dir.generic_string(), 1, 1, theme.status().message());
    return nullptr;
  }
  return std::move(theme.value());
}

void App::publish(Site settings, std::shared_ptr<const Theme> theme) {
  auto next = std::make_shared<SiteSnapshot>(*store_, std::move(settings), std::move(theme),
                                             config_.content_dir / "media");
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(next);
}

ImportReport App::import() {
  std::lock_guard reload_lock(reload_mutex_);
  try {
    // Read first: a change by another process after this moment is noticed by the next refresh.
    const auto changes_before = store_->external_change_counter();
    // Everything that can fail before anything is written: a theme error after the write would
    // leave new content served through the old settings and the old cached pages.
    ImportPlan plan = plan_import(config_.content_dir, *store_);
    if (!plan.report.ok()) return plan.report;
    std::optional<Site> settings = plan.changes.site ? plan.changes.site : store_->site();
    if (!settings) {  // a good import always has a site.yaml
      plan.report.diagnostics.error("site.yaml", 1, 1, "the imported content has no site settings");
      return plan.report;
    }
    auto theme = load_theme(settings->language, plan.report);
    if (!theme) return plan.report;
    ImportReport report = apply_import(config_.content_dir, *store_, std::move(plan));
    if (!report.ok()) return report;
    seen_changes_.reset();  // written but not yet published: if publishing fails, a refresh retries
    publish(std::move(*settings), std::move(theme));
    seen_changes_ = changes_before;
    return report;
  } catch (const std::exception& e) {  // a store error while reading
    ImportReport report;
    report.diagnostics.error(config_.db_path, 1, 1, std::string("database error: ") + e.what());
    return report;
  }
}

bool App::refresh_if_changed() {
  std::lock_guard reload_lock(reload_mutex_);
  if (!snapshot()) return false;  // nothing served yet: the first import publishes
  const auto changes = store_->external_change_counter();
  if (!changes || changes == seen_changes_) return false;  // busy writer: look again next time
  seen_changes_ = changes;
  bool published = false;
  // An error is logged once; the next change by another process tries again.
  run_logging_errors("reading the database changed by another process", [&] {
    auto settings = store_->site();
    if (!settings) return;
    ImportReport report;
    auto theme = load_theme(settings->language, report);
    if (!theme) {
      std::cerr << report.diagnostics.format_all()
                << "not reloaded: the database changed, but the theme does not load for it; "
                   "still serving the last good content" << std::endl;
      return;
    }
    publish(std::move(*settings), std::move(theme));
    published = true;
    std::cerr << "reloaded: the database was changed by another process" << std::endl;
  });
  return published;
}

void App::housekeeping(UnixSeconds now) {
  run_logging_errors("housekeeping", [&] {
    const int sessions = sessions_.purge_expired(now);
    auto site = store_->site();
    const int months = site ? site->retention_months : 24;
    auto erased = accounts().erase_inactive(now - std::int64_t{months} * 30 * 86400, now);
    if (!erased.ok()) {
      std::cerr << "error: housekeeping: " << erased.status().message() << std::endl;
      return;
    }
    for (const auto& [id, why] : erased->failed)
      std::cerr << "error: housekeeping: account " << id << " could not be erased: " << why.message() << std::endl;
    if (erased->erased > 0 || sessions > 0)
      std::cerr << "housekeeping: " << sessions << " expired sessions deleted, " << erased->erased
                << " accounts unused for " << months << " months erased" << std::endl;
  });
}

std::shared_ptr<SiteSnapshot> App::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::shared_ptr<PublicSite> App::site() const {
  auto current = snapshot();
  if (!current) return nullptr;
  return std::shared_ptr<PublicSite>(current, &current->site);
}

bool App::secure_cookies() const {
  auto current = snapshot();
  return current && current->secure_cookies;
}

}  // namespace sentinella
