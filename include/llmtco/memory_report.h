// The report of `llmtco memory`: the memory to serve a model, or to fine-tune it,
// on one GPU, and the table of catalog GPUs it fits on. MemoryRequest holds every
// input; the shells fill it from flags or a request body.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <cstdint>
#include <string>

#include "llmtco/catalogs.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/memory.h"
#include "llmtco/report.h"

namespace llmtco {

struct MemoryRequest {
  // A model of the catalogs: id, short name or alias (or a path the shell read).
  std::string model;
  // Weights (serve and lora; full is bf16, qlora nf4); checkpoint: the checkpoint's
  // own format (its quantization_config), bf16 unless quantized.
  std::string precision = "checkpoint";
  std::string kv_precision = "bf16";  // KV cache (serve)
  std::string gpu = "h100-sxm";       // the GPU of the per-GPU breakdown and the verdict
  std::string mode = "serve";         // serve, or fine-tuning: full, lora or qlora
  // Serve: sequences that must fit at once; fine-tuning: the micro-batch. 1 to 1,000,000.
  std::int64_t batch = 1;
  // Serve: tokens per sequence (prompt + output); fine-tuning: the sequence length.
  // 1 to 10,000,000.
  std::int64_t context_tokens = ServingOptions{}.context_tokens;
  // Serving only (ServingOptions), but checked in every mode.
  int tp = ServingOptions{}.tp;  // 1 to 64; in serve mode it must divide the attention heads
  double gpu_memory_utilization = ServingOptions{}.gpu_memory_utilization;  // 0.01 to 1
  std::int64_t max_batched_tokens = ServingOptions{}.max_batched_tokens;    // 1 to 10,000,000
  // Fine-tuning only (FinetuneOptions), but checked in every mode.
  int lora_rank = FinetuneOptions{}.lora_rank;  // 1 to 65,536
  // Comma-separated, each once: q, k, v, o, gate, up, down (a "_proj" suffix is
  // accepted).
  std::string lora_targets = "q,k,v,o,gate,up,down";
  int zero_stage = FinetuneOptions{}.zero_stage;  // DeepSpeed ZeRO stage, 0 to 3
  int gpus = FinetuneOptions{}.gpus;              // data-parallel GPUs, 1 to 4,096
  bool gradient_checkpointing = FinetuneOptions{}.gradient_checkpointing;
  bool flash_attention = FinetuneOptions{}.flash_attention;
  bool adam_8bit = FinetuneOptions{}.adam_8bit;
};

// Serve: parameter counts, weights, KV cache and the per-GPU breakdown on `gpu` at
// `tp`; a "fits" table of catalog GPUs x TP 1, 2, 4, 8; a note naming the smallest
// TP that fits on `gpu`. Fine-tuning: the memory per GPU at `gpus`, the table of
// catalog GPUs x 1, 2, 4, 8 data-parallel GPUs and the fewest that fit on `gpu`.
// Throws FieldError naming the member for a bad input (model, precision,
// kv_precision, gpu and mode for unknown names too).
Report memory_report(const Catalogs& catalogs, const MemoryRequest& request);

}  // namespace llmtco
