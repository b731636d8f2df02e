// DeepSeek-V2/V3, GLM-4.5 and gpt-oss config.json readers. Each follows the module
// layout of the code that wrote the checkpoints: DeepSeek's own modeling_deepseek.py
// (the configs' auto_map), transformers' Glm4Moe and GptOss modules.
#include <fmt/format.h>

#include "io/hf_config_fields.h"

namespace llmtco::detail {
namespace {

// A field that must be in the file even where it may be null: its defaults differ
// between DeepSeek's modeling code and transformers', so an absent one is not guessed.
void require_key(const Fields& f, const char* key, const char* null_means) {
  if (!f.json().contains(key)) {
    f.fail(fmt::format("missing field '{}' (needed by {}; null {})", f.name(key), f.architecture(),
                       null_means));
  }
}

// A whole number from 0 that must be present (a null is refused too).
std::int64_t non_negative(const Fields& f, const char* key) {
  if (!f.has(key)) {
    f.fail(fmt::format("missing field '{}' (needed by {})", f.name(key), f.architecture()));
  }
  return f.non_negative_or(key, 0);
}

// The fields these families name as Llama does, less the attention shapes.
void read_trunk(const Fields& f, ModelArch& m) {
  m.hidden_size = f.positive("hidden_size");
  m.intermediate_size = f.positive("intermediate_size");
  m.num_layers = f.positive("num_hidden_layers");
  m.num_heads = f.positive("num_attention_heads");
  m.vocab_size = f.positive("vocab_size");
  m.max_position_embeddings = f.positive_or("max_position_embeddings", 0);
  m.tied_embeddings = f.flag_or("tie_word_embeddings", false);
}

// modeling_deepseek.py DeepseekV3Attention (V2's is the same): q_proj, or q_a_proj,
// q_a_layernorm and q_b_proj when q_lora_rank is not null; kv_a_proj_with_mqa,
// kv_a_layernorm, kv_b_proj and o_proj.
void read_latent_attention(const Fields& f, ModelArch& m) {
  m.attention = AttentionKind::kLatent;
  LatentAttention& a = m.latent;
  require_key(f, "q_lora_rank", "when queries are projected without compression");
  a.q_lora_rank = f.positive_or("q_lora_rank", 0);
  a.kv_lora_rank = f.positive("kv_lora_rank");
  a.qk_rope_head_dim = f.positive("qk_rope_head_dim");
  a.qk_nope_head_dim = f.positive("qk_nope_head_dim");
  a.v_head_dim = f.positive("v_head_dim");
  m.num_kv_heads = m.num_heads;
  m.head_dim = a.qk_nope_head_dim + a.qk_rope_head_dim;
  // attention_bias puts biases on q_a_proj, kv_a_proj_with_mqa and o_proj, which
  // count_params does not count for latent attention.
  if (f.flag_or("attention_bias", false)) f.unsupported("attention_bias", "false");
}

// Routed experts of moe_intermediate_size, num_experts_per_tok of them per token,
// and n_shared_experts always-on experts of the same width (DeepSeek and GLM-4.5
// build them as one MLP of n_shared_experts x moe_intermediate_size: the same
// count). Layer i is MoE when i >= first_k_dense_replace and i % freq == 0.
void read_experts(const Fields& f, ModelArch& m, std::int64_t first_dense, std::int64_t freq) {
  require_key(f, "n_shared_experts", "for none");
  m.num_experts = f.positive("n_routed_experts");
  m.experts_per_token = f.positive("num_experts_per_tok");
  m.moe_intermediate_size = f.positive("moe_intermediate_size");
  m.num_shared_experts = f.non_negative_or("n_shared_experts", 0);
  m.shared_expert_intermediate_size = m.num_shared_experts > 0 ? m.moe_intermediate_size : 0;
  for (std::int64_t i = first_dense; i < m.num_layers; ++i) {
    if (i % freq == 0) ++m.moe_layers;
  }
}

// Multi-token prediction modules (num_nextn_predict_layers), stored as layers
// num_hidden_layers, ... of the checkpoint: count_params counts each as a MoE layer
// (a dense one without experts) with its own copies of the embedding and the head.
void read_mtp(const Fields& f, ModelArch& m, std::int64_t first_dense, std::int64_t freq) {
  m.mtp_layers = f.non_negative_or("num_nextn_predict_layers", 0);
  if (m.mtp_layers == 0) return;
  if (m.tied_embeddings) {
    f.unsupported("tie_word_embeddings",
                  "false when num_nextn_predict_layers is set: each module stores its own "
                  "embedding and head");
  }
  // The modules are layers num_hidden_layers, ...: MoE layers unless these say otherwise.
  const char* breaking = freq != 1                    ? "moe_layer_freq"
                         : first_dense > m.num_layers ? "first_k_dense_replace"
                                                      : nullptr;
  if (m.num_experts > 0 && breaking != nullptr) {
    f.unsupported(breaking,
                  "with num_nextn_predict_layers set, MTP modules that are MoE layers: "
                  "moe_layer_freq 1 and first_k_dense_replace at most num_hidden_layers");
  }
}

// modeling_deepseek.py MoEGate: an e_score_correction_bias per expert only for
// noaux_tc (V3's default); V2's greedy and group_limited_greedy have a weight alone.
void read_topk_method(const Fields& f, ModelArch& m) {
  const bool v3 = m.architecture == "DeepseekV3ForCausalLM";
  const std::string method = f.string_or("topk_method", v3 ? "noaux_tc" : "greedy");
  if (method == "noaux_tc") {
    m.expert_score_bias = true;
  } else if (method != "greedy" && method != "group_limited_greedy") {
    f.unsupported("topk_method", "\"greedy\", \"group_limited_greedy\" or \"noaux_tc\"");
  }
}

}  // namespace

// modeling_deepseek.py DeepseekV3DecoderLayer: the MLP is MoE when n_routed_experts
// is not null, layer_idx >= first_k_dense_replace and layer_idx % moe_layer_freq
// == 0; else the dense MLP of intermediate_size.
void read_deepseek(const Fields& f, ModelArch& m) {
  read_trunk(f, m);
  read_latent_attention(f, m);
  require_key(f, "n_routed_experts", "for a dense model");
  std::int64_t first_dense = 0;
  std::int64_t freq = 1;
  if (f.has("n_routed_experts")) {
    first_dense = non_negative(f, "first_k_dense_replace");
    freq = f.positive_or("moe_layer_freq", 1);
    read_experts(f, m, first_dense, freq);
    read_topk_method(f, m);
  }
  read_mtp(f, m, first_dense, freq);
}

// transformers Glm4MoeAttention: q, k, v with biases when attention_bias, o without;
// q_norm and k_norm when use_qk_norm. Glm4MoeDecoderLayer: MoE from layer
// first_k_dense_replace on; Glm4MoeTopkRouter always has e_score_correction_bias.
void read_glm4_moe(const Fields& f, ModelArch& m) {
  // Glm4MoeConfig has its own defaults for these, not Llama's: the file must give them.
  f.positive("head_dim");
  f.positive("num_key_value_heads");
  read_llama_like(f, m);
  m.o_bias = false;
  m.mlp_bias = false;
  m.qk_norm = f.flag_or("use_qk_norm", false);
  const std::int64_t first_dense = non_negative(f, "first_k_dense_replace");
  read_experts(f, m, first_dense, 1);
  m.expert_score_bias = true;
  read_mtp(f, m, first_dense, 1);
}

namespace {

// transformers reads num_experts_per_tok; OpenAI's files also write experts_per_token.
std::int64_t gpt_oss_experts_per_token(const Fields& f) {
  if (!f.has("num_experts_per_tok")) return f.positive("experts_per_token");
  const std::int64_t n = f.positive("num_experts_per_tok");
  if (f.has("experts_per_token") && f.positive("experts_per_token") != n) {
    f.fail(fmt::format("{} {} and {} {} disagree", f.name("num_experts_per_tok"), n,
                       f.name("experts_per_token"), f.positive("experts_per_token")));
  }
  return n;
}

// transformers GptOssConfig: layer_types names each layer's attention; absent, even
// layers (0, 2, ...) slide and odd ones attend fully. The window defaults to 128.
void read_layer_types(const Fields& f, ModelArch& m) {
  const std::vector<std::string> types = f.strings("layer_types");
  if (f.has("layer_types") && static_cast<std::int64_t>(types.size()) != m.num_layers) {
    f.fail(fmt::format("{} lists {} layers; num_hidden_layers is {}", f.name("layer_types"),
                       types.size(), m.num_layers));
  }
  for (std::int64_t i = 0; i < m.num_layers; ++i) {
    const std::string type = types.empty() ? (i % 2 == 0 ? "sliding_attention" : "full_attention")
                                           : types[static_cast<std::size_t>(i)];
    if (type == "sliding_attention") {
      ++m.sliding_window_layers;
    } else if (type != "full_attention") {
      f.fail(fmt::format("{}[{}] must be \"sliding_attention\" or \"full_attention\" (got \"{}\")",
                         f.name("layer_types"), i, type));
    }
  }
  m.sliding_window = m.sliding_window_layers > 0 ? f.positive_or("sliding_window", 128) : 0;
}

}  // namespace

// transformers GptOssAttention: q, k, v, o with biases when attention_bias (the
// config's default: true) and `sinks`, one per query head. Every layer's MLP is
// GptOssMLP: a router with a bias and num_local_experts experts of
// intermediate_size, each gate_up_proj and down_proj with a bias.
void read_gpt_oss(const Fields& f, ModelArch& m) {
  f.positive("head_dim");             // GptOssConfig's default is 64, not hidden / heads
  f.positive("num_key_value_heads");  // its default is 8, not num_attention_heads
  read_llama_like(f, m);
  m.qkv_bias = m.o_bias = f.flag_or("attention_bias", true);
  m.attention_sinks = true;
  m.num_experts = f.positive("num_local_experts");
  m.experts_per_token = gpt_oss_experts_per_token(f);
  m.moe_intermediate_size = m.intermediate_size;
  m.moe_layers = m.num_layers;
  m.router_bias = true;
  m.expert_bias = true;
  read_layer_types(f, m);
}

}  // namespace llmtco::detail
