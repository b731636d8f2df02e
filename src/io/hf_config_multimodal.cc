// Llama 4, Gemma 3 and Mistral 3 config.json readers, with their vision towers.
// Module layouts from huggingface/transformers (models/llama4, gemma3, siglip,
// mistral3, pixtral); every count is pinned in tests/io/hf_config_multimodal_test.cc
// against the published totals of ../shared/data/model_configs/README.md.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "io/hf_config_fields.h"

namespace llmtco::detail {
namespace {

std::int64_t linear(std::int64_t in, std::int64_t out, bool bias) {
  return in * out + (bias ? out : 0);
}

std::int64_t layer_norm(std::int64_t width) {
  return 2 * width;  // weight and bias
}

// A ViT encoder's shapes, as Llama 4's and SigLIP's vision configs name them, and
// one of its layers: q, k, v, o and a plain MLP, all with biases, and two LayerNorms.
struct VitShape {
  std::int64_t h, inter, layers, patch, side, channels;

  std::int64_t layer() const {
    return 4 * linear(h, h, true) + linear(h, inter, true) + linear(inter, h, true) +
           2 * layer_norm(h);
  }
  std::int64_t patch_inputs() const { return channels * patch * patch; }
};

VitShape read_vit(const Fields& v) {
  VitShape s{};
  s.h = v.positive("hidden_size");
  s.inter = v.positive("intermediate_size");
  s.layers = v.positive("num_hidden_layers");
  s.patch = v.positive("patch_size");
  s.side = v.positive("image_size") / s.patch;
  s.channels = v.positive_or("num_channels", 3);
  return s;
}

// `key` must name `expected` (the default when absent): another value selects
// modules llmtco does not count.
void expect_model_type(const Fields& f, const char* key, const std::string& expected) {
  if (f.string_or(key, expected) != expected) f.unsupported(key, fmt::format("\"{}\"", expected));
}

// The text model's fields: text_config of a ...ForConditionalGeneration, the top
// level of a ...ForCausalLM.
Fields text_fields(const Fields& f) {
  if (f.architecture().ends_with("ForCausalLM")) return f;
  return f.object("text_config", true);
}

// A nested text_config decides the tying (transformers ties through the text
// config); a top-level value that disagrees would leave the count ambiguous.
void check_top_level_tying(const Fields& f, const ModelArch& m) {
  if (f.architecture().ends_with("ForCausalLM") || !f.has("tie_word_embeddings")) return;
  if (f.flag_or("tie_word_embeddings", m.tied_embeddings) != m.tied_embeddings) {
    f.fail(fmt::format(
        "tie_word_embeddings {} disagrees with text_config.tie_word_embeddings {} (its default "
        "when absent); give one value",
        !m.tied_embeddings, m.tied_embeddings));
  }
}

// The layers a `layer_types` list gives `local` (the rest must be "full_attention"),
// or -1 when the list is absent.
std::int64_t local_layers_typed(const Fields& t, std::int64_t layers, const std::string& local) {
  if (!t.has("layer_types")) return -1;
  const std::vector<std::string> types = t.strings("layer_types");
  if (static_cast<std::int64_t>(types.size()) != layers) {
    t.fail(fmt::format("{} has {} entries; num_hidden_layers is {}", t.name("layer_types"),
                       types.size(), layers));
  }
  std::int64_t n = 0;
  for (const std::string& type : types) {
    if (type != local && type != "full_attention") {
      t.fail(fmt::format("{} must hold \"{}\" or \"full_attention\" (got \"{}\")",
                         t.name("layer_types"), local, type));
    }
    if (type == local) ++n;
  }
  return n;
}

// ---- Llama 4 ---------------------------------------------------------------

// transformers Llama4TextConfig: `moe_layers` when given, else every
// interleave_moe_layer_step-th layer from step - 1 on (Scout: step 1, all 48;
// Maverick: step 2, layers 1, 3, ..., 47).
std::int64_t llama4_moe_layers(const Fields& t, std::int64_t layers) {
  if (t.has("moe_layers")) {
    const std::vector<bool> listed = t.layers_listed("moe_layers", layers);
    return static_cast<std::int64_t>(std::count(listed.begin(), listed.end(), true));
  }
  return layers / t.positive_or("interleave_moe_layer_step", 1);
}

// transformers Llama4TextConfig: no_rope_layers holds a flag per layer, 1 where the
// layer uses RoPE (and chunked attention), 0 where it uses neither (NoPE, global);
// absent or empty, layer i uses RoPE unless (i + 1) % no_rope_layer_interval == 0.
std::int64_t llama4_rope_layers(const Fields& t, std::int64_t layers) {
  const Json* flags = t.has("no_rope_layers") ? &t.json().at("no_rope_layers") : nullptr;
  if (flags == nullptr || (flags->is_array() && flags->empty())) {
    const std::int64_t interval = t.positive_or("no_rope_layer_interval", 4);
    return layers - layers / interval;
  }
  const auto bad = [&] {
    t.fail(
        fmt::format("{} must hold one 0 or 1 per layer, {} in all (1: the layer uses RoPE; got {})",
                    t.name("no_rope_layers"), layers, flags->dump()));
  };
  if (!flags->is_array() || static_cast<std::int64_t>(flags->size()) != layers) bad();
  std::int64_t n = 0;
  for (const Json& flag : *flags) {
    if (!whole_in(flag, 0, 1)) bad();
    n += flag.get<std::int64_t>();
  }
  return n;
}

// Chunked attention (attention_chunk_size, default 8192; null turns it off) on the
// layers that use RoPE, or on those `layer_types` marks "chunked_attention".
void read_llama4_chunks(const Fields& t, ModelArch& m) {
  const char* key = "attention_chunk_size";
  if (t.json().contains(key) && t.json().at(key).is_null()) return;
  m.local_attention = LocalAttention::kChunked;
  m.sliding_window = t.positive_or(key, 8192);
  const std::int64_t typed = local_layers_typed(t, m.num_layers, "chunked_attention");
  m.sliding_window_layers = typed >= 0 ? typed : llama4_rope_layers(t, m.num_layers);
}

// transformers Llama4TextMoe: num_local_experts experts and one shared expert, all
// of intermediate_size, and a router without bias; the dense layers' MLP is
// intermediate_size_mlp wide. use_qk_norm is Llama4TextL2Norm, without weights.
void read_llama4_text(const Fields& t, ModelArch& m) {
  expect_model_type(t, "model_type", "llama4_text");
  read_llama_like(t, m);
  m.num_experts = t.positive_or("num_local_experts", 16);
  m.experts_per_token = t.positive_or("num_experts_per_tok", 1);
  m.moe_intermediate_size = m.intermediate_size;
  m.num_shared_experts = 1;
  m.shared_expert_intermediate_size = m.intermediate_size;
  m.intermediate_size = t.positive_or("intermediate_size_mlp", 16384);
  m.moe_layers = llama4_moe_layers(t, m.num_layers);
  read_llama4_chunks(t, m);
}

// transformers Llama4VisionModel: an unfold patch linear without bias, a class
// embedding, a position embedding of (image / patch)^2 + 1 rows, LayerNorms before
// and after the encoder, layers of LayerNorm, q/k/v/o and fc1/fc2 all with biases,
// and the pixel-shuffle adapter fc1 (intermediate -> projector_input_dim) and fc2
// (projector_output_dim -> projector_output_dim) without biases. The projector
// linear_1 (vision_output_dim -> text hidden) has no bias.
void read_llama4_vision(const Fields& f, ModelArch& m) {
  if (!f.has("vision_config")) return;
  const Fields v = f.object("vision_config", true);
  expect_model_type(v, "model_type", "llama4_vision_model");
  if (v.flag_or("multi_modal_projector_bias", false)) {
    v.unsupported("multi_modal_projector_bias", "false, a projector without bias");
  }
  const VitShape vit = read_vit(v);
  const std::int64_t h = vit.h;
  const std::int64_t adapter =
      linear(vit.inter, v.positive("projector_input_dim"), false) +
      linear(v.positive("projector_output_dim"), v.positive("projector_output_dim"), false);
  m.vision_params = linear(vit.patch_inputs(), h, false) + h + (vit.side * vit.side + 1) * h +
                    2 * layer_norm(h) + vit.layers * vit.layer() + adapter;
  m.projector_params = linear(v.positive("vision_output_dim"), m.hidden_size, false);
  m.vision_tower = fmt::format("Llama 4 vision ({} layers)", vit.layers);
}

// ---- Gemma 3 ---------------------------------------------------------------

// Sliding windows (sliding_window, default 4096) on the layers `layer_types` marks
// "sliding_attention", else on all but every sliding_window_pattern-th layer
// (transformers: layer i is global when (i + 1) % pattern == 0).
void read_gemma3_windows(const Fields& t, ModelArch& m) {
  m.sliding_window = t.positive_or("sliding_window", 4096);
  const std::int64_t typed = local_layers_typed(t, m.num_layers, "sliding_attention");
  m.sliding_window_layers =
      typed >= 0 ? typed : m.num_layers - m.num_layers / t.positive_or("sliding_window_pattern", 6);
}

// transformers Gemma3TextConfig, with its defaults for the fields a config leaves
// out (gemma-3-27b-it leaves out vocab_size: 262,208 rows); 4 RMSNorms per layer
// (input, post-attention, pre- and post-feedforward) and q_norm/k_norm.
void read_gemma3_text(const Fields& t, ModelArch& m) {
  expect_model_type(t, "model_type", "gemma3_text");
  m.vocab_size = t.positive_or("vocab_size", 262'208);
  m.hidden_size = t.positive_or("hidden_size", 2304);
  m.intermediate_size = t.positive_or("intermediate_size", 9216);
  m.num_layers = t.positive_or("num_hidden_layers", 26);
  m.num_heads = t.positive_or("num_attention_heads", 8);
  m.num_kv_heads = t.positive_or("num_key_value_heads", 4);
  m.head_dim = t.positive_or("head_dim", 256);
  m.max_position_embeddings = t.positive_or("max_position_embeddings", 131'072);
  m.tied_embeddings = t.flag_or("tie_word_embeddings", true);
  m.qkv_bias = m.o_bias = t.flag_or("attention_bias", false);
  m.qk_norm = true;
  m.norms_per_layer = 4;
  read_gemma3_windows(t, m);
}

// The SigLIP encoder (transformers SiglipVisionTransformer): a patch conv with
// bias, a position embedding of (image / patch)^2 rows, layers of LayerNorm,
// q/k/v/out and fc1/fc2 all with biases, a post LayerNorm; without the
// attention-pooling head. The projector (Gemma3MultiModalProjector):
// mm_input_projection_weight (vision hidden x text hidden) and mm_soft_emb_norm.
void read_gemma3_vision(const Fields& f, ModelArch& m) {
  if (!f.has("vision_config")) return;
  const Fields v = f.object("vision_config", true);
  expect_model_type(v, "model_type", "siglip_vision_model");
  if (!v.has("vision_use_head")) {
    f.fail(
        "vision_config.vision_use_head is absent, so transformers adds SigLIP's attention-pooling "
        "head, which llmtco does not read (read: vision_use_head false)");
  }
  if (v.flag_or("vision_use_head", false)) v.unsupported("vision_use_head", "false");
  const VitShape vit = read_vit(v);
  const std::int64_t h = vit.h;
  m.vision_params = linear(vit.patch_inputs(), h, true) + vit.side * vit.side * h +
                    vit.layers * vit.layer() + layer_norm(h);
  m.projector_params = h * m.hidden_size + h;
  m.vision_tower = fmt::format("SigLIP ({} layers)", vit.layers);
}

// ---- Mistral 3 -------------------------------------------------------------

// The Pixtral encoder (transformers PixtralVisionModel): a patch conv without bias,
// ln_pre, layers of two RMSNorms, q/k/v/o and a gated MLP, all without biases.
// The projector (Mistral3MultiModalProjector): an RMSNorm over the vision hidden
// size, patch_merger (spatial_merge_size^2 x vision hidden -> vision hidden, no
// bias), linear_1 (vision hidden -> text hidden) and linear_2 (text hidden -> text
// hidden), with biases when multimodal_projector_bias.
void read_mistral3_vision(const Fields& f, ModelArch& m) {
  if (!f.has("vision_config")) return;
  const Fields v = f.object("vision_config", true);
  expect_model_type(v, "model_type", "pixtral");
  if (f.has("vision_feature_layer") && !f.json().at("vision_feature_layer").is_number_integer()) {
    f.unsupported("vision_feature_layer", "one layer, a whole number");
  }
  const std::int64_t h = v.positive("hidden_size");
  const std::int64_t inter = v.positive("intermediate_size");
  const std::int64_t layers = v.positive("num_hidden_layers");
  const std::int64_t heads = v.positive("num_attention_heads");
  const std::int64_t head_dim = v.positive_or("head_dim", h / heads);
  const std::int64_t patch = v.positive("patch_size");
  const std::int64_t channels = v.positive_or("num_channels", 3);
  const std::int64_t per_layer = 4 * h * heads * head_dim + 3 * h * inter + 2 * h;
  m.vision_params = channels * patch * patch * h + h + layers * per_layer;
  const std::int64_t merge = f.positive_or("spatial_merge_size", 2);
  const bool bias = f.flag_or("multimodal_projector_bias", false);
  m.projector_params = h + merge * merge * h * h + linear(h, m.hidden_size, bias) +
                       linear(m.hidden_size, m.hidden_size, bias);
  m.vision_tower = fmt::format("Pixtral ({} layers)", layers);
}

}  // namespace

void read_llama4(const Fields& f, ModelArch& m) {
  read_llama4_text(text_fields(f), m);
  check_top_level_tying(f, m);
  read_llama4_vision(f, m);
}

void read_gemma3(const Fields& f, ModelArch& m) {
  read_gemma3_text(text_fields(f), m);
  check_top_level_tying(f, m);
  read_gemma3_vision(f, m);
}

// transformers Mistral3Config: text_config is a MistralConfig (untied unless
// tie_word_embeddings; sliding_window, when set, on every layer).
void read_mistral3(const Fields& f, ModelArch& m) {
  const Fields t = f.object("text_config", true);
  expect_model_type(t, "model_type", "mistral");
  read_llama_like(t, m);
  m.sliding_window = t.non_negative_or("sliding_window", 0);
  m.sliding_window_layers = m.sliding_window > 0 ? m.num_layers : 0;
  check_top_level_tying(f, m);
  read_mistral3_vision(f, m);
}

}  // namespace llmtco::detail
