#include "llmtco/finetune_memory.h"

#include <fmt/format.h>

#include "llmtco/gpu.h"
#include "llmtco/memory.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

// Mixed-precision AdamW (Rajbhandari et al. 2020, ZeRO, sec. 3.1): 16-bit weights
// and gradients, an fp32 master copy, fp32 first and second moments; 8-bit Adam
// (Dettmers et al. 2022) stores the moments in one byte each.
constexpr double kWeightBytes = 2.0;
constexpr double kGradientBytes = 2.0;
constexpr double kMasterBytes = 4.0;
constexpr double kAdamBytes = 8.0;
constexpr double kAdam8bitBytes = 2.0;
constexpr double kActivationBytes = 2.0;   // 16-bit activations
constexpr double kLogitLossBytes = 6.0;    // 16-bit logits plus their fp32 copy for the loss
constexpr double kSoftmaxStatBytes = 4.0;  // flash attention keeps one fp32 statistic per head

double as_double(std::int64_t n) {
  return static_cast<double>(n);
}

// Input and output width of one targeted linear layer.
std::pair<std::int64_t, std::int64_t> shape(const ModelArch& m, LoraTarget t, bool expert) {
  const std::int64_t q = m.num_heads * m.head_dim;
  const std::int64_t kv = m.num_kv_heads * m.head_dim;
  const std::int64_t width = expert ? m.moe_intermediate_size : m.intermediate_size;
  switch (t) {
    case LoraTarget::kQ:
      return {m.hidden_size, q};
    case LoraTarget::kK:
    case LoraTarget::kV:
      return {m.hidden_size, kv};
    case LoraTarget::kO:
      return {q, m.hidden_size};
    case LoraTarget::kGate:
    case LoraTarget::kUp:
      return {m.hidden_size, width};
    case LoraTarget::kDown:
      return {width, m.hidden_size};
  }
  return {0, 0};
}

bool is_mlp(LoraTarget t) {
  return t == LoraTarget::kGate || t == LoraTarget::kUp || t == LoraTarget::kDown;
}

}  // namespace

bool parse_lora_target(const std::string& name, LoraTarget& target) {
  const std::string key = name.ends_with("_proj") ? name.substr(0, name.size() - 5) : name;
  static const std::pair<const char*, LoraTarget> kNames[] = {
      {"q", LoraTarget::kQ},      {"k", LoraTarget::kK},       {"v", LoraTarget::kV},
      {"o", LoraTarget::kO},      {"gate", LoraTarget::kGate}, {"up", LoraTarget::kUp},
      {"down", LoraTarget::kDown}};
  for (const auto& [text, value] : kNames) {
    if (key == text) {
      target = value;
      return true;
    }
  }
  return false;
}

std::int64_t lora_adapter_params(const ModelArch& m, int rank,
                                 const std::vector<LoraTarget>& targets) {
  const std::int64_t moe_layers = m.num_experts > 0 ? m.moe_layers : 0;
  const std::int64_t dense_layers = m.num_layers - moe_layers;
  // Plain MLPs have no gate projection.
  std::int64_t total = 0;
  for (LoraTarget t : targets) {
    if (t == LoraTarget::kGate && m.mlp == MlpKind::kPlain && moe_layers == 0) continue;
    if (!is_mlp(t)) {
      const auto [in, out] = shape(m, t, false);
      total += m.num_layers * rank * (in + out);
      continue;
    }
    const auto [in, out] = shape(m, t, false);
    total += dense_layers * rank * (in + out);
    const auto [ein, eout] = shape(m, t, true);
    total += moe_layers * m.num_experts * rank * (ein + eout);
  }
  return total;
}

double activation_bytes_per_token_per_layer(const ModelArch& m, std::int64_t sequence_tokens,
                                            bool flash_attention) {
  const double h = as_double(m.hidden_size);
  const double q = as_double(m.num_heads * m.head_dim);
  const double kv = as_double(m.num_kv_heads * m.head_dim);
  // Attention: the normed input, Q, K, V and the input of the output projection;
  // without flash attention also the scores, the softmax and its dropout mask,
  // 5 bytes x heads x sequence per token (Korthikanti et al. 2022, eq. 1).
  double attention = kActivationBytes * (h + q + 2 * kv + q);
  attention += flash_attention ? kSoftmaxStatBytes * as_double(m.num_heads)
                               : 5.0 * as_double(m.num_heads * sequence_tokens);
  // MLP: its input, then per intermediate channel the inputs of each nonlinearity
  // and product: gated 4 (gate, up, activation, product), plain 2 (fc, activation);
  // a token's MoE layer runs experts_per_token experts.
  double mlp;
  if (m.num_experts > 0) {
    mlp = kActivationBytes * (h + 4.0 * as_double(m.experts_per_token * m.moe_intermediate_size));
  } else {
    const double per_channel = m.mlp == MlpKind::kGated ? 4.0 : 2.0;
    mlp = kActivationBytes * (h + per_channel * as_double(m.intermediate_size));
  }
  const double norms = kActivationBytes * m.norms_per_layer * h;
  return attention + mlp + norms;
}

