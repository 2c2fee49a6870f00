#include "site/page_cache.h"

#include "core/hash.h"

namespace sentinella {

std::shared_ptr<const CachedPage> PageCache::get(
    const std::string& key, const std::function<std::optional<CachedPage>()>& render) {
  unsigned long generation;
  {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(key);
    if (it != pages_.end()) {
      if (it->second->expires == 0 || now_seconds() < it->second->expires) return it->second;
      pages_.erase(it);
    }
    generation = generation_;
  }
  // Rendered outside the lock: two threads may render the same page once each, which is harmless.
  auto page = render();
  if (!page) return nullptr;
  if (page->content_type.starts_with("text/html")) page->slots = take_slot_markers(page->body);
  page->etag = "\"" + content_hash(page->body) + "\"";
  auto shared = std::make_shared<const CachedPage>(std::move(*page));
  std::lock_guard lock(mutex_);
  // A page rendered from content older than the last clear() must not be kept.
  if (generation == generation_ && pages_.size() < max_entries_) pages_.emplace(key, shared);
  return shared;
}

void PageCache::clear() {
  std::lock_guard lock(mutex_);
  pages_.clear();
  ++generation_;
}

size_t PageCache::size() const {
  std::lock_guard lock(mutex_);
  return pages_.size();
}

}  // namespace sentinella
