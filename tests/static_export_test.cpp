// sentinella build: the static export, through the real binary: the files, the links between
// them, determinism, and a failed build that leaves the output folder alone.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "process.h"
#include "test_support.h"

namespace fs = std::filesystem;
using namespace sentinella::test;

namespace {

// The base fixture plus three events (past, public with registration and an image, for a target
// group over two days) and the image.
void add_events(ContentTree& tree) {
  tree.write("events/2026/incontro-passato.md",
             "---\ntitle: Incontro di marzo\ntype: incontro\nstart: 2026-03-05 18:00\nend: 2026-03-05 20:00\n"
             "location:\n  name: Sala civica\naudience: [pubblico, servizi-sociali]\n"
             "organizer: Comune di Prova\n---\nUn incontro ormai passato.\n");
  tree.write("events/2026/spettacolo-prova.md",
             "---\ntitle: Spettacolo di prova\ntype: teatro\nstart: 2026-12-10 21:00\nend: 2026-12-10 22:30\n"
             "location:\n  name: Teatro comunale\n  address: Via Roma 1, Prova\naudience: [pubblico]\n"
             "organizer: Comune di Prova\ncapacity: 100\nregistration: true\nimage: locandina.png\n"
             "image_alt: La locandina dello spettacolo\n---\n"
             "Uno spettacolo per tutti. Chi organizza: [chi siamo](/chi-siamo).\n");
  tree.write("events/2027/formazione-polizia.md",
             "---\ntitle: Due giorni di formazione\ntype: incontro\nstart: 2027-02-11\nend: 2027-02-12\n"
             "location:\n  name: Comando di polizia locale\naudience: [polizia-locale]\n"
             "organizer: Comune di Prova\n---\nFormazione per gli agenti.\n");
  tree.write("media/locandina.png", std::string("\x89PNG\r\n\x1a\n", 8) + "not really an image");
}

RunResult build(const ContentTree& tree, const fs::path& db, const fs::path& out) {
  return run_sentinella({"build", "--content", tree.root().string(), "--db", db.string(), "--theme",
                         (source_dir() / "themes" / "default").string(), "--out", out.string(), "--today",
                         "2026-11-22"});
}

// Every file under `root`: relative path -> content.
std::map<std::string, std::string> read_tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) files[e.path().lexically_relative(root).generic_string()] = read_file(e.path());
  return files;
}

// Whether a web server serving `root` has a file for the URL path `path` ("/a/b/" and "/a/b"
// give a/b/index.html when a/b is a folder).
bool serves(const fs::path& root, const std::string& path) {
  const fs::path p = root / path.substr(1);
  if (path.back() == '/') return fs::is_regular_file(p / "index.html");
  return fs::is_regular_file(p) || fs::is_regular_file(p / "index.html");
}

// "page -> link" for every href, src and action in the HTML files under `root` that names a path
// on this site with no file behind it. Relative links are resolved against the page's folder.
std::vector<std::string> broken_links(const fs::path& root, size_t& checked) {
  static const std::regex attribute("(?:href|src|action)=\"([^\"]*)\"");
  static const std::regex external("^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)");
  std::vector<std::string> broken;
  for (const auto& [file, html] : read_tree(root)) {
    if (!file.ends_with(".html")) continue;
    const std::string folder = "/" + fs::path(file).parent_path().generic_string();
    for (std::sregex_iterator it(html.begin(), html.end(), attribute), end; it != end; ++it) {
      const std::string link = (*it)[1];
      if (std::regex_search(link, external)) continue;
      std::string path = link.substr(0, link.find_first_of("?#"));
      if (path.empty()) continue;  // "#contenuto", "?"
      if (path[0] != '/') path = (fs::path(folder) / path).lexically_normal().generic_string();
      ++checked;
      if (!serves(root, path)) broken.push_back(file + " -> " + link);
    }
  }
  return broken;
}

}  // namespace

