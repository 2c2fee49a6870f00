#include "site/media_type.h"

#include <algorithm>
#include <map>

namespace sentinella {

std::string media_type_for(std::string_view file_name) {
  static const std::map<std::string, std::string, std::less<>> types = {
      {"css", "text/css; charset=utf-8"}, {"js", "text/javascript; charset=utf-8"},
      {"svg", "image/svg+xml"},           {"png", "image/png"},
      {"jpg", "image/jpeg"},              {"jpeg", "image/jpeg"},
      {"webp", "image/webp"},             {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},            {"txt", "text/plain; charset=utf-8"},
      {"json", "application/json"},       {"pdf", "application/pdf"}};
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string extension(file_name.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  auto it = types.find(extension);
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace sentinella
