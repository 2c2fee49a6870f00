// Request logging to stderr in the Common Log Format.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace sentinella {

// `target` with the value of every secret query parameter (invitation and check-in codes: "codice",
// however its name is percent-encoded) replaced by "***", and so is the value of "dopo" (where to go
// after signing in) when the target it names holds one.
std::string redact_secrets(const std::string& target);

// False for requests whose client address is not logged: self check-in (/presenza), of which no
// address is kept (docs/security.md).
bool logs_client_address(std::string_view path);

// host ident authuser [date] "request line" status bytes. Secrets in the query string (invitation
// codes) are replaced by "***", and control characters escaped.
std::string common_log_line(const std::string& remote_addr, const std::string& method,
                            const std::string& target, const std::string& version, int status,
                            size_t bytes);

}  // namespace sentinella
