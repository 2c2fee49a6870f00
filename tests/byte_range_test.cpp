// choose_byte_range: which single range of a file a Range header gets.
#include <doctest/doctest.h>

#include <sstream>

#include "server/byte_range.h"

using namespace sentinella;

namespace {

std::string choice(const std::string& header, size_t size) {
  const ByteRangeChoice c = choose_byte_range(header, size);
  switch (c.kind) {
    case ByteRangeChoice::Kind::whole: return "whole";
    case ByteRangeChoice::Kind::unsatisfiable: return "416";
    case ByteRangeChoice::Kind::part: break;
  }
  std::ostringstream out;
  out << c.offset << "+" << c.length;
  return out.str();
}

}  // namespace

TEST_CASE("one byte range is honoured") {
  CHECK(choice("bytes=0-9", 100) == "0+10");
  CHECK(choice("bytes=90-", 100) == "90+10");
  CHECK(choice("bytes=-10", 100) == "90+10");
  CHECK(choice("bytes=-1000", 100) == "0+100");
  CHECK(choice("bytes=95-1000", 100) == "95+5");  // clamped to the end
  CHECK(choice("BYTES=0-0", 100) == "0+1");
  CHECK(choice("bytes= 5-6 ", 100) == "5+2");
}

TEST_CASE("ranges past the end are unsatisfiable") {
  CHECK(choice("bytes=100-", 100) == "416");
  CHECK(choice("bytes=200-300", 100) == "416");
  CHECK(choice("bytes=-0", 100) == "416");
  CHECK(choice("bytes=0-", 0) == "416");
}

TEST_CASE("several ranges, other units and malformed headers get the whole file") {
  CHECK(choice("", 100) == "whole");
  CHECK(choice("bytes=0-,0-", 100) == "whole");
  CHECK(choice("bytes=0-9,20-29", 100) == "whole");
  CHECK(choice("items=0-9", 100) == "whole");
  CHECK(choice("bytes=9-0", 100) == "whole");
  CHECK(choice("bytes=a-b", 100) == "whole");
  CHECK(choice("bytes=-", 100) == "whole");
  CHECK(choice("bytes=5", 100) == "whole");
  CHECK(choice("bytes=+5-6", 100) == "whole");
  CHECK(choice("bytes=99999999999999999999999-", 100) == "whole");
}
