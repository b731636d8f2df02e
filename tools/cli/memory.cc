// llmtco memory MODEL: parameters and the memory to serve a model, and the
// catalog GPUs and tensor-parallel sizes it fits on.
#include "llmtco/memory.h"

#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/model_catalog.h"
#include "llmtco/number_format.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct MemoryOptions {
  std::string model;
  std::string precision = "bf16";
  std::string kv_precision = "bf16";
  std::string gpu = "h100-sxm";
  std::string mode = "serve";
  std::int64_t batch = 1;  // sequences that must fit at once
  ServingOptions serving;
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
  app.add_option("--mode", o->mode, "what to size: serving (fine-tuning modes come next)")
      ->check(CLI::IsMember({"serve"}))
      ->capture_default_str();
  add_output_options(app, o->output);
  return [o] {
    const ModelArch model = load_model(o->model);
    const Precision& weights = find_precision(o->precision);
    const Precision& kv = find_precision(o->kv_precision);
    const Gpu& gpu = find_gpu(o->gpu);
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