FinetuneMemory finetune_memory(const ModelArch& m, const Precision& base,
                               const FinetuneOptions& o) {
  FinetuneMemory r;
  const double params = as_double(count_params(m).total());
  const bool full = o.method == FinetuneMethod::kFull;
  r.trainable_params =
      full ? params : as_double(lora_adapter_params(m, o.lora_rank, o.lora_targets));
  const double n = o.zero_stage > 0 ? o.gpus : 1;
  const double shard1 = o.zero_stage >= 1 ? n : 1;  // optimizer states and master weights
  const double shard2 = o.zero_stage >= 2 ? n : 1;  // gradients
  const double shard3 = o.zero_stage >= 3 ? n : 1;  // weights
  const double base_bytes = full ? params * kWeightBytes : weights_bytes(m, base);
  const double adapter_bytes = full ? 0.0 : r.trainable_params * kWeightBytes;
  r.weights_bytes = (base_bytes + adapter_bytes) / shard3;
  r.gradients_bytes = r.trainable_params * kGradientBytes / shard2;
  r.master_bytes = r.trainable_params * kMasterBytes / shard1;
  r.optimizer_bytes = r.trainable_params * (o.adam_8bit ? kAdam8bitBytes : kAdamBytes) / shard1;
  const double tokens = as_double(o.micro_batch * o.sequence_tokens);
  const double layer =
      activation_bytes_per_token_per_layer(m, o.sequence_tokens, o.flash_attention);
  const double layers = as_double(m.num_layers);
  // With checkpointing each layer keeps its input (2 x hidden bytes a token) and one
  // layer at a time is recomputed in full during the backward pass.
  r.activation_bytes = o.gradient_checkpointing
                           ? tokens * (layers * kActivationBytes * as_double(m.hidden_size) + layer)
                           : tokens * layers * layer;
  r.logits_bytes = tokens * as_double(m.vocab_size) * kLogitLossBytes;
  r.overhead_bytes = o.runtime_overhead_gib * kBytesPerGib;
  r.total_bytes = r.weights_bytes + r.gradients_bytes + r.master_bytes + r.optimizer_bytes +
                  r.activation_bytes + r.logits_bytes + r.overhead_bytes;
  return r;
}

