#include "llmtco/hf_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "llmtco/error.h"
#include "llmtco/number_format.h"

namespace llmtco {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 11> kSupported = {
    "FalconForCausalLM", "GPTJForCausalLM",    "GPTNeoXForCausalLM", "Gemma2ForCausalLM",
    "LlamaForCausalLM",  "MistralForCausalLM", "MixtralForCausalLM", "Phi3ForCausalLM",
    "Qwen2ForCausalLM",  "Qwen3ForCausalLM",   "Qwen3MoeForCausalLM"};

// The largest value of each config.json integer read: far past any published model
// (Llama 3.1 405B: hidden size 16,384, MLP width 53,248, 126 layers, 128 heads;
// Gemma 2: a vocabulary of 256,000; DeepSeek-V3: 256 experts; Llama 4 Scout: a
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

constexpr std::array<FieldBound, 22> kBounds = {{
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
}};

std::int64_t max_of(std::string_view key) {
  for (const FieldBound& b : kBounds) {
    if (b.key == key) return b.max;
  }
  throw std::logic_error(fmt::format("config.json field '{}' has no bound", key));
}

// A JSON integer from min to max; nlohmann keeps non-negative integers unsigned.
bool whole_in(const Json& v, std::int64_t min, std::int64_t max) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    return u >= static_cast<std::uint64_t>(min) && u <= static_cast<std::uint64_t>(max);
  }
  return v.is_number_integer() && v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max;
}

// Typed access to the fields of one config, with messages that name the field.
class Fields {
 public:
  Fields(const Json& json, std::string source, std::string architecture)
      : json_(json), source_(std::move(source)), architecture_(std::move(architecture)) {}

  bool has(const char* key) const { return json_.contains(key) && !json_.at(key).is_null(); }

  std::int64_t positive(const char* key) const {
    if (!has(key)) {
      throw InputError(
          fmt::format("{}: missing field '{}' (needed by {})", source_, key, architecture_));
    }
    return checked_positive(key);
  }

  std::int64_t positive_or(const char* key, std::int64_t fallback) const {
    return has(key) ? checked_positive(key) : fallback;
  }

  std::int64_t non_negative_or(const char* key, std::int64_t fallback) const {
    return has(key) ? checked(key, 0) : fallback;
  }

  bool flag_or(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const Json& v = json_.at(key);
    if (!v.is_boolean()) {
      throw InputError(
          fmt::format("{}: {} must be true or false (got {})", source_, key, v.dump()));
    }
    return v.get<bool>();
  }

  // Which of `layers` layers the list at `key` names (each a layer number).
  std::vector<bool> layers_listed(const char* key, std::int64_t layers) const {
    std::vector<bool> listed(static_cast<std::size_t>(layers), false);
    if (!has(key)) return listed;
    const Json& v = json_.at(key);
    if (!v.is_array()) {
      throw InputError(
          fmt::format("{}: {} must be a list of layer numbers (got {})", source_, key, v.dump()));
    }
    for (const Json& item : v) {
      if (!whole_in(item, 0, layers - 1)) {
        throw InputError(fmt::format("{}: {} must list layer numbers from 0 to {} (got {})",
                                     source_, key, layers - 1, item.dump()));
      }
      listed[item.get<std::size_t>()] = true;
    }
    return listed;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("{}: {}", source_, what));
  }

 private:
  std::int64_t checked_positive(const char* key) const { return checked(key, 1); }

  std::int64_t checked(const char* key, std::int64_t min) const {
    const Json& v = json_.at(key);
    const std::int64_t max = max_of(key);
    if (!whole_in(v, min, max)) {
      throw InputError(fmt::format("{}: {} must be a whole number between {} and {} (got {})",
                                   source_, key, format_number(static_cast<double>(min)),
                                   format_number(static_cast<double>(max)), v.dump()));
    }
    return v.get<std::int64_t>();
  }

  const Json& json_;
  std::string source_;
  std::string architecture_;
};

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

}  // namespace

std::span<const std::string_view> supported_architectures() {
  return kSupported;
}

ModelArch parse_hf_config(std::string_view json_text, const std::string& source,
                          const std::string& id) {
  Json json;
  try {
    json = Json::parse(json_text);
  } catch (const Json::parse_error& e) {
    // Line and column of the byte where parsing stopped.
    const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, json_text.size());
    const auto before = json_text.substr(0, end);
    const std::size_t line =
        1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t last_newline = before.rfind('\n');
    const std::size_t column =
        end - (last_newline == std::string_view::npos ? 0 : last_newline + 1) + 1;
    const std::string what = e.what();
    const std::size_t colon = what.rfind(": ");
    throw InputError(fmt::format("{}:{}:{}: malformed JSON: {}", source, line, column,
                                 colon == std::string::npos ? what : what.substr(colon + 2)));
  } catch (const Json::out_of_range& e) {
    // A number past a double's range: "[json.exception.out_of_range.406] number overflow ...".
    const std::string what = e.what();
    const std::size_t tag_end = what.find("] ");
    throw InputError(fmt::format("{}: malformed JSON: {}", source,
                                 tag_end == std::string::npos ? what : what.substr(tag_end + 2)));
  }
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
  const Fields f(json, source, m.architecture);
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
  if (a == "Qwen3MoeForCausalLM") {
    m.num_experts = f.positive("num_experts");
    m.experts_per_token = f.positive("num_experts_per_tok");
    m.moe_intermediate_size = f.positive("moe_intermediate_size");
    // transformers: layer i is sparse unless listed in mlp_only_layers, when
    // (i + 1) is a multiple of decoder_sparse_step.
    const std::int64_t step = f.positive_or("decoder_sparse_step", 1);
    const std::vector<bool> dense_only = f.layers_listed("mlp_only_layers", m.num_layers);
    for (std::int64_t i = 0; i < m.num_layers; ++i) {
      if (!dense_only[static_cast<std::size_t>(i)] && (i + 1) % step == 0) ++m.moe_layers;
    }
  }
  if (a == "Gemma2ForCausalLM") {
    m.tied_embeddings = f.flag_or("tie_word_embeddings", true);
    m.norms_per_layer = 4;  // input, post-attention, pre-feedforward, post-feedforward
    // Even-numbered layers (0, 2, ...) use the sliding window.
    m.sliding_window = f.non_negative_or("sliding_window", 4096);
    m.sliding_window_layers = m.sliding_window > 0 ? (m.num_layers + 1) / 2 : 0;
  }
  if (m.num_heads % m.num_kv_heads != 0) {
    f.fail(fmt::format("num_attention_heads {} is not a multiple of the key/value heads {}",
                       m.num_heads, m.num_kv_heads));
  }
  if (m.num_experts > 0 && m.experts_per_token > m.num_experts) {
    f.fail(fmt::format("num_experts_per_tok {} exceeds the {} experts", m.experts_per_token,
                       m.num_experts));
  }
  return m;
}

}  // namespace llmtco
