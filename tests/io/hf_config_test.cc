#include "llmtco/hf_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "../shipped.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/model_catalog.h"

namespace llmtco {
namespace {

std::string error_of(const std::string& json) {
  try {
    parse_hf_config(json, "config.json", "x");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(HfConfig, ReadsGroupedQueryAndExplicitHeadDim) {
  const ModelArch m = parse_hf_config(
      R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 3072, "intermediate_size": 8192,
          "num_hidden_layers": 28, "num_attention_heads": 24, "num_key_value_heads": 8,
          "head_dim": 128, "vocab_size": 128256, "tie_word_embeddings": true})",
      "config.json", "my/model");
  EXPECT_EQ(m.id, "my/model");
  EXPECT_EQ(m.num_kv_heads, 8);
  EXPECT_EQ(m.head_dim, 128);
  EXPECT_TRUE(m.tied_embeddings);
}

TEST(HfConfig, DefaultsFollowTransformers) {
  const ModelArch m = parse_hf_config(
      R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000})",
      "config.json", "x");
  EXPECT_EQ(m.num_kv_heads, 32);  // absent: multi-head attention
  EXPECT_EQ(m.head_dim, 128);     // hidden_size / num_attention_heads
  EXPECT_FALSE(m.tied_embeddings);
}

TEST(HfConfig, ArchitectureSpecifics) {
  const ModelArch qwen2 = find_model(shipped(), "qwen2.5-7b");
  EXPECT_TRUE(qwen2.qkv_bias);
  EXPECT_FALSE(qwen2.o_bias);
  const ModelArch gemma = find_model(shipped(), "gemma-2-9b");
  EXPECT_EQ(gemma.norms_per_layer, 4);
  EXPECT_EQ(gemma.sliding_window, 4096);
  EXPECT_EQ(gemma.sliding_window_layers, 21);  // layers 0, 2, ..., 40 of 42
  const ModelArch mistral = find_model(shipped(), "mistral-7b");
  EXPECT_EQ(mistral.sliding_window_layers, 32);
  const ModelArch gptj = find_model(shipped(), "gpt-j-6b");
  EXPECT_TRUE(gptj.parallel_attention);
  EXPECT_EQ(gptj.intermediate_size, 16384);  // n_inner null: 4 x n_embd
  const ModelArch falcon = find_model(shipped(), "falcon-180b");
  EXPECT_EQ(falcon.num_kv_heads, 8);
  EXPECT_EQ(falcon.norms_per_layer, 2);
  const ModelArch qwen3 = find_model(shipped(), "qwen3-235b-a22b");
  EXPECT_EQ(qwen3.moe_layers, 94);
  EXPECT_TRUE(qwen3.qk_norm);
}

TEST(HfConfig, ChatVariantsResolveToTheirBase) {
  EXPECT_EQ(find_model(shipped(), "meta-llama/Llama-2-70b-chat-hf").id,
            "meta-llama/Llama-2-70b-hf");
  EXPECT_EQ(find_model(shipped(), "LLAMA-2-70B").id, "meta-llama/Llama-2-70b-hf");
  EXPECT_EQ(find_model(shipped(), "meta-llama/Meta-Llama-3-8B-Instruct").id,
            "meta-llama/Meta-Llama-3-8B");
}

// The architectures the messages list, in alphabetical order.
const std::string kSupportedList =
    "DeepseekV2ForCausalLM, DeepseekV3ForCausalLM, FalconForCausalLM, GPTJForCausalLM, "
    "GPTNeoXForCausalLM, Gemma2ForCausalLM, Gemma3ForCausalLM, Gemma3ForConditionalGeneration, "
    "Glm4MoeForCausalLM, GptOssForCausalLM, Llama4ForCausalLM, Llama4ForConditionalGeneration, "
    "LlamaForCausalLM, Mistral3ForConditionalGeneration, MistralForCausalLM, "
    "MixtralForCausalLM, Phi3ForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM, "
    "Qwen3MoeForCausalLM";

TEST(HfConfig, ErrorsWordForWord) {
  EXPECT_EQ(
      error_of(R"({"architectures": ["BertModel"]})"),
      "config.json: unsupported architecture 'BertModel' (supported: " + kSupportedList + ")");
  EXPECT_EQ(
      error_of(R"({"hidden_size": 8})"),
      "config.json: missing field 'architectures' (a list naming one of: " + kSupportedList + ")");
  EXPECT_EQ(error_of(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 8})"),
            "config.json: missing field 'intermediate_size' (needed by LlamaForCausalLM)");
  EXPECT_EQ(error_of(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": "8"})"),
            "config.json: hidden_size must be a whole number between 1 and 65,536 (got \"8\")");
  EXPECT_EQ(error_of(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": -8})"),
            "config.json: hidden_size must be a whole number between 1 and 65,536 (got -8)");
  EXPECT_EQ(error_of("{\"architectures\": [\n  \"LlamaForCausalLM\",\n}"),
            "config.json:3:1: malformed JSON: architectures[1]: syntax error while parsing value "
            "- unexpected '}'; expected '[', '{', or a literal");
  EXPECT_EQ(
      error_of(R"({"architectures": ["LlamaForCausalLM"], "vocab_size": 8, "vocab_size": 9})"),
      "config.json: duplicate key 'vocab_size'");
  // Found by the hf_config fuzz target: the overflow escaped as nlohmann's out_of_range.
  EXPECT_EQ(error_of(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 1e400})"),
            "config.json:1:56: malformed JSON: hidden_size: number overflow parsing '1e400'");
  EXPECT_EQ(error_of("[1, 2]"), "config.json: a config.json must be a JSON object");
  EXPECT_EQ(error_of(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 8,
                 "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 4,
                 "num_key_value_heads": 3, "vocab_size": 8})"),
            "config.json: num_attention_heads 4 is not a multiple of the key/value heads 3");
}

