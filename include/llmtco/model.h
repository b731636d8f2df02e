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

enum class AttentionKind {
  kHeads,   // multi-head, grouped-query or multi-query: K and V per key/value head
  kLatent,  // multi-head latent attention (DeepSeek-V2/V3): one compressed latent per token
};

// Multi-head latent attention (DeepSeek-V2 paper, section 2.1): queries through an
// optional low-rank bottleneck, keys and values from one latent of kv_lora_rank
// values plus a shared rotary key of qk_rope_head_dim, cached per token and layer.
struct LatentAttention {
  std::int64_t q_lora_rank = 0;  // 0: queries projected from the hidden state directly
  std::int64_t kv_lora_rank = 0;
  std::int64_t qk_rope_head_dim = 0;
  std::int64_t qk_nope_head_dim = 0;
  std::int64_t v_head_dim = 0;
};

// How the layers with a local span attend: the last `sliding_window` tokens, or the
// tokens of their own chunk of `sliding_window` (Llama 4's chunked attention).
enum class LocalAttention { kSliding, kChunked };

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
  bool attention_sinks = false;     // a learned sink logit per query head and layer (gpt-oss)

  // Multi-head latent attention: `latent` holds its shapes; num_heads are its query
  // heads, num_kv_heads equals num_heads and head_dim is qk_nope + qk_rope.
  AttentionKind attention = AttentionKind::kHeads;
  LatentAttention latent;

  // Mixture of experts: in `moe_layers` of the layers the MLP is `num_experts`
  // gated experts of width `moe_intermediate_size` and a router, of which
  // `experts_per_token` run per token; the other layers have the dense MLP.
  std::int64_t num_experts = 0;  // 0: dense
  std::int64_t moe_layers = 0;
  std::int64_t experts_per_token = 0;
  std::int64_t moe_intermediate_size = 0;
  // Shared experts every token of a MoE layer runs, each a gated MLP of
  // `shared_expert_intermediate_size` (DeepSeek: n_shared_experts of
  // moe_intermediate_size; Llama 4: one of intermediate_size).
  std::int64_t num_shared_experts = 0;
  std::int64_t shared_expert_intermediate_size = 0;
  bool router_bias = false;        // a bias per expert on the router (gpt-oss)
  bool expert_score_bias = false;  // e_score_correction_bias per expert (DeepSeek noaux_tc)
  bool expert_bias = false;        // biases on each expert's projections (gpt-oss)

  // Multi-token prediction modules stored after the main layers (DeepSeek-V3,
  // GLM-4.5 num_nextn_predict_layers): each is one more decoder layer (MoE when the
  // model has experts) plus eh_proj (2 hidden -> hidden), enorm, hnorm and
  // shared_head.norm, and its own stored copies of embed_tokens and shared_head.head.
  // Counted in the checkpoint's total, reported apart, not served.
  std::int64_t mtp_layers = 0;

  // Sliding-window attention: `sliding_window_layers` of the layers attend to the
  // last `sliding_window` tokens only (0: none), which caps their KV cache.
  std::int64_t sliding_window = 0;
  std::int64_t sliding_window_layers = 0;
  LocalAttention local_attention = LocalAttention::kSliding;

  // A vision encoder and its projector into the text model (Llama 4, Gemma 3,
  // Mistral 3), counted by the reader from vision_config; 0 for a text-only config.
  std::int64_t vision_params = 0;
  std::int64_t projector_params = 0;
  std::string vision_tower;  // e.g. "SigLIP (27 layers)"; empty without one

  // The weight format the checkpoint is stored in, from quantization_config: a
  // precision id of data/precisions.json ("fp8-block", "mxfp4", ...), or "" for an
  // unquantized checkpoint; `checkpoint_format_note` says what the config gave.
  std::string checkpoint_precision;
  std::string checkpoint_format_note;
};

// Parameter counts, exact, in the categories a memory breakdown needs.
struct ParamCounts {
  std::int64_t embedding = 0;           // input token embedding
  std::int64_t lm_head = 0;             // output projection and its bias (0 when tied)
  std::int64_t attention = 0;           // q, k, v, o with biases and q/k norms, all layers
  std::int64_t mlp_dense = 0;           // dense MLPs, all layers
  std::int64_t mlp_experts = 0;         // all experts, all layers
  std::int64_t mlp_experts_active = 0;  // the experts a token runs through, all layers
  std::int64_t mlp_shared_experts = 0;  // shared experts, all MoE layers (always active)
  std::int64_t router = 0;              // expert routers with their biases, all layers
  std::int64_t norms = 0;               // per-layer and final norms
  std::int64_t mtp = 0;     // multi-token prediction modules with their embedding copies
  std::int64_t vision = 0;  // vision encoder and projector
  // The weight matrices of the main model's blocks' linear layers (attention, MLP,
  // routed and shared experts, without biases, norms or routers): what a
  // weight-only format quantizes.
  std::int64_t block_matrices = 0;
  std::int64_t expert_matrices = 0;  // of block_matrices, the routed experts' matrices

  std::int64_t total() const;   // everything the checkpoint stores
  std::int64_t served() const;  // what an engine loads: total less the MTP modules
  // Per text token of the main model: served less the vision tower and the routed
  // experts a token skips (the input embedding counted, as Meta and Qwen count).
  std::int64_t active() const;
  // active less the input embedding, a row lookup rather than a multiply (as OpenAI
  // and DeepSeek count; equal to active when the embedding is tied to lm_head).
  std::int64_t active_without_embedding() const;
};

ParamCounts count_params(const ModelArch& model);

// One layer's attention weights and biases (q, k, v, o, q/k norms).
std::int64_t attention_params_per_layer(const ModelArch& model);

}  // namespace llmtco
