#include "llmtco/memory.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "llmtco/number_format.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr double kActivationBytes = 2.0;  // activations are 16-bit whatever the weights
constexpr double kLogitBytes = 4.0;       // vLLM computes sampling logits in fp32

double as_double(std::int64_t n) {
  return static_cast<double>(n);
}

// Width of the MLP activations one token produces on one GPU (gate and up outputs).
double mlp_activation_width(const ModelArch& m, int tp) {
  const double width = m.num_experts > 0 ? as_double(m.experts_per_token * m.moe_intermediate_size)
                                         : as_double(m.intermediate_size);
  return (m.mlp == MlpKind::kGated || m.num_experts > 0 ? 2.0 : 1.0) * width / tp;
}

double activation_workspace_bytes(const ModelArch& m, const ServingOptions& o) {
  const double qkv_width = as_double((m.num_heads + 2 * m.num_kv_heads) * m.head_dim) / o.tp;
  const double per_token =
      2.0 * as_double(m.hidden_size) + qkv_width + mlp_activation_width(m, o.tp);
  return as_double(o.max_batched_tokens) * kActivationBytes * per_token +
         as_double(o.max_num_seqs) * as_double(m.vocab_size) * kLogitBytes;
}

}  // namespace

std::int64_t quantized_params(const ParamCounts& c, const Precision& precision) {
  switch (precision.quantizes) {
    case QuantizedWeights::kAll:
      return c.served();
    case QuantizedWeights::kLinear:
      return c.block_matrices;
    case QuantizedWeights::kExperts:
      return c.expert_matrices;
  }
  return c.served();
}

double unquantized_bytes_per_weight(const Precision& precision) {
  return precision.quantizes == QuantizedWeights::kAll ? precision.bytes_per_weight()
                                                       : kUnquantizedBytes;
}

double weights_bytes(const ModelArch& model, const Precision& precision) {
  const ParamCounts c = count_params(model);
  const std::int64_t quantized = quantized_params(c, precision);
  return as_double(quantized) * precision.bytes_per_weight() +
         as_double(c.served() - quantized) * unquantized_bytes_per_weight(precision);
}

double kv_values_per_layer_token(const ModelArch& m) {
  if (m.attention == AttentionKind::kLatent) {
    return as_double(m.latent.kv_lora_rank + m.latent.qk_rope_head_dim);
  }
  return 2.0 * as_double(m.num_kv_heads * m.head_dim);
}

double kv_cache_bytes_per_token(const ModelArch& m, const Precision& kv) {
  return as_double(m.num_layers) * kv_values_per_layer_token(m) * kv.bytes_per_weight();
}

double kv_cache_bytes_per_sequence(const ModelArch& m, const Precision& kv,
                                   std::int64_t context_tokens) {
  const std::int64_t windowed = m.sliding_window > 0 ? m.sliding_window_layers : 0;
  const double tokens = as_double((m.num_layers - windowed) * context_tokens) +
                        as_double(windowed * std::min(context_tokens, m.sliding_window));
  return kv_values_per_layer_token(m) * kv.bytes_per_weight() * tokens;
}

std::int64_t kv_heads_per_gpu(const ModelArch& m, int tp) {
  return std::max<std::int64_t>(1, m.num_kv_heads / tp);
}

double kv_share_per_gpu(const ModelArch& m, int tp) {
  if (m.attention == AttentionKind::kLatent) return 1.0;
  return as_double(kv_heads_per_gpu(m, tp)) / as_double(m.num_kv_heads);
}

std::string tp_problem(const ModelArch& m, int tp) {
  if (m.num_heads % tp != 0) {
    return fmt::format("tensor parallelism {} does not divide the {} attention heads", tp,
                       m.num_heads);
  }
  if (m.attention == AttentionKind::kLatent) return "";  // one latent, replicated per GPU
  if (m.num_kv_heads % tp != 0 && tp % m.num_kv_heads != 0) {
    return fmt::format(
        "tensor parallelism {} neither divides nor is a multiple of the {} "
        "key/value heads",
        tp, m.num_kv_heads);
  }
  return "";
}

