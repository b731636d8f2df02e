// memory_report: the CLI's figures from a MemoryRequest, and a FieldError naming
// the member for each kind of bad input.
#include "llmtco/memory_report.h"

#include <gtest/gtest.h>

#include <cmath>

#include "field_error.h"
#include "hand_archs.h"
#include "shipped.h"

namespace llmtco {
namespace {

TEST(MemoryReport, ServingFiguresAreTheCli) {
  const Report r = memory_report(shipped(), {.model = "meta-llama/Llama-2-70b-hf"});
  EXPECT_EQ(r.title, "meta-llama/Llama-2-70b-hf (LlamaForCausalLM), bf16 weights, bf16 KV cache");
  // 68,976,648,192 params x 2 bytes = 137.953296384 GB (`llmtco memory` prints the same).
  EXPECT_DOUBLE_EQ(find_figure(r.figures, "weights_gb")->value, 137.953296384);
  // K and V: 2 x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680 bytes a token.
  EXPECT_EQ(find_figure(r.figures, "kv_cache_bytes_per_token")->value, 327680);
  ASSERT_EQ(r.tables.size(), 1u);
  EXPECT_EQ(r.tables[0].id, "fits");
}

// With no --precision the weights take the checkpoint's format: DeepSeek-V3's
// fp8-block (hand-built, tests/hand_archs.h); a catalog model's unquantized
// checkpoint stays bf16 (above). `memory deepseek-ai/DeepSeek-V3 --precision fp8
// --gpu h200-sxm --tp 8`: 669,065,609,216 matrices x 1 byte + 1,960,809,984 x 2 =
// 672.987229184 GB, and the latent 61 x 576 x 2 = 70,272 bytes a token at bf16 KV.
TEST(MemoryReport, DefaultPrecisionIsTheCheckpoints) {
  Catalogs catalogs = shipped();
  catalogs.models.insert(catalogs.models.begin(),
                         CatalogModel{.id = "deepseek-ai/DeepSeek-V3", .arch = deepseek_v3()});
  const Report checkpoint =
      memory_report(catalogs, {.model = "deepseek-ai/DeepSeek-V3", .gpu = "h200-sxm", .tp = 8});
  EXPECT_EQ(checkpoint.title,
            "deepseek-ai/DeepSeek-V3 (DeepseekV3ForCausalLM), fp8-block weights, bf16 KV cache");
  const Report fp8 = memory_report(
      catalogs,
      {.model = "deepseek-ai/DeepSeek-V3", .precision = "fp8", .gpu = "h200-sxm", .tp = 8});
  EXPECT_DOUBLE_EQ(find_figure(fp8.figures, "weights_gb")->value, 672.987229184);
  EXPECT_EQ(find_figure(fp8.figures, "kv_cache_bytes_per_token")->value, 70272);
  EXPECT_DOUBLE_EQ(find_figure(fp8.figures, "weights_per_gpu_gb")->value, 672.987229184 / 8);
}

TEST(MemoryReport, LoraOnTwoModules) {
  const Report r = memory_report(
      shipped(),
      {.model = "llama-2-7b", .mode = "lora", .lora_rank = 8, .lora_targets = "q_proj,v_proj"});
  // 32 layers x 2 modules x rank 8 x (4096 + 4096) = 4,194,304.
  EXPECT_EQ(find_figure(r.figures, "params_trainable")->value, 4194304);
}

TEST(MemoryReport, BadInputsNameTheMember) {
  auto with = [](MemoryRequest r) { return field_error([&] { memory_report(shipped(), r); }); };
  EXPECT_EQ(with({.model = "llama-2-70b", .tp = 0}), (Caught{"tp", "must be 1 to 64 (got 0)"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .tp = 3}),
            (Caught{"tp", "tensor parallelism 3 does not divide the 64 attention heads"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .context_tokens = 0}),
            (Caught{"context_tokens", "must be 1 to 10,000,000 (got 0)"}));
  EXPECT_EQ(
      with({.model = "llama-2-70b", .gpu_memory_utilization = std::nan("")}),
      (Caught{"gpu_memory_utilization", "must be a finite number between 0.01 and 1 (got nan)"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .mode = "dpo"}),
            (Caught{"mode", "unknown mode 'dpo' (valid: serve, full, lora, qlora)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .mode = "lora", .lora_targets = "q,foo"}),
            (Caught{"lora_targets", "unknown module 'foo' (valid: q, k, v, o, gate, up, down)"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .zero_stage = 4}),
            (Caught{"zero_stage", "must be 0 to 3 (got 4)"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .precision = "mxfp4"}),
            (Caught{"precision",
                    "mxfp4 stores only the routed experts of a mixture of experts, and "
                    "meta-llama/Llama-2-70b-hf has none (valid: a format of the whole model, "
                    "e.g. nvfp4, fp8, int4)"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .gpu = "h10"}).field, "gpu");
  EXPECT_EQ(with({.model = "llama-2-70b", .kv_precision = "bf17"}).field, "kv_precision");
  EXPECT_EQ(with({.model = "llama-2-70"}),
            (Caught{"model",
                    "unknown model 'llama-2-70' (nearest known model: 'llama-2-70b'; see "
                    "llmtco catalog models)"}));
}

}  // namespace
}  // namespace llmtco
