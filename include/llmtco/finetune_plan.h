// Fine-tuning a model on rented GPUs: the cheapest instance whose GPUs hold the
// training memory (finetune_memory.h), the time from the training FLOPs over the
// GPUs' peak at a stated utilisation, the cost of the run, and what the API
// charges to fine-tune on the same tokens. docs/methodology.md, "Fine-tuning time
// and cost", gives every formula.
#pragma once

#include <string>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/figure.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/gpu.h"
#include "llmtco/instance.h"
#include "llmtco/instance_search.h"
#include "llmtco/model.h"

namespace llmtco {

struct FinetuneJob {
  double dataset_tokens = 20e6;  // tokens in the training set; > 0
  double epochs = 3;             // passes over the dataset; > 0
  // Method, LoRA rank and targets, sequence length, micro batch, checkpointing:
  // what the memory model takes. `gpus` and `zero_stage` are chosen per instance.
  FinetuneOptions options;
  // Share of the GPUs' dense BF16 peak the training step sustains, counting the
  // recomputed forward pass of gradient checkpointing as work; (0, 1].
  double utilisation = 0.35;
  // Months between re-tunes: a run's cost, self-hosted or through the API, is
  // spread over them; > 0.
  double retune_months = 1;
};

// QLoRA's time over LoRA's for the same FLOPs: its NF4 base is dequantized to bf16
// before every matrix multiply, forward and backward. One published measurement
// (docs/methodology.md, "Fine-tuning time and cost").
inline constexpr double kQloraDequantizationTimeFactor = 1.39;

// Where and how fine-tuning runs.
struct FinetuneSearch {
  std::vector<std::string> clouds;   // empty: every cloud
  std::vector<std::string> regions;  // patterns as DeploymentSearch's; empty: every region
  // The scenario's pricing. A run is priced on demand or on spot, never at a
  // reservation: a reservation is a year's (or three years') commitment and the
  // job lasts hours, so reserved_1y and reserved_3y price the run on demand.
  Pricing pricing = Pricing::kOnDemand;
  bool include_flagged = false;  // price rows the catalog's checks flag too
};

// The pricing a run is billed at: spot stays spot, a reservation becomes on-demand.
Pricing finetune_pricing(Pricing scenario_pricing);

struct FinetuneRun {
  const Instance* instance = nullptr;    // never null in a plan's runs
  Pricing pricing = Pricing::kOnDemand;  // finetune_pricing() of the search's
  double usd_per_hour = 0;               // at that pricing, in the instance's region
  const Gpu* gpu = nullptr;              // the instance's GPU, from the GPU catalog
  int gpus = 0;                          // the instance's GPUs, all training
  // 0: every GPU holds the whole model (plain data parallelism); 3: ZeRO-3 shards
  // weights, gradients and optimizer states across the GPUs. Full fine-tuning on
  // more than one GPU: 3; LoRA and QLoRA: 0 where the run fits that way, else 3
  // (the frozen base sharded too).
  int zero_stage = 0;
  FinetuneMemory memory;       // per GPU, as the run is configured
  double training_tokens = 0;  // dataset_tokens x epochs
  double training_flops = 0;   // the method's FLOPs per token x training_tokens
  // training_flops / (gpus x peak x utilisation) / 3600, x kQloraDequantizationTimeFactor
  // for QLoRA
  double compute_hours = 0;
  // ZeRO-3 only (else 0): per step, the ring all-gather of the sharded weights in the
  // forward and again in the backward pass and the reduce-scatter of the trained
  // weights' gradients, (gpus - 1) / gpus x (2 x weights + gradients) bytes over one
  // direction of the GPU interconnect; not overlapped with compute.
  double step_communication_s = 0;
  double steps = 0;                // training_tokens / (gpus x micro_batch x sequence_tokens)
  double communication_hours = 0;  // steps x step_communication_s / 3600
  double hours = 0;                // compute_hours + communication_hours
  double cost_usd = 0;             // hours x usd_per_hour
  double usd_per_month = 0;        // cost_usd / retune_months
};

struct FinetunePlan {
  std::vector<FinetuneRun> runs;         // every instance that fits, cheapest run first
  std::string why_none;                  // when runs is empty: why nothing fits
  Pricing pricing = Pricing::kOnDemand;  // what the runs are billed at
  std::vector<const Instance*> flagged;  // priced rows left out for the catalog's flags
};

// Why a reserved pricing prices a fine-tuning run on demand, one sentence; "" for
// on-demand and spot.
std::string finetune_pricing_note(Pricing scenario_pricing);

// "full", "LoRA", "QLoRA".
const char* finetune_method_name(FinetuneMethod method);

// Training FLOPs per training token: full 6 x params (forward 2, backward 4);
// LoRA and QLoRA 4 x params (no weight gradients of the frozen base); plus the
// forward pass again (2 x params) under gradient checkpointing. Active params for MoE.
double finetune_flops_per_token(const ModelArch& model, const FinetuneOptions& options);

// The runs on every priced instance of the catalogs, cheapest region per instance
// type (priced_types()), whose GPUs hold the memory; an instance whose GPU the
// catalogs lack is skipped.
FinetunePlan plan_finetune(const Catalogs& catalogs, const ModelArch& model, const FinetuneJob& job,
                           const FinetuneSearch& search);

// What the API charges: training tokens x the price per million training tokens.
double api_finetune_cost_usd(double training_tokens, double training_usd_per_1m);

// What any run of the job trains on, method "physics": finetune_training_tokens,
// finetune_flops_per_token, finetune_training_flops.
std::vector<Figure> finetune_job_figures(const ModelArch& model, const FinetuneJob& job);

// The figures of `llmtco finetune` for the cheapest run, method "physics": the job's,
// then finetune_memory_per_gpu_gb, finetune_hours, finetune_usd_per_hour,
// finetune_run_cost_usd, finetune_usd_per_month; with ZeRO-3 also
// finetune_compute_hours and finetune_communication_hours before finetune_hours.
std::vector<Figure> finetune_run_figures(const ModelArch& model, const FinetuneJob& job,
                                         const FinetuneRun& run);

// The API's side, method "physics": api_finetune_cost_usd and
// api_finetune_usd_per_month; `price_source` says where the price comes from.
std::vector<Figure> api_finetune_figures(const FinetuneJob& job, double training_usd_per_1m,
                                         const std::string& price_source);

}  // namespace llmtco
