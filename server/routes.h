// The route table: every URL the server answers, the access it needs, and its handler, in one
// place. The HTTP server registers exactly these; the access tests walk exactly these.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <string>
#include <vector>

#include "core/roles.h"

namespace sentinella {

struct Exchange;
using Handler = void (*)(Exchange&);

enum class Method { get, post };

struct Access {
  enum class Kind { anyone, signed_in, roles };
  Kind kind = Kind::anyone;
  RoleSet roles;  // for Kind::roles; admins always pass

  static Access anyone() { return {Kind::anyone, {}}; }
  static Access signed_in() { return {Kind::signed_in, {}}; }
  static Access only(RoleSet roles) { return {Kind::roles, roles}; }
  bool allows(const RoleSet& held) const { return kind != Kind::roles || held.allows(roles); }
};

struct Route {
  Method method;
  std::string pattern;  // a regular expression over the path, as cpp-httplib takes it
  Access access;
  std::string example;  // a path this route answers, for the tests
  Handler handler;
};

const std::vector<Route>& route_table();

}  // namespace sentinella
