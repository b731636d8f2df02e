// llmtco plan SCENARIO | MODEL --tokens-per-day N [...]: the cheapest deployments
// that carry a workload's peak within its latency target.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
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
  std::size_t top = 10;
  bool include_flagged = false;
  OutputOptions output;
};

// The valid values of the scenario field a flag sets, for its help.
std::string valid(std::string_view path) {
  return field_valid_values(*find_scenario_field(path));
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
  if (o.ttft_ms) set_number_flag(s, "--ttft-ms", "self_host.ttft_ms", *o.ttft_ms);
  if (o.tpot_ms) set_number_flag(s, "--tpot-ms", "self_host.tpot_ms", *o.tpot_ms);
  if (o.precision) set_text_flag(s, "--precision", "self_host.precision", *o.precision);
  if (o.engine) set_text_flag(s, "--engine", "self_host.engine", *o.engine);
  if (o.clouds) set_text_flag(s, "--clouds", "self_host.clouds", *o.clouds);
  if (o.regions) set_text_flag(s, "--regions", "self_host.regions", *o.regions);
  if (o.pricing) set_text_flag(s, "--pricing", "self_host.pricing", *o.pricing);
  if (o.redundancy) set_text_flag(s, "--redundancy", "self_host.redundancy", *o.redundancy);
  return s;
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
                 "MODEL: auto)");
  app.add_option("--engine", o->engine,
                 "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast");
  app.add_option("--clouds", o->clouds, "comma-separated: aws, azure, gcp, lambda, vast");
  app.add_option("--regions", o->regions,
                 "comma-separated region patterns, '*' matching any characters: us-*,europe-* "
                 "(default: every region; ties go to the earlier pattern)");
  app.add_option("--pricing", o->pricing, "on_demand, spot, reserved_1y or reserved_3y");
  app.add_option("--redundancy", o->redundancy, "none, n_plus_1 or 2n (default n_plus_1)");
  app.add_option(
      "--ttft-ms", o->ttft_ms,
      "time-to-first-token target at the peak, " + valid("self_host.ttft_ms") + " (default 2000)");
  app.add_option(
      "--tpot-ms", o->tpot_ms,
      "time-per-output-token target at the peak, " + valid("self_host.tpot_ms") + " (default 50)");
  app.add_option("--top", o->top, "show the N cheapest, 0 to 100,000 (0: all)");
  add_set_option(app, o->scenario);
  add_include_flagged_flag(app, o->include_flagged);
  add_output_options(app, o->output);
  return [o] {
    check_count_flag("--top", o->top, kMaxPlanRows);
    const Scenario scenario = scenario_of(*o);
    const Catalogs catalogs =
        cli_catalogs({.benchmarks = false}, scenario.self_host.model, "self_host.model");
    emit(plan_report(catalogs, scenario, o->top, price_checks(o->include_flagged)), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
