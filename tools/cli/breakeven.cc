// llmtco breakeven [SCENARIO.yaml] [--plot FILE.svg]: the volumes at which owning
// is cheaper than the API, and the two cost curves.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "cli_catalogs.h"
#include "commands.h"
#include "field_flags.h"
#include "llmtco/error.h"
#include "llmtco/svg.h"
#include "llmtco/verdict_report.h"
#include "output.h"
#include "scenario_args.h"

namespace llmtco::cli {
namespace {

struct BreakevenOptions {
  ScenarioArgs scenario;
  double from_tokens_per_day = kBreakevenFromTokensPerDay;
  double to_tokens_per_day = kBreakevenToTokensPerDay;
  std::string plot_path;
  bool include_flagged = false;
  OutputOptions output;
};

constexpr FieldFlag kRenamed[] = {{"from_tokens_per_day", "--from"}, {"to_tokens_per_day", "--to"}};

}  // namespace

std::function<int()> define_breakeven(CLI::App& app) {
  auto o = std::make_shared<BreakevenOptions>();
  app.add_option("scenario", o->scenario.path,
                 "scenario YAML file (default: the seed article's, examples/seed-article.yaml)")
      ->type_name("SCENARIO.yaml");
  add_set_option(app, o->scenario);
  add_usage_option(app, o->scenario);
  app.add_option("--from", o->from_tokens_per_day,
                 "lowest tokens a day searched, 1 to 1e15 (default 1e4)")
      ->type_name("N");
  app.add_option("--to", o->to_tokens_per_day,
                 "highest tokens a day searched, above --from and up to 1e15 (default 1e12)")
      ->type_name("N");
  app.add_option("--plot", o->plot_path, "also write the cost curves as an SVG chart")
      ->type_name("FILE.svg");
  add_include_flagged_flag(app, o->include_flagged);
  add_output_options(app, o->output);
  return [o] {
    const Scenario scenario = resolve_scenario(o->scenario);
    const Catalogs catalogs =
        cli_catalogs({.benchmarks = false}, scenario.self_host.model, "self_host.model");
    Report report = with_flag_errors(kRenamed, [&] {
      return breakeven_report(catalogs, scenario, o->from_tokens_per_day, o->to_tokens_per_day,
                              price_checks(o->include_flagged));
    });
    add_usage_note(report, o->scenario);
    if (!o->plot_path.empty() && report.charts.empty()) {
      throw InputError(fmt::format("--plot: nothing to plot: {}", report.notes.front()));
    }
    // The report first: one refused as bad input leaves no chart behind.
    emit(report, o->output);
    if (!o->plot_path.empty())
      write_file_atomically(o->plot_path, render_svg(report.charts.front()));
    return 0;
  };
}

}  // namespace llmtco::cli
