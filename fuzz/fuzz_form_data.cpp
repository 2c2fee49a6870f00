// libFuzzer entry point for fuzz_form_data (fuzz/harness.h): a violated property aborts, as a crash.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <httplib.h>

#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string problem = sentinella::fuzz::fuzz_form_data(data, size);
  if (!problem.empty()) {
    std::fprintf(stderr, "fuzz_form_data: property violated: %s\n", problem.c_str());
    std::abort();
  }
  // Query strings are parsed by cpp-httplib before a handler sees them: the same bytes go through
  // its parser too. Debian's httplib is a shared library without instrumentation, so only a crash
  // shows there.
  httplib::Params params;
  httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data), size), params);
  return 0;
}
