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

}  // namespace

std::int64_t attention_params_per_layer(const ModelArch& m) {
  const std::int64_t q_width = m.num_heads * m.head_dim;
  const std::int64_t kv_width = m.num_kv_heads * m.head_dim;
  std::int64_t n = m.hidden_size * (q_width + 2 * kv_width) + q_width * m.hidden_size;
  if (m.qkv_bias) n += q_width + 2 * kv_width;
  if (m.o_bias) n += m.hidden_size;
  if (m.qk_norm) n += 2 * m.head_dim;
  return n;
}

std::int64_t ParamCounts::total() const {
  return embedding + lm_head + attention + mlp_dense + mlp_experts + router + norms;
}

std::int64_t ParamCounts::active() const {
  return total() - mlp_experts + mlp_experts_active;
}

ParamCounts count_params(const ModelArch& m) {
  ParamCounts c;
  c.embedding = m.vocab_size * m.hidden_size;
  if (!m.tied_embeddings) c.lm_head = m.vocab_size * m.hidden_size;
  if (m.lm_head_bias) c.lm_head += m.vocab_size;
  c.attention = m.num_layers * attention_params_per_layer(m);
  const std::int64_t moe_layers = m.num_experts > 0 ? m.moe_layers : 0;
  const std::int64_t expert =
      mlp_params(m, m.moe_intermediate_size, MlpKind::kGated, /*bias=*/false);
  c.mlp_experts = moe_layers * m.num_experts * expert;
  c.mlp_experts_active = moe_layers * m.experts_per_token * expert;
  c.router = moe_layers * m.hidden_size * m.num_experts;
  c.mlp_dense = (m.num_layers - moe_layers) * mlp_params(m, m.intermediate_size, m.mlp, m.mlp_bias);
  c.norms = (m.num_layers * m.norms_per_layer + 1) * norm_params(m);
  const std::int64_t q_width = m.num_heads * m.head_dim;
  const std::int64_t kv_width = m.num_kv_heads * m.head_dim;
  const std::int64_t dense_matrices = (m.mlp == MlpKind::kGated ? 3 : 2) * m.hidden_size *
                                      m.intermediate_size * (m.num_layers - moe_layers);
  c.block_matrices = m.num_layers * 2 * m.hidden_size * (q_width + kv_width) + dense_matrices +
                     moe_layers * m.num_experts * 3 * m.hidden_size * m.moe_intermediate_size;
  return c;
}

}  // namespace llmtco
