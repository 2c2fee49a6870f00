#include "server/request_log.h"

#include <ctime>

namespace sentinella {

std::string common_log_line(const std::string& remote_addr, const std::string& method,
                            const std::string& target, const std::string& version, int status,
                            size_t bytes) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[40];
  std::strftime(date, sizeof date, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  std::string redacted = target;
  for (const std::string key : {"?codice=", "&codice="}) {
    size_t pos = redacted.find(key);
    if (pos == std::string::npos) continue;
    size_t start = pos + key.size(), end = redacted.find('&', start);
    redacted.replace(start, end == std::string::npos ? std::string::npos : end - start, "***");
  }
  // Quotes and control characters in the target would break the log's format.
  std::string safe_target;
  for (char c : redacted) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      static const char* hex = "0123456789ABCDEF";
      safe_target += "\\x";
      safe_target += hex[(c >> 4) & 0xF];
      safe_target += hex[c & 0xF];
    } else {
      safe_target += c;
    }
  }
  return (remote_addr.empty() ? "-" : remote_addr) + " - - [" + date + "] \"" + method + " " +
         safe_target + " " + version + "\" " + std::to_string(status) + " " + std::to_string(bytes);
}

}  // namespace sentinella
