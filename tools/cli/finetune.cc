// llmtco finetune MODEL --dataset-tokens N [...]: the cheapest cloud instance whose
// GPUs hold the fine-tuning memory, the time and cost of a run on it, and what the
// API charges to train on the same tokens; both spread over a re-tuning period.
#include <memory>
#include <string>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/clock.h"
#include "llmtco/finetune_report.h"
#include "llmtco/instance_catalog.h"
#include "output.h"
#include "scenario_args.h"

namespace llmtco::cli {
namespace {

struct FinetuneCliOptions {
  FinetuneRequest request;
  std::vector<std::string> instances;  // price files or directories; empty: built in
  bool no_checkpointing = false;
  bool no_flash_attention = false;
  OutputOptions output;
};

constexpr FieldFlag kRenamed[] = {{"model", ""}};

}  // namespace

std::function<int()> define_finetune(CLI::App& app) {
  auto o = std::make_shared<FinetuneCliOptions>();
  FinetuneRequest& r = o->request;
  app.add_option("model", r.model,
                 "catalog name or Hugging Face id (llmtco catalog models), or a path to a "
                 "config.json or its directory")
      ->required()
      ->type_name("MODEL");
  app.add_option("--dataset-tokens", r.dataset_tokens,
                 "tokens in the training set, > 0 and <= 1e15")
      ->required()
      ->type_name("N");
  app.add_option("--epochs", r.epochs, "passes over the dataset, > 0 and <= 1,000")
      ->capture_default_str();
  app.add_option("--method", r.method, "full, lora or qlora (a 4-bit NF4 base)")
      ->capture_default_str();
  app.add_option("--lora-rank", r.lora_rank, "LoRA rank (every linear layer adapted), 1 to 65,536")
      ->capture_default_str();
  app.add_option("--sequence-tokens", r.sequence_tokens,
                 "tokens per training sequence, 1 to 10,000,000")
      ->capture_default_str();
  app.add_option("--micro-batch", r.micro_batch, "sequences per GPU per step, 1 to 1,000,000")
      ->capture_default_str();
  app.add_flag("--no-gradient-checkpointing", o->no_checkpointing,
               "keep every activation instead of recomputing the forward pass");
  app.add_flag("--no-flash-attention", o->no_flash_attention, "keep the attention matrices");
  app.add_flag("--adam-8bit", r.adam_8bit, "8-bit Adam moments");
  app.add_option("--utilisation", r.utilisation,
                 "share of the GPUs' dense BF16 peak a training step sustains, 0.01 to 1")
      ->capture_default_str();
  app.add_option("--clouds", r.clouds,
                 "only these clouds (aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, "
                 "nebius, oci, paperspace, primeintellect, runpod, shadeform, vast, verda; 'all': "
                 "all but the volatile marketplaces, see llmtco catalog clouds)")
      ->delimiter(',')
      ->type_name("CLOUD[,CLOUD...]");
  app.add_option("--regions", r.regions,
                 "comma-separated region patterns, '*' matching any characters: us-*,europe-* "
                 "(default: every region)")
      ->type_name("PATTERN[,PATTERN...]");
  app.add_option("--pricing", r.pricing,
                 "on_demand or spot; reserved_1y and reserved_3y price the run on demand (a "
                 "reservation is a year's commitment, the job lasts hours)")
      ->capture_default_str();
  add_include_flagged_flag(app, r.include_flagged);
  app.add_option("--instances", o->instances,
                 "read these price files or directories (SkyPilot catalog CSVs) instead of the "
                 "built-in snapshot")
      ->type_name("FILE_OR_DIR");
  auto* price =
      app.add_option(
             "--api-training-usd-per-1m", r.api_training_usd_per_1m,
             "the API's price per 1M training tokens, 0 to 1,000,000, instead of --api-model's")
          ->type_name("USD");
  app.add_option("--api-model", r.api_model,
                 "API model whose fine-tuning training price to compare (llmtco catalog apis)")
      ->capture_default_str()
      ->excludes(price);
  app.add_option("--retune-months", r.retune_months,
                 "months between re-tunes, 0.01 to 1,200; each run's cost is spread over them")
      ->capture_default_str();
  app.add_option("--top", r.top, "runs to list, 1 to 1,000,000")->capture_default_str();
  add_output_options(app, o->output);
  return [o] {
    o->request.gradient_checkpointing = !o->no_checkpointing;
    o->request.flash_attention = !o->no_flash_attention;
    o->request.today_iso = today_utc_iso();
    Catalogs catalogs =
        cli_catalogs({.instances = o->instances.empty(), .benchmarks = false}, o->request.model);
    if (!o->instances.empty()) catalogs.instances = load_instance_catalog(o->instances);
    emit(with_flag_errors(kRenamed, [&] { return finetune_report(catalogs, o->request); }),
         o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
