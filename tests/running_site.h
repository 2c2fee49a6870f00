// A content tree, a database and the real server on a free port, for the integration tests.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "browser.h"
#include "process.h"
#include "test_support.h"

namespace sentinella::test {

// The password of every account a RunningSite creates.
inline const std::string kTestPassword = "una password di prova";

struct TestAccount {
  std::string username;
  std::string roles;  // as for `sentinella user add --roles`
  std::string group;  // target group, may be empty
};

// The four kinds of people: admin, trainer, organizer, learner (in group polizia-locale).
const std::vector<TestAccount>& standard_accounts();

class RunningSite {
public:
  // Imports the base fixture, after `prepare` (if given) has changed it, creates `accounts` through
  // the command line, starts the server (with `serve_args` added to its command line).
  explicit RunningSite(const std::vector<TestAccount>& accounts = {},
                       const std::function<void(ContentTree&)>& prepare = {},
                       std::vector<std::string> serve_args = {});

  const std::string& db_path() const { return db_; }
  int port() const { return server_->port(); }
  ServerProcess& server() { return *server_; }
  // Starts the server again on the same content and database (after stop() or kill_hard()).
  void restart();
  ContentTree& tree() { return tree_; }
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {});
  // GETs `path`: requires an answer and checks that its status is `status` (a failure names the path).
  httplib::Response fetch(const std::string& path, int status, const httplib::Headers& headers = {});
  Browser browser() { return Browser(port()); }

private:
  ContentTree tree_;
  TempDir data_;
  std::string db_;
  std::vector<std::string> serve_args_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace sentinella::test