ServingMemory serving_memory(const ModelArch& model, const Precision& weights, const Precision& kv,
                             const Gpu& gpu, const ServingOptions& o) {
  ServingMemory s;
  s.gpu_bytes = gpu.memory_bytes();
  s.usable_bytes = s.gpu_bytes * o.gpu_memory_utilization;
  s.weights_bytes = weights_bytes(model, weights) / o.tp;
  s.activation_bytes = activation_workspace_bytes(model, o);
  s.overhead_bytes = o.runtime_overhead_gib * kBytesPerGib;
  s.kv_free_bytes = s.usable_bytes - s.weights_bytes - s.activation_bytes - s.overhead_bytes;
  // Each GPU holds its kv_heads_per_gpu of every token's K and V, or the whole latent.
  const double share = kv_share_per_gpu(model, o.tp);
  s.kv_bytes_per_token = kv_cache_bytes_per_token(model, kv) * share;
  s.kv_bytes_per_sequence = kv_cache_bytes_per_sequence(model, kv, o.context_tokens) * share;
  if (s.kv_free_bytes > 0) {
    s.kv_tokens = static_cast<std::int64_t>(std::floor(s.kv_free_bytes / s.kv_bytes_per_token));
    s.max_sequences =
        static_cast<std::int64_t>(std::floor(s.kv_free_bytes / s.kv_bytes_per_sequence));
  }
  s.fits = s.max_sequences >= 1;
  return s;
}

namespace {

// params_total: every category the checkpoint stores, the shared experts, MTP
// modules and vision tower only where the model has them.
Figure params_total_figure(const ParamCounts& c, const std::string& source) {
  std::vector<FigureInput> inputs{{"params_embedding", as_double(c.embedding), "params"},
                                  {"params_lm_head", as_double(c.lm_head), "params"},
                                  {"params_attention", as_double(c.attention), "params"},
                                  {"params_mlp", as_double(c.mlp_dense), "params"},
                                  {"params_experts", as_double(c.mlp_experts), "params"}};
  const std::pair<const char*, std::int64_t> optional[] = {
      {"params_shared_experts", c.mlp_shared_experts},
      {"params_mtp", c.mtp},
      {"params_vision", c.vision}};
  for (const auto& [name, count] : optional) {
    if (count > 0) inputs.push_back({name, as_double(count), "params"});
  }
  inputs.push_back({"params_router", as_double(c.router), "params"});
  inputs.push_back({"params_norms", as_double(c.norms), "params"});
  std::string formula;
  for (const FigureInput& in : inputs) formula += (formula.empty() ? "" : " + ") + in.name;
  return physics_figure("params_total", "Parameters, total", as_double(c.total()), "params",
                        formula, inputs, source + "; docs/methodology.md, \"Parameters\"");
}

Figure params_active_figure(const ParamCounts& c, const std::string& source) {
  std::vector<FigureInput> inputs{{"params_total", as_double(c.total()), "params"}};
  std::string formula = "params_total";
  const std::pair<const char*, std::int64_t> left_out[] = {{"params_mtp", c.mtp},
                                                           {"params_vision", c.vision}};
  for (const auto& [name, count] : left_out) {
    if (count == 0) continue;
    inputs.push_back({name, as_double(count), "params"});
    formula += std::string(" - ") + name;
  }
  inputs.push_back({"params_experts", as_double(c.mlp_experts), "params"});
  inputs.push_back({"params_experts_active", as_double(c.mlp_experts_active), "params"});
  formula += " - params_experts + params_experts_active";
  return physics_figure("params_active", "Parameters active per token", as_double(c.active()),
                        "params", formula, inputs,
                        source +
                            "; the shared experts always run; MTP modules and the vision "
                            "tower do not run per text token");
}

}  // namespace

std::vector<Figure> parameter_figures(const ModelArch& m) {
  const ParamCounts c = count_params(m);
  const std::string arch = "Hugging Face config.json of " + m.id + " (" + m.architecture + ")";
  std::vector<Figure> f{params_total_figure(c, arch), params_active_figure(c, arch)};
  // Mixture-of-experts counts differ by convention (with or without the input
  // embedding); a dense model's active count is its total.
  if (m.num_experts > 0 && c.lm_head > 0) {
    f.push_back(physics_figure(
        "params_active_without_embedding", "Parameters active per token, without the embedding",
        as_double(c.active_without_embedding()), "params", "params_active - params_embedding",
        {{"params_active", as_double(c.active()), "params"},
         {"params_embedding", as_double(c.embedding), "params"}},
        "the input embedding is a row lookup, not a multiply (OpenAI and DeepSeek count active "
        "so)"));
  }
  return f;
}

