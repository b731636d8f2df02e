// Speed of the speed model: one `perf` evaluation (offline and online), the
// simulation of a 500-request run and of 10,000 requests, and whole `validate`
// runs over the built-in sets and over the vLLM serving runs alone. Results:
// bench/README.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "llmtco/builtin_catalogs.h"
#include "llmtco/perf.h"
#include "llmtco/simulate.h"
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

void BM_SimulateOnlineRun(benchmark::State& state) {
  // One of calibration-2.csv's runs: 500 requests of 467 + 256 tokens at 16/s.
  llmtco::Deployment d = llama70b_tp4();
  d.engine = llmtco::find_engine(llmtco::all_builtin_catalogs(), "trtllm", "0.14");
  const llmtco::RequestShape shape{.input = {.mean_tokens = 467}, .output = {.mean_tokens = 256}};
  const std::vector<llmtco::SimRequest> run = llmtco::generate_requests(shape, 16.0, 500, 14);
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::simulate(d, run));
}
BENCHMARK(BM_SimulateOnlineRun)->Unit(benchmark::kMillisecond);

// The case: `llmtco simulate llama-3.1-8b --gpu h100-sxm --rate 10 --input
// 1000 --output 300 --requests 10000 --seed 1`, one replica, the timeline kept.
void BM_Simulate10kRequests(benchmark::State& state) {
  const llmtco::Catalogs& c = llmtco::all_builtin_catalogs();
  const llmtco::Deployment d{.model = llmtco::find_model(c, "llama-3.1-8b"),
                             .weights = llmtco::find_precision(c, "bf16"),
                             .kv = llmtco::find_precision(c, "bf16"),
                             .gpu = llmtco::find_gpu(c, "h100-sxm"),
                             .engine = llmtco::find_engine(c, "vllm")};
  const llmtco::RequestShape shape{.input = {.mean_tokens = 1000}, .output = {.mean_tokens = 300}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(llmtco::simulate(d, llmtco::generate_requests(shape, 10.0, 10000, 1)));
  }
}
BENCHMARK(BM_Simulate10kRequests)->Unit(benchmark::kMillisecond);

void BM_ValidateBuiltInSets(benchmark::State& state) {
  const llmtco::Catalogs& c = llmtco::all_builtin_catalogs();
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::validate(c, c.benchmarks, c.engines));
}
BENCHMARK(BM_ValidateBuiltInSets)->Unit(benchmark::kMillisecond);

void BM_ValidateVllmServing(benchmark::State& state) {
  const llmtco::Catalogs& c = llmtco::all_builtin_catalogs();
  std::vector<llmtco::BenchmarkRow> rows;
  for (const llmtco::BenchmarkRow& r : c.benchmarks) {
    if (r.file == "data/benchmarks/vllm-serving/index.csv") rows.push_back(r);
  }
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::validate(c, rows, c.engines));
}
BENCHMARK(BM_ValidateVllmServing)->Unit(benchmark::kMillisecond);

}  // namespace
