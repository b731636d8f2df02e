#include "llmtco/hf_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../field_error.h"
#include "../shipped.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/model_catalog.h"

namespace llmtco {
namespace {

std::string error_of(const std::string& json) {
  return input_error([&] { parse_hf_config(json, "config.json", "x"); });
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

TEST(ModelCatalog, ADirectoryWithoutAConfigIsNamed) {
  const std::string dir = testing::TempDir() + "llmtco_no_config_dir";
  std::filesystem::create_directories(dir);
  Catalogs catalogs;
  try {
    add_model_path(catalogs, dir);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "model '" + dir +
                  "' is a directory without a config.json (valid: a config.json, a directory "
                  "holding one, or a catalog name)");
  }
  EXPECT_TRUE(catalogs.models.empty());
}

TEST(ModelCatalog, AddModelPathRefusesABadConfig) {
  const std::string path = testing::TempDir() + "llmtco_bad_config.json";
  { std::ofstream(path) << "{\"architectures\": [\"BertModel\"]}"; }
  Catalogs catalogs;
  EXPECT_THROW(add_model_path(catalogs, path), InputError);
  EXPECT_TRUE(catalogs.models.empty());
}

// The id of the catalog entry `name` resolves to, or "(none)".
std::string resolved_id(const std::string& name) {
  const CatalogModel* m = find_catalog_model(shipped(), name);
  return m == nullptr ? "(none)" : m->id;
}

// Quantized repositories resolve to the catalog model they quantize, in the format
// their name's suffix says; the parameter count is the base model's.
TEST(ModelCatalog, QuantizedRepoNamesResolveToTheirBaseAndFormat) {
  const struct {
    const char* name;
    const char* base;
    const char* precision;
    const char* suffix;
  } cases[] = {
      {"Qwen/Qwen2.5-72B-Instruct-AWQ", "Qwen/Qwen2.5-72B", "int4", "-AWQ"},
      {"neuralmagic/Meta-Llama-3.1-70B-Instruct-FP8", "meta-llama/Llama-3.1-70B", "fp8", "-FP8"},
      {"unsloth/Llama-3.3-70B-Instruct-bnb-4bit", "meta-llama/Llama-3.3-70B-Instruct", "nf4",
       "-bnb-4bit"},
      {"Qwen/Qwen3-32B-FP8", "Qwen/Qwen3-32B", "fp8", "-FP8"},
      {"qwen/qwen2.5-7b-instruct-gptq-int8", "Qwen/Qwen2.5-7B", "int8", "-GPTQ-Int8"},
      {"Qwen/Qwen2.5-14B-Instruct-GPTQ-Int4", "Qwen/Qwen2.5-14B", "int4", "-GPTQ-Int4"},
      {"RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w4a16", "meta-llama/Llama-3.1-8B", "int4",
       "-quantized.w4a16"},
      {"RedHatAI/Mistral-Small-24B-Instruct-2501-FP8-dynamic",
       "mistralai/Mistral-Small-24B-Instruct-2501", "fp8", "-FP8-dynamic"},
      {"unsloth/Qwen3-30B-A3B-unsloth-bnb-4bit", "Qwen/Qwen3-30B-A3B", "nf4", "-unsloth-bnb-4bit"},
      {"qwen3-8b-awq", "Qwen/Qwen3-8B", "int4", "-AWQ"},
      {"hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4", "meta-llama/Llama-3.1-70B", "int4",
       "-AWQ-INT4"},
      {"TheBloke/Llama-2-70B-Chat-GPTQ", "meta-llama/Llama-2-70b-hf", "int4", "-GPTQ"},
  };
  for (const auto& c : cases) {
    const CatalogModel* entry = find_catalog_model(shipped(), c.name);
    ASSERT_NE(entry, nullptr) << c.name;
    EXPECT_EQ(entry->id, c.base) << c.name;
    const ModelArch& m = find_model(shipped(), c.name);
    EXPECT_EQ(m.checkpoint_precision, c.precision) << c.name;
    EXPECT_EQ(m.checkpoint_format_note, std::string("from the repo name suffix ") + c.suffix);
    EXPECT_EQ(count_params(m).total(), count_params(entry->arch).total()) << c.name;
  }
  // The base names keep the format of their own config (unquantized here).
  EXPECT_EQ(find_model(shipped(), "Qwen/Qwen2.5-72B-Instruct").checkpoint_precision, "");
}

// Every suffix names a format of data/precisions.json.
TEST(ModelCatalog, EveryNameFormatIsAKnownPrecision) {
  for (const NameFormat& f : name_formats()) {
    EXPECT_EQ(find_precision(shipped(), std::string(f.precision)).id, f.precision) << f.suffix;
  }
}

// A mirror under another organisation is the same model; a path is only itself.
TEST(ModelCatalog, AnotherOrganisationResolvesByRepoName) {
  EXPECT_EQ(resolved_id("unsloth/Llama-3.2-1B-Instruct"), "meta-llama/Llama-3.2-1B");
  EXPECT_EQ(resolved_id("unsloth/gemma-2-9b-it"), "google/gemma-2-9b");
  EXPECT_EQ(resolved_id("unsloth/Mistral-Nemo-Instruct-2407"), "mistralai/Mistral-Nemo-Base-2407");
  EXPECT_EQ(find_catalog_model(shipped(), "someone/no-such-model-AWQ"), nullptr);
  EXPECT_EQ(find_catalog_model(shipped(), "-AWQ"), nullptr);
  Catalogs catalogs;
  catalogs.models.push_back({.id = "/tmp/a/config.json", .config_source = "/tmp/a/config.json"});
  EXPECT_EQ(find_catalog_model(catalogs, "/tmp/b/config.json"), nullptr);
  EXPECT_NE(find_catalog_model(catalogs, "/tmp/a/config.json"), nullptr);
}

std::string unknown_model_error(const std::string& name) {
  try {
    find_model(shipped(), name);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// The suggestion compares repo names without organisation or format suffix.
TEST(ModelCatalog, NearestNameIgnoresOrganisationAndFormat) {
  EXPECT_EQ(unknown_model_error("unsloth/Qwen3-33B-bnb-4bit"),
            "unknown model 'unsloth/Qwen3-33B-bnb-4bit' (nearest known model: 'qwen3-32b'; see "
            "llmtco catalog models)");
  EXPECT_EQ(unknown_model_error("Meta-Llama/Llama-3.3-7B-Instruct-AWQ"),
            "unknown model 'Meta-Llama/Llama-3.3-7B-Instruct-AWQ' (nearest known model: "
            "'meta-llama/Llama-3.3-70B-Instruct'; see llmtco catalog models)");
}

// Run once the DeepSeek, GptOss, Llama 4, Gemma 3 and Mistral 3 readers are in:
// names of the 2026 families, their quantized repos and a DeepSeek suggestion.
TEST(ModelCatalog, NamesOfTheNewFamiliesResolve) {
  EXPECT_EQ(resolved_id("meta-llama/Llama-4-Scout-17B-16E-Instruct-FP8"),
            "meta-llama/Llama-4-Scout-17B-16E-Instruct");
  EXPECT_EQ(
      find_model(shipped(), "meta-llama/Llama-4-Scout-17B-16E-Instruct-FP8").checkpoint_precision,
      "fp8");
  EXPECT_EQ(resolved_id("mistralai/Mistral-Small-3.1-24B-Instruct-2503"),
            "mistralai/Mistral-Small-3.1-24B-Instruct-2503");
  EXPECT_EQ(resolved_id("unsloth/DeepSeek-R1-0528"), "deepseek-ai/DeepSeek-R1");
  EXPECT_EQ(resolved_id("unsloth/gemma-3-27b-it-bnb-4bit"), "google/gemma-3-27b-it");
  EXPECT_EQ(unknown_model_error("deepseek-ai/DeepSeek-V4"),
            "unknown model 'deepseek-ai/DeepSeek-V4' (nearest known model: 'deepseek-v3'; see "
            "llmtco catalog models)");
}

// The catalog of issue 18: at least 50 models, among them every config of the
// developer set (/work/shared/data/model_configs/) under its Hugging Face id.
TEST(ModelCatalog, HoldsFiftyModelsAndTheDeveloperSet) {
  EXPECT_GE(model_catalog().size(), 50u);
  for (const char* id :
       {"deepseek-ai/DeepSeek-V3", "openai/gpt-oss-120b",
        "meta-llama/Llama-4-Scout-17B-16E-Instruct", "google/gemma-3-27b-it", "Qwen/Qwen3-32B",
        "Qwen/Qwen3-235B-A22B", "mistralai/Mistral-Small-3.1-24B-Instruct-2503", "microsoft/phi-4",
        "zai-org/GLM-4.5"}) {
    const CatalogModel* m = find_catalog_model(shipped(), id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(m->id, id);
  }
}

}  // namespace
}  // namespace llmtco
