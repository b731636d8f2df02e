// Architectures built by hand from their config.json files, for tests that must
// not depend on the config readers.
#pragma once

#include "llmtco/model.h"

namespace llmtco {

// DeepSeek-V3 by hand from its config.json (../shared/data/model_configs/
// deepseek-ai--DeepSeek-V3.json), so this test does not depend on the reader.
inline ModelArch deepseek_v3() {
  ModelArch m;
  m.id = "deepseek-ai/DeepSeek-V3";
  m.architecture = "DeepseekV3ForCausalLM";
  m.hidden_size = 7168;
  m.num_layers = 61;
  m.num_heads = 128;
  m.num_kv_heads = 128;
  m.head_dim = 192;
  m.vocab_size = 129280;
  m.intermediate_size = 18432;
  m.max_position_embeddings = 163840;
  m.attention = AttentionKind::kLatent;
  m.latent = {.q_lora_rank = 1536,
              .kv_lora_rank = 512,
              .qk_rope_head_dim = 64,
              .qk_nope_head_dim = 128,
              .v_head_dim = 128};
  m.num_experts = 256;
  m.moe_layers = 58;
  m.experts_per_token = 8;
  m.moe_intermediate_size = 2048;
  m.num_shared_experts = 1;
  m.shared_expert_intermediate_size = 2048;
  m.expert_score_bias = true;
  m.mtp_layers = 1;
  m.checkpoint_precision = "fp8-block";
  return m;
}

// gpt-oss-120b by hand from ../shared/data/model_configs/openai--gpt-oss-120b.json.
inline ModelArch gpt_oss_120b() {
  ModelArch m;
  m.id = "openai/gpt-oss-120b";
  m.architecture = "GptOssForCausalLM";
  m.hidden_size = 2880;
  m.num_layers = 36;
  m.num_heads = 64;
  m.num_kv_heads = 8;
  m.head_dim = 64;
  m.vocab_size = 201088;
  m.qkv_bias = true;
  m.o_bias = true;
  m.attention_sinks = true;
  m.num_experts = 128;
  m.moe_layers = 36;
  m.experts_per_token = 4;
  m.moe_intermediate_size = 2880;
  m.router_bias = true;
  m.expert_bias = true;
  m.sliding_window = 128;
  m.sliding_window_layers = 18;
  m.checkpoint_precision = "mxfp4";
  return m;
}

}  // namespace llmtco