std::vector<Figure> finetune_memory_figures(const ModelArch& m, const Precision& base,
                                            const FinetuneOptions& o) {
  const FinetuneMemory r = finetune_memory(m, base, o);
  const bool full = o.method == FinetuneMethod::kFull;
  const double n = o.zero_stage > 0 ? o.gpus : 1;
  const double tokens = as_double(o.micro_batch * o.sequence_tokens);
  const double layer =
      activation_bytes_per_token_per_layer(m, o.sequence_tokens, o.flash_attention);
  const std::string zero = fmt::format("ZeRO stage {} over {} GPU(s)", o.zero_stage, n);
  std::vector<Figure> f = parameter_figures(m);
  if (full) {
    f.push_back(physics_figure(
        "params_trainable", "Trainable parameters", r.trainable_params, "params", "params_total",
        {{"params_total", r.trainable_params, "params"}}, "full fine-tuning trains every weight"));
  } else {
    f.push_back(
        physics_figure("params_trainable", "Trainable parameters (LoRA adapters)",
                       r.trainable_params, "params", "lora_rank * targeted_in_plus_out_features",
                       {{"lora_rank", as_double(o.lora_rank), "rank"},
                        {"targeted_in_plus_out_features",
                         as_double(lora_adapter_params(m, 1, o.lora_targets)), "values"},
                        {"lora_targets", as_double(o.lora_targets.size()), "modules per layer"}},
                       "Hu et al. 2021 (LoRA): A is r x in, B is out x r"));
  }
  f.push_back(physics_figure("weights_gb",
                             full ? "Weights (bf16)" : "Frozen base and adapter weights",
                             r.weights_bytes / kBytesPerGb, "GB",
                             full ? "params_trainable * weight_bytes / zero3_shards / bytes_per_gb"
                                  : "(base_weights_bytes + params_trainable * weight_bytes) / "
                                    "zero3_shards / bytes_per_gb",
                             {{"base_weights_bytes", full ? 0.0 : weights_bytes(m, base), "bytes"},
                              {"params_trainable", r.trainable_params, "params"},
                              {"zero3_shards", o.zero_stage >= 3 ? n : 1.0, "GPUs"},
                              {"weight_bytes", kWeightBytes, "bytes"},
                              unit_input(UnitInput::kGbBytes)},
                             full ? "bf16 weights" : "base at " + base.id + ": " + base.note));
  f.push_back(physics_figure("gradients_gb", "Gradients", r.gradients_bytes / kBytesPerGb, "GB",
                             "params_trainable * gradient_bytes / zero2_shards / bytes_per_gb",
                             {{"params_trainable", r.trainable_params, "params"},
                              {"zero2_shards", o.zero_stage >= 2 ? n : 1.0, "GPUs"},
                              {"gradient_bytes", kGradientBytes, "bytes"},
                              unit_input(UnitInput::kGbBytes)},
                             "16-bit gradients of the trainable weights; " + zero));
  f.push_back(physics_figure("master_weights_gb", "fp32 master weights",
                             r.master_bytes / kBytesPerGb, "GB",
                             "params_trainable * master_bytes / zero1_shards / bytes_per_gb",
                             {{"params_trainable", r.trainable_params, "params"},
                              {"zero1_shards", o.zero_stage >= 1 ? n : 1.0, "GPUs"},
                              {"master_bytes", kMasterBytes, "bytes"},
                              unit_input(UnitInput::kGbBytes)},
                             "mixed precision (Micikevicius et al. 2018; ZeRO sec. 3.1)"));
  f.push_back(physics_figure(
      "optimizer_states_gb", o.adam_8bit ? "Adam moments (8-bit)" : "Adam moments (fp32)",
      r.optimizer_bytes / kBytesPerGb, "GB",
      "params_trainable * bytes_per_param / zero1_shards / bytes_per_gb",
      {{"params_trainable", r.trainable_params, "params"},
       {"bytes_per_param", o.adam_8bit ? kAdam8bitBytes : kAdamBytes, "bytes"},
       {"zero1_shards", o.zero_stage >= 1 ? n : 1.0, "GPUs"},
       unit_input(UnitInput::kGbBytes)},
      o.adam_8bit ? "8-bit Adam (Dettmers et al. 2022)" : "AdamW, two fp32 moments"));
  f.push_back(physics_figure(
      "activations_gb", "Activations", r.activation_bytes / kBytesPerGb, "GB",
      o.gradient_checkpointing
          ? "tokens * (num_layers * activation_bytes * hidden_size + layer_bytes_per_token) / "
            "bytes_per_gb"
          : "tokens * num_layers * layer_bytes_per_token / bytes_per_gb",
      {{"tokens", tokens, "tokens"},
       {"num_layers", as_double(m.num_layers), "layers"},
       {"hidden_size", as_double(m.hidden_size), "values"},
       {"layer_bytes_per_token", layer, "bytes"},
       {"activation_bytes", kActivationBytes, "bytes"},
       unit_input(UnitInput::kGbBytes)},
      std::string("Korthikanti et al. 2022, per-layer activations, 16-bit; ") +
          (o.gradient_checkpointing ? "gradient checkpointing" : "no checkpointing") +
          (o.flash_attention ? ", flash attention" : ", no flash attention")));
  f.push_back(physics_figure("logits_gb", "Logits for the loss", r.logits_bytes / kBytesPerGb, "GB",
                             "tokens * vocab_size * logit_loss_bytes / bytes_per_gb",
                             {{"tokens", tokens, "tokens"},
                              {"vocab_size", as_double(m.vocab_size), "tokens"},
                              {"logit_loss_bytes", kLogitLossBytes, "bytes"},
                              unit_input(UnitInput::kGbBytes)},
                             "16-bit logits and the fp32 copy cross-entropy takes"));
  f.push_back(physics_figure("runtime_overhead_gb", "Runtime overhead",
                             r.overhead_bytes / kBytesPerGb, "GB",
                             "runtime_overhead_gib * bytes_per_gib / bytes_per_gb",
                             {{"runtime_overhead_gib", o.runtime_overhead_gib, "GiB"},
                              unit_input(UnitInput::kGibBytes),
                              unit_input(UnitInput::kGbBytes)},
                             "CUDA context and allocator slack: an estimate"));
  f.push_back(physics_figure(
      "finetune_memory_per_gpu_gb", "Fine-tuning memory per GPU", r.total_bytes / kBytesPerGb, "GB",
      "weights_gb + gradients_gb + master_weights_gb + optimizer_states_gb + "
      "activations_gb + logits_gb + runtime_overhead_gb",
      {{"weights_gb", r.weights_bytes / kBytesPerGb, "GB"},
       {"gradients_gb", r.gradients_bytes / kBytesPerGb, "GB"},
       {"master_weights_gb", r.master_bytes / kBytesPerGb, "GB"},
       {"optimizer_states_gb", r.optimizer_bytes / kBytesPerGb, "GB"},
       {"activations_gb", r.activation_bytes / kBytesPerGb, "GB"},
       {"logits_gb", r.logits_bytes / kBytesPerGb, "GB"},
       {"runtime_overhead_gb", r.overhead_bytes / kBytesPerGb, "GB"}},
      zero));
  return f;
}

}  // namespace llmtco
