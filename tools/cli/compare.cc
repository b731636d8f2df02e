// llmtco compare [SCENARIO.yaml]: API vs self-hosting for a scenario; with no
// file, the seed article's scenario. Both methods side by side for the seed
// article's decision, the physics method alone for any other (--method auto).
#include <memory>
#include <string>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/verdict_report.h"
#include "output.h"
#include "scenario_args.h"

namespace llmtco::cli {
namespace {

// Ten million draws take about 2 s (100,000 take 21 ms, bench/README.md).
constexpr std::size_t kMaxSamples = 10'000'000;

struct CompareOptions {
  ScenarioArgs scenario;
  std::string method = "auto";  // auto | article | physics | both
  std::size_t samples = 10000;
  std::uint64_t seed = 42;
  bool include_flagged = false;
  OutputOptions output;
};

}  // namespace

std::function<int()> define_compare(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  app.add_option("scenario", options->scenario.path,
                 "scenario YAML file (default: the seed article's, examples/seed-article.yaml)")
      ->type_name("SCENARIO.yaml");
  add_set_option(app, options->scenario);
  add_usage_option(app, options->scenario);
  app.add_option("--method", options->method,
                 "article (the seed article's rules of thumb, on its own inputs), physics "
                 "(real prices and the speed model), both, or auto (default: both for the seed "
                 "article's decision, physics for any other)")
      ->check(CLI::IsMember({"auto", "article", "physics", "both"}));
  app.add_option("--samples", options->samples,
                 "Monte Carlo draws, 0 to 10,000,000 (0: none; default 10000)");
  app.add_option("--seed", options->seed, "Monte Carlo seed (default 42)");
  add_include_flagged_flag(app, options->include_flagged);
  add_output_options(app, options->output);
  return [options] {
    check_count_flag("--samples", options->samples, kMaxSamples);
    const Scenario scenario = resolve_scenario(options->scenario);
    CompareSettings settings = compare_settings(options->method, scenario);
    settings.samples = options->samples;
    settings.seed = options->seed;
    settings.checks = price_checks(options->include_flagged);
    const Catalogs catalogs =
        cli_catalogs({.benchmarks = false}, scenario.self_host.model, "self_host.model");
    Report report = compare_report(catalogs, scenario, settings);
    add_usage_note(report, options->scenario);
    emit(report, options->output);
    return 0;
  };
}

}  // namespace llmtco::cli