// A Qwen3-MoE config from the catalog with one field replaced.
std::string qwen3_moe_with(const std::string& key, const std::string& value) {
  nlohmann::json config =
      nlohmann::json::parse(*embedded_file("data/models/Qwen/Qwen3-235B-A22B/config.json"));
  config[key] = nlohmann::json::parse(value);
  return config.dump();
}

// Issue 12, D8: 2^40 layers made the count of sparse layers loop for ever.
TEST(HfConfig, EveryIntegerHasAPhysicalRange) {
  EXPECT_EQ(error_of(qwen3_moe_with("num_hidden_layers", "1099511627776")),
            "config.json: num_hidden_layers must be a whole number between 1 and 10,000 (got "
            "1099511627776)");
  EXPECT_EQ(error_of(qwen3_moe_with("vocab_size", "18446744073709551615")),
            "config.json: vocab_size must be a whole number between 1 and 16,777,216 (got "
            "18446744073709551615)");
  EXPECT_EQ(error_of(qwen3_moe_with("num_experts", "5000")),
            "config.json: num_experts must be a whole number between 1 and 4,096 (got 5000)");
  EXPECT_EQ(error_of(qwen3_moe_with("max_position_embeddings", "-1")),
            "config.json: max_position_embeddings must be a whole number between 1 and "
            "4,294,967,296 (got -1)");
  EXPECT_EQ(error_of(qwen3_moe_with("mlp_only_layers", "[0, 94]")),
            "config.json: mlp_only_layers must list layer numbers from 0 to 93 (got 94)");
}

// Every field at its bound: the parameter counts stay exact in 64 bits (the
// experts' 2.1e18 is the largest product).
TEST(HfConfig, CountsAtTheBoundsDoNotOverflow) {
  const ModelArch m = parse_hf_config(
      R"({"architectures": ["Qwen3MoeForCausalLM"], "hidden_size": 65536,
          "intermediate_size": 1048576, "num_hidden_layers": 10000, "num_attention_heads": 4096,
          "num_key_value_heads": 4096, "head_dim": 4096, "vocab_size": 16777216,
          "num_experts": 4096, "num_experts_per_tok": 4096, "moe_intermediate_size": 262144})",
      "config.json", "x");
  const ParamCounts c = count_params(m);
  // 10,000 layers x 4,096 experts x 3 x 65,536 x 262,144.
  EXPECT_EQ(c.mlp_experts, std::int64_t{10'000} * 4'096 * 3 * 65'536 * 262'144);
  EXPECT_GT(c.total(), c.mlp_experts);
  EXPECT_EQ(c.active(), c.total());  // every expert runs
}

TEST(ModelCatalog, UnknownNameNamesTheNearest) {
  try {
    find_model(shipped(), "llama-2-70");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown model 'llama-2-70' (nearest known model: 'llama-2-70b'; see "
                 "llmtco catalog models)");
  }
}

// A shell adds a model named by a path: the file, or the directory holding a
// config.json, comes first under the name as given; any other name is left alone.
TEST(ModelCatalog, AddModelPathReadsAFileOrItsDirectory) {
  const std::string config =
      std::string(LLMTCO_SOURCE_DIR) + "/data/models/meta-llama/Llama-2-7b-hf/config.json";
  Catalogs catalogs = builtin_catalogs({.instances = false, .api = false, .benchmarks = false});
  const std::size_t built_in = catalogs.models.size();
  add_model_path(catalogs, "llama-2-7b");
  add_model_path(catalogs, "no/such/path");
  EXPECT_EQ(catalogs.models.size(), built_in);
  add_model_path(catalogs, config);
  const std::string directory = config.substr(0, config.rfind('/'));
  add_model_path(catalogs, directory);
  ASSERT_EQ(catalogs.models.size(), built_in + 2);
  EXPECT_EQ(catalogs.models[0].id, directory);
  EXPECT_EQ(catalogs.models[0].config_source, directory + "/config.json");
  EXPECT_EQ(catalogs.models[1].id, config);
  // 6,738,415,616 parameters (Llama 2's model card: 7B), as the catalog's entry.
  EXPECT_EQ(count_params(find_model(catalogs, config)).total(), 6'738'415'616);
  EXPECT_EQ(find_model(catalogs, directory).id, directory);
}

TEST(ModelCatalog, AddModelPathRefusesABadConfig) {
  const std::string path = testing::TempDir() + "llmtco_bad_config.json";
  { std::ofstream(path) << "{\"architectures\": [\"BertModel\"]}"; }
  Catalogs catalogs;
  EXPECT_THROW(add_model_path(catalogs, path), InputError);
  EXPECT_TRUE(catalogs.models.empty());
}

}  // namespace
}  // namespace llmtco
