// Speed of the speed model: one `perf` evaluation (offline and online), and a
// whole `validate` run over the calibration file. Results: bench/README.md.
#include <benchmark/benchmark.h>

#include "llmtco/builtin_catalogs.h"
#include "llmtco/perf.h"
#include "llmtco/validate.h"

namespace {

llmtco::Deployment llama70b_tp4() {
  const llmtco::Catalogs& c = llmtco::all_builtin_catalogs();
  return {.model = llmtco::find_model(c, "meta-llama/Llama-2-70b-hf"),
          .weights = llmtco::find_precision(c, "bf16"),
          .kv = llmtco::find_precision(c, "bf16"),
          .gpu = llmtco::find_gpu(c, "h100-sxm"),
          .engine = llmtco::find_engine(c, "vllm"),
          .tp = 4};
}

void BM_PerfOffline(benchmark::State& state) {
  const llmtco::Deployment d = llama70b_tp4();
  const llmtco::Workload w{.input_tokens = 1000, .output_tokens = 300};
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::offline_throughput(d, w));
}
BENCHMARK(BM_PerfOffline);

void BM_PerfOnline(benchmark::State& state) {
  const llmtco::Deployment d = llama70b_tp4();
  const llmtco::Workload w{.input_tokens = 1000, .output_tokens = 300};
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::online_throughput(d, w, 3.0));
}
BENCHMARK(BM_PerfOnline);

void BM_ValidateCalibration(benchmark::State& state) {
  const llmtco::Catalogs& c = llmtco::all_builtin_catalogs();
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::validate(c, c.benchmarks, c.engines));
}
BENCHMARK(BM_ValidateCalibration)->Unit(benchmark::kMillisecond);

}  // namespace
