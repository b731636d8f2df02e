// The speed model: time of one forward step of a deployment (model, GPU,
// precision, tensor and pipeline parallel sizes, engine) as a roofline (compute
// vs memory traffic) plus all-reduce time and a fixed per-step overhead; from it,
// prefill and decode latency, offline, static-batch and online throughput.
// docs/methodology.md, "Speed", gives every formula.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/engine.h"
#include "llmtco/figure.h"
#include "llmtco/gpu.h"
#include "llmtco/memory.h"
#include "llmtco/model.h"
#include "llmtco/precision.h"

namespace llmtco {

struct Deployment {
  ModelArch model;
  Precision weights;  // weight format
  Precision kv;       // KV-cache format
  Gpu gpu;
  EngineProfile engine;
  int tp = 1;  // tensor-parallel GPUs, >= 1, divides the heads (tp_problem)
  int pp = 1;  // pipeline stages, >= 1, at most the layers
  int gpus() const { return tp * pp; }
};

// The serving memory of one GPU of `d` for sequences of `context_tokens`, with
// the engine's limits and memory settings.
ServingMemory deployment_memory(const Deployment& d, std::int64_t context_tokens);

// What one forward step processes, summed over the sequences in it.
struct StepLoad {
  double tokens = 0;           // new tokens (prompt chunks and decoded tokens)
  double logits = 0;           // tokens that produce logits (one per decoding sequence)
  double attended_tokens = 0;  // sum over new tokens of the context each attends to
  double kv_tokens_read = 0;   // cached tokens whose K and V are read from memory
};

enum class Bound { kCompute, kMemory, kCommunication, kOverhead };
const char* bound_name(Bound bound);  // "compute", "memory", ...

// Seconds of one step on one pipeline stage; the stage's GPUs work in parallel.
struct StepTime {
  double compute_s = 0;        // linear + attention FLOPs / (tensor peak x efficiency)
  double memory_s = 0;         // weight + KV bytes / (bandwidth x efficiency)
  double linear_s = 0;         // max(linear FLOPs time, weights read time)
  double attention_s = 0;      // max(attention FLOPs time, KV read time)
  double communication_s = 0;  // tensor-parallel all-reduces and the pipeline hand-off
  double overhead_s = 0;       // the engine's fixed per-step overhead
  // Linear layers and attention each take the larger of their compute and memory
  // times; total = those two + communication + overhead.
  double total_s = 0;
  Bound bound = Bound::kMemory;
  double flops = 0;       // per GPU
  double bytes_read = 0;  // per GPU
};

StepTime step_time(const Deployment& d, const StepLoad& load);

// The tensor rate (TFLOPS, dense) the weights' math runs at on the GPU.
double math_tflops(const Gpu& gpu, const Precision& weights);

// Prefill of one sequence of `input_tokens` alone, in chunks of at most the
// engine's max_batched_tokens, through every pipeline stage: the time to first
// token of an unloaded server.
StepTime prefill(const Deployment& d, std::int64_t input_tokens);

// One decode step of `batch` sequences whose contexts average `context_tokens`,
// through every pipeline stage: the time per output token.
StepTime decode_step(const Deployment& d, double batch, double context_tokens);

struct Workload {
  std::int64_t input_tokens = 1000;  // per request, >= 1
  std::int64_t output_tokens = 300;  // per request, >= 1
};

struct Throughput {
  bool fits = false;                  // the weights and at least one sequence fit
  std::string why;                    // why not, when !fits; or why saturated
  double batch = 0;                   // sequences running together
  std::int64_t batch_memory_cap = 0;  // sequences of input + output that fit in KV memory
  double ttft_s = 0;                  // time to first token (online and static; 0 offline)
  double tpot_s = 0;                  // time per output token of one sequence
  double output_tokens_per_s = 0;     // all GPUs of the deployment together
  double requests_per_s = 0;
  bool saturated = false;  // online: the request rate exceeds what the deployment serves
  double utilisation = 0;  // online: rate / the offline requests per second, in [0, 1)
  double cycle_steps = 0;  // offline: steps in which `batch` requests prefill and finish
  StepTime prefill_step;   // the prefill of one request
  StepTime decode;         // one decode step at the batch
};

// Every request issued at once, the batch as large as memory and the engine allow.
Throughput offline_throughput(const Deployment& d, const Workload& w);

// A fixed batch of `batch` requests prefilled together and decoded to the end.
// Refused (fits false) when the batch does not fit in KV memory.
Throughput static_throughput(const Deployment& d, const Workload& w, std::int64_t batch);

// Requests arriving at `rate_per_s` (Poisson): continuous batching in steady state.
Throughput online_throughput(const Deployment& d, const Workload& w, double rate_per_s);

// The figures of `llmtco perf` for one result, method "physics".
std::vector<Figure> perf_figures(const Deployment& d, const Workload& w, const Throughput& t,
                                 const std::string& mode);

}  // namespace llmtco
