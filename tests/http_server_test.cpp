// The HTTP server's socket, in-process: bound on 127.0.0.1, never serving.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "server/http_server.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

TEST_CASE("the listening socket queues many connections before they are accepted") {
  // httplib's own backlog is 5: a sixth client connecting while the workers are busy had its SYN
  // dropped and retried a second later. Nothing accepts here, so every connection that completes
  // was queued by the kernel.
  TempDir dir;
  AppConfig config;
  config.db_path = (dir.path() / "sentinella.db").string();
  auto app = App::open(config);
  REQUIRE(app.ok());
  HttpServer server(*app.value());
  const int port = server.bind("127.0.0.1", 0);
  REQUIRE(port > 0);

  constexpr int kClients = 64;
  std::vector<pollfd> clients;
  for (int i = 0; i < kClients; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS
    clients.push_back({fd, POLLOUT, 0});
  }
  // A generous bound for a busy machine: a dropped SYN would never complete here.
  int connected = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (connected < kClients && std::chrono::steady_clock::now() < deadline) {
    ::poll(clients.data(), clients.size(), 200);
    connected = 0;
    for (auto& c : clients) {
      int error = 0;
      socklen_t len = sizeof error;
      if ((c.revents & POLLOUT) && ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0)
        ++connected;
    }
  }
  for (auto& c : clients) ::close(c.fd);
  CHECK(connected == kClients);
}
