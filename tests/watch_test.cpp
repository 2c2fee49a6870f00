// serve --watch: a change under content/ is served without a restart; a change with errors is not,
// and the server says why.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "process.h"
#include "test_support.h"

using namespace sentinella::test;

namespace {

}  // namespace

TEST_CASE("serve --watch") {
  ContentTree tree;
  TempDir data;
  ServerProcess server({"--content", tree.root().string(), "--db", (data.path() / "s.db").string(), "--theme",
                        (source_dir() / "themes" / "default").string(), "--watch"});
  httplib::Client client("127.0.0.1", server.port());
  auto body = [&](const std::string& path) {
    auto res = client.Get(path.c_str());
    return res && res->status == 200 ? res->body : std::string();
  };
  REQUIRE(contains(body("/chi-siamo"), "Siamo il Comune di Prova."));
  CHECK(contains(server.log(), "watching "));

  // A changed page is served once it is saved.
  tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\nmenu: 1\n---\nUn testo nuovo.\n");
  CHECK(poll_until([&] { return contains(body("/chi-siamo"), "Un testo nuovo."); }));
  CHECK(contains(body("/chi-siamo"), "Chi siamo oggi"));
  CHECK(poll_until([&] { return contains(server.log(), "reloaded: checked 8 files: 0 errors"); }));

  // A change with an error: the server says where, and keeps the last good content.
  tree.write("modules/alfa/01-primo-passo.md", "---\ntitle: Primo\nminutes: dieci\n---\n");
  CHECK(poll_until([&] {
    return contains(server.log(), "/modules/alfa/01-primo-passo.md:3:10: error: 'minutes' must be a whole number");
  }));
  CHECK(contains(server.log(), "still serving the last good content"));
  CHECK(contains(body("/moduli/alfa/primo-passo"), "Primo passo"));
  CHECK(contains(body("/chi-siamo"), "Un testo nuovo."));

  // Fixed, it is served.
  tree.write("modules/alfa/01-primo-passo.md", "---\ntitle: Primo passo rivisto\nminutes: 10\n---\nNuovo.\n");
  CHECK(poll_until([&] { return contains(body("/moduli/alfa/primo-passo"), "Primo passo rivisto"); }));

  CHECK(server.stop() == 0);
}
