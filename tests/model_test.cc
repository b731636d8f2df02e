// Parameter counts: by hand for small shapes, and for every catalog model
// against its published total.
#include "llmtco/model.h"

#include <gtest/gtest.h>

#include "llmtco/hf_config.h"
#include "llmtco/model_catalog.h"
#include "shipped.h"

namespace llmtco {
namespace {

// A tiny Llama-shaped model whose count is easy to work by hand.
ModelArch tiny_llama() {
  ModelArch m;
  m.hidden_size = 8;
  m.num_layers = 2;
  m.num_heads = 4;
  m.num_kv_heads = 2;
  m.head_dim = 2;
  m.vocab_size = 10;
  m.intermediate_size = 16;
  return m;
}

TEST(CountParams, TinyLlamaByHand) {
  const ParamCounts c = count_params(tiny_llama());
  EXPECT_EQ(c.embedding, 80);  // 10 x 8
  EXPECT_EQ(c.lm_head, 80);    // untied
  // Per layer: q 8x8 + k 8x4 + v 8x4 + o 8x8 = 192; two layers.
  EXPECT_EQ(c.attention, 384);
  // Gated MLP: 3 x 8 x 16 = 384 per layer.
  EXPECT_EQ(c.mlp_dense, 768);
  // RMSNorm: (2 layers x 2 + final) x 8.
  EXPECT_EQ(c.norms, 40);
  EXPECT_EQ(c.total(), 80 + 80 + 384 + 768 + 40);
  EXPECT_EQ(c.active(), c.total());
  EXPECT_EQ(c.block_matrices, 384 + 768);
}

TEST(CountParams, BiasesTyingAndQkNorms) {
  ModelArch m = tiny_llama();
  m.qkv_bias = true;         // + 8 + 4 + 4 per layer
  m.qk_norm = true;          // + 2 x head_dim per layer
  m.tied_embeddings = true;  // no lm_head
  const ParamCounts c = count_params(m);
  EXPECT_EQ(c.attention, 2 * (192 + 16 + 4));
  EXPECT_EQ(c.lm_head, 0);
  EXPECT_EQ(c.block_matrices, 384 + 768);  // biases and norms are not matrices
}

TEST(CountParams, PlainMlpWithLayerNormAndBiases) {
  ModelArch m = tiny_llama();
  m.mlp = MlpKind::kPlain;
  m.mlp_bias = true;
  m.norm = NormKind::kLayer;
  m.norms_per_layer = 1;
  m.lm_head_bias = true;
  const ParamCounts c = count_params(m);
  // Per layer: up 8x16 + 16, down 16x8 + 8 = 280.
  EXPECT_EQ(c.mlp_dense, 560);
  // LayerNorm weight and bias: (2 layers x 1 + final) x 16.
  EXPECT_EQ(c.norms, 48);
  EXPECT_EQ(c.lm_head, 80 + 10);
}

TEST(CountParams, MixtureOfExpertsTotalAndActive) {
  ModelArch m = tiny_llama();
  m.num_experts = 4;
  m.experts_per_token = 2;
  m.moe_intermediate_size = 16;
  m.moe_layers = 2;
  const ParamCounts c = count_params(m);
  EXPECT_EQ(c.mlp_dense, 0);
  EXPECT_EQ(c.mlp_experts, 2 * 4 * 384);
  EXPECT_EQ(c.mlp_experts_active, 2 * 2 * 384);
  EXPECT_EQ(c.router, 2 * 8 * 4);
  EXPECT_EQ(c.total() - c.active(), 2 * 2 * 384);
}

// Llama-2-70B by hand (config: hidden 8192, 80 layers, 64 heads, 8 KV heads,
// intermediate 28672, vocab 32000): embeddings 2 x 32000 x 8192 = 524,288,000;
// attention 80 x (8192 x (8192 + 2 x 1024) + 8192 x 8192) = 12,079,595,520;
// MLP 80 x 3 x 8192 x 28672 = 56,371,445,760; norms (160 + 1) x 8192 = 1,318,912;
// total 68,976,648,192 (Meta, HF model page).
TEST(CountParams, Llama2_70bByHand) {
  const ParamCounts c = count_params(find_model(shipped(), "llama-2-70b"));
  EXPECT_EQ(c.embedding + c.lm_head, 524'288'000);
  EXPECT_EQ(c.attention, 12'079'595'520);
  EXPECT_EQ(c.mlp_dense, 56'371'445'760);
  EXPECT_EQ(c.norms, 1'318'912);
  EXPECT_EQ(c.total(), 68'976'648'192);
}

// The totals issue 3 names, from the models' HF pages.
TEST(CountParams, PublishedTotals) {
  const std::pair<const char*, std::int64_t> published[] = {
      {"meta-llama/Llama-2-7b-hf", 6'738'415'616},
      {"meta-llama/Llama-2-13b-hf", 13'015'864'320},
      {"meta-llama/Llama-2-70b-hf", 68'976'648'192},
      {"mistralai/Mistral-7B-v0.1", 7'241'732'096},
      {"mistralai/Mistral-7B-Instruct-v0.3", 7'248'023'552},
      {"mistralai/Mixtral-8x7B-v0.1", 46'702'792'704},
      {"meta-llama/Meta-Llama-3-8B", 8'030'261'248},
      {"meta-llama/Meta-Llama-3-70B", 70'553'706'496}};
  for (const auto& [id, total] : published) {
    EXPECT_EQ(count_params(find_model(shipped(), id)).total(), total) << id;
  }
}

// Mistral-7B v0.3 is v0.1 with a vocabulary of 32,768 instead of 32,000 and no
// sliding window: 768 more rows in the embedding and in the untied LM head,
// 2 x 768 x 4096 = 6,291,456 more parameters, 7,241,732,096 + 6,291,456 =
// 7,248,023,552 (the published total of mistralai/Mistral-7B-Instruct-v0.3).
TEST(CountParams, Mistral7bV03ByHand) {
  const ModelArch v1 = find_model(shipped(), "mistral-7b");
  const ModelArch v3 = find_model(shipped(), "mistralai/Mistral-7B-Instruct-v0.3");
  EXPECT_EQ(v3.vocab_size, 32'768);
  EXPECT_EQ(v3.sliding_window_layers, 0);
  EXPECT_EQ(count_params(v3).total() - count_params(v1).total(), 2 * 768 * 4096);
  EXPECT_EQ(count_params(v3).total(), 7'248'023'552);
}

// Every catalog model with a published total comes out exactly at it.
TEST(CountParams, EveryCatalogModelMatchesItsPublishedTotal) {
  int checked = 0;
  for (const CatalogModel& entry : model_catalog()) {
    const ModelArch m = find_model(shipped(), entry.id);
    EXPECT_GT(count_params(m).total(), 0) << entry.id;
    if (!entry.published_params_total) continue;
    EXPECT_EQ(count_params(m).total(), *entry.published_params_total)
        << entry.id << " (" << entry.params_source << ")";
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

// Mixtral-8x7B active per token: 2 of 8 experts. Experts: 32 layers x 8 x 3 x 4096
// x 14336 = 45,097,156,608; active 32 x 2 x ... = 11,274,289,152; so active =
// 46,702,792,704 - 45,097,156,608 + 11,274,289,152 = 12,879,925,248.
TEST(CountParams, MixtralActive) {
  EXPECT_EQ(count_params(find_model(shipped(), "mixtral-8x7b")).active(), 12'879'925'248);
}

// Qwen3-235B-A22B: "22B" active. Experts 94 x 128 x 3 x 4096 x 1536; active 8 of 128.
TEST(CountParams, Qwen3MoeActive) {
  const ParamCounts c = count_params(find_model(shipped(), "qwen3-235b-a22b"));
  EXPECT_EQ(c.mlp_experts, 94LL * 128 * 3 * 4096 * 1536);
  EXPECT_EQ(c.mlp_experts_active, 94LL * 8 * 3 * 4096 * 1536);
  EXPECT_NEAR(static_cast<double>(c.active()) / 1e9, 22.0, 0.5);
}

// Qwen3-30B-A3B, "3.3B activated" (model card): 48 MoE layers, 8 of 128 experts of
// 3 x 2048 x 768 = 4,718,592 a token. Skipped: 48 x 120 x 4,718,592 =
// 27,179,089,920; active = 30,532,122,624 - 27,179,089,920 = 3,353,032,704.
TEST(CountParams, Qwen3_30bA3bActive) {
  const ParamCounts c = count_params(find_model(shipped(), "qwen3-30b-a3b"));
  EXPECT_EQ(c.total(), 30'532'122'624);
  EXPECT_EQ(c.active(), 3'353'032'704);
}

// DeepSeek-V2-Lite by hand (config: hidden 2048, 27 layers, 16 heads, no q_lora,
// kv_lora 512, rope 64, nope 128, v 128, layer 0 dense 10944, then 64 routed + 2
// shared experts of 1408, 6 a token, vocab 102400, untied). Attention a layer:
// q 2048 x 16 x 192 = 6,291,456; kv_a 2048 x 576 = 1,179,648; kv_a norm 512;
// kv_b 512 x 16 x 256 = 2,097,152; o 2048 x 2048 = 4,194,304: 13,763,072, x 27 =
// 371,602,944. Dense MLP 3 x 2048 x 10944 = 67,239,936. A MoE layer: routed
// 64 x 8,650,752 = 553,648,128, shared 17,301,504, gate 131,072: x 26 =
// 14,848,098,304. Embeddings 2 x 209,715,200; norms 55 x 2048 = 112,640. Total
// 15,706,484,224. Skipped experts: 26 x 58 x 8,650,752 = 13,045,334,016, so active
// 2,661,150,208 and, without the input embedding, 2,451,435,008 (DeepSeek: "2.4B
// activated"). Runs once the DeepseekV2 reader is in.
TEST(CountParams, DeepSeekV2LiteByHand) {
  const ParamCounts c = count_params(find_model(shipped(), "deepseek-v2-lite"));
  EXPECT_EQ(c.attention, 371'602'944);
  EXPECT_EQ(c.mlp_dense, 67'239'936);
  EXPECT_EQ(c.total(), 15'706'484'224);
  EXPECT_EQ(c.active(), 2'661'150'208);
  EXPECT_EQ(c.active_without_embedding(), 2'451'435'008);
}

// gpt-oss-20b, "20.91B total, 3.61B active" (model card, Table 1): 24 layers of 32
// experts, 4 a token. An expert: gate_up 2880 x 5760 + 5760, down 2880 x 2880 +
// 2880 = 24,891,840. Skipped: 24 x 28 x 24,891,840 = 16,727,316,480; embedding
// 201,088 x 2880 = 579,133,440; active without it 20,914,757,184 - 579,133,440 -
// 16,727,316,480 = 3,608,307,264. Runs once the GptOss reader is in.
TEST(CountParams, GptOss20bActive) {
  const ParamCounts c = count_params(find_model(shipped(), "gpt-oss-20b"));
  EXPECT_EQ(c.total(), 20'914'757'184);
  EXPECT_EQ(c.active_without_embedding(), 3'608'307'264);
}

}  // namespace
}  // namespace llmtco
