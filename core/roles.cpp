#include "core/roles.h"

namespace sentinella {

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::admin, Role::trainer, Role::organizer, Role::learner};
  return roles;
}

std::string_view role_name(Role r) {
  switch (r) {
    case Role::admin: return "admin";
    case Role::trainer: return "trainer";
    case Role::organizer: return "organizer";
    case Role::learner: return "learner";
  }
  return "";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : all_roles())
    if (role_name(r) == name) return r;
  return std::nullopt;
}

std::optional<RoleSet> parse_roles(std::string_view list) {
  RoleSet out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      auto r = parse_role(item);
      if (!r) return std::nullopt;
      out = out | *r;
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

std::string format_roles(RoleSet roles) {
  std::string out;
  for (Role r : all_roles())
    if (roles.has(r)) {
      if (!out.empty()) out += ",";
      out += role_name(r);
    }
  return out;
}

}  // namespace sentinella
