// Fine-tuning memory per GPU: full fine-tuning with mixed-precision AdamW, LoRA
// and QLoRA; activations per token per layer with and without gradient
// checkpointing and flash attention; ZeRO sharding across data-parallel GPUs.
// References in docs/methodology.md ("Fine-tuning memory").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/model.h"
#include "llmtco/precision.h"

namespace llmtco {

enum class FinetuneMethod { kFull, kLora, kQlora };

// The linear layers LoRA can adapt, by their short names.
enum class LoraTarget { kQ, kK, kV, kO, kGate, kUp, kDown };

struct FinetuneOptions {
  FinetuneMethod method = FinetuneMethod::kLora;
  int lora_rank = 16;  // >= 1
  // Default: every linear layer, as the QLoRA paper (sec. 4) finds necessary to
  // match full fine-tuning.
  std::vector<LoraTarget> lora_targets = {LoraTarget::kQ,   LoraTarget::kK,    LoraTarget::kV,
                                          LoraTarget::kO,   LoraTarget::kGate, LoraTarget::kUp,
                                          LoraTarget::kDown};
  std::int64_t micro_batch = 1;         // sequences per GPU per step; >= 1
  std::int64_t sequence_tokens = 2048;  // tokens per sequence; >= 1
  bool gradient_checkpointing = true;   // keep only each layer's input; recompute the rest
  bool flash_attention = true;          // no s x s attention matrices kept
  bool adam_8bit = false;               // 8-bit optimizer states (bitsandbytes)
  int zero_stage = 0;                   // 0-3 (DeepSpeed ZeRO)
  int gpus = 1;                         // data-parallel GPUs the ZeRO stage shards over
  double runtime_overhead_gib = 1.5;    // CUDA context and allocator slack, per GPU
};

// "q", "k", "v", "o", "gate", "up", "down" (a "_proj" suffix is accepted); false
// for anything else.
bool parse_lora_target(const std::string& name, LoraTarget& target);

// r x (in + out) for each targeted linear layer of every layer (every expert in
// MoE layers): exact. Rank 8 on q and v of Llama-2-7B: 4,194,304.
std::int64_t lora_adapter_params(const ModelArch& model, int rank,
                                 const std::vector<LoraTarget>& targets);

struct FinetuneMemory {
  double trainable_params = 0;
  double weights_bytes = 0;     // per GPU: frozen or trained weights
  double gradients_bytes = 0;   // per GPU
  double optimizer_bytes = 0;   // per GPU: Adam moments
  double master_bytes = 0;      // per GPU: fp32 master copy of trainable weights
  double activation_bytes = 0;  // per GPU, micro_batch x sequence_tokens
  double logits_bytes = 0;      // per GPU: 16-bit logits and their fp32 copy for the loss
  double overhead_bytes = 0;
  double total_bytes = 0;
};

// `base` is the precision of the frozen base weights for LoRA and QLoRA (bf16,
// nf4) and of the trained weights for full fine-tuning (bf16).
FinetuneMemory finetune_memory(const ModelArch& model, const Precision& base,
                               const FinetuneOptions& options);

// Activation bytes one layer keeps per token for the backward pass, all of it
// (without checkpointing) at sequence length `sequence_tokens`.
double activation_bytes_per_token_per_layer(const ModelArch& model, std::int64_t sequence_tokens,
                                            bool flash_attention);

std::vector<Figure> finetune_memory_figures(const ModelArch& model, const Precision& base,
                                            const FinetuneOptions& options);

}  // namespace llmtco
