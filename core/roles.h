// Roles people hold. A person may hold several; an admin may do everything.
// Nothing here throws except std::bad_alloc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sentinella {

enum class Role : unsigned { learner = 1, trainer = 2, organizer = 4, admin = 8 };

// A set of roles as a bit mask.
class RoleSet {
public:
  constexpr RoleSet() = default;
  constexpr RoleSet(Role r) : bits_(static_cast<unsigned>(r)) {}  // NOLINT: implicit by design
  static constexpr RoleSet from_bits(unsigned bits) { RoleSet s; s.bits_ = bits & 15u; return s; }

  constexpr RoleSet operator|(RoleSet o) const { return from_bits(bits_ | o.bits_); }
  constexpr bool has(Role r) const { return bits_ & static_cast<unsigned>(r); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr unsigned bits() const { return bits_; }
  // True if this person may act in a route open to `allowed` (admins may act everywhere).
  constexpr bool allows(RoleSet allowed) const { return has(Role::admin) || (bits_ & allowed.bits_); }
  bool operator==(const RoleSet&) const = default;

private:
  unsigned bits_ = 0;
};

constexpr RoleSet operator|(Role a, Role b) { return RoleSet(a) | RoleSet(b); }

const std::vector<Role>& all_roles();
std::string_view role_name(Role r);  // "admin", "trainer", "organizer", "learner"
std::optional<Role> parse_role(std::string_view name);
// "admin,trainer" <-> RoleSet; nullopt if any name is unknown.
std::optional<RoleSet> parse_roles(std::string_view comma_separated);
std::string format_roles(RoleSet roles);

}  // namespace sentinella
