// split_front_matter: the "---" block at the top of every Markdown file.
#include <doctest/doctest.h>

#include <string>

#include "importer/front_matter.h"

using namespace sentinella;

namespace {

const std::string kNotStarted =
    "the file must start with a front-matter block: a line '---', the YAML fields, then another "
    "line '---'";
const std::string kNotClosed =
    "the front-matter block is not closed: add a line '---' after the fields";

}  // namespace

TEST_CASE("split_front_matter separates the YAML block from the body") {
  SUBCASE("a normal file") {
    auto r = split_front_matter("---\ntitle: Primo passo\nminutes: 10\n---\nTesto.\n");
    REQUIRE(r.ok());
    CHECK(r->yaml == "title: Primo passo\nminutes: 10\n");
    CHECK(r->yaml_first_line == 2);
    CHECK(r->body == "Testo.\n");
  }
  SUBCASE("CRLF line endings") {
    auto r = split_front_matter("---\r\ntitle: Primo\r\n---\r\nTesto.\r\n");
    REQUIRE(r.ok());
    CHECK(r->yaml == "title: Primo\r\n");
    CHECK(r->body == "Testo.\r\n");
  }
  SUBCASE("a UTF-8 byte-order mark before the opening fence") {
    auto r = split_front_matter("\xEF\xBB\xBF---\ntitle: Con BOM\n---\nCorpo\n");
    REQUIRE(r.ok());
    CHECK(r->yaml == "title: Con BOM\n");
    CHECK(r->yaml_first_line == 2);
    CHECK(r->body == "Corpo\n");
  }
  SUBCASE("spaces and tabs after the fences") {
    auto r = split_front_matter("---  \ntitle: Spazi\n--- \t\nCorpo\n");
    REQUIRE(r.ok());
    CHECK(r->yaml == "title: Spazi\n");
    CHECK(r->body == "Corpo\n");
  }
  SUBCASE("the body keeps everything after the closing fence, blank lines included") {
    auto r = split_front_matter("---\na: 1\n---\n\n# Titolo\n\n  rientro\n\n");
    REQUIRE(r.ok());
    CHECK(r->body == "\n# Titolo\n\n  rientro\n\n");
  }
  SUBCASE("a closing fence at the end of the file leaves an empty body") {
    auto r = split_front_matter("---\na: 1\n---");
    REQUIRE(r.ok());
    CHECK(r->yaml == "a: 1\n");
    CHECK(r->body == "");
  }
  SUBCASE("an empty block") {
    auto r = split_front_matter("---\n---\nCorpo");
    REQUIRE(r.ok());
    CHECK(r->yaml == "");
    CHECK(r->body == "Corpo");
  }
  SUBCASE("a '---' in the body after the block stays in the body") {
    auto r = split_front_matter("---\na: 1\n---\nsopra\n---\nsotto\n");
    REQUIRE(r.ok());
    CHECK(r->yaml == "a: 1\n");
    CHECK(r->body == "sopra\n---\nsotto\n");
  }
  SUBCASE("a longer dash line is not a fence") {
    auto r = split_front_matter("---\na: 1\n----\nb: 2\n---\nCorpo");
    REQUIRE(r.ok());
    CHECK(r->yaml == "a: 1\n----\nb: 2\n");
    CHECK(r->body == "Corpo");
  }
}

TEST_CASE("split_front_matter names what is missing") {
  SUBCASE("an empty file") {
    auto r = split_front_matter("");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK(r.status().message() == kNotStarted);
  }
  SUBCASE("a file with no opening fence") {
    auto r = split_front_matter("title: Senza\n---\nCorpo\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK(r.status().message() == kNotStarted);
  }
  SUBCASE("a blank line before the opening fence") {
    auto r = split_front_matter("\n---\na: 1\n---\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == kNotStarted);
  }
  SUBCASE("a fence indented by a space") {
    auto r = split_front_matter(" ---\na: 1\n---\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == kNotStarted);
  }
  SUBCASE("a block never closed") {
    auto r = split_front_matter("---\ntitle: Aperto\nminutes: 5\nTesto senza fine\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Status::Code::invalid);
    CHECK(r.status().message() == kNotClosed);
  }
  SUBCASE("only the opening fence") {
    auto r = split_front_matter("---\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().message() == kNotClosed);
  }
}
