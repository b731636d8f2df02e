// DeepSeek-V2/V3, GLM-4.5 and gpt-oss config.json readers.
#include "io/hf_config_fields.h"

namespace llmtco::detail {

void read_deepseek(const Fields& f, ModelArch&) {
  f.fail("DeepseekV2/V3 configs are not read yet");
}

void read_glm4_moe(const Fields& f, ModelArch&) {
  f.fail("Glm4Moe configs are not read yet");
}

void read_gpt_oss(const Fields& f, ModelArch&) {
  f.fail("GptOss configs are not read yet");
}

}  // namespace llmtco::detail
