// llmtco limits [SCENARIO.yaml] [--set k=v]...: the API's published usage tiers
// against the workload's busiest minute, and the lowest tier that carries it
// (docs/limits.md).
#include <memory>

#include "commands.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/limits_report.h"
#include "output.h"
#include "scenario_args.h"

namespace llmtco::cli {
namespace {

struct LimitsOptions {
  ScenarioArgs scenario;
  OutputOptions output;
};

}  // namespace

std::function<int()> define_limits(CLI::App& app) {
  auto o = std::make_shared<LimitsOptions>();
  app.add_option("scenario", o->scenario.path,
                 "scenario YAML file (default: the seed article's, examples/seed-article.yaml)")
      ->type_name("SCENARIO.yaml");
  add_set_option(app, o->scenario);
  add_usage_option(app, o->scenario);
  add_output_options(app, o->output);
  return [o] {
    const Scenario scenario = resolve_scenario(o->scenario);
    const Catalogs catalogs = builtin_catalogs({.instances = false, .benchmarks = false});
    Report report = limits_report(catalogs, scenario);
    add_usage_note(report, o->scenario);
    emit(report, o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
