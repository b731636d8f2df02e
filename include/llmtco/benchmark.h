// Benchmark rows: published serving measurements in the project's benchmark CSV
// format (data/benchmarks/README.md): the setup, the mode, the metric and the
// measured value. `llmtco validate` predicts each and reports the error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmtco {

struct BenchmarkRow {
  int line = 0;  // 1-based line in the file
  std::string model, gpu, precision, engine, engine_version;
  int num_gpus = 1, tp = 1, pp = 1;  // num_gpus = tp x pp x data-parallel replicas
  std::string mode;                  // "offline", "static" or "online"
  std::int64_t input_len = 0, output_len = 0;
  std::optional<std::int64_t> batch;  // static batch; none for "max"
  double request_rate = 0;            // requests/s, online only; +inf: all at once
  std::string metric;                 // "output_tokens_per_s", "ttft_ms", ...
  double value = 0;                   // the published number, > 0
  std::string source;
};

// The metrics the format defines.
inline constexpr std::string_view kBenchmarkMetrics[] = {
    "output_tokens_per_s", "output_tokens_per_s_per_gpu", "ttft_ms", "ttft_ms_mean", "itl_ms_mean",
    "requests_per_s",      "decode_tokens_per_s_per_user"};

}  // namespace llmtco
