// llmtco validate [FILE] [--fit]: the speed model's prediction for every row of a
// benchmark file (CSV) or of one benchmark_serving run (its result JSON and the
// setup flags) against its measured value; --fit refits the engines' efficiency
// factors on the rows and prints them.
#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "cli_catalogs.h"
#include "commands.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/resolve.h"
#include "llmtco/validate_report.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct ValidateOptions {
  std::string file;
  bool fit = false;
  TraceSetup setup;
  std::int64_t max_num_seqs = 0;  // 0: not given
  int scheduler_steps = 0;        // 0: not given
  std::string chunked_prefill;    // "true", "false" or empty: not given
  OutputOptions output;
};

bool is_json(const std::string& file) {
  return ascii_lowercase(std::filesystem::path(file).extension().string()) == ".json";
}

// Every name of the setup resolves and the model splits over --tp, before any row
// is built: a bad flag is an error naming it, not a table of unpredicted rows.
void check_setup(const Catalogs& catalogs, const TraceSetup& s) {
  const ModelArch& model = resolve_model(catalogs, "--model", s.model);
  resolve_gpu(catalogs, "--gpu", s.gpu);
  resolve_precision(catalogs, "--precision", s.precision);
  if (!s.kv_precision.empty()) resolve_precision(catalogs, "--kv-precision", s.kv_precision);
  resolve_engine(catalogs, "--engine", s.engine, s.engine_version, "--engine-version");
  if (const std::string problem = tp_problem(model, s.tp); !problem.empty()) {
    throw InputError("--tp: " + problem);
  }
}

// The setup flags describe a result JSON; a CSV names its setup in its columns.
void check_setup_flags(const CLI::App& app, const std::string& file) {
  const char* const kRequired[] = {"--model", "--gpu", "--precision", "--engine"};
  const char* const kOthers[] = {"--tp",           "--engine-version",  "--kv-precision",
                                 "--max-num-seqs", "--scheduler-steps", "--chunked-prefill",
                                 "--num-gpus"};
  if (is_json(file)) {
    for (const char* flag : kRequired) {
      if (app.count(flag) == 0) {
        throw InputError(
            fmt::format("{}: a benchmark result file needs {} (the setup it ran on)", file, flag));
      }
    }
    return;
  }
  auto refuse = [&](const char* flag) {
    if (app.count(flag) == 0) return;
    throw InputError(fmt::format(
        "{}: only a benchmark result file (.json) takes {}; a benchmark CSV names its setup in "
        "its columns",
        file.empty() ? "the built-in benchmarks" : file, flag));
  };
  for (const char* flag : kRequired) refuse(flag);
  for (const char* flag : kOthers) refuse(flag);
}

}  // namespace

std::function<int()> define_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  TraceSetup& s = o->setup;
  app.add_option("file", o->file,
                 "benchmark CSV (format: docs/validate.md) or a benchmark_serving "
                 "result JSON (needs --model, --gpu, --precision, --engine); default: the "
                 "built-in benchmark files")
      ->type_name("FILE.csv|FILE.json");
  app.add_flag("--fit", o->fit,
               "refit each engine's efficiency factors on the file and print them");
  app.add_option("--model", s.model,
                 "with a .json: the model served (catalog name, Hugging Face id or config.json)");
  app.add_option("--gpu", s.gpu, "with a .json: the GPU catalog id (llmtco catalog gpus)");
  app.add_option("--tp", s.tp, "with a .json: tensor-parallel GPUs, 1 to 4096 (default 1)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--num-gpus", s.num_gpus,
                 "with a .json: GPUs in all, a multiple of --tp (default: --tp)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--precision", s.precision, "with a .json: weight format (data/precisions.json)");
  app.add_option("--kv-precision", s.kv_precision,
                 "with a .json: KV-cache format (default: fp8 with fp8 weights, else bf16)");
  app.add_option("--engine", s.engine,
                 "with a .json: serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast");
  app.add_option("--engine-version", s.engine_version, "with a .json: the engine's version");
  app.add_option("--max-num-seqs", o->max_num_seqs,
                 "with a .json: the server's --max-num-seqs, 1 to 1,000,000")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--scheduler-steps", o->scheduler_steps,
                 "with a .json: the server's --num-scheduler-steps, 1 to 1024")
      ->check(CLI::Range(1, 1024));
  app.add_option("--chunked-prefill", o->chunked_prefill,
                 "with a .json: true if the server ran with --enable-chunked-prefill, false if "
                 "not (default: the engine's)")
      ->check(CLI::IsMember({"true", "false"}));
  add_output_options(app, o->output);
  return [o, &app] {
    check_setup_flags(app, o->file);
    if (!is_json(o->file)) {
      Catalogs catalogs =
          builtin_catalogs({.instances = false, .api = false, .benchmarks = o->file.empty()});
      if (!o->file.empty()) {
        catalogs.benchmarks = load_benchmark_file(o->file);
        catalogs.benchmarks_source = o->file;
      }
      emit(o->fit ? fit_report(catalogs) : validation_report(catalogs), o->output);
      return 0;
    }
    TraceSetup setup = o->setup;
    if (app.count("--num-gpus") == 0) setup.num_gpus = setup.tp;
    if (o->max_num_seqs > 0) setup.server.max_num_seqs = o->max_num_seqs;
    if (o->scheduler_steps > 0) setup.server.scheduler_steps = o->scheduler_steps;
    if (!o->chunked_prefill.empty()) setup.server.chunked_prefill = o->chunked_prefill == "true";
    if (setup.num_gpus % setup.tp != 0) {
      throw InputError(fmt::format("--num-gpus: must be a multiple of --tp {} (got {})", setup.tp,
                                   setup.num_gpus));
    }
    Catalogs catalogs =
        cli_catalogs({.instances = false, .api = false, .benchmarks = false}, setup.model);
    check_setup(catalogs, setup);
    catalogs.benchmarks = trace_rows(load_benchmark_trace(o->file), setup);
    if (catalogs.benchmarks.empty()) {
      throw InputError(fmt::format(
          "{}: the run measured nothing to compare (no request produced output)", o->file));
    }
    catalogs.benchmarks_source = o->file;
    emit(o->fit ? fit_report(catalogs) : validation_report(catalogs), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
