// The DeepSeek-V2/V3, GLM-4.5 and gpt-oss readers (src/io/hf_config_moe.cc): the
// published configs counted to the parameter, worked by hand from each file, and
// hand-built configs for the rules and the errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../field_error.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/hf_config.h"
#include "llmtco/model.h"

namespace llmtco {
namespace {

constexpr const char* kDeepSeekV3 = "data/models/deepseek-ai/DeepSeek-V3/config.json";
constexpr const char* kGptOss = "data/models/openai/gpt-oss-120b/config.json";
constexpr const char* kGlm45 = "data/models/zai-org/GLM-4.5/config.json";

ModelArch shipped_config(const char* path) {
  return parse_hf_config(*embedded_file(path), path, path);
}

// The shipped config at `path` with `key` set to `value` (JSON), or removed when
// `value` is empty.
std::string config_with(const char* path, const std::string& key, const std::string& value) {
  nlohmann::json config = nlohmann::json::parse(*embedded_file(path));
  if (value.empty()) {
    config.erase(key);
  } else {
    config[key] = nlohmann::json::parse(value);
  }
  return config.dump();
}

std::string error_of(const std::string& json) {
  return input_error([&] { parse_hf_config(json, "config.json", "x"); });
}

// DeepSeek-V3 (config: hidden 7168, 61 layers, 128 heads, q_lora_rank 1536,
// kv_lora_rank 512, qk_rope 64, qk_nope 128, v 128, first_k_dense_replace 3,
// intermediate 18432, 256 routed experts of 2048, 8 per token, 1 shared,
// noaux_tc, vocab 129280, untied, 1 MTP module).
TEST(HfMoe, DeepSeekV3CountsAsItsCheckpoint) {
  const ModelArch m = shipped_config(kDeepSeekV3);
  EXPECT_EQ(m.attention, AttentionKind::kLatent);
  EXPECT_EQ(m.num_kv_heads, 128);
  EXPECT_EQ(m.head_dim, 192);   // 128 + 64
  EXPECT_EQ(m.moe_layers, 58);  // layers 3..60
  EXPECT_EQ(m.num_shared_experts, 1);
  EXPECT_EQ(m.shared_expert_intermediate_size, 2048);
  EXPECT_TRUE(m.expert_score_bias);
  EXPECT_EQ(m.mtp_layers, 1);
  const ParamCounts c = count_params(m);
  // Attention per layer: q_a 7168 x 1536 = 11,010,048; q_a_layernorm 1536; q_b
  // 1536 x 128 x 192 = 37,748,736; kv_a 7168 x 576 = 4,128,768; kv_a_layernorm 512;
  // kv_b 512 x 128 x 256 = 16,777,216; o 16384 x 7168 = 117,440,512: 187,107,328.
  EXPECT_EQ(c.attention, 61 * std::int64_t{187'107'328});  // 11,413,547,008
  // Dense MLP: 3 layers x 3 x 7168 x 18432 = 3 x 396,361,728.
  EXPECT_EQ(c.mlp_dense, 1'189'085'184);
  // An expert: 3 x 7168 x 2048 = 44,040,192; 58 layers x 256 of them.
  EXPECT_EQ(c.mlp_experts, 58 * 256 * std::int64_t{44'040'192});
  EXPECT_EQ(c.mlp_shared_experts, 58 * std::int64_t{44'040'192});
  // Gate 256 x 7168 = 1,835,008 and 256 e_score_correction_bias, per MoE layer.
  EXPECT_EQ(c.router, 58 * std::int64_t{1'835'264});
  EXPECT_EQ(c.norms, 881'664);          // (61 x 2 + 1) x 7168
  EXPECT_EQ(c.embedding, 926'679'040);  // 129280 x 7168
  EXPECT_EQ(c.lm_head, 926'679'040);
  // The MTP module: a MoE layer (187,107,328 + 256 x 44,040,192 + 44,040,192 +
  // 1,835,264 + 2 x 7168 = 11,507,286,272), eh_proj 2 x 7168 x 7168 = 102,760,448
  // and 3 norms 21,504: 11,610,068,224 (README); its embedding and head copies
  // 2 x 926,679,040 = 1,853,358,080.
  EXPECT_EQ(c.mtp, 11'610'068'224 + 1'853'358'080);
  // Main: 11,413,547,008 + 1,189,085,184 + 58 x 11,320,164,608 (656,569,547,264) +
  // 881,664 + 1,853,358,080 = 671,026,419,200 (DeepSeek: "671B of the Main Model").
  EXPECT_EQ(c.served(), 671'026'419'200);
  EXPECT_EQ(c.total(), 684'489'845'504);  // README: BF16 + F8_E4M3 + 15,104
  // Active: 58 x 248 skipped experts x 44,040,192 = 633,474,121,728 less than served.
  EXPECT_EQ(c.active(), 37'552'297'472);
  EXPECT_EQ(c.active_without_embedding(), 36'625'618'432);  // less 926,679,040
}

// gpt-oss-120b (config: hidden 2880, 36 layers, 64 heads, 8 key/value heads,
// head_dim 64, 128 experts of 2880, 4 per token, attention_bias, vocab 201088,
// untied, layer_types alternating from sliding, window 128).
TEST(HfMoe, GptOss120bMatchesTheModelCardSplit) {
  const ModelArch m = shipped_config(kGptOss);
  EXPECT_EQ(m.experts_per_token, 4);
  EXPECT_EQ(m.sliding_window, 128);
  EXPECT_EQ(m.sliding_window_layers, 18);
  EXPECT_TRUE(m.attention_sinks);
  const ParamCounts c = count_params(m);
  // Per layer: q 2880 x 4096 = 11,796,480, k and v 2880 x 512 = 1,474,560 each, o
  // 11,796,480; biases 4096 + 512 + 512 + 2880 = 8,000; 64 sinks: 26,550,144.
  EXPECT_EQ(c.attention, 955'805'184);  // 36 x 26,550,144
  // An expert: 3 x 2880 x 2880 = 24,883,200 plus biases 2 x 2880 + 2880 = 8,640;
  // router 128 x 2880 + 128 = 368,768; per layer 128 x 24,891,840 + 368,768 =
  // 3,186,524,288; 36 layers (model card: "MLP 114.71B").
  EXPECT_EQ(c.mlp_experts + c.router, 114'714'874'368);
  EXPECT_EQ(c.mlp_dense, 0);
  EXPECT_EQ(c.embedding + c.lm_head, 1'158'266'880);  // 2 x 201088 x 2880
  EXPECT_EQ(c.norms, 210'240);                        // (36 x 2 + 1) x 2880
  EXPECT_EQ(c.total(), 116'829'156'672);
  // Less the input embedding (579,133,440) and 36 x 124 x 24,891,840 =
  // 111,117,173,760 skipped: the model card's "5.13B" active.
  EXPECT_EQ(c.active_without_embedding(), 5'132'849'472);
}

// GLM-4.5 (config: hidden 5120, 92 layers, 96 heads, 8 key/value heads, head_dim
// 128, attention_bias, use_qk_norm, first_k_dense_replace 3, intermediate 12288,
// 160 routed experts of 1536, 8 per token, 1 shared, vocab 151552, untied, 1 MTP).
TEST(HfMoe, Glm45CountsAsItsCheckpoint) {
  const ModelArch m = shipped_config(kGlm45);
  EXPECT_TRUE(m.qkv_bias);
  EXPECT_FALSE(m.o_bias);
  EXPECT_EQ(m.moe_layers, 89);
  const ParamCounts c = count_params(m);
  // Per layer: q 5120 x 12288 = 62,914,560, k and v 5120 x 1024 = 5,242,880 each, o
  // 62,914,560; biases 12288 + 1024 + 1024 = 14,336; q/k norms 256: 136,329,472.
  EXPECT_EQ(c.attention, 92 * std::int64_t{136'329'472});
  // An expert 3 x 5120 x 1536 = 23,592,960; a MoE layer 161 of them (one shared)
  // and a router 160 x 5120 + 160 = 819,360: 3,799,285,920.
  EXPECT_EQ(c.mlp_experts + c.mlp_shared_experts + c.router, 89 * std::int64_t{3'799'285'920});
  EXPECT_EQ(c.mlp_dense, 566'231'040);  // 3 x 3 x 5120 x 12288
  // Main: 12,542,311,424 + 338,136,446,880 + 566,231,040 + 947,200 (185 norms x 5120)
  // + 2 x 151552 x 5120 = 352,797,829,024.
  EXPECT_EQ(c.served(), 352'797'829'024);
  // MTP: 136,329,472 + 3,799,285,920 + 10,240 + eh_proj 52,428,800 + 15,360, and
  // its copies of the embedding and head.
  EXPECT_EQ(c.mtp, 3'988'069'792 + 1'551'892'480);
  EXPECT_EQ(c.total(), 358'337'791'296);
  // Less the input embedding 775,946,240 and 89 x 152 x 23,592,960 =
  // 319,165,562,880 skipped experts.
  EXPECT_EQ(c.active_without_embedding(), 32'856'319'904);
}

// DeepSeek-V2-Lite's config.json (q_lora_rank null: q_proj directly).
constexpr const char* kDeepSeekV2Lite = R"({"architectures": ["DeepseekV2ForCausalLM"],
    "hidden_size": 2048, "intermediate_size": 10944, "num_hidden_layers": 27,
    "num_attention_heads": 16, "num_key_value_heads": 16, "q_lora_rank": null,
    "kv_lora_rank": 512, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
    "n_routed_experts": 64, "num_experts_per_tok": 6, "n_shared_experts": 2,
    "moe_intermediate_size": 1408, "first_k_dense_replace": 1, "moe_layer_freq": 1,
    "topk_method": "greedy", "vocab_size": 102400, "tie_word_embeddings": false})";

TEST(HfMoe, DeepSeekV2LiteWithoutQueryCompression) {
  const ModelArch m = parse_hf_config(kDeepSeekV2Lite, "config.json", "x");
  EXPECT_EQ(m.latent.q_lora_rank, 0);
  EXPECT_FALSE(m.expert_score_bias);
  EXPECT_EQ(m.mtp_layers, 0);
  const ParamCounts c = count_params(m);
  // Per layer: q 2048 x 16 x 192 = 6,291,456; kv_a 2048 x 576 = 1,179,648; 512;
  // kv_b 512 x 16 x 256 = 2,097,152; o 2048 x 2048 = 4,194,304: 13,763,072.
  EXPECT_EQ(c.attention, 27 * std::int64_t{13'763'072});
  // 26 MoE layers of 66 experts 3 x 2048 x 1408 = 8,650,752 and a 64 x 2048 gate:
  // 571,080,704 each; one dense layer 3 x 2048 x 10944 = 67,239,936; norms 55 x
  // 2048; embedding and head 2 x 102400 x 2048 = 419,430,400.
  EXPECT_EQ(c.mlp_experts + c.mlp_shared_experts + c.router, 26 * std::int64_t{571'080'704});
  EXPECT_EQ(c.mlp_dense, 67'239'936);
  // The Hub's safetensors total for deepseek-ai/DeepSeek-V2-Lite.
  EXPECT_EQ(c.total(), 15'706'484'224);
  // DeepSeek: "2.4B activated": 15,706,484,224 - 26 x 58 x 8,650,752 - 209,715,200.
  EXPECT_EQ(c.active_without_embedding(), 2'451'435'008);
}

// moe_layer_freq 2 from first_k_dense_replace 1 in 6 layers: layers 2 and 4 are MoE.
TEST(HfMoe, DeepSeekMoeLayerFrequency) {
  nlohmann::json config = nlohmann::json::parse(kDeepSeekV2Lite);
  config["num_hidden_layers"] = 6;
  config["moe_layer_freq"] = 2;
  const ModelArch m = parse_hf_config(config.dump(), "config.json", "x");
  EXPECT_EQ(m.moe_layers, 2);
  EXPECT_EQ(count_params(m).mlp_dense, 4 * std::int64_t{67'239'936});
}

// n_routed_experts null: every layer dense (the first_k_dense_replace it needs
// otherwise is then not read).
TEST(HfMoe, DeepSeekWithoutRoutedExpertsIsDense) {
  nlohmann::json config = nlohmann::json::parse(kDeepSeekV2Lite);
  config["n_routed_experts"] = nullptr;
  config.erase("first_k_dense_replace");
  const ModelArch m = parse_hf_config(config.dump(), "config.json", "x");
  EXPECT_EQ(m.num_experts, 0);
  EXPECT_EQ(count_params(m).mlp_dense, 27 * std::int64_t{67'239'936});
}

TEST(HfMoe, DeepSeekRefusesWhatItDoesNotCount) {
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "topk_method", R"("softmax_bias")")),
            "config.json: topk_method \"softmax_bias\" changes the parameter count in a way "
            "llmtco does not read for DeepseekV3ForCausalLM (read: \"greedy\", "
            "\"group_limited_greedy\" or \"noaux_tc\")");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "attention_bias", "true")),
            "config.json: attention_bias true changes the parameter count in a way llmtco does "
            "not read for DeepseekV3ForCausalLM (read: false)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "tie_word_embeddings", "true")),
            "config.json: tie_word_embeddings true changes the parameter count in a way llmtco "
            "does not read for DeepseekV3ForCausalLM (read: false when num_nextn_predict_layers "
            "is set: each module stores its own embedding and head)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "moe_layer_freq", "2")),
            "config.json: moe_layer_freq 2 changes the parameter count in a way llmtco does "
            "not read for DeepseekV3ForCausalLM (read: with num_nextn_predict_layers set, MTP "
            "modules that are MoE layers: moe_layer_freq 1 and first_k_dense_replace at most "
            "num_hidden_layers)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "first_k_dense_replace", "100")),
            "config.json: first_k_dense_replace 100 changes the parameter count in a way llmtco "
            "does not read for DeepseekV3ForCausalLM (read: with num_nextn_predict_layers set, "
            "MTP modules that are MoE layers: moe_layer_freq 1 and first_k_dense_replace at most "
            "num_hidden_layers)");
}

TEST(HfMoe, DeepSeekNamesAMissingField) {
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "kv_lora_rank", "")),
            "config.json: missing field 'kv_lora_rank' (needed by DeepseekV3ForCausalLM)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "q_lora_rank", "")),
            "config.json: missing field 'q_lora_rank' (needed by DeepseekV3ForCausalLM; null "
            "when queries are projected without compression)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "first_k_dense_replace", "")),
            "config.json: missing field 'first_k_dense_replace' (needed by "
            "DeepseekV3ForCausalLM)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "n_shared_experts", "")),
            "config.json: missing field 'n_shared_experts' (needed by DeepseekV3ForCausalLM; "
            "null for none)");
  EXPECT_EQ(error_of(config_with(kDeepSeekV3, "n_routed_experts", "5000")),
            "config.json: n_routed_experts must be a whole number between 1 and 4,096 (got "
            "5000)");
}

TEST(HfMoe, GptOssLayerTypes) {
  EXPECT_EQ(error_of(config_with(kGptOss, "layer_types",
                                 R"(["sliding_attention", "chunked_attention"])")),
            "config.json: layer_types lists 2 layers; num_hidden_layers is 36");
  nlohmann::json config = nlohmann::json::parse(*embedded_file(kGptOss));
  config["layer_types"][1] = "chunked_attention";
  EXPECT_EQ(error_of(config.dump()),
            "config.json: layer_types[1] must be \"sliding_attention\" or \"full_attention\" "
            "(got \"chunked_attention\")");
  // Absent: layers 0, 2, ..., 34 slide, as the file lists them.
  const ModelArch m = parse_hf_config(config_with(kGptOss, "layer_types", ""), "config.json", "x");
  EXPECT_EQ(m.sliding_window_layers, 18);
  config["layer_types"] = nlohmann::json::array();
  for (int i = 0; i < 36; ++i) config["layer_types"].push_back("full_attention");
  EXPECT_EQ(parse_hf_config(config.dump(), "config.json", "x").sliding_window, 0);
}

TEST(HfMoe, GptOssExpertsPerToken) {
  EXPECT_EQ(error_of(config_with(kGptOss, "experts_per_token", "2")),
            "config.json: num_experts_per_tok 4 and experts_per_token 2 disagree");
  const ModelArch m =
      parse_hf_config(config_with(kGptOss, "num_experts_per_tok", ""), "config.json", "x");
  EXPECT_EQ(m.experts_per_token, 4);  // from experts_per_token
  EXPECT_EQ(error_of(config_with(kGptOss, "head_dim", "")),
            "config.json: missing field 'head_dim' (needed by GptOssForCausalLM)");
}

TEST(HfMoe, Glm45NamesAMissingField) {
  EXPECT_EQ(error_of(config_with(kGlm45, "n_routed_experts", "")),
            "config.json: missing field 'n_routed_experts' (needed by Glm4MoeForCausalLM)");
  EXPECT_EQ(error_of(config_with(kGlm45, "num_key_value_heads", "")),
            "config.json: missing field 'num_key_value_heads' (needed by Glm4MoeForCausalLM)");
}

// Every DeepSeek field at its bound: the counts stay exact in 64 bits.
TEST(HfMoe, DeepSeekCountsAtTheBoundsDoNotOverflow) {
  const ModelArch m = parse_hf_config(
      R"({"architectures": ["DeepseekV3ForCausalLM"], "hidden_size": 65536,
          "intermediate_size": 1048576, "num_hidden_layers": 10000, "num_attention_heads": 4096,
          "q_lora_rank": 65536, "kv_lora_rank": 65536, "qk_rope_head_dim": 4096,
          "qk_nope_head_dim": 4096, "v_head_dim": 4096, "n_routed_experts": 4096,
          "num_experts_per_tok": 4096, "n_shared_experts": 256, "moe_intermediate_size": 262144,
          "first_k_dense_replace": 0, "num_nextn_predict_layers": 64,
          "vocab_size": 16777216})",
      "config.json", "x");
  const ParamCounts c = count_params(m);
  const std::int64_t expert = std::int64_t{3} * 65'536 * 262'144;
  EXPECT_EQ(c.mlp_experts, 10'000 * 4'096 * expert);
  EXPECT_EQ(c.mlp_shared_experts, 10'000 * 256 * expert);
  EXPECT_GT(c.mtp, 64 * 4'352 * expert);
  EXPECT_GT(c.total(), c.mlp_experts + c.mlp_shared_experts + c.mtp);
}

}  // namespace
}  // namespace llmtco
