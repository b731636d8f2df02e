// Fine-tuning a model on rented GPUs: the cheapest instance whose GPUs hold the
// training memory (finetune_memory.h), the time from the training FLOPs over the
// GPUs' peak at a stated utilisation, the cost of the run, and what the API
// charges to fine-tune on the same tokens. docs/methodology.md, "Fine-tuning time
// and cost", gives every formula.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/instance.h"
#include "llmtco/model.h"

namespace llmtco {

struct FinetuneJob {
  double dataset_tokens = 20e6;  // tokens in the training set; > 0
  double epochs = 3;             // passes over the dataset; > 0
  // Method, LoRA rank and targets, sequence length, micro batch, checkpointing:
  // what the memory model takes. `gpus` and `zero_stage` are chosen per instance.
  FinetuneOptions options;
  // Share of the GPUs' dense BF16 peak the training step sustains; (0, 1].
  double utilisation = 0.35;
};

// Where and how fine-tuning runs.
struct FinetuneSearch {
  std::vector<std::string> clouds;  // empty: every cloud
  Pricing pricing = Pricing::kOnDemand;
};

struct FinetuneRun {
  const Instance* instance = nullptr;  // never null in a plan's runs
  double usd_per_hour = 0;             // at the search's pricing
  int gpus = 0;                        // the instance's GPUs, all training
  FinetuneMemory memory;               // per GPU, as the run is configured
  double training_tokens = 0;          // dataset_tokens x epochs
  double training_flops = 0;           // the method's FLOPs per token x training_tokens
  double hours = 0;                    // training_flops / (gpus x peak x utilisation) / 3600
  double cost_usd = 0;                 // hours x usd_per_hour
};

struct FinetunePlan {
  std::vector<FinetuneRun> runs;  // every instance that fits, cheapest run first
  std::string why_none;           // when runs is empty: why nothing fits
};

// Training FLOPs per training token: full 6 x params (forward 2, backward 4);
// LoRA and QLoRA 4 x params (no weight gradients of the frozen base); plus the
// forward pass again (2 x params) under gradient checkpointing. Active params for MoE.
double finetune_flops_per_token(const ModelArch& model, const FinetuneOptions& options);

// The runs on every priced instance of the catalog, cheapest region per instance
// type, whose GPUs hold the memory.
FinetunePlan plan_finetune(const ModelArch& model, const FinetuneJob& job,
                           const std::vector<Instance>& instances, const FinetuneSearch& search);

// What the API charges: training tokens x the price per million training tokens.
double api_finetune_cost_usd(double training_tokens, double training_usd_per_1m);

// The figures of `llmtco finetune` for the cheapest run, method "physics".
std::vector<Figure> finetune_run_figures(const ModelArch& model, const FinetuneJob& job,
                                         const FinetuneRun& run);

}  // namespace llmtco
