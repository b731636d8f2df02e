#!/usr/bin/env bash
# Installs the Debian packages llmtco needs, and only those that are missing: on a
# machine that has them all it changes nothing.
#
# usage: scripts/install-deps.sh [--runtime]
#   --runtime  only what building and running the llmtco binary needs (make run)
#   (none)     that and what the tests, the fuzz targets and the benchmarks need
#              (make test, make test-sanitize, make fuzz, make bench)
set -euo pipefail

runtime_only=false
case "${1:-}" in
  "") ;;
  --runtime) runtime_only=true ;;
  *) echo "usage: $0 [--runtime]" >&2; exit 2 ;;
esac

# Building and running the binary.
packages=(
  cmake                 # build system
  g++                   # C++20 compiler
  make                  # the top-level Makefile
  nlohmann-json3-dev    # JSON output and the JSON catalogs
  libyaml-cpp-dev       # scenario files
  libcli11-dev          # command-line parsing
  libfmt-dev            # number and table formatting
  libboost1.81-dev      # the HTTP server of `llmtco serve` (Boost.Beast, header-only)
)

# The tests, the fuzz targets and the benchmarks only.
if ! $runtime_only; then
  packages+=(
    libgtest-dev          # unit and CLI tests
    libgmock-dev          # matchers used by the tests
    libbenchmark-dev      # bench/ (Google Benchmark)
    wrk                   # bench/: the load generator against `llmtco serve`
    clang-format          # the format check that runs with the tests
    clang-14              # make fuzz: libFuzzer is clang's (tests/fuzz/)
    libclang-rt-14-dev    # libFuzzer and the sanitizer runtimes for clang 14
    llvm-14               # llvm-symbolizer: the fuzzer's reports name file and line
    chromium              # the browser tests (tests/browser/, tests/web/)
    fonts-dejavu-core     # a font for their screenshots; the page names DejaVu Sans
  )
fi

# The page's bundler (both) and the browser test (the tests) run on Node.js; a
# machine that has node and npm already (from any source) keeps them, else Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
