// Reading a Hugging Face config.json into a ModelArch. Supported architectures
// are listed by supported_architectures(); anything else, a missing field or a
// value of the wrong type is an InputError naming it.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <span>
#include <string>
#include <string_view>

#include "llmtco/model.h"

namespace llmtco {

// "FalconForCausalLM", "GPTJForCausalLM", ... in alphabetical order.
std::span<const std::string_view> supported_architectures();

// Parses config.json text. `source` names it in messages; `id` becomes ModelArch::id.
ModelArch parse_hf_config(std::string_view json_text, const std::string& source,
                          const std::string& id);

}  // namespace llmtco
