// Llama 4, Gemma 3 and Mistral 3 config.json readers, with their vision towers.
#include "io/hf_config_fields.h"

namespace llmtco::detail {

void read_llama4(const Fields& f, ModelArch&) {
  f.fail("Llama4 configs are not read yet");
}

void read_gemma3(const Fields& f, ModelArch&) {
  f.fail("Gemma3 configs are not read yet");
}

void read_mistral3(const Fields& f, ModelArch&) {
  f.fail("Mistral3 configs are not read yet");
}

}  // namespace llmtco::detail
