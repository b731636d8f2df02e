#include "llmtco/validate_report.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "llmtco/validate.h"

namespace llmtco {
namespace {

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

}  // namespace

Report validation_report(const Catalogs& catalogs) {
  const std::string& source = catalogs.benchmarks_source;
  const std::vector<BenchmarkRow>& rows = catalogs.benchmarks;
  const Validation v = validate(catalogs, rows, catalogs.engines);
  Report report{.command = "validate", .title = "Predicted vs measured: " + source};
  Table table{.id = "rows",
              .title = "Rows (error_pct = (predicted - measured) / measured x 100)",
              .columns = {"file", "line", "predicted", "measured", "error_pct", "reason"}};
  for (const RowPrediction& r : v.rows) {
    table.rows.push_back({r.file, std::int64_t{r.line}, optional_cell(r.predicted), r.measured,
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

Report fit_report(const Catalogs& catalogs) {
  const std::string& source = catalogs.benchmarks_source;
  const std::vector<BenchmarkRow>& rows = catalogs.benchmarks;
  Report report{.command = "validate", .title = "Engine factors refitted on " + source};
  Table table{
      .id = "fits",
      .title = "Fitted factors (copy into data/engines.json to adopt them)",
      .columns = {"engine", "rows", "mape_before", "mape_after", "factor", "shipped", "fitted"}};
  for (const EngineProfile& engine : catalogs.engines) {
    const Fit fit = fit_engine(catalogs, rows, engine);
    if (fit.rows == 0) continue;
    for (const std::string& name : fit.factors) {
      table.rows.push_back({engine.id, std::int64_t{fit.rows}, fit.mape_before, fit.mape_after,
                            name, engine_factor(engine, name), engine_factor(fit.engine, name)});
    }
  }
  report.tables.push_back(std::move(table));
  return report;
}

}  // namespace llmtco
