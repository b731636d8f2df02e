#include "llmtco/hf_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "io/hf_config_fields.h"
#include "io/json_text.h"
#include "llmtco/error.h"
#include "llmtco/number_format.h"

namespace llmtco {
namespace detail {
namespace {

constexpr std::array<std::string_view, 20> kSupported = {
    "DeepseekV2ForCausalLM", "DeepseekV3ForCausalLM",
    "FalconForCausalLM",     "GPTJForCausalLM",
    "GPTNeoXForCausalLM",    "Gemma2ForCausalLM",
    "Gemma3ForCausalLM",     "Gemma3ForConditionalGeneration",
    "Glm4MoeForCausalLM",    "GptOssForCausalLM",
    "Llama4ForCausalLM",     "Llama4ForConditionalGeneration",
    "LlamaForCausalLM",      "Mistral3ForConditionalGeneration",
    "MistralForCausalLM",    "MixtralForCausalLM",
    "Phi3ForCausalLM",       "Qwen2ForCausalLM",
    "Qwen3ForCausalLM",      "Qwen3MoeForCausalLM",
};

// The largest value of each config.json integer read: far past any published model
// (Llama 3.1 405B: hidden size 16,384, MLP width 53,248, 126 layers, 128 heads;
// Gemma 3: a vocabulary of 262,208; Kimi-K2: 384 experts; Llama 4 Scout: a
// context of 10M tokens), and small enough that the largest product, the experts'
// weights (10,000 layers x 4,096 experts x 3 x 65,536 x 262,144 = 2.1e18), stays
// below 2^63 and no loop over layers takes long.
struct FieldBound {
  std::string_view key;
  std::int64_t max;
};

constexpr std::int64_t kMaxLayers = 10'000;
constexpr std::int64_t kMaxHidden = 65'536;
constexpr std::int64_t kMaxMlpWidth = 1'048'576;
constexpr std::int64_t kMaxHeads = 4'096;
constexpr std::int64_t kMaxExperts = 4'096;
constexpr std::int64_t kMaxTokens = std::int64_t{1} << 32;

constexpr FieldBound kBounds[] = {
    {"hidden_size", kMaxHidden},
    {"n_embd", kMaxHidden},
    {"intermediate_size", kMaxMlpWidth},
    {"ffn_hidden_size", kMaxMlpWidth},
    {"n_inner", kMaxMlpWidth},
    {"moe_intermediate_size", 262'144},
    {"num_hidden_layers", kMaxLayers},
    {"n_layer", kMaxLayers},
    {"max_window_layers", kMaxLayers},
    {"decoder_sparse_step", kMaxLayers},
    {"num_attention_heads", kMaxHeads},
    {"n_head", kMaxHeads},
    {"num_key_value_heads", kMaxHeads},
    {"num_kv_heads", kMaxHeads},
    {"head_dim", 4'096},
    {"vocab_size", 16'777'216},
    {"max_position_embeddings", kMaxTokens},
    {"n_positions", kMaxTokens},
    {"sliding_window", kMaxTokens},
    {"num_local_experts", kMaxExperts},
    {"num_experts", kMaxExperts},
    {"num_experts_per_tok", kMaxExperts},
    // DeepSeek, GLM-4.5, gpt-oss (src/io/hf_config_moe.cc). Shared experts (DeepSeek-V2:
    // 2; at most 256 beside 4,096 routed) add at most 6.25% to the experts' product above,
    // MTP modules (DeepSeek-V3: 1; at most 64 beside 10,000 layers) under 1%, and latent
    // attention (ranks up to the hidden size, head dims up to 4,096) at most 8e16: every
    // sum stays below 2^63.
    {"n_routed_experts", kMaxExperts},
    {"n_shared_experts", 256},
    {"experts_per_token", kMaxExperts},
    {"first_k_dense_replace", kMaxLayers},
    {"moe_layer_freq", kMaxLayers},
    {"num_nextn_predict_layers", 64},
    {"q_lora_rank", kMaxHidden},
    {"kv_lora_rank", kMaxHidden},
    {"qk_rope_head_dim", 4'096},
    {"qk_nope_head_dim", 4'096},
    {"v_head_dim", 4'096},
    // Llama 4, Gemma 3, Mistral 3 and their vision towers (src/io/hf_config_multimodal.cc)
    {"intermediate_size_mlp", kMaxMlpWidth},
    {"interleave_moe_layer_step", kMaxLayers},
    {"no_rope_layer_interval", kMaxLayers},
    {"attention_chunk_size", kMaxTokens},
    {"sliding_window_pattern", kMaxLayers},
    // Vision towers: an image of 2^20 pixels a side in patches of 1 pixel gives
    // 2^40 position rows x 2^16 hidden = 2^56; 64 channels x 4,096^2 x 2^16 = 2^46.
    {"image_size", 1'048'576},
    {"patch_size", 4'096},
    {"num_channels", 64},
    {"spatial_merge_size", 64},
    {"projector_input_dim", kMaxMlpWidth},
    {"projector_output_dim", kMaxMlpWidth},
    {"vision_output_dim", kMaxMlpWidth},
    // quantization_config (src/io/hf_quantization.cc)
    {"bits", 16},
    {"num_bits", 16},
    {"group_size", 1'048'576},
};

}  // namespace

std::int64_t field_max(std::string_view key) {
  for (const FieldBound& b : kBounds) {
    if (b.key == key) return b.max;
  }
  throw std::logic_error(fmt::format("config.json field '{}' has no bound", key));
}

bool whole_in(const Json& v, std::int64_t min, std::int64_t max) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    return u >= static_cast<std::uint64_t>(min) && u <= static_cast<std::uint64_t>(max);
  }
  return v.is_number_integer() && v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max;
}

std::int64_t Fields::positive(const char* key) const {
  if (!has(key)) {
    throw InputError(
        fmt::format("{}: missing field '{}' (needed by {})", source_, name(key), architecture_));
  }
  return checked(key, 1);
}

std::int64_t Fields::positive_or(const char* key, std::int64_t fallback) const {
  return has(key) ? checked(key, 1) : fallback;
}

std::int64_t Fields::non_negative_or(const char* key, std::int64_t fallback) const {
  return has(key) ? checked(key, 0) : fallback;
}

bool Fields::flag_or(const char* key, bool fallback) const {
  if (!has(key)) return fallback;
  const Json& v = json_.at(key);
  if (!v.is_boolean()) {
    throw InputError(
        fmt::format("{}: {} must be true or false (got {})", source_, name(key), v.dump()));
  }
  return v.get<bool>();
}

std::string Fields::string_or(const char* key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  const Json& v = json_.at(key);
  if (!v.is_string()) {
    throw InputError(fmt::format("{}: {} must be a string (got {})", source_, name(key), v.dump()));
  }
  return v.get<std::string>();
}

double Fields::number_or(const char* key, double fallback) const {
  if (!has(key)) return fallback;
  const Json& v = json_.at(key);
  if (!v.is_number()) {
    throw InputError(fmt::format("{}: {} must be a number (got {})", source_, name(key), v.dump()));
  }
  return v.get<double>();
}

std::vector<std::string> Fields::strings(const char* key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const Json& v = json_.at(key);
  if (!v.is_array()) {
    throw InputError(
        fmt::format("{}: {} must be a list of strings (got {})", source_, name(key), v.dump()));
  }
  for (const Json& item : v) {
    if (!item.is_string()) {
      throw InputError(fmt::format("{}: {} must be a list of strings (got {} in it)", source_,
                                   name(key), item.dump()));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<bool> Fields::layers_listed(const char* key, std::int64_t layers) const {
  std::vector<bool> listed(static_cast<std::size_t>(layers), false);
  if (!has(key)) return listed;
  const Json& v = json_.at(key);
  if (!v.is_array()) {
    throw InputError(fmt::format("{}: {} must be a list of layer numbers (got {})", source_,
                                 name(key), v.dump()));
  }
  for (const Json& item : v) {
    if (!whole_in(item, 0, layers - 1)) {
      throw InputError(fmt::format("{}: {} must list layer numbers from 0 to {} (got {})", source_,
                                   name(key), layers - 1, item.dump()));
    }
    listed[item.get<std::size_t>()] = true;
  }
  return listed;
}

Fields Fields::object(const char* key, bool required) const {
  static const Json kEmpty = Json::object();
  if (!has(key)) {
    if (required) {
      throw InputError(
          fmt::format("{}: missing field '{}' (needed by {})", source_, name(key), architecture_));
    }
    return Fields(kEmpty, source_, architecture_, name(key) + ".");
  }
  const Json& v = json_.at(key);
  if (!v.is_object()) {
    throw InputError(
        fmt::format("{}: {} must be a JSON object (got {})", source_, name(key), v.dump()));
  }
  return Fields(v, source_, architecture_, name(key) + ".");
}

void Fields::fail(const std::string& what) const {
  throw InputError(fmt::format("{}: {}", source_, what));
}

void Fields::unsupported(const char* key, const std::string& supported) const {
  throw InputError(
      fmt::format("{}: {} {} changes the parameter count in a way llmtco does not "
                  "read for {} (read: {})",
                  source_, name(key), json_.at(key).dump(), architecture_, supported));
}

std::int64_t Fields::checked(const char* key, std::int64_t min) const {
  const Json& v = json_.at(key);
  const std::int64_t max = field_max(key);
  if (!whole_in(v, min, max)) {
    throw InputError(fmt::format("{}: {} must be a whole number between {} and {} (got {})",
                                 source_, name(key), format_number(static_cast<double>(min)),
                                 format_number(static_cast<double>(max)), v.dump()));
  }
  return v.get<std::int64_t>();
}

// The fields most decoder configs share (Llama's names).
void read_llama_like(const Fields& f, ModelArch& m) {
  m.hidden_size = f.positive("hidden_size");
  m.intermediate_size = f.positive("intermediate_size");
  m.num_layers = f.positive("num_hidden_layers");
  m.num_heads = f.positive("num_attention_heads");
  m.num_kv_heads = f.positive_or("num_key_value_heads", m.num_heads);
  m.vocab_size = f.positive("vocab_size");
  m.max_position_embeddings = f.positive_or("max_position_embeddings", 0);
  m.tied_embeddings = f.flag_or("tie_word_embeddings", false);
  if (!f.has("head_dim") && m.hidden_size % m.num_heads != 0) {
    f.fail(
        fmt::format("hidden_size {} is not a multiple of num_attention_heads {}; the config "
                    "needs head_dim",
                    m.hidden_size, m.num_heads));
  }
  m.head_dim = f.positive_or("head_dim", m.hidden_size / m.num_heads);
  m.qkv_bias = m.o_bias = f.flag_or("attention_bias", false);
  m.mlp_bias = f.flag_or("mlp_bias", false);
}

namespace {

// Sliding windows on every layer, as Mistral and Phi-3 configure them.
void read_uniform_window(const Fields& f, ModelArch& m) {
  m.sliding_window = f.non_negative_or("sliding_window", 0);
  m.sliding_window_layers = m.sliding_window > 0 ? m.num_layers : 0;
}

void read_falcon(const Fields& f, ModelArch& m) {
  m.hidden_size = f.positive("hidden_size");
  m.num_layers = f.positive("num_hidden_layers");
  m.num_heads = f.positive("num_attention_heads");
  m.vocab_size = f.positive("vocab_size");
  m.max_position_embeddings = f.positive_or("max_position_embeddings", 2048);
  const bool new_arch = f.flag_or("new_decoder_architecture", false);
  const bool multi_query = f.flag_or("multi_query", true);
  m.num_kv_heads =
      new_arch ? f.positive_or("num_kv_heads", m.num_heads) : (multi_query ? 1 : m.num_heads);
  m.head_dim = m.hidden_size / m.num_heads;
  m.intermediate_size = f.positive_or("ffn_hidden_size", 4 * m.hidden_size);
  m.mlp = MlpKind::kPlain;
  m.norm = NormKind::kLayer;
  m.parallel_attention = new_arch || f.flag_or("parallel_attn", true);
  // transformers: the new architecture has ln_attn and ln_mlp; the old parallel
  // block one input_layernorm; the old sequential block two.
  m.norms_per_layer = new_arch ? 2 : (m.parallel_attention ? 1 : 2);
  m.qkv_bias = m.o_bias = m.mlp_bias = f.flag_or("bias", false);
  m.tied_embeddings = f.flag_or("tie_word_embeddings", true);
}

void read_gptj(const Fields& f, ModelArch& m) {
  m.hidden_size = f.positive("n_embd");
  m.num_layers = f.positive("n_layer");
  m.num_heads = f.positive("n_head");
  m.num_kv_heads = m.num_heads;
  m.head_dim = m.hidden_size / m.num_heads;
  m.vocab_size = f.positive("vocab_size");
  m.max_position_embeddings = f.positive_or("n_positions", 2048);
  m.intermediate_size = f.positive_or("n_inner", 4 * m.hidden_size);
  m.mlp = MlpKind::kPlain;
  m.mlp_bias = true;  // fc_in, fc_out
  m.lm_head_bias = true;
  m.norm = NormKind::kLayer;
  m.norms_per_layer = 1;  // ln_1 feeds attention and MLP in parallel
  m.parallel_attention = true;
  m.tied_embeddings = f.flag_or("tie_word_embeddings", false);
}

void read_gpt_neox(const Fields& f, ModelArch& m) {
  m.hidden_size = f.positive("hidden_size");
  m.intermediate_size = f.positive("intermediate_size");
  m.num_layers = f.positive("num_hidden_layers");
  m.num_heads = f.positive("num_attention_heads");
  m.num_kv_heads = m.num_heads;
  m.head_dim = m.hidden_size / m.num_heads;
  m.vocab_size = f.positive("vocab_size");
  m.max_position_embeddings = f.positive_or("max_position_embeddings", 2048);
  m.mlp = MlpKind::kPlain;
  m.mlp_bias = true;
  m.qkv_bias = m.o_bias = f.flag_or("attention_bias", true);
  m.norm = NormKind::kLayer;
  m.norms_per_layer = 2;
  m.parallel_attention = f.flag_or("use_parallel_residual", true);
  m.tied_embeddings = f.flag_or("tie_word_embeddings", false);
}

// transformers: layer i is sparse unless listed in mlp_only_layers, when (i + 1)
// is a multiple of decoder_sparse_step.
void read_qwen3_moe(const Fields& f, ModelArch& m) {
  m.num_experts = f.positive("num_experts");
  m.experts_per_token = f.positive("num_experts_per_tok");
  m.moe_intermediate_size = f.positive("moe_intermediate_size");
  const std::int64_t step = f.positive_or("decoder_sparse_step", 1);
  const std::vector<bool> dense_only = f.layers_listed("mlp_only_layers", m.num_layers);
  for (std::int64_t i = 0; i < m.num_layers; ++i) {
    if (!dense_only[static_cast<std::size_t>(i)] && (i + 1) % step == 0) ++m.moe_layers;
  }
}

// The architectures read by the core readers above: Llama-like, Falcon, GPT-J,
// GPT-NeoX, and their variants.
void read_core(const Fields& f, ModelArch& m) {
  const std::string& a = m.architecture;
  if (a == "FalconForCausalLM") {
    read_falcon(f, m);
  } else if (a == "GPTJForCausalLM") {
    read_gptj(f, m);
  } else if (a == "GPTNeoXForCausalLM") {
    read_gpt_neox(f, m);
  } else {
    read_llama_like(f, m);
  }
  if (a == "MistralForCausalLM" || a == "Phi3ForCausalLM" || a == "MixtralForCausalLM") {
    read_uniform_window(f, m);
  }
  if (a == "MixtralForCausalLM") {
    m.num_experts = f.positive("num_local_experts");
    m.experts_per_token = f.positive("num_experts_per_tok");
    m.moe_intermediate_size = m.intermediate_size;
    m.moe_layers = m.num_layers;
  }
  if (a == "Qwen2ForCausalLM") {
    m.qkv_bias = true;  // Qwen2 always has q, k, v biases and none on o
    m.o_bias = false;
  }
  if ((a == "Qwen2ForCausalLM" || a == "Qwen3ForCausalLM" || a == "Qwen3MoeForCausalLM") &&
      f.flag_or("use_sliding_window", false)) {
    // The first max_window_layers layers attend fully; the rest use the window.
    m.sliding_window = f.non_negative_or("sliding_window", 0);
    const std::int64_t full =
        std::min(m.num_layers, f.non_negative_or("max_window_layers", m.num_layers));
    m.sliding_window_layers = m.sliding_window > 0 ? m.num_layers - full : 0;
  }
  if (a == "Qwen3ForCausalLM" || a == "Qwen3MoeForCausalLM") m.qk_norm = true;
  if (a == "Qwen3MoeForCausalLM") read_qwen3_moe(f, m);
  if (a == "Gemma2ForCausalLM") {
    m.tied_embeddings = f.flag_or("tie_word_embeddings", true);
    m.norms_per_layer = 4;  // input, post-attention, pre-feedforward, post-feedforward
    // Even-numbered layers (0, 2, ...) use the sliding window.
    m.sliding_window = f.non_negative_or("sliding_window", 4096);
    m.sliding_window_layers = m.sliding_window > 0 ? (m.num_layers + 1) / 2 : 0;
  }
}

using Reader = void (*)(const Fields&, ModelArch&);

Reader reader_of(const std::string& a) {
  if (a == "DeepseekV2ForCausalLM" || a == "DeepseekV3ForCausalLM") return read_deepseek;
  if (a == "Glm4MoeForCausalLM") return read_glm4_moe;
  if (a == "GptOssForCausalLM") return read_gpt_oss;
  if (a == "Llama4ForCausalLM" || a == "Llama4ForConditionalGeneration") return read_llama4;
  if (a == "Gemma3ForCausalLM" || a == "Gemma3ForConditionalGeneration") return read_gemma3;
  if (a == "Mistral3ForConditionalGeneration") return read_mistral3;
  return read_core;
}

// Shapes every architecture must satisfy.
void check_shapes(const Fields& f, const ModelArch& m) {
  if (m.num_heads % m.num_kv_heads != 0) {
    f.fail(fmt::format("num_attention_heads {} is not a multiple of the key/value heads {}",
                       m.num_heads, m.num_kv_heads));
  }
  if (m.num_experts > 0 && m.experts_per_token > m.num_experts) {
    f.fail(fmt::format("num_experts_per_tok {} exceeds the {} experts", m.experts_per_token,
                       m.num_experts));
  }
}

}  // namespace
}  // namespace detail

std::span<const std::string_view> supported_architectures() {
  return detail::kSupported;
}

ModelArch parse_hf_config(std::string_view json_text, const std::string& source,
                          const std::string& id) {
  using detail::kSupported;
  detail::Json json = detail::parse_json_text(json_text, source);
  const std::string supported = fmt::format("{}", fmt::join(kSupported, ", "));
  if (!json.is_object())
    throw InputError(fmt::format("{}: a config.json must be a JSON object", source));
  if (!json.contains("architectures") || !json["architectures"].is_array() ||
      json["architectures"].empty() || !json["architectures"][0].is_string()) {
    throw InputError(fmt::format("{}: missing field 'architectures' (a list naming one of: {})",
                                 source, supported));
  }
  ModelArch m;
  m.id = id;
  m.architecture = json["architectures"][0].get<std::string>();
  if (std::find(kSupported.begin(), kSupported.end(), m.architecture) == kSupported.end()) {
    throw InputError(fmt::format("{}: unsupported architecture '{}' (supported: {})", source,
                                 m.architecture, supported));
  }
  const detail::Fields f(json, source, m.architecture);
  detail::reader_of(m.architecture)(f, m);
  detail::read_quantization(f, m);
  detail::check_shapes(f, m);
  return m;
}

}  // namespace llmtco
