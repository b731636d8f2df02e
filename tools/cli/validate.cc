// llmtco validate [FILE.csv] [--fit]: the speed model's prediction for every row
// of a benchmark file against its measured value; --fit refits the engines'
// efficiency factors on the file and prints them.
#include "llmtco/validate.h"

#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "llmtco/catalogs.h"
#include "llmtco/embedded.h"
#include "output.h"

namespace llmtco::cli {
namespace {

constexpr const char* kBuiltIn = "data/benchmarks/calibration.csv";

struct ValidateOptions {
  std::string file;
  bool fit = false;
  OutputOptions output;
};

Cell optional_cell(const std::optional<double>& value) {
  if (value) return *value;
  return {};
}

std::vector<Cell> summary_cells(const ErrorSummary& s) {
  return {
      std::int64_t{s.rows}, std::int64_t{s.predicted}, s.coverage, s.mape, s.median_ape, s.p90_ape};
}

const std::vector<std::string> kSummaryColumns = {"rows", "predicted",  "coverage",
                                                  "mape", "median_ape", "p90_ape"};

Report validation_report(const std::string& source, const std::vector<BenchmarkRow>& rows) {
  const Validation v = validate(rows, engine_catalog());
  Report report{.command = "validate", .title = "Predicted vs measured: " + source};
  Table table{.id = "rows",
              .title = "Rows (error_pct = (predicted - measured) / measured x 100)",
              .columns = {"line", "predicted", "measured", "error_pct", "reason"}};
  for (const RowPrediction& r : v.rows) {
    table.rows.push_back({std::int64_t{r.line}, optional_cell(r.predicted), r.measured,
                          optional_cell(r.error_pct), r.reason});
  }
  report.tables.push_back(std::move(table));
  Table summary{.id = "summary",
                .title = "Summary (absolute percentage errors)",
                .columns = kSummaryColumns,
                .json_object = true};
  summary.rows.push_back(summary_cells(v.summary));
  report.tables.push_back(std::move(summary));
  Table groups{
      .id = "groups", .title = "By engine, GPU, mode and metric", .columns = {"by", "key"}};
  groups.columns.insert(groups.columns.end(), kSummaryColumns.begin(), kSummaryColumns.end());
  for (const ErrorGroup& g : v.groups) {
    std::vector<Cell> cells = {g.by, g.key};
    for (Cell& c : summary_cells(g.summary)) cells.push_back(std::move(c));
    groups.rows.push_back(std::move(cells));
  }
  report.tables.push_back(std::move(groups));
  report.notes.push_back(fmt::format(
      "{} of {} rows predicted; mean absolute percentage error {:.1f}%, median {:.1f}%, "
      "90th percentile {:.1f}%.",
      v.summary.predicted, v.summary.rows, v.summary.mape, v.summary.median_ape,
      v.summary.p90_ape));
  return report;
}

Report fit_report(const std::string& source, const std::vector<BenchmarkRow>& rows) {
  Report report{.command = "validate", .title = "Engine factors refitted on " + source};
  Table table{
      .id = "fits",
      .title = "Fitted factors (copy into data/engines.json to adopt them)",
      .columns = {"engine", "rows", "mape_before", "mape_after", "factor", "shipped", "fitted"}};
  for (const EngineProfile& engine : engine_catalog()) {
    const Fit fit = fit_engine(rows, engine);
    if (fit.rows == 0) continue;
    for (const std::string& name : fit.factors) {
      table.rows.push_back({engine.id, std::int64_t{fit.rows}, fit.mape_before, fit.mape_after,
                            name, engine_factor(engine, name), engine_factor(fit.engine, name)});
    }
  }
  report.tables.push_back(std::move(table));
  return report;
}

}  // namespace

std::function<int()> define_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  app.add_option("file", o->file,
                 "benchmark CSV (format: data/benchmarks/README.md); default: the built-in "
                 "calibration file")
      ->type_name("FILE.csv");
  app.add_flag("--fit", o->fit,
               "refit each engine's efficiency factors on the file and print them");
  add_output_options(app, o->output);
  return [o] {
    const std::string source = o->file.empty() ? std::string(kBuiltIn) : o->file;
    const std::vector<BenchmarkRow> rows =
        o->file.empty() ? parse_benchmarks(*embedded_file(kBuiltIn), kBuiltIn)
                        : load_benchmark_file(o->file);
    emit(o->fit ? fit_report(source, rows) : validation_report(source, rows), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
