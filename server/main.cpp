// sentinella: parses the command line and wires the pieces together.
#include <CLI/CLI.hpp>
#include <sodium.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <optional>
#include <thread>

#include "importer/gift_import.h"
#include "importer/importer.h"
#include "server/app.h"
#include "server/attendance_command.h"
#include "server/content_watcher.h"
#include "server/http_server.h"
#include "server/periodic_task.h"
#include "server/static_export.h"
#include "server/user_command.h"

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

int run_import_gift(const GiftImportRequest& request) {
  auto result = import_gift(request);
  std::cerr << result.conversion.diagnostics.format_all();
  if (!result.status.ok()) {
    std::cerr << "error: " << result.status.message() << std::endl;
    return 1;
  }
  std::cout << "wrote " << result.written.generic_string() << ": " << result.conversion.converted
            << (result.conversion.converted == 1 ? " question" : " questions") << " converted, "
            << result.conversion.skipped << " skipped; review it, then run 'sentinella check'" << std::endl;
  return 0;
}

// serve --watch: a change under content/ (or the theme) is imported while the site is served; the
// last good content stays in use when the new one has errors.
void reload(App& app) {
  auto report = app.import();
  std::cerr << report.diagnostics.format_all();
  if (report.ok())
    std::cerr << "reloaded: " << report.summary() << std::endl;
  else
    std::cerr << "not reloaded: " << report.summary() << "; still serving the last good content" << std::endl;
}

int run_build(const AppConfig& config, const std::string& out, const std::string& today_text) {
  StaticExportOptions options;
  options.out_dir = out;
  if (!today_text.empty()) {
    auto today = parse_local_date_time(today_text);
    if (!today.ok() || today.value().has_time) {
      std::cerr << "error: --today must be a date, YYYY-MM-DD" << std::endl;
      return 1;
    }
    options.today = today.value();
  }
  auto app = App::open(config);
  if (!app.ok()) {
    std::cerr << "error: " << app.status().message() << std::endl;
    return 1;
  }
  auto report = app.value()->import();
  print_report(report, false);
  if (!report.ok()) {
    std::cerr << "nothing was written: " << out << " is unchanged" << std::endl;
    return 1;
  }
  auto written = export_static_site(*app.value(), options);
  if (!written.ok()) {
    std::cerr << "error: " << written.status().message() << "\nnothing was written: " << out
              << " is unchanged" << std::endl;
    return 1;
  }
  std::cout << "wrote " << written.value().files << " files (" << written.value().bytes / 1024
            << " KiB) to " << out << std::endl;
  return 0;
}

