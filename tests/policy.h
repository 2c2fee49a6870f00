// The access policy as people read it: the routes table of docs/security.md, parsed for the tests
// that hold the route table (server/routes.cpp) and the server to it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/roles.h"

namespace sentinella::test {

struct PolicyRow {
  enum class Kind { anyone, signed_in, roles };
  int line = 0;          // in docs/security.md, for messages
  std::string method;    // "GET" or "POST"
  std::string path;      // as documented: "/admin/persone/<id>"
  Kind kind = Kind::anyone;
  RoleSet roles;         // for Kind::roles: exactly the roles listed, admin included when listed
  std::string note;      // the "(...)" after the access, such as an "own only" rule; "" when none
};

// The rows of the table under "## Routes and the access they need" in `security_md`.
// Throws std::runtime_error naming the line of a row it cannot read (a method other than GET or
// POST, a path not in backticks, an unknown role, a role listed twice, an empty access).
std::vector<PolicyRow> read_policy(const std::filesystem::path& security_md);
// read_policy on the repository's docs/security.md.
const std::vector<PolicyRow>& repository_policy();

// A path in one form for documented paths and route patterns: every "<name>" and every regex
// group ("([0-9]{4})") becomes "<>", "[.]" becomes ".". Throws std::runtime_error for a pattern
// with regex syntax it does not know (so a new kind of pattern cannot slip past the comparison).
std::string canonical_path(const std::string& path_or_pattern);

// "GET /admin/registro: admin" for messages.
std::string describe(const PolicyRow& row);

// The row documenting a route (by method and canonical path); nullptr when there is none.
const PolicyRow* find_row(const std::vector<PolicyRow>& policy, const std::string& method, const std::string& pattern);

}  // namespace sentinella::test
