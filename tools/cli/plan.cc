// llmtco plan SCENARIO | MODEL --tokens-per-day N [...]: the cheapest deployments
// that carry a workload's peak within its latency target.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/launch_file.h"
#include "llmtco/verdict_report.h"
#include "output.h"
#include "scenario_args.h"

namespace llmtco::cli {
namespace {

struct PlanOptions {
  std::string target;  // a scenario file or a model
  ScenarioArgs scenario;
  std::optional<double> tokens_per_day;
  std::optional<double> input_tokens;
  std::optional<double> output_tokens;
  std::optional<double> peak_to_average;
  std::optional<std::string> precision;
  std::optional<std::string> engine;
  std::optional<std::string> clouds;
  std::optional<std::string> regions;
  std::optional<std::string> pricing;
  std::optional<std::string> redundancy;
  std::optional<double> ttft_ms;
  std::optional<double> tpot_ms;
  std::optional<double> percentile;
  bool mean = false;
  std::optional<std::string> arrivals;
  std::optional<double> burstiness_cv;
  std::optional<std::string> input_length;
  std::optional<double> input_cv;
  std::optional<std::string> output_length;
  std::optional<double> output_cv;
  std::size_t top = 10;
  bool include_flagged = false;
  OutputOptions output;
  std::optional<std::string> emit;  // a launch file instead of the report
};

// The valid values of the scenario field a flag sets, for its help.
std::string valid(std::string_view path) {
  return field_valid_values(*find_scenario_field(path));
}

// The latency target's flags: the targets, and the statistic they hold.
void set_latency_flags(Scenario& s, const PlanOptions& o) {
  if (o.ttft_ms) set_number_flag(s, "--ttft-ms", "self_host.latency.ttft_ms", *o.ttft_ms);
  if (o.tpot_ms) set_number_flag(s, "--tpot-ms", "self_host.latency.tpot_ms", *o.tpot_ms);
  if (o.percentile) {
    set_number_flag(s, "--percentile", "self_host.latency.percentile", *o.percentile);
    s.self_host.latency.statistic = "percentile";
  }
  if (o.mean) s.self_host.latency.statistic = "mean";
}

// One length's flags: a spread alone makes fixed lengths lognormal.
void set_length_flags(Scenario& s, const std::string& name, const std::optional<std::string>& dist,
                      const std::optional<double>& cv) {
  const std::string path = "workload.request_shape." + name;
  std::string& length = name == "input" ? s.workload.request_shape.input_length
                                        : s.workload.request_shape.output_length;
  if (dist) set_text_flag(s, "--" + name + "-length", path + "_length", *dist);
  if (cv) {
    set_number_flag(s, "--" + name + "-cv", path + "_cv", *cv);
    if (!dist && length == "fixed") length = "lognormal";
  }
}

// The request shape's flags: a burstiness alone makes Poisson arrivals gamma.
void set_shape_flags(Scenario& s, const PlanOptions& o) {
  if (o.arrivals) set_text_flag(s, "--arrivals", "workload.request_shape.arrivals", *o.arrivals);
  if (o.burstiness_cv) {
    set_number_flag(s, "--burstiness", "workload.request_shape.burstiness_cv", *o.burstiness_cv);
    if (!o.arrivals) s.workload.request_shape.arrivals = "gamma";
  }
  set_length_flags(s, "input", o.input_length, o.input_cv);
  set_length_flags(s, "output", o.output_length, o.output_cv);
}

bool is_scenario_file(const std::string& target) {
  const std::filesystem::path path(target);
  return (path.extension() == ".yaml" || path.extension() == ".yml");
}

Scenario scenario_of(const PlanOptions& o) {
  ScenarioArgs args = o.scenario;
  const bool file = is_scenario_file(o.target);
  if (file) args.path = o.target;
  Scenario s = resolve_scenario(args);
  if (!file) {
    s.self_host.model = o.target;
    s.name = "Plan for " + o.target;
    // A model alone pins no format: search them unless --precision does.
    s.self_host.precision = "auto";
  }
  if (o.tokens_per_day)
    set_number_flag(s, "--tokens-per-day", "workload.tokens_per_day", *o.tokens_per_day);
  if (o.input_tokens)
    set_number_flag(s, "--input", "workload.input_tokens_per_request", *o.input_tokens);
  if (o.output_tokens)
    set_number_flag(s, "--output", "workload.output_tokens_per_request", *o.output_tokens);
  if (o.peak_to_average)
    set_number_flag(s, "--peak-to-average", "workload.peak_to_average", *o.peak_to_average);
  set_latency_flags(s, o);
  set_shape_flags(s, o);
  if (o.precision) set_text_flag(s, "--precision", "self_host.precision", *o.precision);
  if (o.engine) set_text_flag(s, "--engine", "self_host.engine", *o.engine);
  if (o.clouds) set_text_flag(s, "--clouds", "self_host.clouds", *o.clouds);
  if (o.regions) set_text_flag(s, "--regions", "self_host.regions", *o.regions);
  if (o.pricing) set_text_flag(s, "--pricing", "self_host.pricing", *o.pricing);
  if (o.redundancy) set_text_flag(s, "--redundancy", "self_host.redundancy", *o.redundancy);
  return s;
}

void add_latency_options(CLI::App& app, PlanOptions& o) {
  app.add_option("--ttft-ms", o.ttft_ms,
                 "time-to-first-token target at the peak, " + valid("self_host.latency.ttft_ms") +
                     " (default 2000)");
  app.add_option("--tpot-ms", o.tpot_ms,
                 "time-per-output-token target at the peak, " + valid("self_host.latency.tpot_ms") +
                     " (default 50)");
  CLI::Option* percentile =
      app.add_option("--percentile", o.percentile,
                     "the share of requests, in %, held within both targets in a simulated run, " +
                         valid("self_host.latency.percentile") + " (default 95)");
  app.add_flag("--mean", o.mean, "hold the requests' mean latency to the targets instead")
      ->excludes(percentile);
}

void add_length_options(CLI::App& app, const std::string& name, std::optional<std::string>& dist,
                        std::optional<double>& cv) {
  app.add_option("--" + name + "-length", dist,
                 "how " + name + " lengths vary: fixed, uniform or lognormal (default fixed)");
  app.add_option("--" + name + "-cv", cv,
                 name + " lengths' standard deviation over their mean, " +
                     valid("workload.request_shape." + name + "_cv") +
                     " (uniform: at most 0.577; alone, it makes fixed lengths lognormal)");
}

void add_shape_options(CLI::App& app, PlanOptions& o) {
  app.add_option("--arrivals", o.arrivals,
                 "how requests arrive: poisson or gamma (default poisson)");
  app.add_option("--burstiness", o.burstiness_cv,
                 "gamma arrivals' gap coefficient of variation, " +
                     valid("workload.request_shape.burstiness_cv") +
                     " (1: Poisson; alone, it makes the arrivals gamma)");
  add_length_options(app, "input", o.input_length, o.input_cv);
  add_length_options(app, "output", o.output_length, o.output_cv);
}

// --emit: only the launch file, so that it can be redirected; the report's own
// flags (--format, --explain, --top) do not go with it.
void add_emit_option(CLI::App& app, PlanOptions& o, CLI::Option* top) {
  app.add_option("--emit", o.emit,
                 "print the cheapest plan's launch file instead of the report: vllm or sglang "
                 "(the engine's command line, the plan's engine) or skypilot (a SkyPilot task "
                 "with a SkyServe service); to stdout or -o FILE. Without --precision, only the "
                 "formats the engine loads from the checkpoint named are searched "
                 "(docs/plan.md)")
      ->type_name("vllm|sglang|skypilot")
      ->excludes(top)
      ->excludes(app.get_option("--format"))
      ->excludes(app.get_option("--explain"));
}

int run_emit(const PlanOptions& o, const Scenario& scenario, const Catalogs& catalogs) {
  const LaunchKind kind = parse_launch_kind(*o.emit);
  const PlanSearch search = launch_search(catalogs, scenario, price_checks(o.include_flagged));
  write_output(launch_file(search, kind), o.output.path);
  return 0;
}

}  // namespace

std::function<int()> define_plan(CLI::App& app) {
  auto o = std::make_shared<PlanOptions>();
  app.add_option("target", o->target,
                 "a scenario file (.yaml) or a model: catalog name, Hugging Face id or config.json")
      ->required()
      ->type_name("SCENARIO.yaml|MODEL");
  app.add_option("--tokens-per-day", o->tokens_per_day,
                 "input plus output tokens a day, " + valid("workload.tokens_per_day") +
                     " (default: the scenario's, 44.4e6)");
  app.add_option("--input", o->input_tokens,
                 "input tokens per request, " + valid("workload.input_tokens_per_request") +
                     " (default 1000)");
  app.add_option("--output", o->output_tokens,
                 "output tokens per request, " + valid("workload.output_tokens_per_request") +
                     " (default 500)");
  app.add_option(
      "--peak-to-average", o->peak_to_average,
      "busiest hour over the day's average, " + valid("workload.peak_to_average") + " (default 2)");
  app.add_option("--precision", o->precision,
                 "weight format, or auto to search bf16, fp8, int8 and int4 (default with a "
                 "MODEL: auto), or checkpoint: the checkpoint's own (bf16 unless quantized)");
  app.add_option("--engine", o->engine,
                 "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast");
  app.add_option("--clouds", o->clouds,
                 "comma-separated: aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, "
                 "nebius, oci, paperspace, primeintellect, runpod, shadeform, vast, verda, or "
                 "'all' (all but the volatile marketplaces; all,vast adds Vast)");
  app.add_option("--regions", o->regions,
                 "comma-separated region patterns, '*' matching any characters: us-*,europe-* "
                 "(default: every region; ties go to the earlier pattern)");
  app.add_option("--pricing", o->pricing, "on_demand, spot, reserved_1y or reserved_3y");
  app.add_option("--redundancy", o->redundancy, "none, n_plus_1 or 2n (default n_plus_1)");
  add_latency_options(app, *o);
  add_shape_options(app, *o);
  CLI::Option* top = app.add_option("--top", o->top, "show the N cheapest, 0 to 100,000 (0: all)");
  add_set_option(app, o->scenario);
  add_usage_option(app, o->scenario);
  add_include_flagged_flag(app, o->include_flagged);
  add_output_options(app, o->output);
  add_emit_option(app, *o, top);
  return [o] {
    check_count_flag("--top", o->top, kMaxPlanRows);
    if (o->emit) parse_launch_kind(*o->emit);  // a bad value before the search
    const Scenario scenario = scenario_of(*o);
    const Catalogs catalogs =
        cli_catalogs({.benchmarks = false}, scenario.self_host.model, "self_host.model");
    if (o->emit) return run_emit(*o, scenario, catalogs);
    Report report = plan_report(catalogs, scenario, o->top, price_checks(o->include_flagged));
    add_usage_note(report, o->scenario);
    emit(report, o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
