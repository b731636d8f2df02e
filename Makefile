# The two commands a newcomer types (README): `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)

.PHONY: run test test-sanitize build build-sanitize deps bench bench-serve format clean

SANITIZE_DIR ?= build-sanitize
# Halt on the first report, leaks included; UBSan prints where.
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

run: build
	./$(BUILD_DIR)/llmtco compare

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# The whole suite built with ASan + UBSan in its own build directory.
test-sanitize: build-sanitize
	$(SANITIZE_ENV) ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS)

build-sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=Release -DLLMTCO_SANITIZE=ON
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	./scripts/install-deps.sh

bench: build
	./$(BUILD_DIR)/llmtco_bench

bench-serve: build
	bench/serve_load.sh ./$(BUILD_DIR)/llmtco

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
