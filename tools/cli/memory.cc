// llmtco memory MODEL: parameters and the memory to serve a model, and the
// catalog GPUs and tensor-parallel sizes it fits on.
#include "llmtco/memory.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

#include "commands.h"
#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/model_catalog.h"
#include "llmtco/number_format.h"
#include "llmtco/units.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct MemoryOptions {
  std::string model;
  std::string precision = "bf16";
  std::string kv_precision = "bf16";
  std::string gpu = "h100-sxm";
  std::string mode = "serve";
  std::int64_t batch = 1;  // serve: sequences that must fit at once; training: micro-batch
  std::string lora_targets = "q,k,v,o,gate,up,down";
  bool no_checkpointing = false;
  bool no_flash_attention = false;
  ServingOptions serving;
  FinetuneOptions finetune;
  OutputOptions output;
};

constexpr int kTpSizes[] = {1, 2, 4, 8};

Table fits_table(const ModelArch& model, const Precision& weights, const Precision& kv,
                 const MemoryOptions& o) {
  Table table{
      .id = "fits",
      .title = fmt::format("Where it fits: catalog GPUs x tensor parallelism, {} "
                           "sequence(s) of {} tokens",
                           o.batch, o.serving.context_tokens),
      .columns = {"gpu", "tp", "fits", "kv_cache_tokens", "max_concurrent_sequences", "why_not"}};
  for (const Gpu& gpu : gpu_catalog()) {
    for (int tp : kTpSizes) {
      ServingOptions serving = o.serving;
      serving.tp = tp;
      if (const std::string problem = tp_problem(model, tp); !problem.empty()) {
        table.rows.push_back({gpu.id, std::int64_t{tp}, false, {}, {}, problem});
        continue;
      }
      const ServingMemory s = serving_memory(model, weights, kv, gpu, serving);
      const bool fits = s.max_sequences >= o.batch;
      std::string why;
      if (s.kv_free_bytes <= 0) {
        why = "weights, workspace and overhead exceed the usable memory";
      } else if (!fits) {
        why = fmt::format("room for {} sequence(s) only", s.max_sequences);
      }
      table.rows.push_back({gpu.id, std::int64_t{tp}, fits, s.kv_tokens, s.max_sequences, why});
    }
  }
  return table;
}

// One line on the chosen GPU: the smallest TP that fits, and with what room.
std::string verdict(const ModelArch& model, const Precision& weights, const Precision& kv,
                    const Gpu& gpu, const MemoryOptions& o) {
  std::string out;
  for (int tp : kTpSizes) {
    if (!tp_problem(model, tp).empty()) continue;
    ServingOptions serving = o.serving;
    serving.tp = tp;
    const ServingMemory s = serving_memory(model, weights, kv, gpu, serving);
    if (s.max_sequences >= o.batch) {
      return out + fmt::format(
                       "{} {} x {} at TP {} with room for {} concurrent sequences of {} "
                       "tokens ({} KV-cache tokens per GPU).",
                       out.empty() ? model.id + " fits" : "it fits", tp, gpu.id, tp,
                       format_number(static_cast<double>(s.max_sequences)),
                       format_number(static_cast<double>(o.serving.context_tokens)),
                       format_number(static_cast<double>(s.kv_tokens)));
    }
    out += out.empty() ? model.id + " does not fit " : "nor ";
    out += fmt::format("{} x {} ({} GiB each); ", tp, gpu.id, format_number(gpu.memory_gib));
  }
  return out + fmt::format("it does not fit up to 8 x {}.", gpu.id);
}

constexpr int kGpuCounts[] = {1, 2, 4, 8};

FinetuneOptions finetune_options(const MemoryOptions& o, int gpus) {
  FinetuneOptions f = o.finetune;
  f.method = o.mode == "full"    ? FinetuneMethod::kFull
             : o.mode == "qlora" ? FinetuneMethod::kQlora
                                 : FinetuneMethod::kLora;
  f.micro_batch = o.batch;
  f.sequence_tokens = o.serving.context_tokens;
  f.gradient_checkpointing = !o.no_checkpointing;
  f.flash_attention = !o.no_flash_attention;
  f.gpus = gpus;
  f.lora_targets.clear();
  std::size_t start = 0;
  while (start <= o.lora_targets.size()) {
    const std::size_t comma = std::min(o.lora_targets.find(',', start), o.lora_targets.size());
    const std::string name = o.lora_targets.substr(start, comma - start);
    LoraTarget target;
    if (!parse_lora_target(name, target)) {
      throw InputError(fmt::format(
          "--lora-targets: unknown module '{}' (valid: q, k, v, o, gate, up, down)", name));
    }
    f.lora_targets.push_back(target);
    start = comma + 1;
  }
  return f;
}

Table finetune_table(const ModelArch& model, const Precision& base, const MemoryOptions& o) {
  Table table{
      .id = "fits",
      .title = fmt::format("Where it fits: catalog GPUs x data-parallel GPUs, ZeRO stage {}",
                           o.finetune.zero_stage),
      .columns = {"gpu", "gpus", "fits", "finetune_memory_per_gpu_gb", "gpu_memory_gb"}};
  for (const Gpu& gpu : gpu_catalog()) {
    for (int gpus : kGpuCounts) {
      const FinetuneMemory r = finetune_memory(model, base, finetune_options(o, gpus));
      table.rows.push_back({gpu.id, std::int64_t{gpus}, r.total_bytes <= gpu.memory_bytes(),
                            r.total_bytes / kBytesPerGb, gpu.memory_bytes() / kBytesPerGb});
    }
  }
  return table;
}

