// Public pages, the JSON API and theme files: the same for everyone, so rendered once and cached;
// a person signed in gets a public page's personal slots rendered for them (see serve_cached).
#include <cstdio>
#include <ctime>

#include "server/exchange.h"
#include "server/handlers.h"
#include "site/api.h"

namespace sentinella {

namespace {

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

CachedPage html(std::string body) { return {200, std::move(body), "text/html; charset=utf-8", ""}; }

// `expires`: see CachedPage. Pages that show events are cached until the first of them ends, so
// that an event never reads "Iscrizioni aperte" in the cache after it ended; the event lists are
// also keyed by today's date, since the day they start from changes at midnight.
std::optional<CachedPage> html_or_none(std::optional<std::string> body, UnixSeconds expires = 0) {
  if (!body) return std::nullopt;
  CachedPage page = html(std::move(*body));
  page.expires = expires;
  return page;
}

std::optional<CachedPage> json_or_none(const std::optional<nlohmann::json>& j) {
  if (!j) return std::nullopt;
  return CachedPage{200, j->dump(2) + "\n", "application/json; charset=utf-8", ""};
}

const std::string& started_at() {
  static const std::string date = http_date(std::time(nullptr));
  return date;
}

}  // namespace

void healthz(Exchange& x) { x.res.set_content("ok\n", "text/plain; charset=utf-8"); }

void home(Exchange& x) {
  const UnixSeconds now = now_seconds();
  serve_cached(x, "/@" + x.today().format(), [&](PublicSite& s) {
    UnixSeconds expires = 0;
    auto page = s.home(now, &expires);
    return html_or_none(std::move(page), expires);
  });
}

namespace {

// The filter of an event list from ?tipo=&destinatari= (values too long to be ids are unknown).
EventFilter event_filter(const Exchange& x) {
  return {x.query("tipo").substr(0, 64), x.query("destinatari").substr(0, 64)};
}

std::string filter_key(const EventFilter& f) { return "?tipo=" + f.type + "&destinatari=" + f.audience; }

}  // namespace

void events_list(Exchange& x) {
  const UnixSeconds now = now_seconds();
  const EventFilter f = event_filter(x);
  serve_cached(x, "/eventi@" + x.today().format() + filter_key(f), [&](PublicSite& s) {
    UnixSeconds expires = 0;
    auto page = s.events(f, now, &expires);
    return html_or_none(std::move(page), expires);
  });
}

void events_archive(Exchange& x) {
  const UnixSeconds now = now_seconds();
  const EventFilter f = event_filter(x);
  serve_cached(x, "/eventi/archivio@" + x.today().format() + filter_key(f), [&](PublicSite& s) {
    UnixSeconds expires = 0;
    auto page = s.events_archive(f, now, &expires);
    return html_or_none(std::move(page), expires);
  });
}

void events_this_month(Exchange& x) {
  const LocalDateTime today = x.today();
  char path[40];
  std::snprintf(path, sizeof path, "/eventi/calendario/%04d/%02d", today.year, today.month);
  x.res.status = 302;
  x.res.set_header("Location", path);
}

void events_month(Exchange& x) {
  const LocalDateTime today = x.today();
  const EventFilter f = event_filter(x);
  const int year = std::stoi(x.req.matches[1]), month = std::stoi(x.req.matches[2]);
  serve_cached(x, x.req.path + "@" + today.format() + filter_key(f),
               [&](PublicSite& s) { return html_or_none(s.events_month(year, month, f, today)); });
}

void event_page(Exchange& x) {
  const int year = std::stoi(x.req.matches[1]);
  const std::string slug = x.req.matches[2];
  const UnixSeconds now = now_seconds();
  serve_cached(
      x, x.req.path,
      [&](PublicSite& s) {
        UnixSeconds expires = 0;
        auto page = s.event(year, slug, now, &expires);
        return html_or_none(std::move(page), expires);
      },
      [&] {
        SlotContext c;
        c.event = x.app.store().event(year, slug);
        return c;
      });
}

void media_file(Exchange& x) {
  const std::string name = x.req.matches[1];
  auto file = x.snapshot->media.get(name);
  if (!file) {
    x.res.status = 404;
    return;
  }
  x.res.set_header("ETag", file->etag);
  x.res.set_header("Cache-Control", "public, max-age=3600");
  if (not_modified(x.req, file->etag)) {
    x.res.status = 304;
    return;
  }
  send_file(x, *file);
}

void catalogue(Exchange& x) {
  const std::string group = x.query("gruppo");
  serve_cached(x, "/moduli?gruppo=" + group, [&](PublicSite& s) { return html_or_none(s.catalogue(group)); });
}

void module_page(Exchange& x) {
  const std::string slug = x.req.matches[1];
  serve_cached(
      x, x.req.path, [&](PublicSite& s) { return html_or_none(s.module(slug)); },
      [&] {
        SlotContext c;
        c.module_slug = slug;
        return c;
      });
}

void lesson_page(Exchange& x) {
  const std::string module_slug = x.req.matches[1], slug = x.req.matches[2];
  serve_cached(
      x, x.req.path, [&](PublicSite& s) { return html_or_none(s.lesson(module_slug, slug)); },
      [&] {
        SlotContext c;
        c.module_slug = module_slug;
        c.lesson_slug = slug;
        return c;
      });
}

void content_page(Exchange& x) {
  const std::string slug = x.req.matches[1];
  serve_cached(x, x.req.path, [&](PublicSite& s) { return html_or_none(s.page(slug)); });
}

void api_modules_list(Exchange& x) {
  serve_cached(x, x.req.path, [&](PublicSite&) { return json_or_none(api_modules(x.app.store())); });
}

void api_module_detail(Exchange& x) {
  const std::string slug = x.req.matches[1];
  serve_cached(x, x.req.path, [&](PublicSite&) { return json_or_none(api_module(x.app.store(), slug)); });
}

void static_file(Exchange& x) {
  const StaticFile* file = x.site->theme().static_file(x.req.matches[1]);
  if (!file) {
    x.res.status = 404;
    return;
  }
  x.res.set_header("ETag", file->etag);
  x.res.set_header("Last-Modified", started_at());
  x.res.set_header("Cache-Control", "public, max-age=31536000, immutable");
  if (not_modified(x.req, file->etag)) {
    x.res.status = 304;
    return;
  }
  send_file(x, *file);
}

}  // namespace sentinella
