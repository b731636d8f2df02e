// Fine-tuning memory, worked by hand from the configs and the cited papers.
#include "llmtco/finetune_memory.h"

#include <gtest/gtest.h>

#include "llmtco/catalogs.h"
#include "llmtco/model_catalog.h"
#include "shipped.h"

namespace llmtco {
namespace {

// LoRA adapters: r x (in + out) per targeted layer.
TEST(LoraAdapters, CountsByHand) {
  const ModelArch llama7 = find_model(shipped(), "llama-2-7b");
  // Rank 8 on q and v of Llama-2-7B: 32 layers x 2 x 8 x (4096 + 4096) = 4,194,304
  // (the count PEFT prints for this setting).
  EXPECT_EQ(lora_adapter_params(llama7, 8, {LoraTarget::kQ, LoraTarget::kV}), 4'194'304);
  // Grouped-query: Llama-2-70B v is 8192 -> 1024: 80 x 16 x (8192 + 1024) = 11,796,480.
  EXPECT_EQ(lora_adapter_params(find_model(shipped(), "llama-2-70b"), 16, {LoraTarget::kV}),
            11'796'480);
  // MLP targets: down of Llama-2-7B is 11008 -> 4096: 32 x 4 x (11008 + 4096) = 1,933,312.
  EXPECT_EQ(lora_adapter_params(llama7, 4, {LoraTarget::kDown}), 1'933'312);
  // MoE: every expert's up projection, Mixtral: 32 layers x 8 experts x 8 x (4096 + 14336).
  EXPECT_EQ(lora_adapter_params(find_model(shipped(), "mixtral-8x7b"), 8, {LoraTarget::kUp}),
            32LL * 8 * 8 * (4096 + 14336));
}

TEST(LoraAdapters, TargetNames) {
  LoraTarget t;
  EXPECT_TRUE(parse_lora_target("q_proj", t));
  EXPECT_EQ(t, LoraTarget::kQ);
  EXPECT_TRUE(parse_lora_target("down", t));
  EXPECT_EQ(t, LoraTarget::kDown);
  EXPECT_FALSE(parse_lora_target("x", t));
}

// Full fine-tuning with mixed-precision AdamW: 2 + 2 + 4 + 8 = 16 bytes a parameter
// (ZeRO paper, sec. 3.1). Llama-2-7B: 6,738,415,616 x 16 = 107.8 GB before activations.
TEST(FinetuneMemory, FullIsSixteenBytesAParameter) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const FinetuneMemory r =
      finetune_memory(m, find_precision(shipped(), "bf16"), {.method = FinetuneMethod::kFull});
  const double params = 6'738'415'616.0;
  EXPECT_DOUBLE_EQ(r.weights_bytes, params * 2);
  EXPECT_DOUBLE_EQ(r.gradients_bytes, params * 2);
  EXPECT_DOUBLE_EQ(r.master_bytes, params * 4);
  EXPECT_DOUBLE_EQ(r.optimizer_bytes, params * 8);
  // 8-bit Adam: moments 2 bytes.
  const FinetuneMemory r8 = finetune_memory(m, find_precision(shipped(), "bf16"),
                                            {.method = FinetuneMethod::kFull, .adam_8bit = true});
  EXPECT_DOUBLE_EQ(r8.optimizer_bytes, params * 2);
}

// ZeRO over 8 GPUs: stage 1 shards optimizer states and master weights, stage 2
// also gradients, stage 3 also weights.
TEST(FinetuneMemory, ZeroStagesShard) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const double params = 6'738'415'616.0;
  auto at = [&](int stage) {
    return finetune_memory(m, find_precision(shipped(), "bf16"),
                           {.method = FinetuneMethod::kFull, .zero_stage = stage, .gpus = 8});
  };
  EXPECT_DOUBLE_EQ(at(1).optimizer_bytes, params * 8 / 8);
  EXPECT_DOUBLE_EQ(at(1).gradients_bytes, params * 2);
  EXPECT_DOUBLE_EQ(at(2).gradients_bytes, params * 2 / 8);
  EXPECT_DOUBLE_EQ(at(2).weights_bytes, params * 2);
  EXPECT_DOUBLE_EQ(at(3).weights_bytes, params * 2 / 8);
  EXPECT_LT(at(3).total_bytes, at(2).total_bytes);
  EXPECT_LT(at(2).total_bytes, at(1).total_bytes);
}

