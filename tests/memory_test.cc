// Serving memory, worked by hand from the configs and datasheets.
#include "llmtco/memory.h"

#include <gtest/gtest.h>

#include "llmtco/catalogs.h"
#include "llmtco/model_catalog.h"
#include "shipped.h"

namespace llmtco {
namespace {

const Precision& bf16() {
  return find_precision(shipped(), "bf16");
}

// 2 x layers x kv_heads x head_dim x bytes.
TEST(KvCache, BytesPerTokenByHand) {
  // GQA, Llama-2-70B: 2 x 80 x 8 x 128 x 2 = 327,680.
  EXPECT_EQ(kv_cache_bytes_per_token(find_model(shipped(), "llama-2-70b"), bf16()), 327680.0);
  // MHA, Llama-2-7B: 2 x 32 x 32 x 128 x 2 = 524,288.
  EXPECT_EQ(kv_cache_bytes_per_token(find_model(shipped(), "llama-2-7b"), bf16()), 524288.0);
  // MoE, Mixtral-8x7B: experts do not touch attention: 2 x 32 x 8 x 128 x 2 = 131,072.
  EXPECT_EQ(kv_cache_bytes_per_token(find_model(shipped(), "mixtral-8x7b"), bf16()), 131072.0);
  // FP8 KV cache halves it: 163,840.
  EXPECT_EQ(kv_cache_bytes_per_token(find_model(shipped(), "llama-2-70b"),
                                     find_precision(shipped(), "fp8")),
            163840.0);
}

TEST(KvCache, SlidingWindowCapsASequence) {
  // Mistral-7B: every layer keeps the last 4,096 tokens; 131,072 bytes a token.
  const ModelArch mistral = find_model(shipped(), "mistral-7b");
  EXPECT_EQ(kv_cache_bytes_per_sequence(mistral, bf16(), 2000), 131072.0 * 2000);
  EXPECT_EQ(kv_cache_bytes_per_sequence(mistral, bf16(), 32000), 131072.0 * 4096);
  // Gemma-2-9B: 42 layers, 8 KV heads of 256: 8,192 bytes per layer-token; 21 layers
  // windowed at 4,096. At 8,192 tokens: 8192 x (21 x 8192 + 21 x 4096).
  EXPECT_EQ(kv_cache_bytes_per_sequence(find_model(shipped(), "gemma-2-9b"), bf16(), 8192),
            8192.0 * (21 * 8192 + 21 * 4096));
}

TEST(Weights, PrecisionsCountTheirScales) {
  EXPECT_DOUBLE_EQ(find_precision(shipped(), "int4").bits_per_weight(),
                   4.15625);  // 4 + (16 + 4) / 128
  EXPECT_DOUBLE_EQ(find_precision(shipped(), "nf4").bits_per_weight(),
                   4.0 + 8.0 / 64 + 32.0 / 16384);
  EXPECT_DOUBLE_EQ(find_precision(shipped(), "nvfp4").bits_per_weight(), 4.5);
  EXPECT_DOUBLE_EQ(find_precision(shipped(), "q8_0").bits_per_weight(), 8.5);
  EXPECT_DOUBLE_EQ(find_precision(shipped(), "q4_k_m").bits_per_weight(), 4.5);
  EXPECT_EQ(&find_precision(shipped(), "int4-weight-only"), &find_precision(shipped(), "int4"));
  // Llama-2-70B in bf16: 68,976,648,192 x 2 bytes.
  const ModelArch m = find_model(shipped(), "llama-2-70b");
  EXPECT_DOUBLE_EQ(weights_bytes(m, bf16()), 68976648192.0 * 2);
  // int4: block matrices at 4.15625 bits, the other 525,606,912 params
  // (embeddings, lm_head, norms) at 16 bits.
  const ParamCounts c = count_params(m);
  EXPECT_EQ(c.total() - c.block_matrices, 524'288'000 + 1'318'912);
  EXPECT_DOUBLE_EQ(weights_bytes(m, find_precision(shipped(), "int4")),
                   static_cast<double>(c.block_matrices) * 4.15625 / 8 + 525'606'912.0 * 2);
}

// Llama-2-70B, bf16, on H100 SXM (80 GiB) at TP 2 with vLLM's defaults:
// usable 0.9 x 80 x 2^30 = 77,309,411,328 bytes; weights 137,953,296,384 / 2 =
// 68,976,648,192; workspace 8192 x 2 x (2 x 8192 + 10240 / 2 + 57344 / 2) + 256 x
// 32000 x 4 = 8192 x 2 x 50176 + 32,768,000 = 854,851,584; overhead 1.5 GiB =
// 1,610,612,736; free 5,867,298,816; per GPU 163,840 bytes a token -> 35,811 tokens;
// a 4,096-token sequence is 671,088,640 bytes -> 8 sequences.
TEST(ServingMemory, Llama2_70bOnTwoH100sByHand) {
  const ModelArch m = find_model(shipped(), "llama-2-70b");
  const ServingMemory s =
      serving_memory(m, bf16(), bf16(), find_gpu(shipped(), "h100-sxm"), ServingOptions{.tp = 2});
  EXPECT_DOUBLE_EQ(s.usable_bytes, 77309411328.0);
  EXPECT_DOUBLE_EQ(s.weights_bytes, 68976648192.0);
  EXPECT_DOUBLE_EQ(s.activation_bytes, 854851584.0);
  EXPECT_DOUBLE_EQ(s.overhead_bytes, 1610612736.0);
  EXPECT_DOUBLE_EQ(s.kv_free_bytes, 5867298816.0);
  EXPECT_EQ(s.kv_tokens, 35811);
  EXPECT_EQ(s.max_sequences, 8);
  EXPECT_TRUE(s.fits);
  const ServingMemory one =
      serving_memory(m, bf16(), bf16(), find_gpu(shipped(), "h100-sxm"), ServingOptions{.tp = 1});
  EXPECT_FALSE(one.fits);
  EXPECT_EQ(one.kv_tokens, 0);
}

TEST(ServingMemory, TensorParallelismMustShardTheHeads) {
  const ModelArch m = find_model(shipped(), "llama-2-70b");
  EXPECT_EQ(tp_problem(m, 8), "");
  EXPECT_EQ(tp_problem(m, 3), "tensor parallelism 3 does not divide the 64 attention heads");
  EXPECT_EQ(kv_heads_per_gpu(m, 8), 1);
  EXPECT_EQ(kv_heads_per_gpu(find_model(shipped(), "llama-3.1-405b"), 16), 1);  // replicated
}

// Laws: more context never fits more sequences; a bigger GPU never fits fewer.
TEST(ServingMemory, Laws) {
  for (const char* name : {"llama-2-7b", "mistral-7b", "mixtral-8x7b", "gemma-2-27b"}) {
    const ModelArch m = find_model(shipped(), name);
    const Gpu& gpu = find_gpu(shipped(), "h100-sxm");
    std::int64_t last = INT64_MAX;
    for (std::int64_t context : {512, 2048, 4096, 8192, 32768}) {
      ServingOptions o{.context_tokens = context, .tp = 2};
      const std::int64_t n = serving_memory(m, bf16(), bf16(), gpu, o).max_sequences;
      EXPECT_LE(n, last) << name << " at " << context;
      last = n;
    }
    std::int64_t smaller = -1;
    for (const char* id : {"l4", "a100-40gb-sxm", "a100-80gb-sxm", "h200-sxm", "b200"}) {
      const std::int64_t n =
          serving_memory(m, bf16(), bf16(), find_gpu(shipped(), id), ServingOptions{.tp = 2})
              .kv_tokens;
      EXPECT_GE(n, smaller) << name << " on " << id;
      smaller = n;
    }
  }
}

}  // namespace
}  // namespace llmtco
