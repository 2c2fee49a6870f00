// The one byte range of a file a Range request header asks for (RFC 9110, section 14).
#pragma once

#include <cstddef>
#include <string_view>

namespace sentinella {

struct ByteRangeChoice {
  enum class Kind {
    whole,          // send the whole file with 200: no Range, or one we ignore
    part,           // send bytes [offset, offset + length) with 206
    unsatisfiable,  // answer 416 with "Content-Range: bytes */size"
  };
  Kind kind = Kind::whole;
  size_t offset = 0;
  size_t length = 0;
};

// What to send of a file of `size` bytes for the request's Range header (`range`, "" if absent).
// Only a single "bytes=first-last", "bytes=first-" or "bytes=-suffix" is honoured; a last byte past
// the end is clamped. Several ranges, another unit or a malformed header give `whole` (a server may
// ignore Range, and one copy of the file is the most any request can cost). A single range that
// starts at or past the end, or an empty suffix, gives `unsatisfiable`. Never throws.
ByteRangeChoice choose_byte_range(std::string_view range, size_t size);

}  // namespace sentinella
