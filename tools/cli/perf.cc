// llmtco perf MODEL --gpu GPU [...]: the latency and throughput of one
// deployment from the speed model, with the bound that governs each phase.
#include <memory>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/perf_report.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct PerfOptions {
  PerfRequest request;
  OutputOptions output;
};

constexpr FieldFlag kRenamed[] = {{"model", ""},
                                  {"input_tokens", "--input"},
                                  {"output_tokens", "--output"},
                                  {"rate_per_s", "--rate"}};

}  // namespace

std::function<int()> define_perf(CLI::App& app) {
  auto o = std::make_shared<PerfOptions>();
  PerfRequest& r = o->request;
  app.add_option("model", r.model, "catalog name, Hugging Face id or path to a config.json")
      ->required()
      ->type_name("MODEL");
  app.add_option("--gpu", r.gpu, "GPU catalog id (llmtco catalog gpus)")->required();
  app.add_option("--tp", r.tp, "tensor-parallel GPUs, 1 to 64");
  app.add_option("--pp", r.pp, "pipeline stages, 1 to 64");
  app.add_option("--precision", r.precision,
                 "weight format (data/precisions.json); default checkpoint: the checkpoint's own "
                 "(config.json quantization_config), bf16 unless quantized");
  app.add_option("--kv-precision", r.kv_precision,
                 "KV-cache format (default: fp8 with fp8 weights, else bf16)");
  app.add_option("--engine", r.engine,
                 "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast");
  app.add_option("--engine-version", r.engine_version,
                 "engine version, e.g. 0.14 or 1.0 for trtllm: picks the engine's profile "
                 "(data/engines.json); default: the newest");
  app.add_option("--input", r.input_tokens, "prompt tokens per request, 1 to 10,000,000");
  app.add_option("--output", r.output_tokens, "output tokens per request, 1 to 10,000,000");
  auto* batch =
      app.add_option("--batch", r.batch,
                     "static batch: N requests prefilled and decoded together, 1 to 1,000,000");
  app.add_option("--rate", r.rate_per_s,
                 "online serving: requests arriving per second (Poisson), > 0 and <= 1,000,000")
      ->excludes(batch);
  add_output_options(app, o->output);
  return [o] {
    const Catalogs catalogs =
        cli_catalogs({.instances = false, .api = false, .benchmarks = false}, o->request.model);
    emit(with_flag_errors(kRenamed, [&] { return perf_report(catalogs, o->request); }), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
