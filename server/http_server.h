// The HTTP front of the App: routes, security headers, caching headers, logging.
// The only header that knows about cpp-httplib stays in http_server.cpp.
// Errors: an exception in a handler becomes a logged 500 and never leaves the server; listen()
// returns false if it cannot listen.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "server/app.h"

namespace sentinella {

struct HttpOptions {
  // How long a client has to send a request's line and headers, from its first byte.
  std::chrono::milliseconds header_deadline{std::chrono::seconds(15)};
};

class HttpServer {
public:
  explicit HttpServer(App& app, const HttpOptions& options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `host`:`port` (0 picks a free port); returns the port bound, or -1.
  int bind(const std::string& host, int port);
  // Serves until stop() is called (from another thread). Returns false if it could not run.
  bool listen();
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sentinella