int run_serve(const AppConfig& config, const HttpOptions& http, const std::string& host, int port, bool watch) {
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
  const std::vector<std::filesystem::path> watched = {config.content_dir, config.theme_dir};
  const std::uint64_t loaded = watch ? folder_fingerprint(watched) : 0;
  auto report = app.value()->import();
  print_report(report, false);
  if (!report.ok()) {
    std::cerr << "error: the content has errors; fix them and start again" << std::endl;
    return 1;
  }
  if (!app.value()->accounts().has_admin())
    std::cerr << "note: there is no administrator yet. Create one with:\n"
                 "  build/sentinella user add --db " << config.db_path
              << " --username admin --name \"Amministrazione\" --roles admin\n";
  HttpServer server(*app.value(), http);
  int bound = server.bind(host, port);
  if (bound < 0) {
    std::cerr << "error: cannot listen on " << host << ":" << port << std::endl;
    return 1;
  }
  std::optional<ContentWatcher> watcher;
  if (watch) {
    watcher.emplace(watched, loaded, std::chrono::seconds(1), [&app] { reload(*app.value()); });
    std::cerr << "watching " << config.content_dir.generic_string() << " and "
              << config.theme_dir.generic_string() << " for changes" << std::endl;
  }
  std::cerr << "listening on http://" << host << ":" << bound << "/" << std::endl;

  // Sessions and personal data are not kept longer than they should: hourly housekeeping.
  PeriodicTask housekeeper("housekeeping", std::chrono::hours(1),
                           [&app] { app.value()->housekeeping(now_seconds()); });
  // A `sentinella import` by another process while this one serves: its pages are served within
  // a second (the cached ones would stay stale).
  PeriodicTask refresher("database check", std::chrono::seconds(1),
                         [&app] { app.value()->refresh_if_changed(); });
  // The attendance report's snapshot read again within a second of a change (by this process or
  // another), so that a report is seldom the one that waits for it (core/attendance_report_cache.h).
  PeriodicTask report_refresher("attendance report", std::chrono::seconds(1),
                                [&app] { app.value()->attendance_reports().snapshot(); });
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "received " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping" << std::endl;
    server.stop();
  });
  bool ok = server.listen();
  watcher.reset();
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
  std::string out, today;
  bool watch = false;
  int header_timeout = 15;

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
  std::vector<std::string> trusted_proxies;
  serve->add_option("--trusted-proxy", trusted_proxies,
                    "a reverse proxy (address or CIDR range, repeatable) whose X-Forwarded-For, "
                    "Forwarded and X-Forwarded-Proto headers are believed; also read, comma-separated, "
                    "from SENTINELLA_TRUSTED_PROXIES")
      ->type_name("ADDR")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  serve->add_flag("--watch", watch,
                  "import again when a file under the content folder or the theme changes "
                  "(checked every second); with errors the last good content stays in use");
  serve->add_option("--header-timeout", header_timeout,
                    "seconds a client has to send a request's line and headers")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  auto* build = cli.add_subcommand(
      "build", "Import the content folder, then write the public site as static files to --out");
  add_content(build);
  add_db(build);
  build->add_option("--theme", theme, "theme folder")->capture_default_str();
  build->add_option("--out", out, "output folder; replaced as a whole (only an empty folder or an "
                                  "earlier build)")->required();
  build->add_option("--today", today, "the date event lists start from, YYYY-MM-DD (default: "
                                      "today in the site's time zone)");

  GiftImportRequest gift;
  std::string gift_file;
  auto* import_gift_cmd = cli.add_subcommand(
      "import-gift", "Convert a Moodle GIFT question file into a quiz file in a module's folder");
  import_gift_cmd->add_option("FILE", gift_file, "the GIFT file (UTF-8)")->required();
  import_gift_cmd->add_option("--module", gift.module_slug, "the module's slug (its folder under modules/)")->required();
  add_content(import_gift_cmd);
  import_gift_cmd->add_option("--name", gift.name,
                              "the quiz's slug: writes quiz-NAME.md (default: from the file's name)");
  import_gift_cmd->add_option("--title", gift.title, "the quiz's title (default: the file's name)");
  import_gift_cmd->add_flag("--force", gift.overwrite, "replace a quiz file of that name");

  UserCommand user_cmd;
  auto* user = cli.add_subcommand("user", "Manage accounts: add, list, set-roles, reset-password, disable, enable");
  user->require_subcommand(1);
  user->fallthrough();  // --db may come after the action
  add_db(user);
  auto add_username = [&](CLI::App* sub) { sub->add_option("--username", user_cmd.username, "the account's username")->required(); };
  auto add_password_stdin = [&](CLI::App* sub) {
    sub->add_flag("--password-stdin", user_cmd.password_stdin,
                  "read the password from the first line of standard input instead of asking");
  };
  auto* user_add = user->add_subcommand("add", "Create an account (the password is asked without echo)");
  add_username(user_add);
  user_add->add_option("--name", user_cmd.display_name, "display name (default: the username)");
  user_add->add_option("--email", user_cmd.email, "e-mail address (optional)");
  user_add->add_option("--roles", user_cmd.roles, "comma-separated: admin, trainer, organizer, learner")->required();
  user_add->add_option("--group", user_cmd.group, "target group id from site.yaml (learners)");
  user_add->add_option("--organization", user_cmd.organization, "organization, e.g. \"Polizia Locale di Cremona\"");
  add_password_stdin(user_add);
  user->add_subcommand("list", "List accounts");
  auto* user_roles = user->add_subcommand("set-roles", "Replace an account's roles");
  add_username(user_roles);
  user_roles->add_option("--roles", user_cmd.roles, "comma-separated: admin, trainer, organizer, learner")->required();
  auto* user_reset = user->add_subcommand("reset-password", "Set a new password and end every session");
  add_username(user_reset);
  add_password_stdin(user_reset);
  add_username(user->add_subcommand("disable", "Disable an account and end its sessions"));
  add_username(user->add_subcommand("enable", "Enable a disabled account"));

  AttendanceCommand attendance_cmd;
  auto* attendance = cli.add_subcommand("attendance", "Attendance at meetings: import a paper sign-in sheet");
  attendance->require_subcommand(1);
  attendance->fallthrough();  // --db may come after the action
  add_db(attendance);
  auto* attendance_import = attendance->add_subcommand(
      "import", "Record a meeting's marks from a completed sign-in sheet saved as CSV (see docs/attendance.md); "
                "with any error nothing changes");
  attendance_import->add_option("FILE", attendance_cmd.file, "the CSV file")->required();
  attendance_import->add_option("--event", attendance_cmd.event, "the event, YEAR/SLUG")->required();
  attendance_import->add_option("--meeting", attendance_cmd.meeting, "the meeting's number, from 1")
      ->required()
      ->check(CLI::Range(1, 999));

  CLI11_PARSE(cli, argc, argv);
  config.content_dir = content;
  config.db_path = db;
  config.theme_dir = theme;

  if (check->parsed()) return run_check(content);
  if (import->parsed()) return run_import(config);
  if (serve->parsed()) {
    if (const char* env = std::getenv("SENTINELLA_TRUSTED_PROXIES")) trusted_proxies.push_back(env);
    auto proxies = TrustedProxies::parse(trusted_proxies);
    if (!proxies.ok()) {
      std::cerr << "error: --trusted-proxy or SENTINELLA_TRUSTED_PROXIES: " << proxies.status().message()
                << std::endl;
      return 2;
    }
    config.trusted_proxies = std::move(proxies.value());
    return run_serve(config, {std::chrono::seconds(header_timeout)}, host, port, watch);
  }
  if (build->parsed()) return run_build(config, out, today);
  if (import_gift_cmd->parsed()) {
    gift.gift_file = gift_file;
    gift.content_root = content;
    return run_import_gift(gift);
  }
  if (user->parsed()) {
    user_cmd.action = user->get_subcommands().front()->get_name();
    user_cmd.db_path = db;
    return run_user_command(user_cmd);
  }
  if (attendance->parsed()) {
    attendance_cmd.action = attendance->get_subcommands().front()->get_name();
    attendance_cmd.db_path = db;
    return run_attendance_command(attendance_cmd);
  }
  return 1;
}