namespace {

std::string served_note(const ParamCounts& c) {
  return c.mtp > 0 ? "; the MTP modules are not loaded for serving" : "";
}

Figure kv_per_token_figure(const ModelArch& m, const Precision& kv) {
  const double bytes = kv_cache_bytes_per_token(m, kv);
  if (m.attention == AttentionKind::kLatent) {
    return physics_figure("kv_cache_bytes_per_token", "KV cache per token (MLA latent)", bytes,
                          "bytes", "num_layers * (kv_lora_rank + qk_rope_head_dim) * kv_bytes",
                          {{"num_layers", as_double(m.num_layers), "layers"},
                           {"kv_lora_rank", as_double(m.latent.kv_lora_rank), "values"},
                           {"qk_rope_head_dim", as_double(m.latent.qk_rope_head_dim), "values"},
                           {"kv_bytes", kv.bytes_per_weight(), "bytes"}},
                          "the compressed latent and the shared rotary key for every layer, as "
                          "vLLM and SGLang cache them; KV precision " +
                              kv.id);
  }
  return physics_figure("kv_cache_bytes_per_token", "KV cache per token", bytes, "bytes",
                        "2 * num_layers * num_kv_heads * head_dim * kv_bytes",
                        {{"num_layers", as_double(m.num_layers), "layers"},
                         {"num_kv_heads", as_double(m.num_kv_heads), "heads"},
                         {"head_dim", as_double(m.head_dim), "values"},
                         {"kv_bytes", kv.bytes_per_weight(), "bytes"}},
                        "K and V for every layer; KV precision " + kv.id);
}

}  // namespace

