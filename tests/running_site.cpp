#include "running_site.h"

#include <doctest/doctest.h>

#include <stdexcept>

namespace sentinella::test {

const std::vector<TestAccount>& standard_accounts() {
  static const std::vector<TestAccount> accounts = {{"admin", "admin", ""},
                                                    {"trainer", "trainer", ""},
                                                    {"organizer", "organizer", ""},
                                                    {"learner", "learner", "polizia-locale"}};
  return accounts;
}

RunningSite::RunningSite(const std::vector<TestAccount>& accounts, const std::function<void(ContentTree&)>& prepare,
                         std::vector<std::string> serve_args)
    : db_((data_.path() / "s.db").string()), serve_args_(std::move(serve_args)) {
  if (prepare) prepare(tree_);
  if (!accounts.empty()) {
    auto imported = run_sentinella({"import", "--content", tree_.root().string(), "--db", db_});
    if (imported.exit_code != 0) throw std::runtime_error("import failed: " + imported.err);
  }
  for (const auto& a : accounts) {
    std::vector<std::string> args = {"user", "add", "--db", db_, "--username", a.username, "--roles", a.roles,
                                     "--password-stdin", "--organization", "Comune di Prova"};
    if (!a.group.empty()) args.insert(args.end(), {"--group", a.group});
    auto r = run_sentinella(args, kTestPassword + "\n");
    if (r.exit_code != 0) throw std::runtime_error("user add failed: " + r.err);
  }
  restart();
}

void RunningSite::restart() {
  server_.reset();
  std::vector<std::string> args = {"--content", tree_.root().string(), "--db", db_, "--theme",
                                   (source_dir() / "themes" / "default").string()};
  args.insert(args.end(), serve_args_.begin(), serve_args_.end());
  server_ = std::make_unique<ServerProcess>(args);
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  allow_a_busy_machine(*client_);
}

httplib::Result RunningSite::get(const std::string& path, const httplib::Headers& headers) {
  return client_->Get(path.c_str(), headers);
}

httplib::Response RunningSite::fetch(const std::string& path, int status, const httplib::Headers& headers) {
  INFO("GET " << path);
  auto res = get(path, headers);
  REQUIRE(res);
  CHECK(res->status == status);
  return *res;
}

}  // namespace sentinella::test
