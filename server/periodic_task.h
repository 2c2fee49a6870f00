// Background threads of serve: run something now and then without ever stopping the server.
#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

namespace sentinella {

// Sleeps for `d` or until a stop is requested; false if it was.
bool sleep_for(std::stop_token stop, std::chrono::milliseconds d);

// Runs `f`. Any exception it throws is caught and logged to stderr as "error: <what>: <message>"
// (a background thread's exception would otherwise end the process); false if there was one.
bool run_logging_errors(const std::string& what, const std::function<void()>& f);

// Runs `task` on a thread of its own at once and then every `interval` until the object goes. An
// exception from one round is logged (run_logging_errors) and the next round runs as planned.
class PeriodicTask {
public:
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task);
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

private:
  // constant after construction
  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> task_;
  std::jthread thread_;  // last: started once the members it uses exist; stopped and joined first
};

}  // namespace sentinella
