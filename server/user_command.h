// `sentinella user ...`: manage accounts from the command line.
// Errors: failures are printed and give a non-zero exit code; a database that cannot be read throws
// SQLite::Exception out of run_user_command.
#pragma once

#include <string>

namespace sentinella {

struct UserCommand {
  std::string action;  // add, list, set-roles, reset-password, disable, enable
  std::string db_path;
  std::string username, display_name, email, roles, group, organization;
  bool password_stdin = false;
};

// Runs the command; prints to stdout/stderr; returns the exit status.
int run_user_command(const UserCommand& cmd);

}  // namespace sentinella
