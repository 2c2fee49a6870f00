#include "server/http_server.h"

#include <httplib.h>

#include <ctime>
#include <iostream>

#include "server/request_log.h"
#include "site/api.h"

namespace sentinella {

namespace {

using httplib::Request;
using httplib::Response;

constexpr size_t kMaxRequestBody = 1024 * 1024;

const char* const kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void set_security_headers(Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
}

// True if the request's If-None-Match names `etag` (or is "*").
bool not_modified(const Request& req, const std::string& etag) {
  const std::string inm = req.get_header_value("If-None-Match");
  if (inm.empty()) return false;
  if (inm == "*") return true;
  size_t pos = 0;
  while ((pos = inm.find(etag, pos)) != std::string::npos) {
    bool start_ok = pos == 0 || inm[pos - 1] == ' ' || inm[pos - 1] == ',' || inm[pos - 1] == '/';
    size_t end = pos + etag.size();
    bool end_ok = end == inm.size() || inm[end] == ',' || inm[end] == ' ';
    if (start_ok && end_ok) return true;
    pos = end;
  }
  return false;
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

void send_cached(const Request& req, Response& res, const CachedPage& page) {
  res.set_header("ETag", page.etag);
  res.set_header("Cache-Control", "no-cache");
  if (not_modified(req, page.etag)) {
    res.status = 304;
    return;
  }
  res.status = page.status;
  res.set_content(page.body, page.content_type.c_str());
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Richiesta non valida";
    case 403: return "Accesso negato";
    case 404: return "Pagina non trovata";
    case 405: return "Metodo non consentito";
    case 413: return "Richiesta troppo grande";
    case 414: return "Indirizzo troppo lungo";
    case 500: return "Errore interno del server";
    case 503: return "Servizio non disponibile";
    default: return "Errore";
  }
}

CachedPage html(std::string body) { return {200, std::move(body), "text/html; charset=utf-8", ""}; }
CachedPage json_page(const nlohmann::json& j) {
  return {200, j.dump(2) + "\n", "application/json; charset=utf-8", ""};
}

// Wraps an optional HTML page into an optional cached page.
std::optional<CachedPage> html_or_none(std::optional<std::string> body) {
  if (!body) return std::nullopt;
  return html(std::move(*body));
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(App& a) : app(a) {}

  // Serves the page for `key` from the cache, rendering it on a miss; 404 page if it does not exist.
  template <typename Render>
  void serve(const Request& req, Response& res, const std::string& key, Render render) {
    auto site = app.site();
    if (!site) {
      res.status = 503;
      res.set_content("Il contenuto non è ancora stato importato.\n", "text/plain; charset=utf-8");
      return;
    }
    auto page = app.cache().get(key, [&]() -> std::optional<CachedPage> { return render(*site); });
    if (!page) {
      res.status = 404;
      return;  // the error handler renders the not-found page
    }
    send_cached(req, res, *page);
  }

  void home(const Request& req, Response& res) {
    serve(req, res, "/", [](PublicSite& s) { return html_or_none(s.home()); });
  }
  void catalogue(const Request& req, Response& res) {
    const std::string group = req.get_param_value("gruppo");
    serve(req, res, "/moduli?gruppo=" + group, [&](PublicSite& s) { return html_or_none(s.catalogue(group)); });
  }
  void module(const Request& req, Response& res) {
    const std::string slug = req.matches[1];
    serve(req, res, req.path, [&](PublicSite& s) { return html_or_none(s.module(slug)); });
  }
  void lesson(const Request& req, Response& res) {
    const std::string module_slug = req.matches[1], slug = req.matches[2];
    serve(req, res, req.path, [&](PublicSite& s) { return html_or_none(s.lesson(module_slug, slug)); });
  }
  void page(const Request& req, Response& res) {
    const std::string slug = req.matches[1];
    serve(req, res, req.path, [&](PublicSite& s) { return html_or_none(s.page(slug)); });
  }
  void api_modules(const Request& req, Response& res) {
    serve(req, res, req.path, [&](PublicSite&) { return std::optional(json_page(sentinella::api_modules(app.store()))); });
  }
  void api_module(const Request& req, Response& res) {
    const std::string slug = req.matches[1];
    serve(req, res, req.path, [&](PublicSite&) -> std::optional<CachedPage> {
      auto j = sentinella::api_module(app.store(), slug);
      if (!j) return std::nullopt;
      return json_page(*j);
    });
  }
  void healthz(const Request&, Response& res) { res.set_content("ok\n", "text/plain; charset=utf-8"); }

  void static_file(const Request& req, Response& res) {
    auto site = app.site();
    const StaticFile* file = site ? site->theme().static_file(req.matches[1]) : nullptr;
    if (!file) {
      res.status = 404;
      return;
    }
    res.set_header("ETag", file->etag);
    res.set_header("Last-Modified", started_at);
    res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    if (not_modified(req, file->etag)) {
      res.status = 304;
      return;
    }
    res.set_content(file->content, file->content_type.c_str());
  }

  // Unmatched routes and handler errors without a body get a page that says what happened.
  void error_page(const Request& req, Response& res) {
    set_security_headers(res);
    if (!res.body.empty()) return;
    if (res.status == 404) {
      if (req.path.starts_with("/api/")) {
        res.set_content("{\"error\": \"not found\"}\n", "application/json; charset=utf-8");
        return;
      }
      if (auto site = app.site()) {
        res.set_content(site->not_found(req.path), "text/html; charset=utf-8");
        return;
      }
    }
    res.set_content(std::to_string(res.status) + " " + reason_phrase(res.status) + "\n",
                    "text/plain; charset=utf-8");
  }

  App& app;
  httplib::Server http;
  const std::string started_at = http_date(std::time(nullptr));
};

HttpServer::HttpServer(App& app) : impl_(std::make_unique<Impl>(app)) {
  auto& s = impl_->http;
  Impl* i = impl_.get();
  // Every route, one line each. Slugs are [a-z0-9-]: anything else is a 404 without a lookup.
  s.Get("/healthz", [i](const Request& q, Response& r) { i->healthz(q, r); });
  s.Get("/", [i](const Request& q, Response& r) { i->home(q, r); });
  s.Get("/moduli", [i](const Request& q, Response& r) { i->catalogue(q, r); });
  s.Get("/moduli/([a-z0-9-]+)", [i](const Request& q, Response& r) { i->module(q, r); });
  s.Get("/moduli/([a-z0-9-]+)/([a-z0-9-]+)", [i](const Request& q, Response& r) { i->lesson(q, r); });
  s.Get("/api/v1/modules", [i](const Request& q, Response& r) { i->api_modules(q, r); });
  s.Get("/api/v1/modules/([a-z0-9-]+)", [i](const Request& q, Response& r) { i->api_module(q, r); });
  s.Get("/static/([A-Za-z0-9_./-]+)", [i](const Request& q, Response& r) { i->static_file(q, r); });
  s.Get("/([a-z0-9-]+)", [i](const Request& q, Response& r) { i->page(q, r); });

  s.set_payload_max_length(kMaxRequestBody);
  s.set_keep_alive_max_count(1000);
  s.set_pre_routing_handler([](const Request&, Response& res) {
    set_security_headers(res);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_error_handler([i](const Request& q, Response& r) { i->error_page(q, r); });
  s.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "error: " << req.method << " " << req.path << ": " << what << std::endl;
    set_security_headers(res);
    res.status = 500;
    res.set_content("500 Errore interno del server\n", "text/plain; charset=utf-8");
  });
  s.set_logger([](const Request& req, const Response& res) {
    std::string target = req.target.empty() ? req.path : req.target;
    std::cerr << common_log_line(req.remote_addr, req.method, target, req.version, res.status,
                                 res.body.size())
              << std::endl;
  });
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  if (port == 0) return impl_->http.bind_to_any_port(host);
  return impl_->http.bind_to_port(host, port) ? port : -1;
}

bool HttpServer::listen() { return impl_->http.listen_after_bind(); }

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace sentinella
