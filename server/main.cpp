// sentinella: parses the command line and wires the pieces together.
#include <CLI/CLI.hpp>
#include <sodium.h>

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>

#include "importer/importer.h"
#include "server/app.h"
#include "server/http_server.h"

namespace {

using namespace sentinella;

void print_report(const ImportReport& report, bool list_changes) {
  std::cerr << report.diagnostics.format_all();
  if (list_changes) {
    for (const auto& p : report.added) std::cout << "added    " << p << "\n";
    for (const auto& p : report.changed) std::cout << "changed  " << p << "\n";
    for (const auto& p : report.removed) std::cout << "removed  " << p << "\n";
  }
  std::cout << report.summary() << std::endl;
}

int run_check(const std::string& content) {
  auto report = check_content(content);
  print_report(report, false);
  return report.ok() ? 0 : 1;
}

int run_import(const AppConfig& config) {
  auto store = Store::open(config.db_path);
  if (!store.ok()) {
    std::cerr << "error: " << store.status().message() << std::endl;
    return 1;
  }
  auto report = import_content(config.content_dir, *store.value());
  print_report(report, true);
  if (!report.ok()) std::cerr << "nothing was imported: the database is unchanged" << std::endl;
  return report.ok() ? 0 : 1;
}

int run_serve(const AppConfig& config, const std::string& host, int port) {
  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto app = App::open(config);
  if (!app.ok()) {
    std::cerr << "error: " << app.status().message() << std::endl;
    return 1;
  }
  auto report = app.value()->import();
  print_report(report, true);
  if (!report.ok()) {
    std::cerr << "error: the content has errors; fix them and start again" << std::endl;
    return 1;
  }
  HttpServer server(*app.value());
  int bound = server.bind(host, port);
  if (bound < 0) {
    std::cerr << "error: cannot listen on " << host << ":" << port << std::endl;
    return 1;
  }
  std::cerr << "listening on http://" << host << ":" << bound << "/" << std::endl;

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "received " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping" << std::endl;
    server.stop();
  });
  bool ok = server.listen();
  // If listen() ended for another reason, wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::cerr << "stopped" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::cerr << "error: libsodium could not be initialised" << std::endl;
    return 1;
  }
  CLI::App cli{"Sentinella: training and awareness platform against organized crime and "
               "gender-based violence"};
  cli.require_subcommand(1);
  AppConfig config;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string content = "content", db = "data/sentinella.db", theme = "themes/default";

  auto add_content = [&](CLI::App* sub) {
    sub->add_option("--content", content, "content folder")->capture_default_str();
  };
  auto add_db = [&](CLI::App* sub) {
    sub->add_option("--db", db, "SQLite database file")->capture_default_str();
  };

  auto* check = cli.add_subcommand("check", "Validate the content folder; write nothing");
  add_content(check);
  auto* import = cli.add_subcommand("import", "Validate the content folder and load it into the database");
  add_content(import);
  add_db(import);
  auto* serve = cli.add_subcommand("serve", "Import the content folder and serve the site");
  add_content(serve);
  add_db(serve);
  serve->add_option("--theme", theme, "theme folder")->capture_default_str();
  serve->add_option("--host", host, "address to listen on")->capture_default_str();
  serve->add_option("--port", port, "port to listen on (0 picks a free one)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));

  CLI11_PARSE(cli, argc, argv);
  config.content_dir = content;
  config.db_path = db;
  config.theme_dir = theme;

  if (check->parsed()) return run_check(content);
  if (import->parsed()) return run_import(config);
  if (serve->parsed()) return run_serve(config, host, port);
  return 1;
}
