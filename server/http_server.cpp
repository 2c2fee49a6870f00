#include "server/http_server.h"

#include <httplib.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include "core/secrets.h"
#include "core/text.h"
#include "server/exchange.h"
#include "server/request_log.h"
#include "server/routes.h"

namespace sentinella {

namespace {

using httplib::Request;
using httplib::Response;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxRequestBody = 1024 * 1024;
// A body over kMaxRequestBody is still read past, up to this, so that the client, still sending,
// gets the 413 rather than a connection reset; a larger one is not read at all.
constexpr uint64_t kMaxDrainedBody = 16 * kMaxRequestBody;
constexpr size_t kWorkerThreads = 256;
// Debian's httplib is a shared library built to listen with a backlog of 5: under load, clients
// that reconnect overflow it, their SYNs are dropped and retried after 1 s, then 3 s... (seen as
// wrk timeouts and TcpExtListenOverflows). listen() again on the bound socket raises it; the
// kernel caps it at net.core.somaxconn.
constexpr int kListenBacklog = 1024;

const char* const kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Headers every answer carries, set once per answer by the post-routing handler (httplib's
// set_header adds a header, it never replaces one). Vary: httplib gzips every text, JSON, XML or SVG
// body set with set_content for a client whose Accept-Encoding names gzip, so an answer's body
// depends on that header whether or not this answer was compressed. HSTS only on an https site: on
// an http one it would be ignored at best, and could lock a name out of plain http at worst.
void set_common_headers(Response& res, bool https) {
  res.set_header("Vary", "Accept-Encoding");
  if (https) res.set_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
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
    case 416: return "Intervallo richiesto non disponibile";
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

// Set by a handler whose request left the connection out of step (a body not read to its end):
// the connection closes after this answer. Each connection runs on one worker thread.
thread_local bool close_after_answer = false;

// A POST's body, read by our own handler rather than by httplib: httplib's .so refuses an
// urlencoded body over 8 KiB (CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH, fixed when Debian
// built it) with a bare 413 before any handler runs, and bounds only bodies with a Content-Length.
struct PostBody {
  std::string text;         // at most kMaxFormBodyBytes; empty for a multipart body
  bool multipart = false;   // multipart/form-data: its parts are in `fields` and `files`
  std::vector<std::pair<std::string, std::string>> fields;  // a multipart body's text fields
  std::vector<UploadedFile> files;                          // a multipart body's files
  bool too_large = false;   // over kMaxFormBodyBytes (the form limit) or kMaxRequestBody
  bool complete = true;     // read to its end; when false the connection closes after the answer
};

PostBody read_post_body(const Request& req, const httplib::ContentReader& reader) {
  PostBody body;
  const uint64_t length = req.has_header("Content-Length") ? req.get_header_value<uint64_t>("Content-Length") : 0;
  if (length > kMaxDrainedBody) {
    body.too_large = true;  // not even read: the connection closes instead
    body.complete = false;
    close_after_answer = true;
    return body;
  }
  size_t seen = 0;
  auto keep = [&](const char* data, size_t n) {
    seen += n;
    if (seen > kMaxRequestBody) return false;  // a chunked or unsized body
    if (body.text.size() + n > kMaxFormBodyBytes) body.too_large = true;
    else if (!body.too_large) body.text.append(data, n);
    return true;
  };
  if (req.is_multipart_form_data()) {
    // A part is a file when the browser gave it a type (a file input does, even with no file
    // chosen); the text fields are checked as a form's are, in dispatch().
    body.multipart = true;
    body.complete = reader(
        [&](const httplib::MultipartFormData& part) {
          body.files.push_back({part.name, part.filename, part.content_type, ""});
          return true;
        },
        [&](const char* data, size_t n) {
          if ((seen += n) > kMaxRequestBody || body.files.empty()) return false;
          body.files.back().content.append(data, n);
          return true;
        });
    std::erase_if(body.files, [&](UploadedFile& part) {
      const bool text = part.filename.empty() && part.content_type.empty();
      if (text) body.fields.emplace_back(std::move(part.field), std::move(part.content));
      return text;
    });
  } else {
    body.complete = reader(keep);
  }
  // Over kMaxRequestBody with a Content-Length, httplib reads the body past and reports failure.
  if (seen > kMaxRequestBody || length > kMaxRequestBody) body.too_large = true;
  if (body.too_large) {
    body.text.clear();
    body.fields.clear();
    body.files.clear();
  }
  if (!body.complete) close_after_answer = true;
  return body;
}

// Runs a route's handler after the checks every route gets: a session from the cookie, the
// access the route needs, and for POST the origin, the form's bounds and the CSRF token.
// `body` is the POST's body, null for a GET.
void dispatch(App& app, const Route& route, const Request& req, Response& res, PostBody* body) {
  auto snapshot = app.snapshot();
  if (!snapshot) {
    res.status = 503;
    res.set_content("Il contenuto non è ancora stato importato.\n", "text/plain; charset=utf-8");
    return;
  }
  Exchange x{req, res, app, snapshot, &snapshot->site, std::nullopt, "", FormData(),
             request_client(req, app.config().trusted_proxies), {}};
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
    if (body->too_large) {
      x.message(413, x.t("form_too_large_title"), x.t("form_too_large_text"));
      return;
    }
    if (!body->complete) {
      x.message(400, x.t("bad_form_title"), x.t("bad_form_incomplete"));
      return;
    }
    auto form = body->multipart ? FormData::from_fields(body->fields) : FormData::parse(body->text);
    if (form.ok() && body->files.size() > kMaxFormFields)
      form = Status::Invalid("the form has more than " + std::to_string(kMaxFormFields) + " files");
    if (!form.ok()) {
      x.message(400, x.t("bad_form_title"), form.status().message());
      return;
    }
    x.form = std::move(form.value());
    x.files = std::move(body->files);
    if (x.session && !constant_time_equal(x.form.get("csrf"), x.session->csrf_token)) {
      x.message(403, x.t("csrf_title"), x.t("csrf_text"));
      return;
    }
  }
  route.handler(x);
}

// One connection's socket as httplib's request parser reads it, with what the .so's own stream
// lacks: an overall deadline for a request's line and headers. httplib's read timeout applies to
// each read, so a client sending a header byte every few seconds held a worker thread forever.
class ConnectionStream final : public httplib::Stream {
public:
  ConnectionStream(socket_t sock, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout)
      : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

  // Waits for the first byte of the next request, at most `idle`, giving up early when `stopping`.
  template <class Stopping>
  bool wait_for_request(std::chrono::milliseconds idle, Stopping stopping) {
    if (buffered_ < filled_) return true;  // a pipelined request already read
    for (auto waited = std::chrono::milliseconds(0); waited < idle; waited += kIdleSlice) {
      if (stopping()) return false;
      pollfd p{sock_, POLLIN, 0};
      const int n = ::poll(&p, 1, static_cast<int>(kIdleSlice.count()));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
    return false;
  }
  // Reads fail from `deadline` on, until disarmed (once the headers are in).
  void arm_header_deadline(Clock::time_point deadline) { deadline_ = deadline; }
  void disarm_header_deadline() { deadline_.reset(); }
  bool header_deadline_missed() const { return deadline_missed_; }

  bool is_readable() const override { return wait(POLLIN, read_timeout_); }
  bool is_writable() const override { return wait(POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (buffered_ == filled_) {
      if (!is_readable()) return -1;
      const ssize_t n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      if (n <= 0) return n;
      buffered_ = 0;
      filled_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, filled_ - buffered_);
    std::memcpy(ptr, buffer_ + buffered_, n);
    buffered_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(::getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(::getsockname, ip, port); }
  socket_t socket() const override { return sock_; }

private:
  static constexpr std::chrono::milliseconds kIdleSlice{50};

  // Waits until the socket is ready for `events`, at most `timeout`, and for reads not past the
  // header deadline (which, when reached, is remembered).
  bool wait(short events, std::chrono::milliseconds timeout) const {
    const bool deadline_applies = deadline_ && events == POLLIN;
    const Clock::time_point end = deadline_applies ? std::min(Clock::now() + timeout, *deadline_)
                                                   : Clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(end - Clock::now());
      if (left.count() <= 0) {
        if (deadline_applies && Clock::now() >= *deadline_) deadline_missed_ = true;
        return false;
      }
      pollfd p{sock_, events, 0};
      const int n = ::poll(&p, 1, static_cast<int>(left.count()));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
  }

  template <class Name>
  void address(Name name, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (name(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        ::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0)
      return;
    ip = host;
    port = std::atoi(serv);
  }

  const socket_t sock_;
  const std::chrono::milliseconds read_timeout_, write_timeout_;
  std::optional<Clock::time_point> deadline_;
  mutable bool deadline_missed_ = false;
  char buffer_[4096];
  size_t buffered_ = 0, filled_ = 0;  // buffer_[buffered_, filled_) is read but not yet consumed
};

// httplib's server with our own connection loop (process_and_close_socket is virtual, and
// process_request protected, for this): it keeps httplib's keep-alive rules and adds the header
// deadline, and it is the one place where a request can be changed before routing.
class Server final : public httplib::Server {
public:
  explicit Server(std::chrono::milliseconds header_deadline) : header_deadline_(header_deadline) {}

private:
  bool process_and_close_socket(socket_t sock) override {
    using std::chrono::milliseconds, std::chrono::seconds, std::chrono::microseconds;
    ConnectionStream stream(sock,
                            std::chrono::duration_cast<milliseconds>(seconds(read_timeout_sec_) + microseconds(read_timeout_usec_)),
                            std::chrono::duration_cast<milliseconds>(seconds(write_timeout_sec_) + microseconds(write_timeout_usec_)));
    bool ok = false;
    for (size_t left = keep_alive_max_count_; left > 0; --left) {
      if (!stream.wait_for_request(seconds(keep_alive_timeout_sec_), [this] { return svr_sock_ == INVALID_SOCKET; }))
        break;
      stream.arm_header_deadline(Clock::now() + header_deadline_);
      close_after_answer = false;
      bool connection_closed = false;
      ok = process_request(stream, left == 1, connection_closed, [&stream](Request& req) {
        stream.disarm_header_deadline();
        // Ranges are ours to apply: httplib applies the parsed ones to any body set with
        // set_content, whatever the handler, so a generated page answered "200 OK" with a
        // Content-Range and 10 bytes of itself, and 1,000 overlapping ranges made a multipart body
        // a thousand times the file. Cleared here, before routing (handlers only see a const
        // Request), httplib sends every body whole; send_file serves one range of a file itself.
        req.ranges.clear();
      });
      if (!ok || connection_closed || close_after_answer || stream.header_deadline_missed()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    httplib::detail::close_socket(sock);
    return ok;
  }

  const std::chrono::milliseconds header_deadline_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(App& a, const HttpOptions& options) : app(a), http(options.header_deadline) {}

  // Unmatched routes and handler errors without a body get a page that says what happened. A
  // failure rendering the not-found page (a theme without one) gets the plain text page: an
  // exception must not leave here, httplib calls this without a catch and would end the process.
  void error_page(const Request& req, Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) {
      if (req.path.starts_with("/api/")) {
        res.set_content("{\"error\": \"not found\"}\n", "application/json; charset=utf-8");
        return;
      }
      try {
        if (auto site = app.site()) {
          // Rendered per request: the header shows the person signed in, as on every page.
          nlohmann::json account = false;
          if (std::string token = cookie_value(req.get_header_value("Cookie"), kSessionCookie); !token.empty())
            if (auto session = app.sessions().resume(token, now_seconds())) {
              account = account_data(*session);
              res.set_header("Cache-Control", "no-store");
            }
          res.set_content(site->not_found(req.path, std::move(account)), "text/html; charset=utf-8");
          return;
        }
      } catch (const std::exception& e) {
        std::cerr << "error: the not-found page for " << req.path << ": " << e.what() << std::endl;
      }
    }
    res.set_content(std::to_string(res.status) + " " + reason_phrase(res.status) + "\n",
                    "text/plain; charset=utf-8");
  }

  App& app;
  Server http;
  int listening_socket = -1;  // set when httplib makes it, in bind()
};

HttpServer::HttpServer(App& app, const HttpOptions& options) : impl_(std::make_unique<Impl>(app, options)) {
  auto& s = impl_->http;
  for (const Route& route : route_table()) {
    if (route.method == Method::get) {
      s.Get(route.pattern, [&app, &route](const Request& q, Response& r) { dispatch(app, route, q, r, nullptr); });
    } else {
      s.Post(route.pattern, [&app, &route](const Request& q, Response& r, const httplib::ContentReader& reader) {
        PostBody body = read_post_body(q, reader);
        dispatch(app, route, q, r, &body);
      });
    }
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
  s.set_pre_routing_handler([](const Request& req, Response& res) {
    // Generated pages take no ranges; httplib would otherwise tell a HEAD "Accept-Ranges: bytes".
    if (req.method == "HEAD") res.set_header("Accept-Ranges", "none");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  Impl* impl = impl_.get();
  s.set_error_handler([impl](const Request& q, Response& r) { impl->error_page(q, r); });
  // Runs for every answer, after the error handler, just before the headers are written.
  s.set_post_routing_handler([&app](const Request&, Response& res) { set_common_headers(res, app.secure_cookies()); });
  s.set_exception_handler([](const Request& req, Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "error: " << req.method << " " << req.path << ": " << what << std::endl;
    res.status = 500;
    res.set_content("500 Errore interno del server\n", "text/plain; charset=utf-8");
  });
  s.set_logger([&app](const Request& req, const Response& res) {
    std::string target = req.target.empty() ? req.path : req.target;
    const std::string client =
        logs_client_address(req.path) ? request_client(req, app.config().trusted_proxies).address : "";
    // One write per line (std::cerr flushes after every <<), so lines from workers never interleave.
    std::cerr << common_log_line(client, req.method, target, req.version, res.status, res.body.size()) + "\n";
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
