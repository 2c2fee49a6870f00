// Rendered responses kept in memory, keyed by request path and query; cleared on import, and a
// page that says something true only until a given instant (an event's registration is open) is
// rendered again after it.
// Errors: get() lets through whatever its `render` throws (nothing is cached then); nothing else
// throws except std::bad_alloc.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "site/page_slots.h"

namespace sentinella {

struct CachedPage {
  int status = 200;
  std::string body;  // an HTML page: as sent to anonymous visitors, without slot markers
  std::string content_type;
  std::string etag;  // quoted hash of body
  // 0: true until the next import. Otherwise the instant the page stops being true (an event on it
  // ends, so "Iscrizioni aperte" must become "Evento concluso"): from then on it is a miss.
  UnixSeconds expires = 0;
  std::vector<PageSlot> slots = {};  // an HTML page's personal slots, found when it enters the cache
};

class PageCache {
public:
  explicit PageCache(size_t max_entries = 4096) : max_entries_(max_entries) {}
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The cached page for `key`, rendering and storing it on a miss (no entry, or one whose `expires`
  // has come). An HTML page's slot markers are taken out here (see site/page_slots.h), before its
  // ETag is computed. `render` returns nullopt for "no such page", which is not cached (so unknown URLs
  // cannot fill the cache) and gives nullptr.
  std::shared_ptr<const CachedPage> get(const std::string& key,
                                        const std::function<std::optional<CachedPage>()>& render);
  void clear();
  size_t size() const;

private:
  const size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const CachedPage>> pages_;  // guarded by mutex_
  unsigned long generation_ = 0;                                    // guarded by mutex_
};

}  // namespace sentinella