std::vector<Figure> serving_memory_figures(const ModelArch& m, const Precision& weights,
                                           const Precision& kv, const Gpu& gpu,
                                           const ServingOptions& o) {
  const ParamCounts c = count_params(m);
  const ServingMemory s = serving_memory(m, weights, kv, gpu, o);
  std::vector<Figure> f = parameter_figures(m);
  f.push_back(physics_figure(
      "weights_gb", "Weights", weights_bytes(m, weights) / kBytesPerGb, "GB",
      "(quantized_params * bits_per_weight + other_params * other_bits) / bits_per_byte / "
      "bytes_per_gb",
      {{"quantized_params", as_double(quantized_params(c, weights)), "params"},
       {"bits_per_weight", weights.bits_per_weight(), "bits"},
       {"other_params", as_double(c.served() - quantized_params(c, weights)), "params"},
       {"other_bits", unquantized_bytes_per_weight(weights) * kBitsPerByte, "bits"},
       unit_input(UnitInput::kByteBits),
       unit_input(UnitInput::kGbBytes)},
      "precision " + weights.id + ": " + weights.note + served_note(c)));
  f.push_back(kv_per_token_figure(m, kv));
  f.push_back(physics_figure(
      "kv_cache_gb_per_sequence", "KV cache per sequence",
      kv_cache_bytes_per_sequence(m, kv, o.context_tokens) / kBytesPerGb, "GB",
      "kv_cache_bytes_per_token / num_layers * ((num_layers - window_layers) * "
      "context_tokens + window_layers * min(context_tokens, sliding_window)) / bytes_per_gb",
      {{"kv_cache_bytes_per_token", kv_cache_bytes_per_token(m, kv), "bytes"},
       {"num_layers", as_double(m.num_layers), "layers"},
       {"window_layers", as_double(m.sliding_window > 0 ? m.sliding_window_layers : 0), "layers"},
       {"context_tokens", as_double(o.context_tokens), "tokens"},
       {"sliding_window", as_double(m.sliding_window), "tokens"},
       unit_input(UnitInput::kGbBytes)},
      m.local_attention == LocalAttention::kChunked
          ? "chunked-attention layers keep at most their chunk (sliding_window) of tokens"
          : "sliding-window layers keep only the last sliding_window tokens"));
  const std::string per_gpu = fmt::format("per GPU on {} at TP {}", gpu.id, o.tp);
  f.push_back(physics_figure(
      "gpu_memory_gb",
      fmt::format("GPU memory ({} on the datasheet, which is GiB)", gpu.memory_label()),
      s.gpu_bytes / kBytesPerGb, "GB", "memory_gib * bytes_per_gib / bytes_per_gb",
      {{"memory_gib", gpu.memory_gib, "GiB"},
       unit_input(UnitInput::kGibBytes),
       unit_input(UnitInput::kGbBytes)},
      gpu.name + " datasheet memory, sold as GB but GiB of HBM (data/gpus.csv)"));
  f.push_back(physics_figure("usable_memory_gb", "Usable under the engine's cap",
                             s.usable_bytes / kBytesPerGb, "GB",
                             "gpu_memory_gb * gpu_memory_utilization",
                             {{"gpu_memory_gb", s.gpu_bytes / kBytesPerGb, "GB"},
                              {"gpu_memory_utilization", o.gpu_memory_utilization, "fraction"}},
                             "vLLM gpu_memory_utilization (default 0.9)"));
  f.push_back(physics_figure("weights_per_gpu_gb", "Weights " + per_gpu,
                             s.weights_bytes / kBytesPerGb, "GB", "weights_gb / tp",
                             {{"weights_gb", weights_bytes(m, weights) / kBytesPerGb, "GB"},
                              {"tp", as_double(o.tp), "GPUs"}},
                             "tensor parallelism shards every weight matrix across the GPUs"));
  f.push_back(physics_figure(
      "activation_workspace_gb", "Activation workspace " + per_gpu,
      s.activation_bytes / kBytesPerGb, "GB",
      "(max_batched_tokens * activation_bytes * (2 * hidden_size + qkv_width / tp + "
      "mlp_width / tp) + max_num_seqs * vocab_size * logit_bytes) / bytes_per_gb",
      {{"max_batched_tokens", as_double(o.max_batched_tokens), "tokens"},
       {"hidden_size", as_double(m.hidden_size), "values"},
       {"qkv_width", as_double((m.num_heads + 2 * m.num_kv_heads) * m.head_dim), "values"},
       {"mlp_width", mlp_activation_width(m, 1), "values"},
       {"tp", as_double(o.tp), "GPUs"},
       {"max_num_seqs", as_double(o.max_num_seqs), "sequences"},
       {"vocab_size", as_double(m.vocab_size), "tokens"},
       {"activation_bytes", kActivationBytes, "bytes"},
       {"logit_bytes", kLogitBytes, "bytes"},
       unit_input(UnitInput::kGbBytes)},
      "the largest forward pass the engine plans for (vLLM max_num_batched_tokens), "
      "16-bit activations, fp32 logits"));
  f.push_back(physics_figure("runtime_overhead_gb", "Runtime overhead " + per_gpu,
                             s.overhead_bytes / kBytesPerGb, "GB",
                             "runtime_overhead_gib * bytes_per_gib / bytes_per_gb",
                             {{"runtime_overhead_gib", o.runtime_overhead_gib, "GiB"},
                              unit_input(UnitInput::kGibBytes),
                              unit_input(UnitInput::kGbBytes)},
                             "CUDA context, NCCL buffers, CUDA graphs: an estimate"));
  f.push_back(physics_figure("kv_cache_free_gb", "Left for the KV cache " + per_gpu,
                             s.kv_free_bytes / kBytesPerGb, "GB",
                             "usable_memory_gb - weights_per_gpu_gb - activation_workspace_gb - "
                             "runtime_overhead_gb",
                             {{"usable_memory_gb", s.usable_bytes / kBytesPerGb, "GB"},
                              {"weights_per_gpu_gb", s.weights_bytes / kBytesPerGb, "GB"},
                              {"activation_workspace_gb", s.activation_bytes / kBytesPerGb, "GB"},
                              {"runtime_overhead_gb", s.overhead_bytes / kBytesPerGb, "GB"}},
                             "negative: the weights do not fit"));
  f.push_back(physics_figure(
      "kv_cache_tokens",
      o.tp == 1 ? std::string("KV cache tokens that fit on the GPU")
                : fmt::format("KV cache tokens that fit in the TP group of {} GPUs", o.tp),
      as_double(s.kv_tokens), "tokens",
      "max(0, floor(kv_cache_free_gb * bytes_per_gb / kv_bytes_per_token_per_gpu))",
      {{"kv_cache_free_gb", s.kv_free_bytes / kBytesPerGb, "GB"},
       {"kv_bytes_per_token_per_gpu", s.kv_bytes_per_token, "bytes"},
       unit_input(UnitInput::kGbBytes)},
      m.attention == AttentionKind::kLatent
          ? "each GPU holds the whole latent of every token (not sharded by tensor parallelism)"
          : "each GPU holds kv_heads / tp of every token's K and V"));
  f.push_back(physics_figure(
      "max_concurrent_sequences",
      "Concurrent sequences of " + format_number(as_double(o.context_tokens)) + " tokens",
      as_double(s.max_sequences), "sequences",
      "max(0, floor(kv_cache_free_gb * bytes_per_gb / kv_bytes_per_sequence_per_gpu))",
      {{"kv_cache_free_gb", s.kv_free_bytes / kBytesPerGb, "GB"},
       {"kv_bytes_per_sequence_per_gpu", s.kv_bytes_per_sequence, "bytes"},
       unit_input(UnitInput::kGbBytes)},
      "memory bound only; the engine also caps running sequences (vLLM max_num_seqs)"));
  return f;
}

}  // namespace llmtco
