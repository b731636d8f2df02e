// Typed access to the fields of one config.json object, with messages that name
// the file and the field; shared by the architecture readers (src/io/hf_config*.cc).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "llmtco/error.h"
#include "llmtco/model.h"

namespace llmtco::detail {

using Json = nlohmann::json;

// The largest value a config.json integer `key` may take (src/io/hf_config.cc,
// kBounds); every integer a reader reads has one.
std::int64_t field_max(std::string_view key);

// A JSON integer from min to max; nlohmann keeps non-negative integers unsigned.
bool whole_in(const Json& v, std::int64_t min, std::int64_t max);

class Fields {
 public:
  // `prefix` names a nested object in messages ("text_config."); empty at the top.
  Fields(const Json& json, std::string source, std::string architecture, std::string prefix = "")
      : json_(json),
        source_(std::move(source)),
        architecture_(std::move(architecture)),
        prefix_(std::move(prefix)) {}

  bool has(const char* key) const { return json_.contains(key) && !json_.at(key).is_null(); }

  std::int64_t positive(const char* key) const;
  std::int64_t positive_or(const char* key, std::int64_t fallback) const;
  std::int64_t non_negative_or(const char* key, std::int64_t fallback) const;
  bool flag_or(const char* key, bool fallback) const;
  std::string string_or(const char* key, const std::string& fallback) const;
  double number_or(const char* key, double fallback) const;
  // The strings of the list at `key` (empty when absent).
  std::vector<std::string> strings(const char* key) const;
  // Which of `layers` layers the list at `key` names (each a layer number).
  std::vector<bool> layers_listed(const char* key, std::int64_t layers) const;
  // The object at `key` as Fields named "<prefix><key>."; an InputError when
  // absent and `required`, else the Fields of an empty object.
  Fields object(const char* key, bool required) const;

  // "text_config.hidden_size": the field's name as a message gives it.
  std::string name(const char* key) const { return prefix_ + key; }
  const std::string& architecture() const { return architecture_; }
  const std::string& source() const { return source_; }
  const Json& json() const { return json_; }

  [[noreturn]] void fail(const std::string& what) const;
  // A field whose value changes the count in a way the reader does not model: an
  // error naming it, its value and what is read.
  [[noreturn]] void unsupported(const char* key, const std::string& supported) const;

 private:
  std::int64_t checked(const char* key, std::int64_t min) const;

  const Json& json_;
  std::string source_;
  std::string architecture_;
  std::string prefix_;
};

// The fields most decoder configs share (Llama's names).
void read_llama_like(const Fields& f, ModelArch& m);

// The architecture readers beyond the Llama-like core, one per family; each
// fills `m` from `f` (the top-level object) and throws InputError naming the field.
// src/io/hf_config_moe.cc:
void read_deepseek(const Fields& f, ModelArch& m);  // DeepseekV2/V3 (and Kimi-K2)
void read_glm4_moe(const Fields& f, ModelArch& m);
void read_gpt_oss(const Fields& f, ModelArch& m);
// src/io/hf_config_multimodal.cc:
void read_llama4(const Fields& f, ModelArch& m);  // Llama4ForConditionalGeneration/CausalLM
void read_gemma3(const Fields& f, ModelArch& m);  // Gemma3ForConditionalGeneration/CausalLM
void read_mistral3(const Fields& f, ModelArch& m);
// src/io/hf_quantization.cc: quantization_config (at the top or in text_config)
// into checkpoint_precision and checkpoint_format_note.
void read_quantization(const Fields& f, ModelArch& m);

}  // namespace llmtco::detail
