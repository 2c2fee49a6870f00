#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <iostream>

#include "core/secrets.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/request_log.h"
#include "server/routes.h"

namespace sentinella {

namespace {

using httplib::Request;
using httplib::Response;

constexpr size_t kMaxRequestBody = 1024 * 1024;
constexpr size_t kWorkerThreads = 256;
// Debian's httplib is a shared library built to listen with a backlog of 5: under load, clients
// that reconnect overflow it, their SYNs are dropped and retried after 1 s, then 3 s... (seen as
// wrk timeouts and TcpExtListenOverflows). listen() again on the bound socket raises it; the
// kernel caps it at net.core.somaxconn.
constexpr int kListenBacklog = 1024;

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

// A browser's POST from another site names it in Sec-Fetch-Site or Origin; refuse those.
bool same_origin(const Request& req) {
  // Browsers that send Sec-Fetch-Site say exactly where a request comes from; with our
  // Referrer-Policy: no-referrer they send "Origin: null" even for this site's own forms.
  if (const std::string fetch_site = req.get_header_value("Sec-Fetch-Site"); !fetch_site.empty())
    return fetch_site == "same-origin";
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return true;
  const std::string host = req.get_header_value("Host");
  return origin == "http://" + host || origin == "https://" + host;
}

// Runs a route's handler after the checks every route gets: a session from the cookie, the
// access the route needs, and for POST the origin, the form's bounds and the CSRF token.
void dispatch(App& app, const Route& route, const Request& req, Response& res) {
  auto snapshot = app.snapshot();
  if (!snapshot) {
    res.status = 503;
    res.set_content("Il contenuto non è ancora stato importato.\n", "text/plain; charset=utf-8");
    return;
  }
  Exchange x{req, res, app, snapshot, &snapshot->site, std::nullopt, "", FormData()};
  if (std::string token = cookie_value(req.get_header_value("Cookie"), kSessionCookie); !token.empty()) {
    x.session = app.sessions().resume(token, now_seconds());
    if (x.session) x.session_token = token;
  }
  if (route.access.kind != Access::Kind::anyone) {
    if (!x.session) {
      x.redirect("/accedi?dopo=" + url_encode(route.method == Method::get ? req.target : "/area"));
      return;
    }
    if (!route.access.allows(x.session->user.roles)) {
      x.message(403, x.t("forbidden_title"), x.t("forbidden_text"));
      return;
    }
  }
  if (route.method == Method::post) {
    if (!same_origin(req)) {
      x.message(403, x.t("forbidden_title"), x.t("cross_site_text"));
      return;
    }
    auto form = FormData::parse(req.body);
    if (!form.ok()) {
      x.message(400, x.t("bad_form_title"), form.status().message());
      return;
    }
    x.form = std::move(form.value());
    if (x.session && !constant_time_equal(x.form.get("csrf"), x.session->csrf_token)) {
      x.message(403, x.t("csrf_title"), x.t("csrf_text"));
      return;
    }
  }
  route.handler(x);
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(App& a) : app(a) {}

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
  int listening_socket = -1;  // set when httplib makes it, in bind()
};

HttpServer::HttpServer(App& app) : impl_(std::make_unique<Impl>(app)) {
  auto& s = impl_->http;
  for (const Route& route : route_table()) {
    auto handler = [&app, &route](const Request& q, Response& r) { dispatch(app, route, q, r); };
    if (route.method == Method::get) s.Get(route.pattern, handler);
    else s.Post(route.pattern, handler);
  }
  s.set_socket_options([impl = impl_.get()](socket_t sock) {
    httplib::default_socket_options(sock);
    impl->listening_socket = sock;
  });
  s.set_payload_max_length(kMaxRequestBody);
  // Without TCP_NODELAY every small response waits for the client's delayed ACK (about 40 ms).
  s.set_tcp_nodelay(true);
  // A keep-alive connection holds a worker thread between its requests: enough workers for many
  // clients, and a bounded number of requests per connection so busy clients take turns.
  s.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  s.set_keep_alive_max_count(100);
  s.set_keep_alive_timeout(5);
  s.set_pre_routing_handler([](const Request&, Response& res) {
    set_security_headers(res);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  Impl* impl = impl_.get();
  s.set_error_handler([impl](const Request& q, Response& r) { impl->error_page(q, r); });
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
    // One write per line (std::cerr flushes after every <<), so lines from workers never interleave.
    std::cerr << common_log_line(req.remote_addr, req.method, target, req.version, res.status, res.body.size()) + "\n";
  });
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? impl_->http.bind_to_any_port(host) : impl_->http.bind_to_port(host, port) ? port : -1;
  if (bound > 0 && ::listen(impl_->listening_socket, kListenBacklog) != 0)
    std::cerr << "warning: could not raise the listen backlog to " << kListenBacklog << std::endl;
  return bound;
}

bool HttpServer::listen() { return impl_->http.listen_after_bind(); }

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace sentinella