// Per layer per token, Llama-2-7B (h = q = kv = 4096, 32 heads, I = 11008, 2 norms),
// with flash attention: attention 2 x (h + q + 2 kv + q = 5 x 4096) + 4 x 32 = 41,088;
// MLP 2 x (4096 + 4 x 11008) = 96,256; norms 2 x 2 x 4096 = 16,384; total 153,728
// bytes. Without flash attention at 2,048 tokens the 128 bytes of softmax statistics
// give way to 5 x 32 x 2048 = 327,680 bytes of scores.
TEST(FinetuneMemory, ActivationsPerLayerByHand) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  EXPECT_DOUBLE_EQ(activation_bytes_per_token_per_layer(m, 2048, true), 153728.0);
  EXPECT_DOUBLE_EQ(activation_bytes_per_token_per_layer(m, 2048, false),
                   153728.0 - 128 + 5.0 * 32 * 2048);
}

// Checkpointing keeps one layer input per layer and recomputes one layer:
// 2048 tokens x (32 x 8192 + 153,728) = 851,705,856 bytes, against 2048 x 32 x
// 153,728 = 10,074,718,208 without.
TEST(FinetuneMemory, CheckpointingKeepsLayerInputsOnly) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const FinetuneMemory with = finetune_memory(m, find_precision(shipped(), "bf16"), {});
  EXPECT_DOUBLE_EQ(with.activation_bytes, 851705856.0);
  const FinetuneMemory without =
      finetune_memory(m, find_precision(shipped(), "bf16"), {.gradient_checkpointing = false});
  EXPECT_DOUBLE_EQ(without.activation_bytes, 10074718208.0);
  // Logits: 2048 x 32,000 x 6 bytes.
  EXPECT_DOUBLE_EQ(with.logits_bytes, 2048.0 * 32000 * 6);
}

// QLoRA keeps the base in NF4, so Llama-2-70B fits one 80 GB GPU where LoRA on a
// bf16 base (138 GB of weights) cannot; the article's "5x trainable" rule (0.7 GB)
// misses the activations, which outweigh the adapters' own memory.
TEST(FinetuneMemory, QloraAgainstLora) {
  const ModelArch m = find_model(shipped(), "llama-2-70b");
  const FinetuneMemory qlora =
      finetune_memory(m, find_precision(shipped(), "nf4"), {.method = FinetuneMethod::kQlora});
  const FinetuneMemory lora =
      finetune_memory(m, find_precision(shipped(), "bf16"), {.method = FinetuneMethod::kLora});
  EXPECT_LT(qlora.total_bytes, find_gpu(shipped(), "h100-sxm").memory_bytes());
  EXPECT_GT(lora.total_bytes, find_gpu(shipped(), "h100-sxm").memory_bytes());
  EXPECT_GT(qlora.activation_bytes, qlora.gradients_bytes + qlora.optimizer_bytes);
}

// Laws: a longer sequence or a larger micro-batch never needs less memory.
TEST(FinetuneMemory, MoreTokensNeverNeedLess) {
  const ModelArch m = find_model(shipped(), "mistral-7b");
  double last = 0;
  for (std::int64_t tokens : {256, 1024, 4096, 16384}) {
    const double total =
        finetune_memory(m, find_precision(shipped(), "bf16"), {.sequence_tokens = tokens})
            .total_bytes;
    EXPECT_GT(total, last);
    last = total;
  }
}

}  // namespace
}  // namespace llmtco
