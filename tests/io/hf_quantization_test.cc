// quantization_config sets the checkpoint's weight format (src/io/hf_quantization.cc).
#include <gtest/gtest.h>

#include <string>

#include "../field_error.h"
#include "../shipped.h"
#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/hf_config.h"

namespace llmtco {
namespace {

// A Llama config with `quantization` as its quantization_config.
std::string llama_with(const std::string& quantization) {
  return R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096,
             "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32,
             "vocab_size": 32000, "quantization_config": )" +
         quantization + "}";
}

ModelArch read(const std::string& quantization) {
  return parse_hf_config(llama_with(quantization), "config.json", "x");
}

std::string error_of(const std::string& quantization) {
  return input_error([&] { read(quantization); });
}

// Every format the reader sets is a precision of data/precisions.json.
void expect_format(const std::string& quantization, const std::string& precision) {
  const ModelArch m = read(quantization);
  EXPECT_EQ(m.checkpoint_precision, precision) << quantization;
  EXPECT_EQ(find_precision(shipped(), m.checkpoint_precision).id, precision);
  EXPECT_TRUE(m.checkpoint_format_note.starts_with("quantization_config: ")) << quantization;
}

TEST(Quantization, UnquantizedCheckpointHasNoFormat) {
  const ModelArch m = parse_hf_config(
      R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000})",
      "config.json", "x");
  EXPECT_EQ(m.checkpoint_precision, "");
  EXPECT_EQ(m.checkpoint_format_note, "");
}

// DeepSeek-V3's config.json (../shared/data/model_configs/deepseek-ai--DeepSeek-V3.json).
TEST(Quantization, DeepSeekBlockFp8) {
  expect_format(R"({"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8",
                    "weight_block_size": [128, 128]})",
                "fp8-block");
  expect_format(R"({"quant_method": "fp8"})", "fp8");
  EXPECT_NE(error_of(R"({"quant_method": "fp8", "weight_block_size": [64, 64]})")
                .find("quantization_config.weight_block_size [64,64] is not a checkpoint format "
                      "llmtco reads (read: [128, 128])"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"quant_method": "fp8", "fmt": "e5m2"})").find("fmt \"e5m2\""),
            std::string::npos);
}

// gpt-oss-120b's config.json (../shared/data/model_configs/openai--gpt-oss-120b.json).
TEST(Quantization, GptOssMxfp4Experts) {
  const std::string gpt_oss = R"({"modules_to_not_convert": ["model.layers.*.self_attn",
      "model.layers.*.mlp.router", "model.embed_tokens", "lm_head"], "quant_method": "mxfp4"})";
  expect_format(gpt_oss, "mxfp4");
  EXPECT_NE(read(gpt_oss).checkpoint_format_note.find("lm_head"), std::string::npos);
  EXPECT_EQ(find_precision(shipped(), "mxfp4").quantizes, QuantizedWeights::kExperts);
  EXPECT_NE(error_of(R"({"quant_method": "mxfp4", "modules_to_not_convert": ["model.norm"]})")
                .find("modules_to_not_convert [\"model.norm\"]"),
            std::string::npos);
}

TEST(Quantization, CompressedTensorsSchemes) {
  auto scheme = [](const std::string& weights) {
    return R"({"quant_method": "compressed-tensors", "format": "float-quantized",
               "config_groups": {"group_0": {"targets": ["Linear"], "weights": )" +
           weights + "}}}";
  };
  expect_format(scheme(R"({"num_bits": 8, "type": "float", "strategy": "channel"})"), "fp8");
  expect_format(scheme(R"({"num_bits": 8, "type": "float", "strategy": "block",
                           "block_structure": [128, 128]})"),
                "fp8-block");
  expect_format(scheme(R"({"num_bits": 4, "type": "float", "strategy": "tensor_group",
                           "group_size": 16})"),
                "nvfp4");
  expect_format(scheme(R"({"num_bits": 4, "type": "int", "strategy": "group",
                           "group_size": 128})"),
                "int4");
  expect_format(scheme(R"({"num_bits": 8, "type": "int", "strategy": "channel"})"), "int8");
  const std::string error =
      error_of(scheme(R"({"num_bits": 4, "type": "int", "strategy": "group", "group_size": 32})"));
  EXPECT_NE(error.find("quantization_config.config_groups.group_0.weights.strategy \"group\""),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("int 4-bit group of 128"), std::string::npos) << error;
}

TEST(Quantization, AwqGptqAndBitsandbytes) {
  expect_format(R"({"quant_method": "awq", "bits": 4, "group_size": 128, "zero_point": true})",
                "int4");
  expect_format(R"({"quant_method": "gptq", "bits": 4, "group_size": 128})", "int4");
  expect_format(R"({"quant_method": "gptq", "bits": 8, "group_size": -1})", "int8");
  EXPECT_NE(error_of(R"({"quant_method": "gptq", "bits": 3, "group_size": 128})")
                .find("quantization_config.bits 3"),
            std::string::npos);
  expect_format(R"({"quant_method": "bitsandbytes", "load_in_4bit": true,
                    "bnb_4bit_quant_type": "nf4", "bnb_4bit_use_double_quant": true})",
                "nf4");
  expect_format(R"({"quant_method": "bitsandbytes", "load_in_4bit": true,
                    "bnb_4bit_quant_type": "fp4", "bnb_4bit_use_double_quant": true})",
                "bnb-fp4");
  expect_format(R"({"quant_method": "bitsandbytes", "load_in_8bit": true})", "int8-llm-int8");
  EXPECT_NE(error_of(R"({"quant_method": "bitsandbytes", "load_in_4bit": true,
                         "bnb_4bit_quant_type": "nf4"})")
                .find("bnb_4bit_use_double_quant (absent)"),
            std::string::npos);
}

TEST(Quantization, UnknownMethodNamesTheFieldAndWhatIsRead) {
  const std::string error = error_of(R"({"quant_method": "hqq", "nbits": 4})");
  EXPECT_EQ(error,
            "config.json: quantization_config.quant_method \"hqq\" is not a checkpoint format "
            "llmtco reads (read: quant_method fp8, compressed-tensors, awq, gptq, mxfp4 or "
            "bitsandbytes)");
  EXPECT_NE(error_of(R"({"bits": 4})").find("quant_method (absent)"), std::string::npos);
}

TEST(Quantization, ReadInsideTextConfig) {
  const ModelArch m = parse_hf_config(
      R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "intermediate_size": 11008,
          "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000,
          "text_config": {"quantization_config": {"quant_method": "fp8"}}})",
      "config.json", "x");
  EXPECT_EQ(m.checkpoint_precision, "fp8");
}

}  // namespace
}  // namespace llmtco
