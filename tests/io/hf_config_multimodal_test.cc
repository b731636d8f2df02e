// The Llama 4, Gemma 3 and Mistral 3 readers (src/io/hf_config_multimodal.cc)
// against the published totals of ../shared/data/model_configs/README.md, each
// part worked by hand from the config and the transformers module layout.
#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "../field_error.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/hf_config.h"
#include "llmtco/model.h"

namespace llmtco {
namespace {

using nlohmann::json;

json catalog_config(const std::string& path) {
  return json::parse(*embedded_file("data/models/" + path + "/config.json"));
}

ModelArch read(const json& config) {
  return parse_hf_config(config.dump(), "config.json", "x");
}

std::string error_of(const json& config) {
  return input_error([&] { read(config); });
}

const char* kScout = "meta-llama/Llama-4-Scout-17B-16E-Instruct";

// Llama-4-Scout text model: hidden 5120, 48 layers, 40 query and 8 key/value heads
// of 128, vocabulary 202,048, untied.
//   embedding = lm_head = 202,048 x 5,120 = 1,034,485,760
//   attention per layer = 5,120 x (5,120 + 2 x 1,024) + 5,120 x 5,120 = 62,914,560;
//     x 48 = 3,019,898,880 (use_qk_norm is a weightless L2 norm)
//   one expert = 3 x 5,120 x 8,192 = 125,829,120; 16 routed + 1 shared + router
//     5,120 x 16 = 81,920: 2,139,176,960 per layer, x 48 = 102,680,494,080
//   norms = (48 x 2 + 1) x 5,120 = 496,640
//   total = 2,068,971,520 + 3,019,898,880 + 102,680,494,080 + 496,640 = 107,769,861,120
TEST(HfMultimodal, ScoutSharedFileIsTheTextModel) {
  json config = catalog_config(kScout);
  config.erase("vision_config");  // the shared file, which has none
  const ModelArch m = read(config);
  const ParamCounts c = count_params(m);
  EXPECT_EQ(c.total(), 107'769'861'120);
  EXPECT_EQ(c.embedding, 1'034'485'760);
  EXPECT_EQ(c.lm_head, 1'034'485'760);
  EXPECT_EQ(c.attention, 3'019'898'880);
  EXPECT_EQ(c.mlp_experts + c.mlp_shared_experts + c.router, 102'680'494'080);
  EXPECT_EQ(c.mlp_dense, 0);  // interleave_moe_layer_step 1: every layer is MoE
  EXPECT_EQ(c.norms, 496'640);
  EXPECT_EQ(c.vision, 0);
  EXPECT_EQ(m.vision_tower, "");
  // Active: 15 of the 16 routed experts skipped in each of 48 layers:
  //   107,769,861,120 - 48 x 15 x 125,829,120 = 17,172,894,720; less the input
  //   embedding 16,138,408,960 (README, "Active, derived").
  EXPECT_EQ(c.active(), 17'172'894'720);
  EXPECT_EQ(c.active_without_embedding(), 16'138'408'960);
}

// The vision tower (hidden 1408, 16 heads, 34 layers, MLP 5632, patch 14, image 336):
//   patch linear 3 x 14 x 14 x 1,408 = 827,904; class embedding 1,408; position
//   embedding (24^2 + 1) x 1,408 = 812,416; layernorm_pre/post 2 x 2,816 = 5,632
//   per layer: q/k/v/o 4 x (1,408^2 + 1,408) = 7,935,488, fc1 + fc2
//     2 x 1,408 x 5,632 + 5,632 + 1,408 = 15,866,752, 2 LayerNorms 5,632:
//     23,807,872; x 34 = 809,467,648
//   adapter 5,632 x 4,096 + 4,096 x 4,096 = 39,845,888
//   vision = 827,904 + 1,408 + 812,416 + 5,632 + 809,467,648 + 39,845,888 = 850,960,896
//   projector 4,096 x 5,120 = 20,971,520
TEST(HfMultimodal, ScoutWithItsVisionTowerIsThePublishedTotal) {
  const ModelArch m = read(catalog_config(kScout));
  const ParamCounts c = count_params(m);
  EXPECT_EQ(m.vision_params, 850'960'896);
  EXPECT_EQ(m.projector_params, 20'971'520);
  EXPECT_EQ(m.vision_tower, "Llama 4 vision (34 layers)");
  EXPECT_EQ(c.total(), 108'641'793'536);  // 107,769,861,120 + 850,960,896 + 20,971,520
  EXPECT_EQ(c.active(), 17'172'894'720);  // the vision tower is not per text token
  EXPECT_EQ(m.num_experts, 16);
  EXPECT_EQ(m.moe_layers, 48);
  EXPECT_EQ(m.num_shared_experts, 1);
  EXPECT_FALSE(m.qk_norm);
  // Every 4th layer (3, 7, ..., 47) is NoPE and global: 12; the other 36 chunked.
  EXPECT_EQ(m.local_attention, LocalAttention::kChunked);
  EXPECT_EQ(m.sliding_window, 8192);
  EXPECT_EQ(m.sliding_window_layers, 36);
}

// Maverick: Scout's shapes with 128 routed experts on the odd layers only
// (interleave_moe_layer_step 2: layers 1, 3, ..., 47) and dense MLPs of 16,384 on
// the 24 even layers.
//   MoE layer = 128 x 125,829,120 + 125,829,120 + 5,120 x 128 = 16,232,611,840;
//     x 24 = 389,582,684,160
//   dense layer = 3 x 5,120 x 16,384 = 251,658,240; x 24 = 6,039,797,760
//   text = 2,068,971,520 + 3,019,898,880 + 389,582,684,160 + 6,039,797,760 + 496,640
//        = 400,711,848,960; + vision 850,960,896 + projector 20,971,520
//        = 401,583,781,376, the Hub total as commonly quoted
TEST(HfMultimodal, MaverickInterleavesDenseAndMoeLayers) {
  const ModelArch m = read(catalog_config("meta-llama/Llama-4-Maverick-17B-128E-Instruct"));
  const ParamCounts c = count_params(m);
  EXPECT_EQ(m.moe_layers, 24);
  EXPECT_EQ(m.intermediate_size, 16384);
  EXPECT_EQ(m.moe_intermediate_size, 8192);
  EXPECT_EQ(c.mlp_dense, 6'039'797'760);
  EXPECT_EQ(c.mlp_experts + c.mlp_shared_experts + c.router, 389'582'684'160);
  EXPECT_EQ(c.total(), 401'583'781'376);
  // Active: 400,711,848,960 - 24 x 127 x 125,829,120 = 17,184,691,200 ("17B").
  EXPECT_EQ(c.active(), 17'184'691'200);
}

// moe_layers, no_rope_layers and layer_types, where a config gives them
// (transformers Llama4TextConfig: no_rope_layers is 1 where the layer uses RoPE).
TEST(HfMultimodal, Llama4ReadsItsLayerLists) {
  json config = catalog_config(kScout);
  json& text = config["text_config"];
  text["num_hidden_layers"] = 4;
  text["moe_layers"] = {0, 3};
  text["no_rope_layers"] = {1, 0, 1, 0};
  ModelArch m = read(config);
  EXPECT_EQ(m.moe_layers, 2);
  EXPECT_EQ(m.sliding_window_layers, 2);
  text["layer_types"] = {"chunked_attention", "chunked_attention", "chunked_attention",
                         "full_attention"};
  m = read(config);
  EXPECT_EQ(m.sliding_window_layers, 3);
  text["no_rope_layers"] = json::array();  // empty: the default interval of 4
  text.erase("layer_types");
  text["no_rope_layer_interval"] = 2;
  EXPECT_EQ(read(config).sliding_window_layers, 2);  // layers 1 and 3 are NoPE
  text["attention_chunk_size"] = nullptr;            // no chunking: all global
  EXPECT_EQ(read(config).sliding_window_layers, 0);
}

TEST(HfMultimodal, Llama4ForCausalLMIsFlat) {
  json config = catalog_config(kScout)["text_config"];
  config["architectures"] = {"Llama4ForCausalLM"};
  EXPECT_EQ(count_params(read(config)).total(), 107'769'861'120);
}

// gemma-3-27b-it text model: hidden 5376, 62 layers, 32 query and 16 key/value
// heads of 128, MLP 21,504, vocabulary 262,208 (the default), tied.
//   embedding = 262,208 x 5,376 = 1,409,630,208
//   attention per layer = 5,376 x (4,096 + 2 x 2,048) + 4,096 x 5,376 + q/k norms
//     2 x 128 = 66,060,544; x 62 = 4,095,753,728
//   MLP = 3 x 5,376 x 21,504 = 346,816,512; x 62 = 21,502,623,744
//   norms = (62 x 4 + 1) x 5,376 = 1,338,624
//   text = 1,409,630,208 + 4,095,753,728 + 21,502,623,744 + 1,338,624 = 27,009,346,304
// SigLIP (hidden 1152, MLP 4304, 27 layers, patch 14, image 896):
//   patch conv 3 x 14 x 14 x 1,152 + 1,152 = 678,528; positions 64^2 x 1,152 = 4,718,592
//   per layer: q/k/v/out 4 x (1,152^2 + 1,152) = 5,313,024, fc1 + fc2
//     2 x 1,152 x 4,304 + 4,304 + 1,152 = 9,921,872, 2 LayerNorms 4,608: 15,239,504;
//     x 27 = 411,466,608
//   post LayerNorm 2,304: vision = 416,866,032
//   projector 1,152 x 5,376 + 1,152 = 6,194,304
TEST(HfMultimodal, Gemma3TwentySevenBIsThePublishedTotal) {
  const ModelArch m = read(catalog_config("google/gemma-3-27b-it"));
  const ParamCounts c = count_params(m);
  EXPECT_EQ(m.vocab_size, 262'208);
  EXPECT_TRUE(m.tied_embeddings);
  EXPECT_EQ(c.total() - c.vision, 27'009'346'304);
  EXPECT_EQ(c.attention, 4'095'753'728);
  EXPECT_EQ(c.norms, 1'338'624);
  EXPECT_EQ(m.vision_params, 416'866'032);
  EXPECT_EQ(m.projector_params, 6'194'304);
  EXPECT_EQ(m.vision_tower, "SigLIP (27 layers)");
  EXPECT_EQ(c.total(), 27'432'406'640);
  // Layers 5, 11, ..., 59 are global ((i + 1) % 6 == 0): 10; the other 52 local.
  EXPECT_EQ(m.local_attention, LocalAttention::kSliding);
  EXPECT_EQ(m.sliding_window, 1024);
  EXPECT_EQ(m.sliding_window_layers, 52);
}

TEST(HfMultimodal, Gemma3ReadsLayerTypes) {
  json config = catalog_config("google/gemma-3-27b-it");
  json& text = config["text_config"];
  text["num_hidden_layers"] = 3;
  text["layer_types"] = {"sliding_attention", "full_attention", "full_attention"};
  EXPECT_EQ(read(config).sliding_window_layers, 1);
}

// A flat Gemma3ForCausalLM of gemma-3-1b's shapes (hidden 1152, MLP 6912, 26
// layers, 4 query heads, 1 key/value head, vocabulary 262,144), leaving head_dim
// (256), the tying (true) and the pattern (6) to the defaults:
//   embedding 262,144 x 1,152 = 301,989,888
//   attention per layer 1,152 x (1,024 + 2 x 256) + 1,024 x 1,152 + 512 = 2,949,632;
//     x 26 = 76,690,432
//   MLP 3 x 1,152 x 6,912 = 23,887,872; x 26 = 621,084,672
//   norms (26 x 4 + 1) x 1,152 = 120,960
//   total = 999,885,952
TEST(HfMultimodal, Gemma3ForCausalLMReliesOnDefaults) {
  const ModelArch m = read(json::parse(R"({"architectures": ["Gemma3ForCausalLM"],
      "hidden_size": 1152, "intermediate_size": 6912, "num_hidden_layers": 26,
      "num_attention_heads": 4, "num_key_value_heads": 1, "sliding_window": 512,
      "vocab_size": 262144})"));
  EXPECT_EQ(m.head_dim, 256);
  EXPECT_TRUE(m.tied_embeddings);
  EXPECT_EQ(count_params(m).total(), 999'885'952);
  EXPECT_EQ(m.sliding_window_layers, 22);  // layers 5, 11, 17, 23 are global
  const ModelArch defaults = read(json::parse(R"({"architectures": ["Gemma3ForCausalLM"]})"));
  EXPECT_EQ(defaults.vocab_size, 262'208);
  EXPECT_EQ(defaults.hidden_size, 2304);
  EXPECT_EQ(defaults.num_heads, 8);
  EXPECT_EQ(defaults.num_kv_heads, 4);
  EXPECT_EQ(defaults.sliding_window, 4096);
  EXPECT_EQ(defaults.max_position_embeddings, 131'072);
}

// Mistral-Small-3.1 text model: hidden 5120, 40 layers, 32 query and 8 key/value
// heads of 128, MLP 32,768, vocabulary 131,072, untied.
//   embedding + lm_head = 2 x 131,072 x 5,120 = 1,342,177,280
//   attention per layer = 5,120 x (4,096 + 2 x 1,024) + 4,096 x 5,120 = 52,428,800;
//     x 40 = 2,097,152,000
//   MLP = 3 x 5,120 x 32,768 = 503,316,480; x 40 = 20,132,659,200
//   norms = 81 x 5,120 = 414,720
//   text = 23,572,403,200
// Pixtral (hidden 1024, 16 heads of 64, MLP 4096, 24 layers, patch 14):
//   patch conv 3 x 14 x 14 x 1,024 = 602,112; ln_pre 1,024
//   per layer 4 x 1,024^2 + 3 x 1,024 x 4,096 + 2 x 1,024 = 16,779,264; x 24 = 402,702,336
//   vision = 403,305,472
// projector: norm 1,024 + patch_merger 4 x 1,024 x 1,024 = 4,194,304 + linear_1
//   1,024 x 5,120 = 5,242,880 + linear_2 5,120^2 = 26,214,400: 35,652,608
TEST(HfMultimodal, MistralSmallIsThePublishedTotal) {
  json config = catalog_config("mistralai/Mistral-Small-3.1-24B-Instruct-2503");
  const ModelArch m = read(config);
  const ParamCounts c = count_params(m);
  EXPECT_FALSE(m.tied_embeddings);
  EXPECT_EQ(m.head_dim, 128);
  EXPECT_EQ(c.total() - c.vision, 23'572'403'200);
  EXPECT_EQ(m.vision_params, 403'305'472);
  EXPECT_EQ(m.projector_params, 35'652'608);
  EXPECT_EQ(m.vision_tower, "Pixtral (24 layers)");
  EXPECT_EQ(c.total(), 24'011'361'280);
  EXPECT_EQ(m.sliding_window_layers, 0);       // sliding_window null
  config["multimodal_projector_bias"] = true;  // + 5,120 on linear_1 and on linear_2
  EXPECT_EQ(read(config).projector_params, 35'652'608 + 2 * 5'120);
}

TEST(HfMultimodal, ErrorsWordForWord) {
  json gemma = catalog_config("google/gemma-3-27b-it");
  gemma["vision_config"]["vision_use_head"] = true;
  EXPECT_EQ(error_of(gemma),
            "config.json: vision_config.vision_use_head true changes the parameter count in a way "
            "llmtco does not read for Gemma3ForConditionalGeneration (read: false)");
  gemma["vision_config"].erase("vision_use_head");
  EXPECT_EQ(error_of(gemma),
            "config.json: vision_config.vision_use_head is absent, so transformers adds SigLIP's "
            "attention-pooling head, which llmtco does not read (read: vision_use_head false)");
  json scout = catalog_config(kScout);
  scout["vision_config"]["model_type"] = "clip_vision_model";
  EXPECT_EQ(error_of(scout),
            "config.json: vision_config.model_type \"clip_vision_model\" changes the parameter "
            "count in a way llmtco does not read for Llama4ForConditionalGeneration (read: "
            "\"llama4_vision_model\")");
  scout = catalog_config(kScout);
  scout["text_config"]["no_rope_layers"] = {1, 0};
  EXPECT_EQ(error_of(scout),
            "config.json: text_config.no_rope_layers must hold one 0 or 1 per layer, 48 in all "
            "(1: the layer uses RoPE; got [1,0])");
  scout = catalog_config(kScout);
  scout["tie_word_embeddings"] = true;
  EXPECT_EQ(error_of(scout),
            "config.json: tie_word_embeddings true disagrees with "
            "text_config.tie_word_embeddings false (its default when absent); give one value");
  scout["tie_word_embeddings"] = false;
  scout["vision_config"]["image_size"] = 2'000'000;
  EXPECT_EQ(error_of(scout),
            "config.json: vision_config.image_size must be a whole number between 1 and "
            "1,048,576 (got 2000000)");
  json mistral = catalog_config("mistralai/Mistral-Small-3.1-24B-Instruct-2503");
  mistral["vision_feature_layer"] = {-1, -2};
  EXPECT_EQ(error_of(mistral),
            "config.json: vision_feature_layer [-1,-2] changes the parameter count in a way "
            "llmtco does not read for Mistral3ForConditionalGeneration (read: one layer, a whole "
            "number)");
  mistral.erase("text_config");
  EXPECT_EQ(
      error_of(mistral),
      "config.json: missing field 'text_config' (needed by Mistral3ForConditionalGeneration)");
  gemma = catalog_config("google/gemma-3-27b-it");
  gemma["text_config"]["layer_types"] = {"sliding_attention"};
  EXPECT_EQ(error_of(gemma),
            "config.json: text_config.layer_types has 1 entries; num_hidden_layers is 62");
  gemma["text_config"]["num_hidden_layers"] = 2;
  gemma["text_config"]["layer_types"] = {"local", "full_attention"};
  EXPECT_EQ(error_of(gemma),
            "config.json: text_config.layer_types must hold \"sliding_attention\" or "
            "\"full_attention\" (got \"local\")");
}

// The vision fields at their bounds: 2^20 / 1 = 2^20 patches a side, 2^40 position
// rows of 2^16 = 2^56; the count stays exact in 64 bits.
TEST(HfMultimodal, VisionCountsAtTheBoundsDoNotOverflow) {
  json gemma = catalog_config("google/gemma-3-27b-it");
  gemma["vision_config"] = json::parse(R"({"hidden_size": 65536, "intermediate_size": 1048576,
      "num_hidden_layers": 10000, "patch_size": 1, "image_size": 1048576, "num_channels": 64,
      "vision_use_head": false})");
  const ModelArch m = read(gemma);
  EXPECT_GT(m.vision_params, std::int64_t{1} << 56);
  EXPECT_GT(count_params(m).total(), m.vision_params);
}

}  // namespace
}  // namespace llmtco
