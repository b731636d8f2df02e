#!/usr/bin/env bash
# Runs every fuzz target of BUILD_DIR (make fuzz) for SECONDS each, from its seeds,
# its corpus and its saved crashes, then fails if any crashed. New inputs stay in
# BUILD_DIR/corpus/<target>/, crashes in BUILD_DIR/crashes/<target>/.
# Usage: tests/fuzz/run.sh BUILD_DIR SECONDS [libFuzzer flags...]
set -uo pipefail
cd "$(dirname "$0")/../.."
build=$1
seconds=$2
shift 2

failed=()
for exe in "$build"/tests/fuzz/fuzz_*; do
  name=${exe##*/fuzz_}
  work=$build/corpus/$name
  crashes=$build/crashes/$name
  mkdir -p "$work" "$crashes"
  inputs=()
  for dir in "$build/tests/fuzz/seeds/$name" "tests/fuzz/corpus/$name" \
             "tests/fuzz/regressions/$name"; do
    if [ -d "$dir" ]; then inputs+=("$dir"); fi
  done
  flags=(-max_total_time="$seconds" -timeout=300 -print_final_stats=1
         -artifact_prefix="$crashes/")
  if [ -f "$build/tests/fuzz/$name.dict" ]; then flags+=(-dict="$build/tests/fuzz/$name.dict"); fi
  echo "== fuzz $name for ${seconds}s"
  # libFuzzer's findings: crash-, leak-, timeout- and oom- files (a slow-unit- file
  # is an input that took 10 s or more, not a failure).
  findings() { find "$crashes" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l; }
  before=$(findings)
  status=0
  "$exe" "${flags[@]}" "$@" "$work" "${inputs[@]}" || status=$?
  # A crash is a failed run, or, in -fork mode that ignores them, a new file in $crashes.
  if [ "$status" -ne 0 ] || [ "$(findings)" -ne "$before" ]; then
    failed+=("$name")
    echo "== fuzz $name: crashed; inputs in $crashes/ (replay one: $exe FILE)"
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) crashed: ${failed[*]}"
  exit 1
fi
echo "fuzz: no crash"
