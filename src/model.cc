#include "llmtco/model.h"

namespace llmtco {
namespace {

std::int64_t mlp_params(const ModelArch& m, std::int64_t width, MlpKind kind, bool bias) {
  const std::int64_t matrices = kind == MlpKind::kGated ? 3 : 2;
  std::int64_t n = matrices * m.hidden_size * width;
  if (bias) n += (matrices - 1) * width + m.hidden_size;  // up (and gate) biases, down bias
  return n;
}

std::int64_t norm_params(const ModelArch& m) {
  return m.norm == NormKind::kLayer ? 2 * m.hidden_size : m.hidden_size;
}

// Multi-head latent attention's matrices: q (through q_a and q_b when q_lora_rank
// is set), kv_a_proj_with_mqa, kv_b and o.
std::int64_t latent_attention_matrices(const ModelArch& m) {
  const LatentAttention& a = m.latent;
  const std::int64_t q_width = m.num_heads * (a.qk_nope_head_dim + a.qk_rope_head_dim);
  const std::int64_t q = a.q_lora_rank > 0 ? m.hidden_size * a.q_lora_rank + a.q_lora_rank * q_width
                                           : m.hidden_size * q_width;
  const std::int64_t kv_a = m.hidden_size * (a.kv_lora_rank + a.qk_rope_head_dim);
  const std::int64_t kv_b = a.kv_lora_rank * m.num_heads * (a.qk_nope_head_dim + a.v_head_dim);
  const std::int64_t o = m.num_heads * a.v_head_dim * m.hidden_size;
  return q + kv_a + kv_b + o;
}

std::int64_t attention_matrices_per_layer(const ModelArch& m) {
  if (m.attention == AttentionKind::kLatent) return latent_attention_matrices(m);
  const std::int64_t q_width = m.num_heads * m.head_dim;
  const std::int64_t kv_width = m.num_kv_heads * m.head_dim;
  return m.hidden_size * (q_width + 2 * kv_width) + q_width * m.hidden_size;
}

// One MoE layer's parts: routed experts, shared experts, router.
struct MoeLayer {
  std::int64_t expert = 0;  // one routed expert with its biases
  std::int64_t expert_matrix = 0;
  std::int64_t shared = 0;  // all shared experts
  std::int64_t shared_matrix = 0;
  std::int64_t router = 0;

  std::int64_t total(std::int64_t experts) const { return experts * expert + shared + router; }
};

MoeLayer moe_layer(const ModelArch& m) {
  MoeLayer l;
  l.expert = mlp_params(m, m.moe_intermediate_size, MlpKind::kGated, m.expert_bias);
  l.expert_matrix = mlp_params(m, m.moe_intermediate_size, MlpKind::kGated, false);
  l.shared_matrix = m.num_shared_experts * mlp_params(m, m.shared_expert_intermediate_size,
                                                      MlpKind::kGated, /*bias=*/false);
  l.shared = l.shared_matrix;
  l.router = m.hidden_size * m.num_experts;
  if (m.router_bias) l.router += m.num_experts;
  if (m.expert_score_bias) l.router += m.num_experts;
  return l;
}

// One multi-token prediction module: a decoder layer, eh_proj, enorm, hnorm,
// shared_head.norm, and its own copies of embed_tokens and shared_head.head.
std::int64_t mtp_module_params(const ModelArch& m) {
  const std::int64_t mlp = m.num_experts > 0
                               ? moe_layer(m).total(m.num_experts)
                               : mlp_params(m, m.intermediate_size, m.mlp, m.mlp_bias);
  const std::int64_t layer =
      attention_params_per_layer(m) + mlp + m.norms_per_layer * norm_params(m);
  const std::int64_t eh_proj = 2 * m.hidden_size * m.hidden_size;
  return layer + eh_proj + 3 * norm_params(m) + 2 * m.vocab_size * m.hidden_size;
}

}  // namespace

std::int64_t attention_params_per_layer(const ModelArch& m) {
  std::int64_t n = attention_matrices_per_layer(m);
  if (m.attention == AttentionKind::kLatent) {
    // q_a_layernorm and kv_a_layernorm, RMSNorms over the latents.
    return n + m.latent.q_lora_rank + m.latent.kv_lora_rank;
  }
  const std::int64_t q_width = m.num_heads * m.head_dim;
  const std::int64_t kv_width = m.num_kv_heads * m.head_dim;
  if (m.qkv_bias) n += q_width + 2 * kv_width;
  if (m.o_bias) n += m.hidden_size;
  if (m.qk_norm) n += 2 * m.head_dim;
  if (m.attention_sinks) n += m.num_heads;
  return n;
}

std::int64_t ParamCounts::total() const {
  return embedding + lm_head + attention + mlp_dense + mlp_experts + mlp_shared_experts + router +
         norms + mtp + vision;
}

std::int64_t ParamCounts::served() const {
  return total() - mtp;
}

std::int64_t ParamCounts::active() const {
  return served() - vision - mlp_experts + mlp_experts_active;
}

std::int64_t ParamCounts::active_without_embedding() const {
  return lm_head == 0 ? active() : active() - embedding;
}

ParamCounts count_params(const ModelArch& m) {
  ParamCounts c;
  c.embedding = m.vocab_size * m.hidden_size;
  if (!m.tied_embeddings) c.lm_head = m.vocab_size * m.hidden_size;
  if (m.lm_head_bias) c.lm_head += m.vocab_size;
  c.attention = m.num_layers * attention_params_per_layer(m);
  const std::int64_t moe_layers = m.num_experts > 0 ? m.moe_layers : 0;
  const std::int64_t dense_layers = m.num_layers - moe_layers;
  const MoeLayer moe = m.num_experts > 0 ? moe_layer(m) : MoeLayer{};
  c.mlp_experts = moe_layers * m.num_experts * moe.expert;
  c.mlp_experts_active = moe_layers * m.experts_per_token * moe.expert;
  c.mlp_shared_experts = moe_layers * moe.shared;
  c.router = moe_layers * moe.router;
  c.mlp_dense = dense_layers * mlp_params(m, m.intermediate_size, m.mlp, m.mlp_bias);
  c.norms = (m.num_layers * m.norms_per_layer + 1) * norm_params(m);
  c.mtp = m.mtp_layers * mtp_module_params(m);
  c.vision = m.vision_params + m.projector_params;
  const std::int64_t dense_matrices =
      dense_layers * mlp_params(m, m.intermediate_size, m.mlp, /*bias=*/false);
  c.expert_matrices = moe_layers * m.num_experts * moe.expert_matrix;
  c.block_matrices = m.num_layers * attention_matrices_per_layer(m) + dense_matrices +
                     c.expert_matrices + moe_layers * moe.shared_matrix;
  return c;
}

}  // namespace llmtco
