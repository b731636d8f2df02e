// Serving memory on one GPU under tensor parallelism: weights at their
// precision, the KV cache per token (capped by sliding windows), the engine's
// activation workspace and runtime overhead, under the engine's memory cap; from
// them, the KV tokens that fit and the concurrent sequences at a context length.
// All sizes in bytes; renderers convert to GB (1e9) once.
#pragma once

#include <cstdint>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/gpu.h"
#include "llmtco/model.h"
#include "llmtco/precision.h"

namespace llmtco {

struct ServingOptions {
  std::int64_t context_tokens = 4096;  // prompt + output of one sequence; >= 1
  int tp = 1;                          // tensor-parallel GPUs; >= 1
  // vLLM defaults (vllm/config.py, v0.6-0.8): the memory cap, and the tokens
  // one forward pass may batch, for which activation workspace is reserved.
  double gpu_memory_utilization = 0.9;     // 0 < u <= 1
  std::int64_t max_batched_tokens = 8192;  // >= 1
  std::int64_t max_num_seqs = 256;         // sequences decoded together; logits buffer
  // CUDA context, NCCL buffers and CUDA graphs, per GPU (an estimate: vLLM's start-up
  // log reports about 0.5-1 GiB of non-torch memory plus 0.3-1 GiB of graphs).
  double runtime_overhead_gib = 1.5;
};

// Bytes of all weights at `precision`: the blocks' linear matrices at its bits per
// weight; the rest (embeddings, lm_head, norms, biases, routers) also, when the
// format quantizes everything, else at 16 bits.
double weights_bytes(const ModelArch& model, const Precision& precision);

// 2 x layers x kv_heads x head_dim x bytes per value: K and V of one token, every
// layer, before any sliding-window cap.
double kv_cache_bytes_per_token(const ModelArch& model, const Precision& kv_precision);

// One sequence of `context_tokens`: sliding-window layers hold at most the window.
double kv_cache_bytes_per_sequence(const ModelArch& model, const Precision& kv_precision,
                                   std::int64_t context_tokens);

// Key/value heads each GPU holds at tensor parallelism `tp`: kv_heads / tp,
// replicated to 1 when tp exceeds them (as vLLM does).
std::int64_t kv_heads_per_gpu(const ModelArch& model, int tp);

// Why `tp` cannot shard `model` (it must divide the attention heads), or "".
std::string tp_problem(const ModelArch& model, int tp);

struct ServingMemory {
  double gpu_bytes = 0;              // the GPU's memory
  double usable_bytes = 0;           // gpu_bytes x gpu_memory_utilization
  double weights_bytes = 0;          // this GPU's share of the weights
  double activation_bytes = 0;       // workspace for max_batched_tokens
  double overhead_bytes = 0;         // runtime overhead
  double kv_free_bytes = 0;          // usable less the above; may be negative
  double kv_bytes_per_token = 0;     // this GPU's share of one token's K and V
  double kv_bytes_per_sequence = 0;  // this GPU's share of one sequence at the context
  std::int64_t kv_tokens = 0;        // tokens of KV cache that fit
  std::int64_t max_sequences = 0;    // sequences of context_tokens that fit at once
  bool fits = false;                 // weights fit and at least one sequence does
};

// Callers check tp_problem() first.
ServingMemory serving_memory(const ModelArch& model, const Precision& weights, const Precision& kv,
                             const Gpu& gpu, const ServingOptions& options);

// params_total and params_active with their breakdown as inputs.
std::vector<Figure> parameter_figures(const ModelArch& model);

// The figures of `memory --mode serve`, method "physics": parameter counts, weights,
// KV cache per token and per sequence, and the per-GPU breakdown on `gpu`.
std::vector<Figure> serving_memory_figures(const ModelArch& model, const Precision& weights,
                                           const Precision& kv, const Gpu& gpu,
                                           const ServingOptions& options);

}  // namespace llmtco
