// The report of `llmtco finetune`: the cheapest cloud instance whose GPUs hold the
// fine-tuning memory, the time and cost of a run on it, and what the API charges to
// train on the same tokens, both spread over a re-tuning period (finetune_plan.h).
// FinetuneRequest holds every input; the shells fill it from flags or a request body.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/finetune_plan.h"
#include "llmtco/instance.h"
#include "llmtco/report.h"

namespace llmtco {

struct FinetuneRequest {
  // A model of the catalogs: id, short name or alias (or a path the shell read).
  std::string model;
  // The job (FinetuneJob and its FinetuneOptions; every linear layer is adapted).
  double dataset_tokens = FinetuneJob{}.dataset_tokens;              // > 0 and <= 1e15
  double epochs = FinetuneJob{}.epochs;                              // > 0 and <= 1,000
  std::string method = "lora";                                       // full, lora or qlora
  int lora_rank = FinetuneOptions{}.lora_rank;                       // 1 to 65,536
  std::int64_t sequence_tokens = FinetuneOptions{}.sequence_tokens;  // 1 to 10,000,000
  std::int64_t micro_batch = FinetuneOptions{}.micro_batch;          // 1 to 1,000,000
  bool gradient_checkpointing = FinetuneOptions{}.gradient_checkpointing;
  bool flash_attention = FinetuneOptions{}.flash_attention;
  bool adam_8bit = FinetuneOptions{}.adam_8bit;
  double utilisation = FinetuneJob{}.utilisation;      // of the dense BF16 peak, 0.01 to 1
  double retune_months = FinetuneJob{}.retune_months;  // 0.01 to 1,200
  // Where it runs.
  std::vector<std::string> clouds;  // kInstanceClouds names or "all"; empty: every cloud
  std::string regions;              // patterns as self_host.regions; empty: every region
  // on_demand, spot, reserved_1y or reserved_3y; a reservation prices the run on
  // demand (finetune_pricing()).
  std::string pricing = "on_demand";
  bool include_flagged = false;  // price the rows the catalog flags too
  std::string today_iso;         // YYYY-MM-DD, for a stale price; "": not aged
  // The API's side: the training price per 1M training tokens, given (0 to
  // 1,000,000 USD), or else `api_model`'s in the catalogs' API prices.
  std::string api_model = "gpt-3.5-turbo";
  std::optional<double> api_training_usd_per_1m;
  int top = 10;  // runs to list, 1 to 1,000,000
};

// The figures of the cheapest run on the catalogs' instances and the API's, a "runs"
// table of the `top` cheapest, and notes: which side is cheaper, the monthly costs,
// the dates and sources of the prices, the catalog's warnings about listed
// instances. Nothing fitting is an answer, not an error. Throws FieldError naming
// the member for a bad input (model, pricing and api_model for unknown names too).
Report finetune_report(const Catalogs& catalogs, const FinetuneRequest& request);

}  // namespace llmtco
