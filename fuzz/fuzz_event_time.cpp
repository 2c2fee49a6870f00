// libFuzzer entry point for fuzz_event_time (fuzz/harness.h): a violated property aborts, as a crash.
#include <cstdio>
#include <cstdlib>

#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string problem = sentinella::fuzz::fuzz_event_time(data, size);
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_event_time: property violated: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
