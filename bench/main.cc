// The benchmark binary's entry point; the benchmarks live in one file per area.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
