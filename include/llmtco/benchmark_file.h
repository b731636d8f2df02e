// Reading benchmark files (data/benchmarks/README.md's CSV format) and the
// benchmark_serving result files (JSON) that their rows may name as a trace.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "llmtco/benchmark.h"

namespace llmtco {

// The text of the trace file a row names (column `trace`, a path relative to the
// benchmark file's directory); throws InputError naming the file if it is missing.
using TraceResolver = std::function<std::string(const std::string& relative_path)>;

// Traces read from disk, relative to the directory of `benchmark_path`.
TraceResolver disk_trace_resolver(const std::string& benchmark_path);

// Traces built into the binary (llmtco/embedded.h), under `directory` (e.g.
// "data/benchmarks/vllm-serving").
TraceResolver embedded_trace_resolver(const std::string& directory);

// Parses the CSV text of a benchmark file. Throws InputError naming `source`, the
// line, the column, the value and what is valid, for a missing column or a value
// of the wrong kind (a name the catalogs do not know is not an error here). The
// columns trace, kv_precision, num_requests, max_num_seqs, gpu_memory_utilization,
// scheduler_steps and chunked_prefill are optional (absent or empty: not given).
// Rows naming the same trace share one BenchmarkTrace.
std::vector<BenchmarkRow> parse_benchmarks(std::string_view text, const std::string& source,
                                           const TraceResolver& resolve_trace);

// The same, with traces read from disk relative to `source`'s directory.
std::vector<BenchmarkRow> parse_benchmarks(std::string_view text, const std::string& source);

// Reads and parses `path` (traces relative to its directory); throws InputError if
// it cannot be read.
std::vector<BenchmarkRow> load_benchmark_file(const std::string& path);

// Parses a result file of vLLM's benchmark_serving.py (--save-result), which
// SGLang's bench_serving shares: input_lens, output_lens, ttfts (seconds), duration,
// request_rate ("inf" or a number), and where present num_prompts, mean_tpot_ms and
// output_throughput; other fields are ignored. Throws InputError naming `path`, the
// field, the value and what is valid. The trace's path is `path`.
BenchmarkTrace parse_benchmark_trace(std::string_view json_text, const std::string& path);

// Reads and parses the result file at `path`.
std::shared_ptr<const BenchmarkTrace> load_benchmark_trace(const std::string& path);

// The setup a result file does not record: what ran the benchmark's server.
struct TraceSetup {
  std::string model, gpu, precision, engine, engine_version;
  std::string kv_precision;          // empty: the default for the precision
  int num_gpus = 1, tp = 1, pp = 1;  // num_gpus: a multiple of tp x pp
  ServerFlags server;
};

// The rows of one run, online at the trace's request rate, lines 1, 2, 3 in the
// trace's file (its path, also the source): ttft_ms_mean over the requests that
// produced output (none: no row), tpot_ms_mean (the file's mean_tpot_ms; 0: no
// row) and output_tokens_per_s (the file's output_throughput; 0: no row).
// input_len and output_len are the trace's means, rounded, at least 1. Throws
// InputError if num_gpus is not a multiple of tp x pp.
std::vector<BenchmarkRow> trace_rows(std::shared_ptr<const BenchmarkTrace> trace,
                                     const TraceSetup& setup);

}  // namespace llmtco