std::string finetune_verdict(const ModelArch& model, const Precision& base, const Gpu& gpu,
                             const MemoryOptions& o) {
  for (int gpus : kGpuCounts) {
    const FinetuneMemory r = finetune_memory(model, base, finetune_options(o, gpus));
    if (r.total_bytes <= gpu.memory_bytes()) {
      return fmt::format(
          "{} fine-tuning ({}) of {} fits {} x {} at ZeRO stage {}: {} GB of {} GB "
          "per GPU.",
          o.mode, base.id, model.id, gpus, gpu.id, o.finetune.zero_stage,
          format_number(r.total_bytes / kBytesPerGb),
          format_number(gpu.memory_bytes() / kBytesPerGb));
    }
  }
  return fmt::format("{} fine-tuning of {} does not fit up to 8 x {} at ZeRO stage {}{}.", o.mode,
                     model.id, gpu.id, o.finetune.zero_stage,
                     o.finetune.zero_stage == 0 ? " (ZeRO 0 shards nothing: try --zero 3)" : "");
}

Report finetune_report(const ModelArch& model, const Gpu& gpu, const MemoryOptions& o) {
  // Full fine-tuning trains bf16 weights; QLoRA's base is NF4; LoRA's is --precision.
  const Precision& base = find_precision(o.mode == "full"    ? "bf16"
                                         : o.mode == "qlora" ? "nf4"
                                                             : o.precision);
  Report report{
      .command = "memory",
      .title = fmt::format("{} ({}), {} fine-tuning, {} sequence(s) of {} tokens per GPU", model.id,
                           model.architecture, o.mode, o.batch,
                           format_number(static_cast<double>(o.serving.context_tokens))),
      .figures = finetune_memory_figures(model, base, finetune_options(o, o.finetune.gpus))};
  report.tables.push_back(finetune_table(model, base, o));
  report.notes.push_back(finetune_verdict(model, base, gpu, o));
  return report;
}

}  // namespace

std::function<int()> define_memory(CLI::App& app) {
  auto o = std::make_shared<MemoryOptions>();
  app.add_option("model", o->model,
                 "catalog name or Hugging Face id (llmtco catalog models), or a path to a "
                 "config.json or its directory")
      ->required()
      ->type_name("MODEL");
  app.add_option("--precision", o->precision, "weight precision (data/precisions.json)")
      ->capture_default_str();
  app.add_option("--kv-precision", o->kv_precision, "KV-cache precision")->capture_default_str();
  app.add_option("--gpu", o->gpu, "GPU for the per-GPU breakdown (llmtco catalog gpus)")
      ->capture_default_str();
  app.add_option("--tp", o->serving.tp, "tensor-parallel GPUs for the breakdown")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--context", o->serving.context_tokens, "tokens per sequence (prompt + output)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}))
      ->capture_default_str();
  app.add_option("--batch", o->batch, "sequences that must fit at once")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}))
      ->capture_default_str();
  app.add_option("--gpu-memory-utilization", o->serving.gpu_memory_utilization,
                 "the engine's memory cap, a fraction of the GPU")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str();
  app.add_option("--max-batched-tokens", o->serving.max_batched_tokens,
                 "tokens one forward pass may batch (activation workspace)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}))
      ->capture_default_str();
  app.add_option("--mode", o->mode, "what to size: serving, or fine-tuning (full, LoRA, QLoRA)")
      ->check(CLI::IsMember({"serve", "full", "lora", "qlora"}))
      ->capture_default_str();
  app.add_option("--lora-rank", o->finetune.lora_rank, "LoRA rank")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  app.add_option("--lora-targets", o->lora_targets, "modules LoRA adapts, comma-separated")
      ->capture_default_str();
  app.add_option("--zero", o->finetune.zero_stage, "DeepSpeed ZeRO stage (fine-tuning)")
      ->check(CLI::Range(0, 3))
      ->capture_default_str();
  app.add_option("--gpus", o->finetune.gpus, "data-parallel GPUs for the breakdown (fine-tuning)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_flag("--no-gradient-checkpointing", o->no_checkpointing,
               "keep every activation instead of recomputing (fine-tuning)");
  app.add_flag("--no-flash-attention", o->no_flash_attention,
               "keep the attention matrices (fine-tuning)");
  app.add_flag("--adam-8bit", o->finetune.adam_8bit, "8-bit Adam moments (fine-tuning)");
  add_output_options(app, o->output);
  return [o] {
    const ModelArch model = load_model(o->model);
    const Precision& weights = find_precision(o->precision);
    const Precision& kv = find_precision(o->kv_precision);
    const Gpu& gpu = find_gpu(o->gpu);
    if (o->mode != "serve") {
      emit(finetune_report(model, gpu, *o), o->output);
      return 0;
    }
    if (const std::string problem = tp_problem(model, o->serving.tp); !problem.empty()) {
      throw InputError(fmt::format("--tp {}: {}", o->serving.tp, problem));
    }
    Report report{.command = "memory",
                  .title = fmt::format("{} ({}), {} weights, {} KV cache", model.id,
                                       model.architecture, weights.id, kv.id),
                  .figures = serving_memory_figures(model, weights, kv, gpu, o->serving)};
    report.tables.push_back(fits_table(model, weights, kv, *o));
    report.notes.push_back(verdict(model, weights, kv, gpu, *o));
    emit(report, o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
