# The front door. `make serve` and `make test` work on a fresh Debian 12 machine: they install the
# missing Debian packages, configure, build with both cores, then serve or test.

BUILD   ?= build
JOBS    ?= 2
TYPE    ?= RelWithDebInfo
HOST    ?= 127.0.0.1
PORT    ?= 8080

.PHONY: all build deps configure serve test check import clean dev

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE)

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) -j$(JOBS)

serve: build
	$(BUILD)/sentinella serve --host $(HOST) --port $(PORT)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

check: build
	$(BUILD)/sentinella check

import: build
	$(BUILD)/sentinella import

# Debug build with AddressSanitizer and UBSan, then the tests.
dev: deps
	cmake --preset dev
	cmake --build --preset dev
	ctest --preset dev -j$(JOBS)

clean:
	rm -rf $(BUILD) build-dev