TEST_CASE("sentinella build") {
  ContentTree tree;
  add_events(tree);
  TempDir work;
  const fs::path db = work.path() / "s.db", out = work.path() / "sito";

  auto first = build(tree, db, out);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(contains(first.out, "wrote "));
  const auto files = read_tree(out);

  SUBCASE("every public page, the feeds, the theme's and the media files") {
    for (const char* path :
         {"index.html", "404.html", "moduli/index.html", "moduli/gruppo/polizia-locale/index.html",
          "moduli/gruppo/servizi-sociali/index.html", "moduli/alfa/index.html",
          "moduli/alfa/primo-passo/index.html", "moduli/alfa/secondo-passo/index.html", "chi-siamo/index.html",
          "aiuto/index.html", "eventi/index.html", "eventi/archivio/index.html", "eventi/calendario/index.html",
          "eventi/calendario/2026/03/index.html", "eventi/calendario/2026/11/index.html",
          "eventi/calendario/2027/02/index.html", "eventi/2026/spettacolo-prova/index.html",
          "eventi/2026/spettacolo-prova.ics", "eventi/2027/formazione-polizia/index.html",
          "eventi/2027/formazione-polizia.ics", "events.ics", "events/pubblico.ics",
          "events/polizia-locale.ics", "feed.atom", "static/style.css", "static/quick-exit.js",
          "media/locandina.png"}) {
      INFO(path);
      CHECK(files.count(path) == 1);
    }
    // Drafts stay out; the months run from the first event to the last.
    CHECK(files.count("moduli/bozza/index.html") == 0);
    CHECK(files.count("eventi/calendario/2026/02/index.html") == 0);
    CHECK(files.count("eventi/calendario/2027/03/index.html") == 0);
    CHECK(files.at("media/locandina.png") == read_file(tree.root() / "media" / "locandina.png"));
    CHECK(files.at("static/style.css") == read_file(source_dir() / "themes" / "default" / "static" / "style.css"));
  }

  SUBCASE("pages are the anonymous ones, without the personal slots' markers") {
    for (const auto& [path, text] : files) {
      if (!path.ends_with(".html")) continue;
      INFO(path);
      CHECK_FALSE(contains(text, "<!--slot:"));
      CHECK_FALSE(contains(text, "<!--/slot:"));
    }
    CHECK(contains(files.at("eventi/2027/formazione-polizia/index.html"), "class=\"event-actions\""));
  }

  SUBCASE("the catalogue filtered by group is a page of its own") {
    const auto& police = files.at("moduli/gruppo/polizia-locale/index.html");
    CHECK(contains(police, "href=\"/moduli/alfa\""));
    CHECK_FALSE(contains(files.at("moduli/gruppo/servizi-sociali/index.html"), "href=\"/moduli/alfa\""));
    CHECK(contains(files.at("moduli/index.html"), "href=\"/moduli/gruppo/polizia-locale\""));
  }

  SUBCASE("feeds") {
    CHECK(contains(files.at("events.ics"), "BEGIN:VCALENDAR"));
    CHECK(contains(files.at("events.ics"), "Spettacolo di prova"));
    CHECK_FALSE(contains(files.at("events.ics"), "Due giorni di formazione"));
    CHECK(contains(files.at("events/polizia-locale.ics"), "Due giorni di formazione"));
    CHECK(contains(files.at("eventi/2026/spettacolo-prova.ics"), "Spettacolo di prova"));
    CHECK(contains(files.at("feed.atom"), "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  }

  SUBCASE("no link leads nowhere") {
    size_t checked = 0;
    const auto broken = broken_links(out, checked);
    INFO(broken.size() << " broken links, first: " << (broken.empty() ? "" : broken.front()));
    CHECK(broken.empty());
    CHECK(checked > 200);
  }

  SUBCASE("nothing that only a server can do") {
    for (const auto& [path, text] : files) {
      if (!path.ends_with(".html")) continue;
      INFO(path);
      CHECK_FALSE(contains(text, "<form"));
      CHECK_FALSE(contains(text, "href=\"/area"));
      CHECK_FALSE(contains(text, "href=\"/accedi"));
      CHECK_FALSE(contains(text, "/iscrizione"));
      CHECK_FALSE(contains(text, "?gruppo="));
    }
    // Registration is open on the live site only.
    CHECK_FALSE(contains(files.at("eventi/2026/spettacolo-prova/index.html"), "class=\"event-registration\""));
  }

  SUBCASE("the same content gives the same bytes") {
    const fs::path again = work.path() / "ancora";
    auto second = build(tree, db, again);
    REQUIRE(second.exit_code == 0);
    CHECK(read_tree(again) == files);
    // Built again over itself, the folder is replaced with the same files.
    auto third = build(tree, db, out);
    REQUIRE(third.exit_code == 0);
    CHECK(read_tree(out) == files);
  }

  SUBCASE("a change reaches the files; removed pages go away") {
    tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\nmenu: 1\n---\nAltro testo.\n");
    tree.remove("modules/alfa/02-secondo-passo.md");
    auto second = build(tree, db, out);
    REQUIRE(second.exit_code == 0);
    const auto now = read_tree(out);
    CHECK(contains(now.at("chi-siamo/index.html"), "Chi siamo oggi"));
    CHECK(now.count("moduli/alfa/secondo-passo/index.html") == 0);
  }

  SUBCASE("content with an error: exit status 1, the folder as it was") {
    tree.write("pages/chi-siamo.md", "---\ntitle: Chi siamo oggi\n---\n");
    tree.write("modules/alfa/01-primo-passo.md", "---\ntitle: Primo\nminutes: dieci\n---\n");
    auto bad = build(tree, db, out);
    CHECK(bad.exit_code == 1);
    CHECK(contains(bad.err, "01-primo-passo.md:3:10: error:"));
    CHECK(contains(bad.err, "nothing was written"));
    CHECK(read_tree(out) == files);
  }

  SUBCASE("a folder that is not an earlier build is not replaced") {
    const fs::path other = work.path() / "altro";
    write_file(other / "importante.txt", "da non perdere");
    auto refused = build(tree, db, other);
    CHECK(refused.exit_code == 1);
    CHECK(contains(refused.err, "was not written by sentinella build"));
    CHECK(read_tree(other) == std::map<std::string, std::string>{{"importante.txt", "da non perdere"}});
  }
}

TEST_CASE("sentinella build --help") {
  auto r = run_sentinella({"build", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "--out"));
  CHECK(contains(r.out, "--today"));
  CHECK(run_sentinella({"build", "--content", "content"}).exit_code != 0);  // --out is required
}
