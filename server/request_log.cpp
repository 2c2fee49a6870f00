#include "server/request_log.h"

#include <ctime>
#include <string_view>

#include "server/form_data.h"

namespace sentinella {

namespace {

// Query parameters whose values are secrets, by their decoded names (matched exactly, as the
// server's own parameter lookup matches them).
bool is_secret_parameter(std::string_view raw_name) {
  std::string name;
  return url_decode(raw_name, name) && name == "codice";
}

// The parameter that carries where to go after signing in: its value is a target of its own, which
// may hold a secret (an anonymous visitor sent to /accedi from /presenza?codice=...).
bool is_return_parameter(std::string_view raw_name) {
  std::string name;
  return url_decode(raw_name, name) && name == "dopo";
}

bool holds_secret(std::string_view raw_value) {
  std::string value;
  if (!url_decode(raw_value, value)) return true;  // unreadable: assume the worst
  return redact_secrets(value) != value;
}

}  // namespace

bool logs_client_address(std::string_view path) { return path != "/presenza"; }

std::string redact_secrets(const std::string& target) {
  const size_t query = target.find('?');
  if (query == std::string::npos) return target;
  std::string out = target.substr(0, query + 1);
  std::string_view rest = std::string_view(target).substr(query + 1);
  for (bool first = true; ; first = false) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (!first) out += '&';
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos &&
        (is_secret_parameter(pair.substr(0, eq)) ||
         (is_return_parameter(pair.substr(0, eq)) && holds_secret(pair.substr(eq + 1)))))
      out.append(pair.substr(0, eq + 1)).append("***");
    else
      out.append(pair);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

std::string common_log_line(const std::string& remote_addr, const std::string& method,
                            const std::string& target, const std::string& version, int status,
                            size_t bytes) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[40];
  std::strftime(date, sizeof date, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  const std::string redacted = redact_secrets(target);
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
