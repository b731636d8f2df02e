// Serving memory, worked by hand from the configs and datasheets.
#include "llmtco/memory.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "hand_archs.h"
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

namespace llmtco {
namespace {

// gpt-oss-120b's checkpoint: the README's index total_size 65,248,815,744 bytes.
// Experts: 36 x 128 x 3 x 2880^2 = 114,661,785,600 values stored as *_blocks (16
// bytes per 32) and *_scales (1 byte per 32): 17 / 32 bytes, 4.25 bits a value; the
// other 116,829,156,672 - 114,661,785,600 = 2,167,371,072 params in BF16. The
// checkpoint has no MTP module, so served = total and the index is exact.
TEST(Weights, GptOssMxfp4MatchesTheCheckpointIndex) {
  const ModelArch m = gpt_oss_120b();
  const ParamCounts c = count_params(m);
  ASSERT_EQ(c.total(), 116'829'156'672);
  EXPECT_EQ(c.expert_matrices, 114'661'785'600);
  const Precision& mxfp4 = find_precision(shipped(), "mxfp4");
  EXPECT_DOUBLE_EQ(mxfp4.bits_per_weight(), 4.25);
  EXPECT_DOUBLE_EQ(weights_bytes(m, mxfp4), 114'661'785'600.0 * 17 / 32 + 2'167'371'072.0 * 2);
  EXPECT_DOUBLE_EQ(weights_bytes(m, mxfp4), 65'248'815'744.0);
}

// DeepSeek-V3 (README: Hub safetensors metadata F8_E4M3 680,571,043,840). The FP8
// matrices are the main model's block matrices and the MTP layer's attention
// (187,105,280) and 257 experts (257 x 3 x 7168 x 2048 = 11,318,329,344); its
// eh_proj, like embeddings, norms and routers, is BF16. Serving loads the main
// model only: 669,065,609,216 FP8 values at 8 + 32/16384 bits and the other
// 671,026,419,200 - 669,065,609,216 = 1,960,809,984 params at 2 bytes.
TEST(Weights, DeepSeekV3BlockFp8ServesTheMainModel) {
  const ModelArch m = deepseek_v3();
  const ParamCounts c = count_params(m);
  ASSERT_EQ(c.served(), 671'026'419'200);
  EXPECT_EQ(c.block_matrices + 187'105'280 + 11'318'329'344, 680'571'043'840);
  const Precision& fp8_block = find_precision(shipped(), "fp8-block");
  EXPECT_DOUBLE_EQ(fp8_block.bits_per_weight(), 8.0 + 32.0 / 16384);
  EXPECT_DOUBLE_EQ(weights_bytes(m, fp8_block),
                   669'065'609'216.0 * (8.0 + 32.0 / 16384) / 8 + 1'960'809'984.0 * 2);
  // bf16: the served params only, not the 13,463,426,304 of the MTP module.
  EXPECT_DOUBLE_EQ(weights_bytes(m, bf16()), 671'026'419'200.0 * 2);
}

// MLA caches (kv_lora_rank + qk_rope_head_dim) values a layer: 61 x 576 x 2 =
// 70,272 bytes a token at bf16 (the README's derived figure), 35,136 at fp8; every
// tensor-parallel GPU keeps the whole latent.
TEST(KvCache, LatentAttentionCachesTheLatent) {
  const ModelArch m = deepseek_v3();
  EXPECT_EQ(kv_cache_bytes_per_token(m, bf16()), 70272.0);
  EXPECT_EQ(kv_cache_bytes_per_token(m, find_precision(shipped(), "fp8")), 35136.0);
  EXPECT_EQ(kv_cache_bytes_per_sequence(m, bf16(), 1000), 70272.0 * 1000);
  EXPECT_EQ(kv_share_per_gpu(m, 8), 1.0);
  EXPECT_EQ(tp_problem(m, 8), "");
  EXPECT_EQ(tp_problem(m, 16), "");  // 128 heads; the latent is not split
  EXPECT_NE(tp_problem(m, 3), "");
}

// gpt-oss: 2 x 8 x 64 x 2 = 2,048 bytes per layer-token; 18 full layers hold the
// context, 18 sliding ones at most 128 tokens. Llama 4 Scout's chunked layers: 4,096
// bytes per layer-token (8 KV heads of 128), 12 global layers and 36 of at most
// 8,192 tokens. Gemma 3 27B: 8,192 bytes (16 KV heads of 128), 10 global, 52 local
// of 1,024.
TEST(KvCache, PerLayerWindowsAndChunks) {
  EXPECT_EQ(kv_cache_bytes_per_sequence(gpt_oss_120b(), bf16(), 4096),
            2048.0 * (18 * 4096 + 18 * 128));
  EXPECT_EQ(kv_cache_bytes_per_sequence(gpt_oss_120b(), bf16(), 100), 2048.0 * 36 * 100);
  ModelArch scout;
  scout.num_layers = 48;
  scout.num_kv_heads = 8;
  scout.head_dim = 128;
  scout.sliding_window = 8192;
  scout.sliding_window_layers = 36;
  scout.local_attention = LocalAttention::kChunked;
  EXPECT_EQ(kv_cache_bytes_per_sequence(scout, bf16(), 100'000),
            4096.0 * (12 * 100'000 + 36 * 8192));
  ModelArch gemma;
  gemma.num_layers = 62;
  gemma.num_kv_heads = 16;
  gemma.head_dim = 128;
  gemma.sliding_window = 1024;
  gemma.sliding_window_layers = 52;
  EXPECT_EQ(kv_cache_bytes_per_sequence(gemma, bf16(), 32768), 8192.0 * (10 * 32768 + 52 * 1024));
}

const Figure& figure(const std::vector<Figure>& figures, const std::string& id) {
  for (const Figure& f : figures) {
    if (f.id == id) return f;
  }
  throw std::runtime_error("no figure " + id);
}

// DeepSeek-V3 (README): main 671,026,419,200 + MTP 13,463,426,304 = 684,489,845,504;
// active without the input embedding 36,625,618,432, with it 37,552,297,472 (the
// embedding is 129,280 x 7,168 = 926,679,040).
TEST(ParameterFigures, MtpSharedExpertsAndActiveWithoutEmbedding) {
  const std::vector<Figure> f = parameter_figures(deepseek_v3());
  EXPECT_EQ(figure(f, "params_total").value, 684'489'845'504.0);
  EXPECT_NE(figure(f, "params_total").formula.find("params_mtp"), std::string::npos);
  EXPECT_NE(figure(f, "params_total").formula.find("params_shared_experts"), std::string::npos);
  EXPECT_EQ(figure(f, "params_total").formula.find("params_vision"), std::string::npos);
  EXPECT_EQ(figure(f, "params_active").value, 37'552'297'472.0);
  EXPECT_EQ(figure(f, "params_active").formula,
            "params_total - params_mtp - params_experts + params_experts_active");
  EXPECT_EQ(figure(f, "params_active_without_embedding").value, 36'625'618'432.0);
}

// `memory deepseek-ai/DeepSeek-V3 --precision fp8 --gpu h200-sxm --tp 8`, by hand:
// weights 671,026,419,200 served params: 669,065,609,216 matrices at 1 byte and
// 1,960,809,984 at 2 = 672,987,229,184 bytes, 84,123,403,648 a GPU; the latent
// 70,272 bytes a token at bf16 KV, whole on every GPU.
TEST(ServingMemory, DeepSeekV3Fp8OnEightH200s) {
  const ModelArch m = deepseek_v3();
  const ServingMemory s = serving_memory(m, find_precision(shipped(), "fp8"), bf16(),
                                         find_gpu(shipped(), "h200-sxm"), ServingOptions{.tp = 8});
  EXPECT_DOUBLE_EQ(s.weights_bytes, 672'987'229'184.0 / 8);
  EXPECT_DOUBLE_EQ(s.kv_bytes_per_token, 70272.0);
  EXPECT_EQ(s.kv_tokens, static_cast<std::int64_t>(std::floor(s.kv_free_bytes / 70272.0)));
  EXPECT_TRUE(s.fits);
  const std::vector<Figure> f =
      serving_memory_figures(m, find_precision(shipped(), "fp8"), bf16(),
                             find_gpu(shipped(), "h200-sxm"), ServingOptions{.tp = 8});
  EXPECT_EQ(figure(f, "kv_cache_bytes_per_token").formula,
            "num_layers * (kv_lora_rank + qk_rope_head_dim) * kv_bytes");
  EXPECT_NE(figure(f, "kv_cache_bytes_per_token").label.find("latent"), std::string::npos);
}

}  // namespace
}  // namespace llmtco
