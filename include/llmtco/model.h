// ModelArch: the architecture of a decoder-only transformer, as read from a
// Hugging Face config.json (src/io/hf_config.cc), and its exact parameter counts:
// total, and active per token for mixture-of-experts models.
#pragma once

#include <cstdint>
#include <string>

namespace llmtco {

enum class MlpKind {
  kGated,  // gate, up and down projections (SwiGLU, GeGLU): 3 matrices
  kPlain,  // up and down projections (GELU): 2 matrices
};

enum class NormKind {
  kRms,    // RMSNorm: a weight per channel
  kLayer,  // LayerNorm: a weight and a bias per channel
};

struct ModelArch {
  std::string id;            // HF id or the path it was read from
  std::string architecture;  // e.g. "LlamaForCausalLM"

  std::int64_t hidden_size = 0;
  std::int64_t num_layers = 0;
  std::int64_t num_heads = 0;     // query heads
  std::int64_t num_kv_heads = 0;  // key/value heads (< num_heads: grouped-query attention)
  std::int64_t head_dim = 0;      // often hidden_size / num_heads; explicit in some configs
  std::int64_t vocab_size = 0;
  std::int64_t intermediate_size = 0;  // dense MLP width
  std::int64_t max_position_embeddings = 0;

  MlpKind mlp = MlpKind::kGated;
  NormKind norm = NormKind::kRms;
  int norms_per_layer = 2;          // 2 (pre-attention, pre-MLP); Gemma-2: 4; GPT-J: 1
  bool qkv_bias = false;            // biases on q, k, v (Qwen2, GPT-NeoX)
  bool o_bias = false;              // bias on the attention output projection
  bool mlp_bias = false;            // biases on the MLP projections (GPT-J, GPT-NeoX)
  bool lm_head_bias = false;        // bias on the output projection (GPT-J)
  bool qk_norm = false;             // per-head RMSNorm on q and k (Qwen3)
  bool tied_embeddings = false;     // the output projection reuses the input embedding
  bool parallel_attention = false;  // attention and MLP read the same input (GPT-J, Falcon)

  // Mixture of experts: in `moe_layers` of the layers the MLP is `num_experts`
  // gated experts of width `moe_intermediate_size` and a router, of which
  // `experts_per_token` run per token; the other layers have the dense MLP.
  std::int64_t num_experts = 0;  // 0: dense
  std::int64_t moe_layers = 0;
  std::int64_t experts_per_token = 0;
  std::int64_t moe_intermediate_size = 0;

  // Sliding-window attention: `sliding_window_layers` of the layers attend to the
  // last `sliding_window` tokens only (0: none), which caps their KV cache.
  std::int64_t sliding_window = 0;
  std::int64_t sliding_window_layers = 0;
};

// Parameter counts, exact, in the categories a memory breakdown needs.
struct ParamCounts {
  std::int64_t embedding = 0;           // input token embedding
  std::int64_t lm_head = 0;             // output projection and its bias (0 when tied)
  std::int64_t attention = 0;           // q, k, v, o with biases and q/k norms, all layers
  std::int64_t mlp_dense = 0;           // dense MLPs, all layers
  std::int64_t mlp_experts = 0;         // all experts, all layers
  std::int64_t mlp_experts_active = 0;  // the experts a token runs through, all layers
  std::int64_t router = 0;              // expert routers, all layers
  std::int64_t norms = 0;               // per-layer and final norms
  // The weight matrices of the blocks' linear layers (attention and MLP or experts,
  // without biases, norms or routers): what a weight-only format quantizes.
  std::int64_t block_matrices = 0;

  std::int64_t total() const;
  std::int64_t active() const;  // per token: total less the experts a token skips
};

ParamCounts count_params(const ModelArch& model);

// One layer's attention weights and biases (q, k, v, o, q/k norms).
std::int64_t attention_params_per_layer(const ModelArch& model);

}  // namespace llmtco
