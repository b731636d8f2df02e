// The report of `llmtco perf`: the latency and throughput of one deployment from
// the speed model (perf.h), with the bound of each phase. PerfRequest holds every
// input; the shells fill it from flags or a request body.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <cstdint>
#include <optional>
#include <string>

#include "llmtco/catalogs.h"
#include "llmtco/perf.h"
#include "llmtco/report.h"

namespace llmtco {

struct PerfRequest {
  // A model of the catalogs: id, short name or alias (or a path the shell read).
  std::string model;
  std::string gpu;                       // a GPU catalog id; required
  int tp = 1;                            // tensor-parallel GPUs, 1 to 64; must divide the heads
  int pp = 1;                            // pipeline stages, 1 to 64 and at most the model's layers
  std::string precision = "checkpoint";  // weight format (data/precisions.json); checkpoint:
                                         // the checkpoint's own (bf16 unless quantized)
  std::string kv_precision;              // KV-cache format; empty: fp8 with fp8 weights, else bf16
  std::string engine = "vllm";           // vllm, trtllm, sglang, hf-transformers, gpt-fast
  std::string engine_version;            // picks the engine's profile; empty: the newest
  std::int64_t input_tokens = Workload{}.input_tokens;    // per request, 1 to 10,000,000
  std::int64_t output_tokens = Workload{}.output_tokens;  // per request, 1 to 10,000,000
  // The mode: static with a batch (1 to 1,000,000 requests prefilled and decoded
  // together), online with a rate (requests per second arriving at random, > 0
  // and <= 1,000,000), offline (every request at once) with neither; not both.
  std::optional<std::int64_t> batch;
  std::optional<double> rate_per_s;
};

// The figures (ttft_ms, tpot_ms, output tokens per second, ...), a "steps" table
// of one prefill and one decode step split into compute, memory, communication and
// overhead, and notes naming each phase's bound. Throws FieldError naming the
// member for a bad input (model, gpu, precision, kv_precision and engine for
// unknown names too), and InputError when the model does not fit the deployment or
// the batch does not fit its memory.
Report perf_report(const Catalogs& catalogs, const PerfRequest& request);

}  // namespace llmtco
