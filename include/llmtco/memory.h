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

// The served parameters (ParamCounts::served: the MTP modules are not loaded) that
// `precision` stores in its own format: all of them, the blocks' linear matrices, or
// the routed experts' matrices.
std::int64_t quantized_params(const ParamCounts& counts, const Precision& precision);

// Bytes per weight of the served parameters the format leaves unquantized: its own
// when it quantizes everything, else 16-bit.
double unquantized_bytes_per_weight(const Precision& precision);

// Bytes of the served weights at `precision`: quantized_params at its bits per
// weight, the rest at unquantized_bytes_per_weight.
double weights_bytes(const ModelArch& model, const Precision& precision);

// Values one token caches per layer: K and V, 2 x kv_heads x head_dim; for latent
// attention the latent and the rotary key, kv_lora_rank + qk_rope_head_dim.
double kv_values_per_layer_token(const ModelArch& model);

// layers x kv_values_per_layer_token x bytes per value: one token, every layer,
// before any sliding-window or chunk cap.
double kv_cache_bytes_per_token(const ModelArch& model, const Precision& kv_precision);

// One sequence of `context_tokens`: sliding-window layers hold at most the window,
// chunked-attention layers at most the chunk (both min(context, sliding_window)).
double kv_cache_bytes_per_sequence(const ModelArch& model, const Precision& kv_precision,
                                   std::int64_t context_tokens);

// Key/value heads each GPU holds at tensor parallelism `tp`: kv_heads / tp,
// replicated to 1 when tp exceeds them (as vLLM does).
std::int64_t kv_heads_per_gpu(const ModelArch& model, int tp);

// The share of a token's KV cache one GPU holds at tensor parallelism `tp`:
// kv_heads_per_gpu / kv_heads; 1 for latent attention, whose one latent every
// tensor-parallel GPU keeps whole (vLLM and SGLang replicate the MLA cache).
double kv_share_per_gpu(const ModelArch& model, int tp);

// Why `tp` cannot shard `model` (it must divide the attention heads and, without
// latent attention, divide or be a multiple of the key/value heads), or "".
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

// params_total and params_active with their breakdown as inputs, and the MTP,
// vision and shared-expert counts where the model has them, and the active count
// without the input embedding for an untied mixture of experts.
std::vector<Figure> parameter_figures(const ModelArch& model);

// The figures of `memory --mode serve`, method "physics": parameter counts, weights,
// KV cache per token and per sequence, and the per-GPU breakdown on `gpu`.
std::vector<Figure> serving_memory_figures(const ModelArch& model, const Precision& weights,
                                           const Precision& kv, const Gpu& gpu,
                                           const ServingOptions& options);

}  // namespace llmtco
