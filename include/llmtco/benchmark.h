// Benchmark rows: published serving measurements in the project's benchmark CSV
// format (data/benchmarks/README.md): the setup, the mode, the metric and the
// measured value. `llmtco validate` predicts each and reports the error.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmtco {

// One run of a serving benchmark client (vLLM's benchmark_serving.py result
// JSON, which SGLang's bench_serving shares): its requests and what it measured.
struct BenchmarkTrace {
  std::string path;                       // the file, as the benchmark row names it
  double request_rate = INFINITY;         // requests/s the client sent at; inf: all at t = 0
  std::vector<std::int64_t> input_lens;   // tokens, per request
  std::vector<std::int64_t> output_lens;  // tokens, per request (0: an empty reply)
  std::vector<double> ttfts_s;            // per request; 0 where no token arrived
  double duration_s = 0;                  // first send to last completion
  double mean_tpot_ms = 0;                // the client's per-request (e2e - ttft) / (output - 1)
  double output_tokens_per_s = 0;         // the client's output_throughput
};

// The server's flags a benchmark row records (vLLM's names); each overrides the
// engine profile's default where given.
struct ServerFlags {
  std::optional<std::int64_t> max_num_seqs;      // sequences decoded together
  std::optional<double> gpu_memory_utilization;  // share of GPU memory, (0, 1]
  std::optional<int> scheduler_steps;            // decode steps per scheduling (vLLM multi-step)
  std::optional<bool> chunked_prefill;           // prompts split into chunks that join decodes
};

struct BenchmarkRow {
  std::string file;  // the benchmark file the row is in
  int line = 0;      // 1-based line in the file
  std::string model, gpu, precision, engine, engine_version;
  int num_gpus = 1, tp = 1, pp = 1;  // num_gpus = tp x pp x data-parallel replicas
  std::string mode;                  // "offline", "static" or "online"
  std::int64_t input_len = 0, output_len = 0;
  std::optional<std::int64_t> batch;  // static batch; none for "max"
  double request_rate = 0;            // requests/s, online only; +inf: all at once
  std::string metric;                 // "output_tokens_per_s", "ttft_ms", ...
  double value = 0;                   // the published number, > 0
  std::string source;
  std::string kv_precision;                  // the KV-cache format; empty: the default one
  std::optional<std::int64_t> num_requests;  // online: requests in the run, when finite
  ServerFlags server;
  // The run's requests, for a row that names a result file (column `trace`).
  std::shared_ptr<const BenchmarkTrace> trace;
};

// The metrics the format defines.
inline constexpr std::string_view kBenchmarkMetrics[] = {"output_tokens_per_s",
                                                         "output_tokens_per_s_per_gpu",
                                                         "ttft_ms",
                                                         "ttft_ms_mean",
                                                         "itl_ms_mean",
                                                         "tpot_ms_mean",
                                                         "requests_per_s",
                                                         "decode_tokens_per_s_per_user"};

}  // namespace llmtco
