# The front door. `make serve` and `make test` work on a fresh Debian 12 machine: they install the
# missing Debian packages, configure, build with both cores, then serve or test.

BUILD   ?= build
JOBS    ?= 2
TYPE    ?= RelWithDebInfo
HOST    ?= 127.0.0.1
PORT    ?= 8080

.PHONY: all build deps configure serve test check import clean dev theme-assets

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE)

configure: $(BUILD)/CMakeCache.txt

build: deps configure theme-assets
	cmake --build $(BUILD) -j$(JOBS)

# The fonts the theme serves from the site itself (npm, copied into themes/default/static/fonts/);
# only warns when npm cannot run: the site then uses system fonts.
theme-assets:
	@scripts/install-theme-assets

serve: build
	$(BUILD)/sentinella serve --host $(HOST) --port $(PORT)

# Every test: the C++ tests (`ctest --test-dir build` alone for quick work), then the browser tests.
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)
	$(MAKE) --no-print-directory e2e

# Browser tests (e2e/): Playwright drives Debian's chromium against the real server. Installs
# chromium and the npm packages when missing; screenshots go to $(BUILD)/e2e-screenshots/.
.PHONY: e2e
e2e: build
	@scripts/install-e2e
	SENTINELLA_BIN=$(abspath $(BUILD))/sentinella SCREENSHOT_DIR=$(abspath $(BUILD))/e2e-screenshots \
	  npm test --prefix e2e

check: build
	$(BUILD)/sentinella check

import: build
	$(BUILD)/sentinella import

# Debug build with AddressSanitizer and UBSan, then the tests.
dev: deps
	cmake --preset dev
	cmake --build --preset dev
	ctest --preset dev -j$(JOBS)

# libFuzzer targets (clang-14): each runs FUZZ_SECONDS on a scratch copy of its seed corpus; a crash
# fails the run and is left in $(FUZZ_BUILD)/crashes/. See docs/fuzzing.md.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build-fuzz
FUZZERS      := fuzz_content_file fuzz_event_time fuzz_form_data
.PHONY: fuzz
fuzz:
	@scripts/install-deps fuzz
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSENTINELLA_FUZZ=ON -DBUILD_TESTING=OFF
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target $(FUZZERS)
	fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZERS)

# Benchmarks against references (docs/performance.md): `sentinella build` against Hugo at 1,000
# and 10,000 pages, `sentinella serve` against nginx serving the export, then the load test.
# Installs hugo, nginx, wrk and time when missing.
.PHONY: bench
bench: build
	@scripts/install-deps bench
	bench/compare_build.sh $(BUILD)/sentinella
	bench/compare_serve.sh $(BUILD)/sentinella
	bench/load.sh $(BUILD)/sentinella

clean:
	rm -rf $(BUILD) build-dev
