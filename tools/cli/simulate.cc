// llmtco simulate MODEL --gpu GPU (--rate R | --trace FILE) [...]: a run of
// requests through the serving simulator, with its latency percentiles,
// throughput, goodput and charts (docs/simulate.md).
#include <memory>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/request_trace.h"
#include "llmtco/simulate_report.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct SimulateOptions {
  SimulateRequest request;
  std::string trace_path;
  OutputOptions output;
};

constexpr FieldFlag kRenamed[] = {{"model", ""},
                                  {"input_tokens", "--input"},
                                  {"output_tokens", "--output"},
                                  {"rate_per_s", "--rate"},
                                  {"duration_s", "--duration"},
                                  {"burstiness_cv", "--burstiness"},
                                  {"warmup_requests", "--warmup"},
                                  {"trace", "--trace"}};

void add_deployment_options(CLI::App& app, SimulateRequest& r) {
  app.add_option("model", r.model, "catalog name, Hugging Face id or path to a config.json")
      ->required()
      ->type_name("MODEL");
  app.add_option("--gpu", r.gpu, "GPU catalog id (llmtco catalog gpus)")->required();
  app.add_option("--tp", r.tp, "tensor-parallel GPUs per replica, 1 to 64");
  app.add_option("--precision", r.precision,
                 "weight format (data/precisions.json); default checkpoint: the checkpoint's own "
                 "(config.json quantization_config), bf16 unless quantized");
  app.add_option("--kv-precision", r.kv_precision,
                 "KV-cache format (default: fp8 with fp8 weights, else bf16)");
  app.add_option("--engine", r.engine,
                 "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast");
  app.add_option("--engine-version", r.engine_version,
                 "engine version: picks the engine's profile (default: the newest)");
  app.add_option("--replicas", r.replicas,
                 "copies of the deployment behind a balancer, 1 to 1,000");
  app.add_option("--balancer", r.balancer,
                 "round_robin (in turn) or least_loaded (fewest waiting and running)");
}

// The drawn workload's flags; a trace brings its own arrivals and lengths.
void add_workload_options(CLI::App& app, SimulateOptions& o) {
  SimulateRequest& r = o.request;
  auto* trace = app.add_option("--trace", o.trace_path,
                               "requests from a file: CSV (arrival_s,input_tokens,output_tokens) "
                               "or a vLLM benchmark_serving result (.json)");
  auto* rate =
      app.add_option("--rate", r.rate_per_s, "requests arriving per second, > 0 and <= 1,000,000");
  auto* requests =
      app.add_option("--requests", r.requests, "requests to draw, 1 to 1,000,000 (default 1,000)");
  auto* duration = app.add_option("--duration", r.duration_s,
                                  "seconds of arrivals: rate x duration requests (not with "
                                  "--requests)");
  auto* input = app.add_option("--input", r.input_tokens, "mean prompt tokens, 1 to 10,000,000");
  auto* output = app.add_option("--output", r.output_tokens, "mean output tokens, 1 to 10,000,000");
  auto* dist = app.add_option("--length-dist", r.length_dist,
                              "how both lengths vary: fixed (default), uniform or lognormal");
  auto* input_cv = app.add_option("--input-cv", r.input_cv,
                                  "prompt length's coefficient of variation (default 0.5 unless "
                                  "fixed; uniform: at most 0.577)");
  auto* output_cv = app.add_option("--output-cv", r.output_cv,
                                   "output length's coefficient of variation (as --input-cv)");
  auto* arrivals = app.add_option("--arrivals", r.arrivals, "poisson (default) or gamma");
  auto* burstiness = app.add_option("--burstiness", r.burstiness_cv,
                                    "gamma arrivals: the gaps' coefficient of variation, 0.01 "
                                    "to 20 (default 2; 1 is Poisson)");
  duration->excludes(requests);
  for (CLI::Option* option :
       {rate, requests, duration, input, output, dist, input_cv, output_cv, arrivals, burstiness}) {
    trace->excludes(option);
  }
}

void add_run_options(CLI::App& app, SimulateRequest& r) {
  app.add_option("--seed", r.seed, "seed of the draws (default 1)");
  app.add_option("--warmup", r.warmup_requests,
                 "first requests left out of the statistics (default 0)");
  app.add_option("--ttft-ms", r.ttft_ms, "goodput's time-to-first-token target, ms (default 2000)");
  app.add_option("--tpot-ms", r.tpot_ms, "goodput's time-per-output-token target, ms (default 50)");
  app.add_option(
      "--percentile", r.percentile,
      "the statistic held to the targets: a percentile in (0, 100) or mean (default 95)");
}

}  // namespace

std::function<int()> define_simulate(CLI::App& app) {
  auto o = std::make_shared<SimulateOptions>();
  add_deployment_options(app, o->request);
  add_workload_options(app, *o);
  add_run_options(app, o->request);
  add_output_options(app, o->output);
  return [o] {
    SimulateRequest& r = o->request;
    if (!o->trace_path.empty()) {
      RequestTrace trace = load_request_trace(o->trace_path, r.seed);
      r.trace = std::move(trace.requests);
      r.trace_source = trace.path;
      r.trace_arrivals = trace.arrivals;
    }
    const Catalogs catalogs =
        cli_catalogs({.instances = false, .api = false, .benchmarks = false}, r.model);
    emit(with_flag_errors(kRenamed, [&] { return simulate_report(catalogs, r); }), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
