// llmtco breakeven [SCENARIO.yaml] [--plot FILE.svg]: the volumes at which owning
// is cheaper than the API, and the two cost curves.
#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <string>

#include "commands.h"
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
  OutputOptions output;
};

}  // namespace

std::function<int()> define_breakeven(CLI::App& app) {
  auto o = std::make_shared<BreakevenOptions>();
  app.add_option("scenario", o->scenario.path,
                 "scenario YAML file (default: the seed article's, examples/seed-article.yaml)")
      ->type_name("SCENARIO.yaml");
  add_set_option(app, o->scenario);
  app.add_option("--from", o->from_tokens_per_day, "lowest tokens a day searched (default 1e4)");
  app.add_option("--to", o->to_tokens_per_day, "highest tokens a day searched (default 1e12)");
  app.add_option("--plot", o->plot_path, "also write the cost curves as an SVG chart")
      ->type_name("FILE.svg");
  add_output_options(app, o->output);
  return [o] {
    const double from = o->from_tokens_per_day, to = o->to_tokens_per_day;
    if (!(from > 0) || !std::isfinite(from)) {
      throw InputError(fmt::format("--from: must be a finite number > 0 (got {:g})", from));
    }
    if (!(to > from) || !std::isfinite(to)) {
      throw InputError(
          fmt::format("--to: must be a finite number > --from ({:g}) (got {:g})", from, to));
    }
    const Report report = breakeven_report(resolve_scenario(o->scenario), from, to);
    if (!o->plot_path.empty()) {
      if (report.charts.empty()) {
        throw InputError(fmt::format("--plot: nothing to plot: {}", report.notes.front()));
      }
      write_file_atomically(o->plot_path, render_svg(report.charts.front()));
    }
    emit(report, o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
