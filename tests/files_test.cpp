// Reading a whole file with a size bound, and the media type a file is served with.
#include <doctest/doctest.h>

#include <string>

#include "core/files.h"
#include "site/media_type.h"
#include "test_support.h"

using namespace sentinella;

TEST_CASE("read_file reads a whole file up to a limit") {
  test::TempDir dir;
  const std::string text("a\0b\nc", 5);
  test::write_file(dir.path() / "f.bin", text);
  SUBCASE("within the limit, byte for byte") {
    auto read = read_file(dir.path() / "f.bin", 5);
    REQUIRE(read.ok());
    CHECK(read.value() == text);
  }
  SUBCASE("over the limit: Invalid, naming both sizes") {
    auto read = read_file(dir.path() / "f.bin", 4);
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().code() == Status::Code::invalid);
    CHECK(read.status().message() == "the file is 5 bytes; the limit is 4 bytes");
  }
  SUBCASE("a limit in whole MiB reads as such") {
    test::write_file(dir.path() / "big.txt", std::string(1024 * 1024 + 1, 'x'));
    CHECK(read_file(dir.path() / "big.txt", 1024 * 1024).status().message() ==
          "the file is 1048577 bytes; the limit is 1 MiB (1048576 bytes)");
  }
  SUBCASE("missing, or a folder: NotFound") {
    CHECK(read_file(dir.path() / "nessuno", 100).status().code() == Status::Code::not_found);
    CHECK(read_file(dir.path(), 100).status().code() == Status::Code::not_found);
  }
  SUBCASE("an empty file") {
    test::write_file(dir.path() / "vuoto", "");
    auto read = read_file(dir.path() / "vuoto", 0);
    REQUIRE(read.ok());
    CHECK(read.value().empty());
  }
}

TEST_CASE("media_type_for goes by the extension, in any case") {
  CHECK(media_type_for("style.css") == "text/css; charset=utf-8");
  CHECK(media_type_for("foto.JPG") == "image/jpeg");
  CHECK(media_type_for("a.b.jpeg") == "image/jpeg");
  CHECK(media_type_for("guida.pdf") == "application/pdf");
  CHECK(media_type_for("logo.svg") == "image/svg+xml");
  CHECK(media_type_for("font.woff2") == "font/woff2");
  CHECK(media_type_for("LEGGIMI") == "application/octet-stream");
  CHECK(media_type_for("x.exe") == "application/octet-stream");
}
