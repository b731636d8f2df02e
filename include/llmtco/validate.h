// Validation: the speed model's prediction for each row of a benchmark file,
// its error against the measured value, and the error summarised overall and by
// engine, GPU, mode and metric.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "llmtco/benchmark.h"
#include "llmtco/catalogs.h"
#include "llmtco/engine.h"

namespace llmtco {

struct RowPrediction {
  std::string file;  // the benchmark file of the row
  int line = 0;
  std::optional<double> predicted;  // in the row's metric; none when it cannot be predicted
  double measured = 0;
  std::optional<double> error_pct;  // (predicted - measured) / measured x 100
  std::string reason;               // why not predicted; else what governed it (batch, bounds)
};

struct ErrorSummary {
  int rows = 0;
  int predicted = 0;
  double coverage = 0;    // predicted / rows, 0..1
  double mape = 0;        // mean |error_pct| over predicted rows, %
  double median_ape = 0;  // median |error_pct|, %
  double p90_ape = 0;     // 90th percentile (nearest rank) of |error_pct|, %
};

struct ErrorGroup {
  std::string by;   // "engine" (and version), "file", "gpu", "mode", "metric", "engine_mode_metric"
  std::string key;  // e.g. "trtllm"
  ErrorSummary summary;
};

struct Validation {
  std::vector<RowPrediction> rows;  // one per benchmark row, in file order
  ErrorSummary summary;
  std::vector<ErrorGroup> groups;
};

// The prediction for one row with the given engine profiles (the catalog's, or
// candidates while fitting). Unknown model, GPU, precision or engine names and
// setups that do not fit give no prediction and a reason.
RowPrediction predict_row(const Catalogs& catalogs, const BenchmarkRow& row,
                          std::span<const EngineProfile> engines);

ErrorSummary summarize(std::span<const RowPrediction> rows);

// "trtllm 0.14.0": the engine and version a row names, the key of its group.
std::string engine_key(const BenchmarkRow& row);

Validation validate(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
                    std::span<const EngineProfile> engines);

// The fitted factors of one engine: a coordinate search in log space minimising
// the mean absolute percentage error over the rows of that engine.
struct Fit {
  EngineProfile engine;              // the start profile with the fitted factors
  std::vector<std::string> factors;  // the names of the fitted factors
  double mape_before = 0;
  double mape_after = 0;
  int rows = 0;
};

// The factors worth fitting for `engine` given its rows: efficiencies the rows
// exercise (compute only with prefill-heavy rows, quantized kernels only with
// quantized rows, all-reduce only with tp > 1).
Fit fit_engine(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
               const EngineProfile& start);

// The value of the factor `name` (a Fit::factors entry) in `engine`, and setting it.
double engine_factor(const EngineProfile& engine, const std::string& name);
void set_engine_factor(EngineProfile& engine, const std::string& name, double value);

// The rows of `rows` that the catalog profile `profile` predicts (by engine and
// version), the factors those rows exercise, and the loss a fit minimises: the
// mean absolute percentage error, a row that cannot be predicted counting 100%
// (so that a fit never buys accuracy by pushing rows out of memory).
std::vector<BenchmarkRow> profile_rows(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
                                       const EngineProfile& profile);
std::vector<std::string> fit_factors(const Catalogs& catalogs, std::span<const BenchmarkRow> rows);
double fit_loss(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
                const EngineProfile& engine);

}  // namespace llmtco
