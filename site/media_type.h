// The media type (MIME type) a file is served with, from its name: theme files and content media.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// By the extension of `file_name`, compared without regard to case: "style.css" ->
// "text/css; charset=utf-8", "foto.JPG" -> "image/jpeg"; "application/octet-stream" for any
// extension not listed (or none).
std::string media_type_for(std::string_view file_name);

}  // namespace sentinella
