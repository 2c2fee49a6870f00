#include "server/app.h"

#include <iostream>

namespace sentinella {

App::App(AppConfig config, std::unique_ptr<Store> store)
    : config_(std::move(config)),
      store_(std::move(store)),
      sessions_(*store_, config_.sessions),
      throttle_(config_.throttle),
      media_(config_.content_dir / "media") {}

Result<std::unique_ptr<App>> App::open(const AppConfig& config) {
  auto store = Store::open(config.db_path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<App>(new App(config, std::move(store.value())));
}

ImportReport App::import() {
  std::lock_guard import_lock(import_mutex_);
  ImportReport report = import_content(config_.content_dir, *store_);
  if (!report.ok()) return report;
  auto site = store_->site();
  if (!site) {  // a good import always has a site.yaml
    report.diagnostics.error("site.yaml", 1, 1, "the imported content has no site settings");
    return report;
  }
  secure_cookies_ = site->base_url.starts_with("https://");
  auto theme = Theme::load(config_.theme_dir, site->language);
  if (!theme.ok()) {
    report.diagnostics.error(config_.theme_dir.generic_string(), 1, 1, theme.status().message());
    return report;
  }
  auto public_site = std::make_shared<PublicSite>(*store_, std::move(*site), std::move(theme.value()));
  {
    std::lock_guard lock(mutex_);
    site_ = std::move(public_site);
  }
  cache_.clear();
  media_.clear();
  return report;
}

void App::housekeeping(UnixSeconds now) {
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
}

std::shared_ptr<PublicSite> App::site() const {
  std::lock_guard lock(mutex_);
  return site_;
}

}  // namespace sentinella
