// Request logging to stderr in the Common Log Format.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>

namespace sentinella {

// `target` with the value of every secret query parameter (invitation codes: "codice", however
// its name is percent-encoded) replaced by "***".
std::string redact_secrets(const std::string& target);

// host ident authuser [date] "request line" status bytes. Secrets in the query string (invitation
// codes) are replaced by "***", and control characters escaped.
std::string common_log_line(const std::string& remote_addr, const std::string& method,
                            const std::string& target, const std::string& version, int status,
                            size_t bytes);

}  // namespace sentinella
