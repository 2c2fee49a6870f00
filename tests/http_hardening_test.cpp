// The HTTP layer under hostile or unusual requests, through the real server: byte ranges, Vary,
// HSTS, slow headers, form bodies near the limit, a theme whose not-found page fails.
#include <doctest/doctest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "running_site.h"

using namespace sentinella::test;

namespace {

// The bytes of a media file the fixture gets: 3,000 bytes, each position's own value mod 251.
std::string media_bytes() {
  std::string s;
  for (int i = 0; i < 3000; ++i) s += static_cast<char>(i % 251);
  return s;
}

void add_media(ContentTree& tree) { tree.write("media/guida.pdf", media_bytes()); }

// A raw connection to 127.0.0.1:`port`, for what httplib's client will not send.
int connect_raw(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// True if the server has closed `fd` (a read returns end of file or an error) within `wait`.
bool closed_within(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char buf[4096];
  while (true) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
    // an answer (a 400 for the unfinished request) may come first; the close follows it
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  }
}

// A login form of `bytes` bytes: a wrong password, then padding fields of 4,000 bytes each (under
// the 4 KiB a field may hold, so only the body's size can be refused).
std::string form_body(size_t bytes) {
  std::string body = "username=x&password=y";
  for (int i = 0; body.size() < bytes; ++i) {
    body += "&p" + std::to_string(i) + "=";
    body += std::string(std::min<size_t>(4000, bytes - std::min(bytes, body.size())), 'a');
  }
  return body.substr(0, bytes);
}

}  // namespace

TEST_CASE("byte ranges: one range of a file, none of a generated page") {
  RunningSite site({}, add_media);
  const std::string file = media_bytes();

  SUBCASE("a generated page ignores Range and answers whole") {
    const std::string whole = site.fetch("/", 200).body;
    auto res = site.fetch("/", 200, {{"Range", "bytes=0-9"}});
    CHECK_FALSE(res.has_header("Content-Range"));
    CHECK(res.body == whole);
    CHECK(res.body.size() > 10);
    CHECK(res.get_header_value("Accept-Ranges") != "bytes");
  }
  SUBCASE("a HEAD on a generated page does not offer ranges") {
    httplib::Client client("127.0.0.1", site.port());
    auto res = client.Head("/");
    REQUIRE(res);
    CHECK(res->get_header_value("Accept-Ranges") == "none");
  }
  SUBCASE("one valid range of a media file answers 206 with those bytes") {
    auto res = site.fetch("/media/guida.pdf", 206, {{"Range", "bytes=100-199"}});
    CHECK(res.get_header_value("Content-Range") == "bytes 100-199/3000");
    CHECK(res.body == file.substr(100, 100));
    CHECK(site.fetch("/media/guida.pdf", 200).get_header_value("Accept-Ranges") == "bytes");
  }
  SUBCASE("a suffix range and an open range") {
    CHECK(site.fetch("/media/guida.pdf", 206, {{"Range", "bytes=-10"}}).body == file.substr(2990));
    auto res = site.fetch("/media/guida.pdf", 206, {{"Range", "bytes=2995-99999"}});
    CHECK(res.get_header_value("Content-Range") == "bytes 2995-2999/3000");
    CHECK(res.body == file.substr(2995));
  }
  SUBCASE("a range past the end answers 416") {
    auto res = site.fetch("/media/guida.pdf", 416, {{"Range", "bytes=5000-5009"}});
    CHECK(res.get_header_value("Content-Range") == "bytes */3000");
  }
  SUBCASE("1,000 overlapping ranges cost no more than the file") {
    std::string ranges = "bytes=0-";
    for (int i = 1; i < 1000; ++i) ranges += ",0-";
    auto media = site.fetch("/media/guida.pdf", 200, {{"Range", ranges}});
    CHECK(media.body == file);
    auto css = site.fetch("/static/style.css", 200, {{"Range", ranges}});
    CHECK(css.body.size() == site.fetch("/static/style.css", 200).body.size());
    CHECK_FALSE(css.has_header("Content-Range"));
  }
  SUBCASE("a range of a theme file is never compressed") {
    httplib::Client raw("127.0.0.1", site.port());
    raw.set_decompress(false);
    const std::string css = site.fetch("/static/style.css", 200).body;
    auto res = raw.Get("/static/style.css", {{"Range", "bytes=0-99"}, {"Accept-Encoding", "gzip"}});
    REQUIRE(res);
    CHECK(res->status == 206);
    CHECK_FALSE(res->has_header("Content-Encoding"));
    CHECK(res->body == css.substr(0, 100));
  }
}

