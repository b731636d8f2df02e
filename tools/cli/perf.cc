// llmtco perf MODEL --gpu GPU [...]: the latency and throughput of one
// deployment from the speed model, with the bound that governs each phase.
#include "llmtco/perf.h"

#include <fmt/format.h>

#include <cmath>
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

struct PerfOptions {
  std::string model;
  std::string gpu;
  int tp = 1;
  int pp = 1;
  std::string precision = "bf16";
  std::string kv_precision;  // empty: fp8 with fp8 weights, else bf16
  std::string engine = "vllm";
  std::int64_t input_tokens = 1000;
  std::int64_t output_tokens = 300;
  std::int64_t batch = 0;  // 0: offline (as many as fit)
  double rate_per_s = 0;   // 0: not online
  OutputOptions output;
};

constexpr double kMs = 1e3;

std::vector<Cell> step_row(const std::string& phase, const StepTime& s) {
  return {phase,
          s.compute_s * kMs,
          s.memory_s * kMs,
          s.communication_s * kMs,
          s.overhead_s * kMs,
          s.total_s * kMs,
          std::string(bound_name(s.bound))};
}

Report run(const PerfOptions& o) {
  Deployment d;
  d.model = load_model(o.model);
  d.gpu = find_gpu(o.gpu);
  d.weights = find_precision(o.precision);
  d.kv = o.kv_precision.empty() ? default_kv_precision(d.weights) : find_precision(o.kv_precision);
  d.engine = find_engine(o.engine);
  d.tp = o.tp;
  d.pp = o.pp;
  if (const std::string problem = tp_problem(d.model, d.tp); !problem.empty()) {
    throw InputError(fmt::format("--tp: {}", problem));
  }
  if (d.pp > d.model.num_layers) {
    throw InputError(fmt::format("--pp: {} stages exceed the model's {} layers (valid: 1 to {})",
                                 d.pp, d.model.num_layers, d.model.num_layers));
  }
  const Workload w{.input_tokens = o.input_tokens, .output_tokens = o.output_tokens};
  const std::string mode = o.batch > 0 ? "static" : o.rate_per_s > 0 ? "online" : "offline";
  const Throughput t = mode == "static"   ? static_throughput(d, w, o.batch)
                       : mode == "online" ? online_throughput(d, w, o.rate_per_s)
                                          : offline_throughput(d, w);
  Report report{.command = "perf",
                .title = fmt::format("{} on {} x {} (TP {}, PP {}), {}, {} {}, {}", d.model.id,
                                     d.gpus(), d.gpu.id, d.tp, d.pp, d.weights.id, d.engine.name,
                                     d.engine.version, mode)};
  if (!t.fits)
    throw InputError(fmt::format("{} on {} x {}: {}", d.model.id, d.gpus(), d.gpu.id, t.why));
  report.figures = perf_figures(d, w, t, mode);
  Table steps{.id = "steps",
              .title = "One step of each phase (ms); the bound is the largest term",
              .columns = {"phase", "compute_ms", "memory_ms", "communication_ms", "overhead_ms",
                          "total_ms", "bound"}};
  steps.rows.push_back(step_row("prefill", t.prefill_step));
  steps.rows.push_back(step_row("decode", t.decode));
  report.tables.push_back(std::move(steps));
  report.notes.push_back(fmt::format(
      "Prefill of {} tokens is {}-bound; decode at a batch of {} is {}-bound.",
      format_number(static_cast<double>(o.input_tokens)), bound_name(t.prefill_step.bound),
      format_number(t.batch), bound_name(t.decode.bound)));
  if (t.saturated) report.notes.push_back(t.why + ".");
  report.notes.push_back(fmt::format("{} factors: {}.", d.engine.name, d.engine.basis));
  return report;
}

}  // namespace

std::function<int()> define_perf(CLI::App& app) {
  auto o = std::make_shared<PerfOptions>();
  app.add_option("model", o->model, "catalog name, Hugging Face id or path to a config.json")
      ->required()
      ->type_name("MODEL");
  app.add_option("--gpu", o->gpu, "GPU catalog id (llmtco catalog gpus)")->required();
  app.add_option("--tp", o->tp, "tensor-parallel GPUs")->check(CLI::Range(1, 64));
  app.add_option("--pp", o->pp, "pipeline stages")->check(CLI::Range(1, 64));
  app.add_option("--precision", o->precision, "weight format (data/precisions.json)");
  app.add_option("--kv-precision", o->kv_precision,
                 "KV-cache format (default: fp8 with fp8 weights, else bf16)");
  app.add_option("--engine", o->engine,
                 "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast");
  app.add_option("--input", o->input_tokens, "prompt tokens per request")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  app.add_option("--output", o->output_tokens, "output tokens per request")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  auto* batch =
      app.add_option("--batch", o->batch, "static batch: N requests prefilled and decoded together")
          ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}));
  app.add_option("--rate", o->rate_per_s, "online serving: requests arriving per second (Poisson)")
      ->check(CLI::PositiveNumber)
      ->excludes(batch);
  add_output_options(app, o->output);
  return [o] {
    emit(run(*o), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
