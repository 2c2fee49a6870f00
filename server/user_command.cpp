#include "server/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <iomanip>
#include <iostream>

#include "core/accounts.h"
#include "core/password.h"

namespace sentinella {

namespace {

// Reads a line from the terminal without echoing it.
std::string prompt_hidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << std::endl;
  return line;
}

// The new password, from standard input or asked twice at the terminal; nullopt if unusable.
std::optional<std::string> read_new_password(const UserCommand& cmd) {
  std::string password;
  if (cmd.password_stdin) {
    std::getline(std::cin, password);
  } else {
    if (!isatty(STDIN_FILENO)) {
      std::cerr << "error: no terminal to ask the password on; use --password-stdin" << std::endl;
      return std::nullopt;
    }
    password = prompt_hidden("Password: ");
    if (prompt_hidden("Password again: ") != password) {
      std::cerr << "error: the two passwords differ" << std::endl;
      return std::nullopt;
    }
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (auto problem = check_password(password, cmd.username); problem != PasswordProblem::none) {
    std::cerr << "error: " << describe(problem) << std::endl;
    return std::nullopt;
  }
  return password;
}

int fail(const Status& st) {
  std::cerr << "error: " << st.message() << std::endl;
  return 1;
}

std::optional<User> find_or_complain(Accounts& accounts, const std::string& username) {
  auto u = accounts.find_by_username(username);
  if (!u || u->erased) std::cerr << "error: no account named '" << username << "'" << std::endl;
  return u && !u->erased ? u : std::nullopt;
}

}  // namespace

int run_user_command(const UserCommand& cmd) {
  auto store = Store::open(cmd.db_path);
  if (!store.ok()) return fail(store.status());
  Accounts accounts(*store.value());
  std::vector<std::string> groups;
  if (auto site = store.value()->site())
    for (const auto& g : site->target_groups) groups.push_back(g.id);
  const UnixSeconds now = now_seconds();

  if (cmd.action == "add") {
    auto roles = parse_roles(cmd.roles);
    if (!roles || roles->empty()) {
      std::cerr << "error: --roles takes a comma-separated list of admin, trainer, organizer, learner" << std::endl;
      return 1;
    }
    if (!cmd.group.empty() && groups.empty()) {
      std::cerr << "error: no target groups yet: run 'sentinella import' first" << std::endl;
      return 1;
    }
    NewUser u{cmd.username, cmd.display_name.empty() ? cmd.username : cmd.display_name, cmd.email,
              cmd.group, cmd.organization, "", *roles};
    // Everything but the password first, so nobody types a password for a command that fails.
    bool bad = false;
    for (const auto& e : Accounts::validate(u, groups))
      if (e.field != "password") {
        std::cerr << "error: " << e.message << std::endl;
        bad = true;
      }
    if (bad) return 1;
    auto password = read_new_password(cmd);
    if (!password) return 1;
    u.password = *password;
    auto user = accounts.add_user(u, groups, 0, now);
    if (!user.ok()) return fail(user.status());
    std::cout << "added " << user->username << " (" << format_roles(user->roles) << ")" << std::endl;
    return 0;
  }
  if (cmd.action == "list") {
    std::cout << std::left << std::setw(24) << "USERNAME" << std::setw(28) << "ROLES" << std::setw(20)
              << "GROUP" << "STATE" << "\n";
    for (const auto& u : accounts.list({}))
      std::cout << std::setw(24) << u.username << std::setw(28) << format_roles(u.roles) << std::setw(20)
                << (u.target_group.empty() ? "-" : u.target_group) << (u.disabled ? "disabled" : "active")
                << "\n";
    return 0;
  }
  auto user = find_or_complain(accounts, cmd.username);
  if (!user) return 1;
  if (cmd.action == "set-roles") {
    auto roles = parse_roles(cmd.roles);
    if (!roles) {
      std::cerr << "error: --roles takes a comma-separated list of admin, trainer, organizer, learner" << std::endl;
      return 1;
    }
    if (Status st = accounts.set_roles(user->id, *roles, 0, now); !st.ok()) return fail(st);
    std::cout << user->username << ": roles " << format_roles(*roles) << std::endl;
    return 0;
  }
  if (cmd.action == "reset-password") {
    auto password = read_new_password(cmd);
    if (!password) return 1;
    if (Status st = accounts.set_password(user->id, *password, 0, now); !st.ok()) return fail(st);
    std::cout << user->username << ": password changed; every session ended" << std::endl;
    return 0;
  }
  if (cmd.action == "disable" || cmd.action == "enable") {
    if (Status st = accounts.set_disabled(user->id, cmd.action == "disable", 0, now); !st.ok()) return fail(st);
    std::cout << user->username << ": " << cmd.action << "d" << std::endl;
    return 0;
  }
  std::cerr << "error: unknown action " << cmd.action << std::endl;
  return 1;
}

}  // namespace sentinella
