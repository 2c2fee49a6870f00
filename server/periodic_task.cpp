#include "server/periodic_task.h"

#include <condition_variable>
#include <exception>
#include <iostream>
#include <mutex>

namespace sentinella {

bool sleep_for(std::stop_token stop, std::chrono::milliseconds d) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait_for(lock, stop, d, [] { return false; });
  return !stop.stop_requested();
}

bool run_logging_errors(const std::string& what, const std::function<void()>& f) {
  try {
    f();
    return true;
  } catch (const std::exception& e) {
    std::cerr << "error: " << what << ": " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "error: " << what << ": an unknown exception" << std::endl;
  }
  return false;
}

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task)
    : name_(std::move(name)), interval_(interval), task_(std::move(task)),
      thread_([this](std::stop_token stop) {
        do run_logging_errors(name_, task_);
        while (sleep_for(stop, interval_));
      }) {}

}  // namespace sentinella