TEST_CASE("answers whose body depends on Accept-Encoding say so") {
  RunningSite site;
  httplib::Client raw("127.0.0.1", site.port());
  raw.set_decompress(false);
  auto gz = raw.Get("/", {{"Accept-Encoding", "gzip"}});
  REQUIRE(gz);
  CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  CHECK(gz->get_header_value("Vary") == "Accept-Encoding");
  auto plain = raw.Get("/");
  REQUIRE(plain);
  CHECK_FALSE(plain->has_header("Content-Encoding"));
  CHECK(plain->get_header_value("Vary") == "Accept-Encoding");
  CHECK(plain->headers.count("Vary") == 1);
  auto missing = raw.Get("/non-esiste", {{"Accept-Encoding", "gzip"}});
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Vary") == "Accept-Encoding");
  CHECK(missing->headers.count("Content-Security-Policy") == 1);
}

TEST_CASE("Strict-Transport-Security on an https site only") {
  SUBCASE("https base URL") {
    RunningSite site;  // the fixture's base_url is https://prova.example.org/
    CHECK(site.fetch("/", 200).get_header_value("Strict-Transport-Security") ==
          "max-age=31536000; includeSubDomains");
    CHECK(site.fetch("/non-esiste", 404).has_header("Strict-Transport-Security"));
  }
  SUBCASE("http base URL") {
    RunningSite site({}, [](ContentTree& tree) {
      std::string yaml = read_file(tree.root() / "site.yaml");
      const size_t at = yaml.find("https://prova.example.org/");
      REQUIRE(at != std::string::npos);
      yaml.replace(at, 5, "http");
      tree.write("site.yaml", yaml);
    });
    CHECK_FALSE(site.fetch("/", 200).has_header("Strict-Transport-Security"));
  }
}

TEST_CASE("a client that sends its headers too slowly is cut off") {
  ContentTree tree;
  TempDir data;
  ServerProcess server({"--content", tree.root().string(), "--db", (data.path() / "s.db").string(),
                        "--theme", (source_dir() / "themes" / "default").string(), "--header-timeout", "2"});
  const int fd = connect_raw(server.port());
  // One byte every 700 ms: each read succeeds well within httplib's 5 s read timeout.
  const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abcdefghij\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (char c : request) {
    if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1 || closed_within(fd, std::chrono::milliseconds(700))) {
      closed = true;
      break;
    }
  }
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  CHECK(closed);
  CHECK(took < std::chrono::seconds(5));
  CHECK(took >= std::chrono::milliseconds(1500));
  // Requests sent at a normal pace are served as before.
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
}

TEST_CASE("form bodies up to 64 KiB reach the handler, larger ones get the site's 413 page") {
  RunningSite site;
  httplib::Client client("127.0.0.1", site.port());
  struct Case {
    size_t bytes;
    int status;
    std::string text;  // on the page answered
  };
  // 60 KiB: the login handler itself answers (wrong password), not httplib's bare 413 for 8 KiB.
  for (const Case& c : {Case{60 * 1024, 400, "Nome utente o password non corretti."},
                        Case{65 * 1024, 413, "Dati inviati troppo grandi"},
                        Case{1100 * 1024, 413, "Dati inviati troppo grandi"}}) {
    INFO(c.bytes << " bytes");
    auto res = client.Post("/accedi", form_body(c.bytes), "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == c.status);
    CHECK(contains(res->body, c.text));
  }
  CHECK(site.fetch("/healthz", 200).body == "ok\n");
}

TEST_CASE("a theme whose not-found page fails gives a plain 404, and the server lives on") {
  ContentTree tree;
  TempDir data;
  const auto theme = data.path() / "theme";
  copy_tree(source_dir() / "themes" / "default", theme);
  std::filesystem::remove(theme / "templates" / "not_found.mustache");
  ServerProcess server({"--content", tree.root().string(), "--db", (data.path() / "s.db").string(),
                        "--theme", theme.string()});
  httplib::Client client("127.0.0.1", server.port());
  auto missing = client.Get("/non-esiste");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Content-Type") == "text/plain; charset=utf-8");
  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
}
