// llmtco memory MODEL: parameters and the memory to serve a model, and the
// catalog GPUs and tensor-parallel sizes it fits on.
#include <memory>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/memory_report.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct MemoryOptions {
  MemoryRequest request;
  bool no_checkpointing = false;
  bool no_flash_attention = false;
  OutputOptions output;
};

constexpr FieldFlag kRenamed[] = {
    {"model", ""}, {"context_tokens", "--context"}, {"zero_stage", "--zero"}};

}  // namespace

std::function<int()> define_memory(CLI::App& app) {
  auto o = std::make_shared<MemoryOptions>();
  MemoryRequest& r = o->request;
  app.add_option("model", r.model,
                 "catalog name or Hugging Face id (llmtco catalog models), or a path to a "
                 "config.json or its directory")
      ->required()
      ->type_name("MODEL");
  app.add_option("--precision", r.precision,
                 "weight precision (data/precisions.json); checkpoint: the checkpoint's own format "
                 "(config.json quantization_config), bf16 unless quantized")
      ->capture_default_str();
  app.add_option("--kv-precision", r.kv_precision, "KV-cache precision")->capture_default_str();
  app.add_option("--gpu", r.gpu, "GPU for the per-GPU breakdown (llmtco catalog gpus)")
      ->capture_default_str();
  app.add_option("--tp", r.tp, "tensor-parallel GPUs for the breakdown, 1 to 64")
      ->capture_default_str();
  app.add_option("--context", r.context_tokens,
                 "tokens per sequence (prompt + output), 1 to 10,000,000")
      ->capture_default_str();
  app.add_option("--batch", r.batch, "sequences that must fit at once, 1 to 1,000,000")
      ->capture_default_str();
  app.add_option("--gpu-memory-utilization", r.gpu_memory_utilization,
                 "the engine's memory cap, a fraction of the GPU, 0.01 to 1")
      ->capture_default_str();
  app.add_option("--max-batched-tokens", r.max_batched_tokens,
                 "tokens one forward pass may batch (activation workspace), 1 to 10,000,000")
      ->capture_default_str();
  app.add_option("--mode", r.mode, "what to size: serve, or fine-tuning: full, lora or qlora")
      ->capture_default_str();
  app.add_option("--lora-rank", r.lora_rank, "LoRA rank, 1 to 65,536")->capture_default_str();
  app.add_option("--lora-targets", r.lora_targets,
                 "modules LoRA adapts, comma-separated, each once")
      ->capture_default_str();
  app.add_option("--zero", r.zero_stage, "DeepSpeed ZeRO stage (fine-tuning), 0 to 3")
      ->capture_default_str();
  app.add_option("--gpus", r.gpus, "data-parallel GPUs for the breakdown (fine-tuning), 1 to 4,096")
      ->capture_default_str();
  app.add_flag("--no-gradient-checkpointing", o->no_checkpointing,
               "keep every activation instead of recomputing (fine-tuning)");
  app.add_flag("--no-flash-attention", o->no_flash_attention,
               "keep the attention matrices (fine-tuning)");
  app.add_flag("--adam-8bit", r.adam_8bit, "8-bit Adam moments (fine-tuning)");
  add_output_options(app, o->output);
  return [o] {
    o->request.gradient_checkpointing = !o->no_checkpointing;
    o->request.flash_attention = !o->no_flash_attention;
    const Catalogs catalogs =
        cli_catalogs({.instances = false, .api = false, .benchmarks = false}, o->request.model);
    emit(with_flag_errors(kRenamed, [&] { return memory_report(catalogs, o->request); }),
         o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
