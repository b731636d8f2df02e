// EngineProfile: what differs between serving engines in the speed model: the
// few efficiency factors applied to datasheet peaks (data/engines.json, fitted on
// published measurements where there are any) and the engine's scheduling limits
// and memory settings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace llmtco {

struct EngineProfile {
  std::string id;       // "vllm", "trtllm", "sglang", "hf-transformers", "gpt-fast"
  std::string name;     // "vLLM"
  std::string version;  // the versions the profile describes, for people: "0.6-0.8"
  // The lowest engine version the profile describes ("0.14"); a version asked
  // for picks the profile of the highest min_version at or below it.
  std::string min_version;
  // Continuous (in-flight) batching: requests join and leave the running batch at
  // every step. Without it (hf-transformers) a batch runs until its last request ends.
  bool continuous_batching = true;

  // Efficiency factors, each a fraction of a datasheet peak, in (0, 1].
  double compute_efficiency = 0.5;  // large matrix multiplies vs the dense tensor peak
  // FP8 matrix multiplies vs the dense FP8 peak (scaling and casting cost more).
  double fp8_compute_efficiency = 0.5;
  double fp4_compute_efficiency = 0.5;  // FP4 (NVFP4, MXFP4) vs the dense FP4 peak
  double bandwidth_efficiency = 0.8;    // weight and KV streaming vs peak memory bandwidth
  // Weight-only quantized kernels (8-bit and 4-bit weights with 16-bit math): their
  // bandwidth efficiency relative to 16-bit weights (dequantization costs time).
  double int8_weight_efficiency = 1.0;
  double int4_weight_efficiency = 1.0;
  // Costs that the roofline does not see, >= 0.
  double step_overhead_ms = 1.0;  // GPU time per step beyond the roofline (sampling, syncs)
  // CPU time per scheduling round (batch assembly, output processing); an engine
  // that overlaps it with the GPU (CUDA graphs, async scheduling) pays only what
  // exceeds the GPU time of the round's steps.
  double host_overhead_ms = 0;
  bool overlaps_host = true;
  double layer_launch_us = 0;            // eager engines: kernel launches per layer per step
  double request_overhead_ms = 0;        // per request: HTTP, tokenisation, admission (TTFT)
  double allreduce_latency_us = 10;      // one hop of a ring all-reduce: 2 (tp - 1) per all-reduce
  double interconnect_efficiency = 0.7;  // all-reduce bus bandwidth vs the link's peak

  // Limits and memory settings (ServingOptions takes them).
  std::int64_t max_num_seqs = 256;         // sequences decoded together, >= 1
  std::int64_t max_batched_tokens = 8192;  // tokens one forward step may carry, >= 1
  // Tokens per block of the paged KV cache (vLLM 16, TensorRT-LLM 32, SGLang 1): a
  // sequence holds whole blocks, taken as its context grows. >= 1.
  std::int64_t kv_block_tokens = 16;
  int scheduler_steps = 1;  // decode steps per scheduling round (vLLM multi-step), >= 1
  // Prompts (in chunks) run in the same steps as the running decodes; without it
  // a step that prefills pauses every decode (vLLM without chunked prefill).
  bool mixed_prefill = true;
  double gpu_memory_utilization = 0.9;  // share of GPU memory the engine may use
  double runtime_overhead_gib = 1.5;    // CUDA context, graphs, buffers per GPU

  std::string basis;  // how the factors were set: fitted (on what) or assumed (why)
};

// -1, 0 or 1 as version `a` is below, equal to or above `b`, comparing the dotted
// numbers one by one ("0.14.0" > "0.6"; a missing part counts as 0).
int compare_versions(const std::string& a, const std::string& b);

// The profile of engine `id` (any case) for `version`: the one with the highest
// min_version at or below it; for an empty version, the newest profile. Throws
// InputError naming the nearest engine, or the versions the engine's profiles cover.
const EngineProfile& find_engine_profile(std::span<const EngineProfile> engines,
                                         const std::string& id, const std::string& version);

}  // namespace llmtco
