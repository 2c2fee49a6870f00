// Runs the real sentinella binary from the integration tests.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace sentinella::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs build/sentinella with `args` to completion, with `input` on its standard input.
RunResult run_sentinella(const std::vector<std::string>& args, const std::string& input = "");

// Starts build/sentinella with `args` in the background (output discarded); returns its pid.
pid_t start_sentinella(const std::vector<std::string>& args);
// Kills a process started by start_sentinella with SIGKILL and reaps it.
void kill_hard(pid_t pid);

// `sentinella serve` on 127.0.0.1 and a free port; stopped with SIGTERM by the destructor.
class ServerProcess {
public:
  // Starts the server and waits (up to 60 s) for it to say which port it listens on; throws if it
  // exits or does not say.
  explicit ServerProcess(const std::vector<std::string>& extra_args);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  // Everything the server wrote to stderr so far.
  std::string log() const;
  // Sends SIGTERM and waits; returns the exit status (-1 if already stopped).
  int stop();
  // Kills the server with SIGKILL, as a crash or a power cut would stop it.
  void kill_hard();

private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace sentinella::test
