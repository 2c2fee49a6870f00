#include "policy.h"

#include <regex>
#include <sstream>
#include <stdexcept>

#include "test_support.h"

namespace sentinella::test {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

[[noreturn]] void fail(int line, const std::string& text, const std::string& why) {
  throw std::runtime_error("docs/security.md:" + std::to_string(line) + ": " + why + ": " + text);
}

void read_access(PolicyRow& row, std::string access, const std::string& text) {
  if (const auto open = access.find('('); open != std::string::npos) {
    row.note = trim(access.substr(open));
    if (row.note.back() != ')') fail(row.line, text, "a note must be one \"(...)\" at the end");
    access = trim(access.substr(0, open));
  }
  if (access.empty()) fail(row.line, text, "no access");
  if (access == "anyone") return void(row.kind = PolicyRow::Kind::anyone);
  if (access == "signed in") return void(row.kind = PolicyRow::Kind::signed_in);
  row.kind = PolicyRow::Kind::roles;
  std::stringstream names(access);
  for (std::string name; std::getline(names, name, ',');) {
    auto role = parse_role(trim(name));
    if (!role) fail(row.line, text, "unknown role \"" + trim(name) + "\" (anyone, signed in, or roles such as \"admin, trainer\")");
    if (row.roles.has(*role)) fail(row.line, text, "role \"" + trim(name) + "\" listed twice");
    row.roles = row.roles | *role;
  }
}

}  // namespace

std::vector<PolicyRow> read_policy(const std::filesystem::path& security_md) {
  std::istringstream in(read_file(security_md));
  std::vector<PolicyRow> rows;
  bool in_section = false, seen_section = false;
  int n = 0;
  for (std::string text; std::getline(in, text);) {
    ++n;
    if (text.starts_with("## ")) {
      in_section = text == "## Routes and the access they need";
      seen_section = seen_section || in_section;
      continue;
    }
    if (!in_section || !text.starts_with("|")) continue;
    if (text == "| method | path | access |" || text.starts_with("|---")) continue;
    static const std::regex kRow(R"(\| ([A-Z]+) \| `([^`]+)` \| ([^|]*)\|)");
    std::smatch m;
    if (!std::regex_match(text, m, kRow)) fail(n, text, "a row is | METHOD | `path` | access |");
    PolicyRow row;
    row.line = n;
    row.method = m[1];
    if (row.method != "GET" && row.method != "POST") fail(n, text, "the method is GET or POST");
    row.path = m[2];
    read_access(row, trim(m[3]), text);
    rows.push_back(std::move(row));
  }
  if (!seen_section) throw std::runtime_error("docs/security.md: no \"## Routes and the access they need\" section");
  return rows;
}

const std::vector<PolicyRow>& repository_policy() {
  static const std::vector<PolicyRow> rows = read_policy(source_dir() / "docs" / "security.md");
  return rows;
}

std::string canonical_path(const std::string& p) {
  std::string out = std::regex_replace(p, std::regex(R"(\([^()]*\)(\{[0-9,]+\})?)"), "<>");
  out = std::regex_replace(out, std::regex(R"(<[a-z_-]*>)"), "<>");
  out = std::regex_replace(out, std::regex(R"(\[\.\])"), ".");
  if (out.find_first_of("()[]{}*+?|\\^$") != std::string::npos)
    throw std::runtime_error("canonical_path: cannot read the pattern " + p + " (teach tests/policy.cpp its syntax)");
  return out;
}

std::string describe(const PolicyRow& row) {
  std::string access = row.kind == PolicyRow::Kind::anyone      ? "anyone"
                       : row.kind == PolicyRow::Kind::signed_in ? "signed in"
                                                                : format_roles(row.roles);
  return row.method + " " + row.path + ": " + access;
}

const PolicyRow* find_row(const std::vector<PolicyRow>& policy, const std::string& method, const std::string& pattern) {
  const std::string path = canonical_path(pattern);
  for (const auto& row : policy)
    if (row.method == method && canonical_path(row.path) == path) return &row;
  return nullptr;
}

}  // namespace sentinella::test
