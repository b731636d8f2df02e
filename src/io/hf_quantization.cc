// quantization_config: the checkpoint's weight format.
#include "io/hf_config_fields.h"

namespace llmtco::detail {

void read_quantization(const Fields&, ModelArch&) {}

}  // namespace llmtco::detail
