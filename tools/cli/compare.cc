// llmtco compare [SCENARIO.yaml]: API vs self-hosting for a scenario; with no
// file, the seed article's scenario.
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "llmtco/article.h"
#include "llmtco/scenario_file.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct CompareOptions {
  std::string scenario_path;           // empty: the built-in seed scenario
  std::vector<std::string> overrides;  // "dotted.path=value", applied in order
  OutputOptions output;
};

}  // namespace

std::function<int()> define_compare(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  app.add_option("scenario", options->scenario_path,
                 "scenario YAML file (default: the seed article's, examples/seed-article.yaml)")
      ->type_name("SCENARIO.yaml");
  app.add_option("--set", options->overrides,
                 "override a scenario field by its dotted path, e.g. "
                 "article.serving_usd_per_hour=4.10 (repeatable)")
      ->type_name("KEY=VALUE")
      ->take_all()
      ->expected(1);
  add_output_options(app, options->output);
  return [options] {
    Scenario scenario = options->scenario_path.empty() ? default_scenario()
                                                       : load_scenario_file(options->scenario_path);
    for (const std::string& assignment : options->overrides) apply_override(scenario, assignment);
    const Report report{.command = "compare",
                        .title = scenario.name,
                        .scenario = scenario,
                        .figures = article_figures(scenario)};
    emit(report, options->output);
    return 0;
  };
}

}  // namespace llmtco::cli
