#include "process.h"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <regex>
#include <stdexcept>

extern char** environ;

namespace sentinella::test {

namespace {

pid_t spawn(const std::vector<std::string>& args, int in_fd, int out_fd, int err_fd) {
  std::vector<std::string> argv_strings = {SENTINELLA_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in_fd < 0) posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  else posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_strings[0]);
  return pid;
}

// Reads what is available on `fd` into `out`; false at end of file.
bool drain(int fd, std::string& out) {
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0) return false;
  out.append(buf, static_cast<size_t>(n));
  return true;
}

// Under `make dev` a sanitizer report in the binary fails the test that ran it, even when every
// answer the test checked looked right.
void fail_on_sanitizer_report(const std::string& output) {
  for (const char* report : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"})
    if (output.find(report) != std::string::npos) {
      FAIL_CHECK("sanitizer report from build/sentinella:\n" << output);
      return;
    }
}

int exit_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

pid_t start_sentinella(const std::vector<std::string>& args) {
  int devnull = open("/dev/null", O_WRONLY);
  pid_t pid = spawn(args, -1, devnull, devnull);
  close(devnull);
  return pid;
}

void kill_hard(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
}

RunResult run_sentinella(const std::vector<std::string>& args, const std::string& input) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = spawn(args, in_pipe[0], out_pipe[1], err_pipe[1]);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Small inputs only (a password line): they fit in the pipe's buffer.
  if (!input.empty() && write(in_pipe[1], input.data(), input.size()) < 0) throw std::runtime_error("write failed");
  close(in_pipe[1]);
  RunResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    fds[0].fd = out_open ? out_pipe[0] : -1;
    fds[1].fd = err_open ? err_pipe[0] : -1;
    if (poll(fds, 2, -1) < 0) break;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP))) out_open = drain(out_pipe[0], r.out);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP))) err_open = drain(err_pipe[0], r.err);
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = exit_status(status);
  fail_on_sanitizer_report(r.err);
  return r;
}

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args) {
  // The server's stderr goes to a file: a pipe nobody reads would block it once full.
  char log_template[] = "/tmp/sentinella-server-log-XXXXXX";
  int log_fd = mkstemp(log_template);
  if (log_fd < 0) throw std::runtime_error("cannot create a log file");
  log_path_ = log_template;
  int devnull = open("/dev/null", O_WRONLY);
  std::vector<std::string> args = {"serve", "--host", "127.0.0.1", "--port", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = spawn(args, -1, devnull, log_fd);
  close(devnull);
  close(log_fd);
  const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)/");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const std::string text = log();
    // The match points into `text`: read the port before `text` goes out of scope.
    if (std::smatch m; std::regex_search(text, m, listening)) {
      port_ = std::stoi(m[1].str());
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_ || std::chrono::steady_clock::now() > deadline) {
      pid_ = -1;
      throw std::runtime_error("the server did not start:\n" + text);
    }
    usleep(20 * 1000);
  }
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int ServerProcess::stop() {
  if (pid_ < 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return exit_status(status);
}

void ServerProcess::kill_hard() {
  if (pid_ < 0) return;
  test::kill_hard(pid_);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  stop();
  if (log_path_.empty()) return;
  // The report may come at shutdown, after the last request the test checked.
  fail_on_sanitizer_report(log());
  unlink(log_path_.c_str());
}

}  // namespace sentinella::test
