# The two commands a newcomer types (README): `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)

.PHONY: run test build deps bench bench-serve format clean

run: build
	./$(BUILD_DIR)/llmtco compare

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

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
	rm -rf $(BUILD_DIR)
