// One version of the site as served: its settings and theme, the pages rendered from it and the
// media files read for it, published as a whole.
#pragma once

#include <filesystem>
#include <memory>

#include "site/page_cache.h"
#include "site/public_site.h"
#include "server/media_files.h"

namespace sentinella {

// Made whole before it is published and never replaced piece by piece (only its caches fill up): a
// request holds one snapshot from start to end, so it never mixes the settings of one import with
// the cached pages of another. A reload publishes a new snapshot with empty caches.
struct SiteSnapshot {
  SiteSnapshot(Store& store, Site settings, std::shared_ptr<const Theme> theme,
               const std::filesystem::path& media_folder)
      : secure_cookies(settings.base_url.starts_with("https://")),
        site(store, std::move(settings), std::move(theme)),
        media(media_folder) {}
  SiteSnapshot(const SiteSnapshot&) = delete;
  SiteSnapshot& operator=(const SiteSnapshot&) = delete;

  const bool secure_cookies;  // the site's base URL is https: cookies get the Secure attribute
  PublicSite site;
  PageCache cache;
  MediaFiles media;
};

}  // namespace sentinella
