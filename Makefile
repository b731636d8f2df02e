# The two commands a newcomer types (README): `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)

.PHONY: run test test-sanitize build build-run build-sanitize fuzz build-fuzz deps deps-runtime \
	bench bench-serve format clean

# make run builds the llmtco target only, so it compiles no test. A build directory
# it configures first gets LLMTCO_BUILD_TESTS=OFF, so that only what the binary
# needs is installed and looked up; one that make test (or make build) configured
# keeps its tests, and make run still builds only llmtco in it.
RUN_CONFIG = $(if $(wildcard $(BUILD_DIR)/CMakeCache.txt),,-DLLMTCO_BUILD_TESTS=OFF)

SANITIZE_DIR ?= build-sanitize
# Halt on the first report, leaks included; UBSan prints where.
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=
# libFuzzer finds leaks itself; the symbolizer names the frames of a report.
FUZZ_ENV = ASAN_OPTIONS=detect_stack_use_after_return=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer

run: build-run
	./$(BUILD_DIR)/llmtco compare

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# The whole suite built with ASan + UBSan in its own build directory.
test-sanitize: build-sanitize
	$(SANITIZE_ENV) ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS)

build-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=Release -DLLMTCO_SANITIZE=ON \
		-DLLMTCO_BUILD_TESTS=ON
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

# Each libFuzzer target (tests/fuzz/) for FUZZ_SECONDS; fails on any crash.
# FUZZ_FLAGS go to libFuzzer, e.g. "-fork=1 -ignore_crashes=1" to keep going.
fuzz: build-fuzz
	$(FUZZ_ENV) tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_FLAGS)

# The core and the fuzz targets only, with clang (libFuzzer), ASan and UBSan.
build-fuzz: deps
	cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=Release -DLLMTCO_FUZZ=ON \
		-DCMAKE_CXX_COMPILER=clang++-14
	cmake --build $(FUZZ_DIR) -j $(JOBS)

# Every target: the libraries, the binary, the tests and the benchmarks.
build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLLMTCO_BUILD_TESTS=ON
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The llmtco binary and the libraries it links, nothing else.
build-run: deps-runtime
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(RUN_CONFIG)
	cmake --build $(BUILD_DIR) --target llmtco -j $(JOBS)

# Everything the tests, the fuzz targets and the benchmarks need too.
deps:
	./scripts/install-deps.sh

# What building and running the binary needs.
deps-runtime:
	./scripts/install-deps.sh --runtime

bench: build
	./$(BUILD_DIR)/llmtco_bench

bench-serve: build
	bench/serve_load.sh ./$(BUILD_DIR)/llmtco

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(FUZZ_DIR)
