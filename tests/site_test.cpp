// Rendering public pages through the default theme, and the page cache.
#include <doctest/doctest.h>

#include <thread>

#include "core/text.h"
#include "importer/importer.h"
#include "site/api.h"
#include "site/format.h"
#include "site/page_cache.h"
#include "site/public_site.h"
#include "test_support.h"

using namespace sentinella;
using namespace sentinella::test;

namespace {

struct RenderedSite {
  ContentTree tree;
  std::unique_ptr<Store> store = std::move(Store::open(":memory:").value());
  std::unique_ptr<PublicSite> site;

  RenderedSite() {
    REQUIRE(import_content(tree.root(), *store).ok());
    auto theme = Theme::load(source_dir() / "themes" / "default", "it");
    REQUIRE(theme.ok());
    site = std::make_unique<PublicSite>(*store, *store->site(), std::move(theme.value()));
  }
};

}  // namespace

TEST_CASE("PublicSite renders every page type") {
  RenderedSite r;
  SUBCASE("escaping: text from content never becomes markup") {
    r.tree.write("pages/chi-siamo.md",
                 "---\ntitle: \"<script>alert(1)</script> & co\"\nmenu: 1\n---\nTesto.\n");
    REQUIRE(import_content(r.tree.root(), *r.store).ok());
    auto page = r.site->page("chi-siamo");
    REQUIRE(page);
    CHECK_FALSE(contains(*page, "<script>alert"));
    CHECK(contains(*page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
  }
  SUBCASE("the <title> is the page's title and the site's name, within 70 characters") {
    r.tree.write("pages/chi-siamo.md", "---\ntitle: \"" + std::string(20, 'x') +
                                           " Chi siamo, che cosa facciamo, perché lo facciamo e con chi lo facciamo "
                                           "ogni giorno\"\nmenu: 1\n---\nTesto.\n");
    REQUIRE(import_content(r.tree.root(), *r.store).ok());
    auto page = r.site->page("chi-siamo");
    REQUIRE(page);
    const size_t open = page->find("<title>") + 7;
    const std::string title = page->substr(open, page->find("</title>") - open);
    CHECK(utf8_length(title) <= 70);
    CHECK(utf8_length(title) >= 60);
    CHECK(title.starts_with(std::string(20, 'x') + " Chi siamo, che cosa"));
    CHECK(title.ends_with("… · " + r.site->site().name));
  }
  SUBCASE("catalogue: every target group is a filter link, the selected one is marked") {
    auto all = r.site->catalogue("");
    REQUIRE(all);
    CHECK(contains(*all, "/moduli?gruppo=polizia-locale"));
    CHECK(contains(*all, "/moduli?gruppo=servizi-sociali"));
    auto social = r.site->catalogue("servizi-sociali");
    REQUIRE(social);
    CHECK_FALSE(contains(*social, "Modulo Alfa"));
    CHECK_FALSE(r.site->catalogue("nessuno"));
  }
  SUBCASE("missing things and drafts are nullopt") {
    CHECK_FALSE(r.site->module("bozza"));
    CHECK_FALSE(r.site->lesson("bozza", "unica"));
    CHECK_FALSE(r.site->lesson("alfa", "nessuna"));
    CHECK_FALSE(r.site->page("nessuna"));
    CHECK(r.site->module("alfa"));
  }
  SUBCASE("lesson: position in the module") {
    auto second = r.site->lesson("alfa", "secondo-passo");
    REQUIRE(second);
    CHECK(contains(*second, "Secondo passo"));
    CHECK(contains(*second, "Modulo Alfa"));
  }
  SUBCASE("lesson: the reviewed date is stored, shown in the site's language and in the API") {
    r.tree.write("modules/alfa/01-primo-passo.md",
                 "---\ntitle: Primo passo\nminutes: 10\nreviewed: 2026-11-29\n---\nTesto.\n");
    REQUIRE(import_content(r.tree.root(), *r.store).ok());
    auto stored = r.store->lesson("alfa", "primo-passo");
    REQUIRE(stored);
    CHECK(stored->reviewed == "2026-11-29");
    auto first = r.site->lesson("alfa", "primo-passo");
    REQUIRE(first);
    CHECK(contains(*first, "Ultima revisione: <time datetime=\"2026-11-29\">29 novembre 2026</time>"));
    auto module = api_module(*r.store, "alfa");
    REQUIRE(module);
    CHECK((*module)["lessons"][0]["reviewed"] == "2026-11-29");
    CHECK((*module)["lessons"][1]["reviewed"].is_null());
    auto second = r.site->lesson("alfa", "secondo-passo");
    REQUIRE(second);
    CHECK_FALSE(contains(*second, "Ultima revisione"));
  }
  SUBCASE("module: the lessons' reading time and the path's hours are shown apart, on the page and the card") {
    auto stored = r.store->module("alfa");
    REQUIRE(stored);
    REQUIRE(stored->lessons.size() == 2);
    CHECK(stored->reading_minutes() == stored->lessons[0].minutes + stored->lessons[1].minutes);
    CHECK(stored->reading_minutes() == 25);  // 10 + 15
    auto page = r.site->module("alfa");
    REQUIRE(page);
    CHECK(contains(*page, "<dt>Tempo di lettura delle lezioni</dt>\n    <dd>circa 25 minuti</dd>"));
    CHECK(contains(*page, "<dt>Durata del percorso (online e in presenza)</dt>\n    <dd>2,5 ore</dd>"));
    CHECK(contains(*page, "comprendono lo studio online"));
    auto catalogue = r.site->catalogue("");
    REQUIRE(catalogue);
    CHECK(contains(*catalogue, "<dt>Lettura delle lezioni</dt>\n      <dd>circa 25 minuti</dd>"));
    CHECK(contains(*catalogue, "<dt>Durata del percorso</dt>\n      <dd>2,5 ore</dd>"));
    CHECK((*api_module(*r.store, "alfa"))["reading_minutes"] == 25);
    CHECK(api_modules(*r.store)["modules"][0]["reading_minutes"] == 25);
    CHECK(api_modules(*r.store)["modules"][0]["duration_hours"] == 2.5);
  }
  SUBCASE("the contact phone and the helplines are given with what a tel: link dials") {
    TempDir theme_dir;
    write_file(theme_dir.path() / "i18n" / "it.json", "{}");
    write_file(theme_dir.path() / "templates" / "layout.mustache", "{{{content}}}");
    write_file(theme_dir.path() / "templates" / "tel.mustache",
               "[{{site.contacts.phone_href}}]{{#site.helplines}}[{{tel}}]{{/site.helplines}}");
    auto render_tel = [&] {
      PublicSite site(*r.store, *r.store->site(), std::move(Theme::load(theme_dir.path(), "it").value()));
      return site.render_page("tel", "Titolo", nlohmann::json::object());
    };
    CHECK(render_tel() == "[][112][1522]");
    const std::string yaml = read_file(r.tree.root() / "site.yaml");
    const std::string email = "  email: prova@example.org\n";
    REQUIRE(contains(yaml, email));
    r.tree.write("site.yaml", yaml.substr(0, yaml.find(email)) + email + "  phone: \"0372 407066\"\n" +
                                  yaml.substr(yaml.find(email) + email.size()));
    REQUIRE(import_content(r.tree.root(), *r.store).ok());
    CHECK(render_tel() == "[tel:+390372407066][112][1522]");
  }
  SUBCASE("the not-found page escapes the path it shows") {
    auto html = r.site->not_found("/<b>x</b>");
    CHECK(contains(html, "&lt;b&gt;x&lt;/b&gt;"));
  }
  SUBCASE("footer lists pages by menu position") {
    auto home = r.site->home(to_utc({2026, 11, 22, 0, 0, false}, "Europe/Rome").value());
    REQUIRE(home);
    const std::string footer = home->substr(home->find("<footer"));
    auto about = footer.find("href=\"/chi-siamo\"");
    auto help = footer.find("href=\"/aiuto\">Chiedi aiuto");
    REQUIRE(about != std::string::npos);
    REQUIRE(help != std::string::npos);
    CHECK(about < help);
  }
}

TEST_CASE("The crest, the programme's picture and the municipality's website come from site.yaml") {
  RenderedSite r;
  const UnixSeconds now = to_utc({2026, 11, 22, 0, 0, false}, "Europe/Rome").value();
  SUBCASE("without them: no image, and the municipality's name is plain text") {
    auto home = r.site->home(now);
    REQUIRE(home);
    CHECK_FALSE(contains(*home, "class=\"brand-logo\""));
    CHECK_FALSE(contains(*home, "class=\"home-image\""));
    CHECK(contains(*home, "<p class=\"header-slim-body\">Comune di Prova</p>"));
  }
  SUBCASE("with them: served from /media/, each with its text alternative") {
    r.tree.write("media/stemma.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    r.tree.write("media/programma.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    std::string yaml = read_file(r.tree.root() / "site.yaml");
    yaml += "municipality_url: https://www.comune.prova.it/\n"
            "logo:\n  file: media/stemma.svg\n  alt: Stemma del Comune di Prova\n"
            "image:\n  file: media/programma.svg\n  alt: \"Disegno: una città\"\n";
    r.tree.write("site.yaml", yaml);
    REQUIRE(import_content(r.tree.root(), *r.store).ok());
    auto theme = Theme::load(source_dir() / "themes" / "default", "it");
    REQUIRE(theme.ok());
    PublicSite site(*r.store, *r.store->site(), std::move(theme.value()));
    auto home = site.home(now);
    REQUIRE(home);
    CHECK(contains(*home, "<img class=\"brand-logo\" src=\"/media/stemma.svg\" alt=\"Stemma del Comune di Prova\">"));
    CHECK(contains(*home, "<img class=\"home-image\" src=\"/media/programma.svg\" alt=\"Disegno: una città\">"));
    CHECK(contains(*home, "<a href=\"https://www.comune.prova.it/\">Comune di Prova</a>"));
    // every page has the crest; only the home page has the programme's picture
    auto about = site.page("chi-siamo");
    REQUIRE(about);
    CHECK(contains(*about, "src=\"/media/stemma.svg\""));
    CHECK_FALSE(contains(*about, "src=\"/media/programma.svg\""));
  }
}

TEST_CASE("An event reads as ended from its end on, on its page and in lists; pages say until when") {
  RenderedSite r;
  r.tree.write("events/2026/serata.md",
               "---\ntitle: Serata\ntype: incontro\nstart: 2026-11-25 18:00\nend: 2026-11-25 20:00\n"
               "location:\n  name: Sala\naudience: [pubblico]\norganizer: Comune\nregistration: true\n---\n");
  REQUIRE(import_content(r.tree.root(), *r.store).ok());
  const UnixSeconds end = to_utc({2026, 11, 25, 20, 0, true}, r.site->site().time_zone).value();
  auto reads_open = [](const std::string& html) {
    return contains(html, "Iscrizioni aperte") && !contains(html, "Evento concluso");
  };
  auto reads_ended = [](const std::string& html) {
    return contains(html, "Evento concluso") && !contains(html, "Iscrizioni aperte") &&
           !contains(html, "/eventi/2026/serata/iscrizione") && !contains(html, "#evento-azioni\">");
  };
  UnixSeconds expires = -1;
  SUBCASE("its page") {
    auto before = r.site->event(2026, "serata", end - 60, &expires);
    REQUIRE(before);
    CHECK(reads_open(*before));
    CHECK(contains(*before, "/eventi/2026/serata/iscrizione"));
    CHECK(expires == end);
    auto after = r.site->event(2026, "serata", end, &expires);
    REQUIRE(after);
    CHECK(reads_ended(*after));
    CHECK(expires == 0);
  }
  SUBCASE("the lists: upcoming until the day is over, then the archive") {
    auto upcoming = r.site->events({}, end - 60, &expires);
    REQUIRE(upcoming);
    CHECK(reads_open(*upcoming));
    CHECK(expires == end);
    auto home = r.site->home(end - 60, &expires);
    REQUIRE(home);
    CHECK(reads_open(*home));
    CHECK(expires == end);
    upcoming = r.site->events({}, end + 60, &expires);
    REQUIRE(upcoming);
    CHECK(contains(*upcoming, "Serata"));
    CHECK(reads_ended(*upcoming));
    CHECK(expires == 0);
    auto archive = r.site->events_archive({}, end + 86400, &expires);
    REQUIRE(archive);
    CHECK(contains(*archive, "Serata"));
    CHECK(reads_ended(*archive));
  }
}

TEST_CASE("API JSON hides drafts") {
  RenderedSite r;
  auto list = api_modules(*r.store);
  REQUIRE(list["modules"].size() == 1);
  CHECK(list["modules"][0]["slug"] == "alfa");
  CHECK_FALSE(api_module(*r.store, "bozza"));
}

TEST_CASE("format_date") {
  CHECK(format_date({2026, 11, 29, 0, 0, false}, "it") == "29 novembre 2026");
  CHECK(format_date({2027, 3, 1, 0, 0, false}, "en") == "1 March 2027");
}

TEST_CASE("format_hours") {
  CHECK(format_hours(4, "it") == "4");
  CHECK(format_hours(2.5, "it") == "2,5");
  CHECK(format_hours(2.5, "en") == "2.5");
  CHECK(format_hours(1.25, "it") == "1,25");
  CHECK(format_hours(1.0 / 3, "it") == "0,33");
}

TEST_CASE("PageCache") {
  PageCache cache(2);
  int renders = 0;
  auto render = [&]() -> std::optional<CachedPage> {
    ++renders;
    return CachedPage{200, "body " + std::to_string(renders), "text/plain", ""};
  };
  SUBCASE("renders once, then serves from memory with an ETag") {
    auto a = cache.get("/a", render);
    auto b = cache.get("/a", render);
    CHECK(renders == 1);
    CHECK(a == b);
    CHECK(a->etag.size() == 34);
  }
  SUBCASE("a page is rendered again once its expiry has come") {
    auto expiring = [&](UnixSeconds expires) {
      return [&, expires]() -> std::optional<CachedPage> {
        auto page = render();
        page->expires = expires;
        return page;
      };
    };
    cache.get("/later", expiring(now_seconds() + 3600));
    CHECK(cache.get("/later", render)->body == "body 1");
    cache.get("/now", expiring(now_seconds()));
    CHECK(cache.get("/now", render)->body == "body 3");
    CHECK(renders == 3);
  }
  SUBCASE("clear() forgets everything") {
    cache.get("/a", render);
    cache.clear();
    CHECK(cache.get("/a", render)->body == "body 2");
  }
  SUBCASE("a missing page is not cached; the size is bounded") {
    CHECK(cache.get("/missing", [] { return std::optional<CachedPage>(); }) == nullptr);
    CHECK(cache.size() == 0);
    cache.get("/a", render);
    cache.get("/b", render);
    cache.get("/c", render);
    CHECK(cache.size() == 2);
    CHECK(cache.get("/c", render)->body == "body 4");
  }
}

TEST_CASE("Theme: partials are included at load, t is always there, errors name the template") {
  TempDir dir;
  write_file(dir.path() / "i18n" / "it.json", R"({"hello": "Ciao"})");
  write_file(dir.path() / "partials" / "name.mustache", "<b>{{name}}</b>{{> punct}}");
  write_file(dir.path() / "partials" / "punct.mustache", "!");
  write_file(dir.path() / "templates" / "layout.mustache", "[{{t.hello}} {{{content}}}]");
  write_file(dir.path() / "templates" / "greet.mustache", "{{t.hello}}, {{> name }}");
  SUBCASE("a page: the template, then the layout around it, partials nested") {
    auto theme = Theme::load(dir.path(), "it");
    REQUIRE(theme.ok());
    CHECK(theme.value()->render("greet", {{"name", "<Ada>"}}).value() == "Ciao, <b>&lt;Ada&gt;</b>!");
    CHECK(theme.value()->render_page("greet", {{"name", "Ada"}}).value() == "[Ciao Ciao, <b>Ada</b>!]");
    CHECK(theme.value()->render("missing", {}).status().code() == Status::Code::not_found);
  }
  SUBCASE("threads render the same template at once, each getting its own page") {
    auto loaded = Theme::load(dir.path(), "it");
    REQUIRE(loaded.ok());
    const Theme& theme = *loaded.value();
    std::vector<std::string> pages(8);
    {
      std::vector<std::jthread> threads;
      for (size_t i = 0; i < pages.size(); ++i)
        threads.emplace_back([&, i] {
          for (int n = 0; n < 200; ++n) pages[i] = theme.render_page("greet", {{"name", std::to_string(i)}}).value();
        });
    }
    for (size_t i = 0; i < pages.size(); ++i) CHECK(pages[i] == "[Ciao Ciao, <b>" + std::to_string(i) + "</b>!]");
  }
  SUBCASE("the page's own data wins over the theme's strings") {
    auto theme = Theme::load(dir.path(), "it");
    REQUIRE(theme.ok());
    CHECK(theme.value()->render("greet", {{"t", {{"hello", "Salve"}}}, {"name", "Ada"}}).value() ==
          "Salve, <b>Ada</b>!");
  }
  SUBCASE("a missing partial is an error at load, not an empty string") {
    write_file(dir.path() / "templates" / "broken.mustache", "{{> nowhere}}");
    auto theme = Theme::load(dir.path(), "it");
    REQUIRE_FALSE(theme.ok());
    CHECK(theme.status().message() == "template broken: partial nowhere does not exist");
  }
  SUBCASE("a partial including itself is an error at load") {
    write_file(dir.path() / "partials" / "punct.mustache", "!{{> name}}");
    auto theme = Theme::load(dir.path(), "it");
    REQUIRE_FALSE(theme.ok());
    CHECK(contains(theme.status().message(), "template greet: partials nest more than 8 deep"));
  }
}

// A block left open swallows every rule after it (browsers read them as nested in it): the
// stylesheet of the default theme must close each block it opens, and nest rules only in at-rules.
TEST_CASE("the default theme's stylesheet closes every block it opens") {
  const std::string css = read_file(std::filesystem::path(SENTINELLA_SOURCE_DIR) / "themes/default/static/style.css");
  std::vector<bool> at_rule;  // per open block: opened by an at-rule (@media, @page...)
  std::string prelude;
  int line = 1;
  for (size_t i = 0; i < css.size(); ++i) {
    const char c = css[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < css.size() && css[i + 1] == '*') {
      const size_t end = css.find("*/", i + 2);
      REQUIRE_MESSAGE(end != std::string::npos, "comment not closed, line " << line);
      for (size_t j = i; j < end; ++j) line += css[j] == '\n';
      i = end + 1;
      continue;
    }
    if (c == '"' || c == '\'') {
      const size_t end = css.find(c, i + 1);
      REQUIRE(end != std::string::npos);
      i = end;
      continue;
    }
    if (c == '{') {
      INFO("line " << line << ": " << trim_spaces(prelude));
      CHECK_MESSAGE((at_rule.empty() || at_rule.back()), "a rule opened inside a rule");
      at_rule.push_back(trim_spaces(prelude).starts_with("@"));
      prelude.clear();
    } else if (c == '}') {
      REQUIRE_MESSAGE(!at_rule.empty(), "'}' without '{', line " << line);
      at_rule.pop_back();
      prelude.clear();
    } else if (c == ';') {
      prelude.clear();
    } else {
      prelude += c;
    }
  }
  CHECK(at_rule.empty());
}
