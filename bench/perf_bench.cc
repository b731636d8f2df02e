// Speed of the speed model: one `perf` evaluation (offline and online), and a
// whole `validate` run over the calibration file. Results: bench/README.md.
#include <benchmark/benchmark.h>

#include "llmtco/catalogs.h"
#include "llmtco/embedded.h"
#include "llmtco/model_catalog.h"
#include "llmtco/perf.h"
#include "llmtco/validate.h"

namespace {

llmtco::Deployment llama70b_tp4() {
  return {.model = llmtco::load_model("meta-llama/Llama-2-70b-hf"),
          .weights = llmtco::find_precision("bf16"),
          .kv = llmtco::find_precision("bf16"),
          .gpu = llmtco::find_gpu("h100-sxm"),
          .engine = llmtco::find_engine("vllm"),
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
  const char* path = "data/benchmarks/calibration.csv";
  for (auto _ : state) {
    const auto rows = llmtco::parse_benchmarks(*llmtco::embedded_file(path), path);
    benchmark::DoNotOptimize(llmtco::validate(rows, llmtco::engine_catalog()));
  }
}
BENCHMARK(BM_ValidateCalibration)->Unit(benchmark::kMillisecond);

}  // namespace
