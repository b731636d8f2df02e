// quantization_config: the checkpoint's weight format, as a precision id of
// data/precisions.json. The formats and their fields are those transformers reads
// (huggingface/transformers src/transformers/utils/quantization_config.py:
// FineGrainedFP8Config, CompressedTensorsConfig, AwqConfig, GPTQConfig,
// Mxfp4Config, BitsAndBytesConfig).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>

#include "io/hf_config_fields.h"

namespace llmtco::detail {
namespace {

constexpr const char* kMethods =
    "quant_method fp8, compressed-tensors, awq, gptq, mxfp4 or bitsandbytes";

// A value the reader does not map to a precision: one line naming the field, its
// value and what is read.
[[noreturn]] void refuse(const Fields& q, const char* key, const std::string& read) {
  q.fail(fmt::format("{} {} is not a checkpoint format llmtco reads (read: {})", q.name(key),
                     q.has(key) ? q.json().at(key).dump() : "(absent)", read));
}

void set(ModelArch& m, const char* precision, const std::string& note) {
  m.checkpoint_precision = precision;
  m.checkpoint_format_note = "quantization_config: " + note;
}

bool is_block_128(const Fields& q, const char* key) {
  return q.has(key) && q.json().at(key) == Json::array({128, 128});
}

// FineGrainedFP8Config (DeepSeek-V3): E4M3 values and, with weight_block_size,
// one FP32 weight_scale_inv per 128x128 block; without it one scale per tensor.
void read_fp8(const Fields& q, ModelArch& m) {
  if (q.string_or("fmt", "e4m3") != "e4m3") refuse(q, "fmt", "e4m3");
  if (!q.has("weight_block_size")) {
    set(m, "fp8", "quant_method fp8, one scale per tensor");
    return;
  }
  if (!is_block_128(q, "weight_block_size")) refuse(q, "weight_block_size", "[128, 128]");
  set(m, "fp8-block", "quant_method fp8, E4M3 with an FP32 scale per 128x128 block");
}

// One compressed-tensors weight scheme and the precision it is.
struct Scheme {
  const char* type;
  std::int64_t bits;
  const char* strategy;
  std::int64_t group_size;  // 0: not grouped
  const char* precision;
};

constexpr std::array<Scheme, 6> kSchemes{{{"float", 8, "tensor", 0, "fp8"},
                                          {"float", 8, "channel", 0, "fp8"},
                                          {"float", 8, "block", 0, "fp8-block"},
                                          {"float", 4, "tensor_group", 16, "nvfp4"},
                                          {"int", 4, "group", 128, "int4"},
                                          {"int", 8, "channel", 0, "int8"}}};

constexpr const char* kSchemesRead =
    "float 8-bit by tensor, channel or block [128, 128]; float 4-bit tensor_group of 16 (NVFP4); "
    "int 4-bit group of 128; int 8-bit channel";

// compressed-tensors (llm-compressor): one config group whose `weights` give
// num_bits, type, strategy and group_size (or block_structure).
void read_compressed_tensors(const Fields& q, ModelArch& m) {
  const Fields groups = q.object("config_groups", /*required=*/true);
  if (groups.json().size() != 1) refuse(q, "config_groups", "one config group");
  const std::string group = groups.json().begin().key();
  const Fields w = groups.object(group.c_str(), true).object("weights", true);
  const std::string type = w.string_or("type", "");
  const std::int64_t bits = w.positive("num_bits");
  const std::string strategy = w.string_or("strategy", "");
  const std::int64_t group_size = w.positive_or("group_size", 0);
  for (const Scheme& s : kSchemes) {
    if (type != s.type || bits != s.bits || strategy != s.strategy || group_size != s.group_size)
      continue;
    if (strategy == "block" && !is_block_128(w, "block_structure")) {
      refuse(w, "block_structure", "[128, 128]");
    }
    set(m, s.precision,
        fmt::format("quant_method compressed-tensors, {} {}-bit weights by {}{}", type, bits,
                    strategy, group_size > 0 ? fmt::format(" of {}", group_size) : ""));
    return;
  }
  refuse(w, "strategy", kSchemesRead);
}

// AWQ and GPTQ: `bits` integer weights in groups of `group_size` (-1: per channel).
void read_awq_gptq(const Fields& q, ModelArch& m, const std::string& method) {
  const std::int64_t bits = q.positive("bits");
  const bool per_channel = q.has("group_size") && q.json().at("group_size") == -1;
  const std::int64_t group_size = per_channel ? -1 : q.positive_or("group_size", 128);
  if (bits == 4 && group_size == 128) {
    set(m, "int4", method + ", 4-bit integer weights in groups of 128");
  } else if (bits == 8 && per_channel) {
    set(m, "int8", method + ", 8-bit integer weights, a scale per channel");
  } else {
    refuse(q, "bits", "bits 4 with group_size 128, bits 8 with group_size -1");
  }
}

// Mxfp4Config (gpt-oss): the routed experts in MXFP4; modules_to_not_convert
// lists what stays 16-bit, which must be all but the experts.
void read_mxfp4(const Fields& q, ModelArch& m) {
  constexpr std::array<const char*, 4> kKept{"self_attn", "router", "embed_tokens", "lm_head"};
  const std::vector<std::string> kept = q.strings("modules_to_not_convert");
  for (const std::string& module : kept) {
    const bool known = std::any_of(kKept.begin(), kKept.end(), [&](const char* part) {
      return module.find(part) != std::string::npos;
    });
    if (!known) {
      refuse(q, "modules_to_not_convert",
             "modules of self_attn, router, embed_tokens and lm_head: all but the experts");
    }
  }
  set(m, "mxfp4",
      fmt::format(
          "quant_method mxfp4, the routed experts in MXFP4; not converted: {}",
          kept.empty() ? std::string("(none listed)") : fmt::format("{}", fmt::join(kept, ", "))));
}

// BitsAndBytesConfig: LLM.int8(), or 4-bit NF4/FP4 with double quantization.
void read_bitsandbytes(const Fields& q, ModelArch& m) {
  if (q.flag_or("load_in_8bit", false)) {
    set(m, "int8-llm-int8", "quant_method bitsandbytes, load_in_8bit (LLM.int8())");
    return;
  }
  if (!q.flag_or("load_in_4bit", false))
    refuse(q, "load_in_4bit", "load_in_4bit or load_in_8bit true");
  if (!q.flag_or("bnb_4bit_use_double_quant", false)) {
    refuse(q, "bnb_4bit_use_double_quant", "true (the 4-bit formats read are double-quantized)");
  }
  const std::string type = q.string_or("bnb_4bit_quant_type", "fp4");
  if (type != "nf4" && type != "fp4") refuse(q, "bnb_4bit_quant_type", "nf4, fp4");
  set(m, type == "nf4" ? "nf4" : "bnb-fp4",
      fmt::format("quant_method bitsandbytes, load_in_4bit, {} with double quantization", type));
}

}  // namespace

void read_quantization(const Fields& f, ModelArch& m) {
  const Fields top = f.object("quantization_config", false);
  const Fields q = f.has("quantization_config")
                       ? top
                       : f.object("text_config", false).object("quantization_config", false);
  if (q.json().empty()) return;
  if (!q.has("quant_method")) refuse(q, "quant_method", kMethods);
  const std::string method = q.string_or("quant_method", "");
  if (method == "fp8") {
    read_fp8(q, m);
  } else if (method == "compressed-tensors") {
    read_compressed_tensors(q, m);
  } else if (method == "awq" || method == "gptq") {
    read_awq_gptq(q, m, "quant_method " + method);
  } else if (method == "mxfp4") {
    read_mxfp4(q, m);
  } else if (method == "bitsandbytes") {
    read_bitsandbytes(q, m);
  } else {
    refuse(q, "quant_method", kMethods);
  }
}

}  // namespace llmtco::detail
