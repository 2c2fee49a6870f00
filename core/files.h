// Reading a whole file into memory, with a bound on its size.
// Errors are returned as Status/Result; nothing here throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/status.h"

namespace sentinella {

// The bytes of the regular file at `path`. NotFound if there is no regular file there (a folder,
// a missing name); Invalid, naming both sizes, if it is larger than `max_bytes`; IOError if it
// cannot be read. Symlinks are followed: callers that must not follow them check first.
Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes);

}  // namespace sentinella
