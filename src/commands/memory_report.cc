#include "llmtco/memory_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {
namespace {

constexpr std::string_view kModes[] = {"serve", "full", "lora", "qlora"};
constexpr int kTpSizes[] = {1, 2, 4, 8};
constexpr int kGpuCounts[] = {1, 2, 4, 8};

void check_request(const MemoryRequest& r) {
  detail::check_choice("mode", "mode", r.mode, kModes);
  detail::check_whole("batch", r.batch, 1, 1'000'000);
  detail::check_whole("context_tokens", r.context_tokens, 1, 10'000'000);
  detail::check_whole("tp", r.tp, 1, 64);
  detail::check_number("gpu_memory_utilization", r.gpu_memory_utilization, 0.01, true, 1);
  detail::check_whole("max_batched_tokens", r.max_batched_tokens, 1, 10'000'000);
  detail::check_whole("lora_rank", r.lora_rank, 1, 65'536);
  detail::check_whole("zero_stage", r.zero_stage, 0, 3);
  detail::check_whole("gpus", r.gpus, 1, 4096);
}

std::vector<LoraTarget> parse_lora_targets(const std::string& text) {
  std::vector<LoraTarget> targets;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string name = text.substr(start, comma - start);
    LoraTarget target;
    if (!parse_lora_target(name, target)) {
      throw FieldError(
          "lora_targets",
          fmt::format("unknown module '{}' (valid: q, k, v, o, gate, up, down)", name));
    }
    if (std::find(targets.begin(), targets.end(), target) != targets.end()) {
      throw FieldError("lora_targets",
                       fmt::format("must name each module once (got '{}' twice)", name));
    }
    targets.push_back(target);
    start = comma + 1;
  }
  return targets;
}

ServingOptions serving_options(const MemoryRequest& r) {
  return {.context_tokens = r.context_tokens,
          .tp = r.tp,
          .gpu_memory_utilization = r.gpu_memory_utilization,
          .max_batched_tokens = r.max_batched_tokens};
}

Table fits_table(const std::vector<Gpu>& gpus, const ModelArch& model, const Precision& weights,
                 const Precision& kv, const ServingOptions& options, std::int64_t batch) {
  Table table{
      .id = "fits",
      .title = fmt::format("Where it fits: catalog GPUs x tensor parallelism, {} "
                           "sequence(s) of {} tokens",
                           batch, options.context_tokens),
      .columns = {"gpu", "tp", "fits", "kv_cache_tokens", "max_concurrent_sequences", "why_not"},
      // The KV-cache tokens are the TP group's: each GPU holds its share of each token.
      .labels = {"GPU", "TP", "fits", "KV-cache tokens per TP group", "max concurrent sequences",
                 "why not"}};
  for (const Gpu& gpu : gpus) {
    for (int tp : kTpSizes) {
      ServingOptions serving = options;
      serving.tp = tp;
      if (const std::string problem = tp_problem(model, tp); !problem.empty()) {
        table.rows.push_back({gpu.id, std::int64_t{tp}, false, {}, {}, problem});
        continue;
      }
      const ServingMemory s = serving_memory(model, weights, kv, gpu, serving);
      const bool fits = s.max_sequences >= batch;
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

// Whose KV-cache tokens they are: each GPU of a TP group holds its share of every
// token's K and V, so the tokens that fit are the group's.
std::string kv_tokens_scope(int tp) {
  return tp == 1 ? "per GPU" : fmt::format("per TP group of {} GPUs", tp);
}

// One line on the chosen GPU: the smallest TP that fits, and with what room.
std::string serving_verdict(const ModelArch& model, const Precision& weights, const Precision& kv,
                            const Gpu& gpu, const ServingOptions& options, std::int64_t batch) {
  std::string out;
  for (int tp : kTpSizes) {
    if (!tp_problem(model, tp).empty()) continue;
    ServingOptions serving = options;
    serving.tp = tp;
    const ServingMemory s = serving_memory(model, weights, kv, gpu, serving);
    if (s.max_sequences >= batch) {
      return out + fmt::format(
                       "{} {} x {} at TP {} with room for {} concurrent sequences of {} "
                       "tokens ({} KV-cache tokens {}).",
                       out.empty() ? model.id + " fits" : "it fits", tp, gpu.id, tp,
                       format_number(static_cast<double>(s.max_sequences)),
                       format_number(static_cast<double>(options.context_tokens)),
                       format_number(static_cast<double>(s.kv_tokens)), kv_tokens_scope(tp));
    }
    out += out.empty() ? model.id + " does not fit " : "nor ";
    out += fmt::format("{} x {} ({} each); ", tp, gpu.id, gpu.memory_label());
  }
  return out + fmt::format("it does not fit up to 8 x {}.", gpu.id);
}

FinetuneOptions training_options(const MemoryRequest& r) {
  return {.method = r.mode == "full"    ? FinetuneMethod::kFull
                    : r.mode == "qlora" ? FinetuneMethod::kQlora
                                        : FinetuneMethod::kLora,
          .lora_rank = r.lora_rank,
          .lora_targets = parse_lora_targets(r.lora_targets),
          .micro_batch = r.batch,
          .sequence_tokens = r.context_tokens,
          .gradient_checkpointing = r.gradient_checkpointing,
          .flash_attention = r.flash_attention,
          .adam_8bit = r.adam_8bit,
          .zero_stage = r.zero_stage,
          .gpus = r.gpus};
}

Table training_table(const std::vector<Gpu>& all_gpus, const ModelArch& model,
                     const Precision& base, FinetuneOptions options) {
  Table table{
      .id = "fits",
      .title = fmt::format("Where it fits: catalog GPUs x data-parallel GPUs, ZeRO stage {}",
                           options.zero_stage),
      .columns = {"gpu", "gpus", "fits", "finetune_memory_per_gpu_gb", "gpu_memory_gb"}};
  for (const Gpu& gpu : all_gpus) {
    for (int gpus : kGpuCounts) {
      options.gpus = gpus;
      const FinetuneMemory r = finetune_memory(model, base, options);
      table.rows.push_back({gpu.id, std::int64_t{gpus}, r.total_bytes <= gpu.memory_bytes(),
                            r.total_bytes / kBytesPerGb, gpu.memory_bytes() / kBytesPerGb});
    }
  }
  return table;
}

std::string training_verdict(const ModelArch& model, const Precision& base, const Gpu& gpu,
                             const std::string& mode, FinetuneOptions options) {
  for (int gpus : kGpuCounts) {
    options.gpus = gpus;
    const FinetuneMemory r = finetune_memory(model, base, options);
    if (r.total_bytes <= gpu.memory_bytes()) {
      return fmt::format(
          "{} fine-tuning ({}) of {} fits {} x {} at ZeRO stage {}: {} GB per GPU of its {} "
          "({} GB: the datasheet's GB are GiB).",
          mode, base.id, model.id, gpus, gpu.id, options.zero_stage,
          format_number(r.total_bytes / kBytesPerGb), gpu.memory_label(),
          format_number(gpu.memory_bytes() / kBytesPerGb));
    }
  }
  return fmt::format("{} fine-tuning of {} does not fit up to 8 x {} at ZeRO stage {}{}.", mode,
                     model.id, gpu.id, options.zero_stage,
                     options.zero_stage == 0 ? " (ZeRO 0 shards nothing: try --zero 3)" : "");
}

Report training_report(const Catalogs& catalogs, const ModelArch& model, const Precision& weights,
                       const Gpu& gpu, const MemoryRequest& r, const FinetuneOptions& options) {
  // Full fine-tuning trains bf16 weights; QLoRA's base is NF4; LoRA's is `precision`.
  const Precision& base = r.mode == "full"    ? find_precision(catalogs, "bf16")
                          : r.mode == "qlora" ? find_precision(catalogs, "nf4")
                                              : weights;
  Report report{.command = "memory",
                .title = fmt::format("{} ({}), {} fine-tuning, {} sequence(s) of {} tokens per GPU",
                                     model.id, model.architecture, r.mode, r.batch,
                                     format_number(static_cast<double>(r.context_tokens))),
                .figures = finetune_memory_figures(model, base, options)};
  report.tables.push_back(training_table(catalogs.gpus, model, base, options));
  report.notes.push_back(training_verdict(model, base, gpu, r.mode, options));
  return report;
}

}  // namespace

Report memory_report(const Catalogs& catalogs, const MemoryRequest& r) {
  check_request(r);
  const FinetuneOptions training = training_options(r);  // checks lora_targets in every mode
  const ModelArch& model = resolve_model(catalogs, "model", r.model);
  const Precision& weights = resolve_weight_precision(catalogs, "precision", r.precision, model);
  const Precision& kv = resolve_precision(catalogs, "kv_precision", r.kv_precision);
  const Gpu& gpu = resolve_gpu(catalogs, "gpu", r.gpu);
  if (r.mode != "serve") return training_report(catalogs, model, weights, gpu, r, training);
  if (const std::string problem = tp_problem(model, r.tp); !problem.empty()) {
    throw FieldError("tp", problem);
  }
  const ServingOptions serving = serving_options(r);
  Report report{.command = "memory",
                .title = fmt::format("{} ({}), {} weights, {} KV cache", model.id,
                                     model.architecture, weights.id, kv.id),
                .figures = serving_memory_figures(model, weights, kv, gpu, serving)};
  report.tables.push_back(fits_table(catalogs.gpus, model, weights, kv, serving, r.batch));
  report.notes.push_back(serving_verdict(model, weights, kv, gpu, serving, r.batch));
  return report;
}

}  // namespace llmtco
