#include "llmtco/validate.h"

#include <gtest/gtest.h>

#include "llmtco/benchmark_file.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/embedded.h"
#include "shipped.h"

namespace llmtco {
namespace {

std::vector<BenchmarkRow> shipped_calibration() {
  const char* path = "data/benchmarks/calibration.csv";
  return parse_benchmarks(*embedded_file(path), path);
}

TEST(Validate, InSampleErrorOfTheShippedFactorsIsAtMost15Percent) {
  const std::vector<BenchmarkRow> rows = shipped_calibration();
  const Validation v = validate(shipped(), rows, engine_catalog());
  ASSERT_EQ(v.rows.size(), rows.size());
  EXPECT_EQ(v.summary.predicted, v.summary.rows);
  EXPECT_DOUBLE_EQ(v.summary.coverage, 1.0);
  EXPECT_LE(v.summary.mape, 15.0);
  EXPECT_GT(v.summary.mape, 0.0);
  EXPECT_LE(v.summary.median_ape, v.summary.p90_ape);
}

TEST(Validate, ShippedFactorsAreTheFitsOptimum) {
  // Refitting on the shipped file must not find a materially better set: the
  // factors in data/engines.json are what `llmtco validate --fit` printed.
  const std::vector<BenchmarkRow> rows = shipped_calibration();
  for (const char* id : {"trtllm", "gpt-fast"}) {
    const Fit fit = fit_engine(shipped(), rows, find_engine(shipped(), id));
    EXPECT_GT(fit.rows, 0) << id;
    EXPECT_GE(fit.mape_after, fit.mape_before - 0.5) << id;
  }
}

TEST(Validate, SummaryByHand) {
  // |errors| 10, 20, 30 and one row not predicted: mean 20, median 20, and the
  // 90th percentile by nearest rank is the ceil(0.9 x 3) = 3rd smallest, 30.
  const std::vector<RowPrediction> rows = {
      {.line = 2, .predicted = 110, .measured = 100, .error_pct = 10},
      {.line = 3, .predicted = 80, .measured = 100, .error_pct = -20},
      {.line = 4, .predicted = 130, .measured = 100, .error_pct = 30},
      {.line = 5, .measured = 100, .reason = "unknown GPU"}};
  const ErrorSummary s = summarize(rows);
  EXPECT_EQ(s.rows, 4);
  EXPECT_EQ(s.predicted, 3);
  EXPECT_DOUBLE_EQ(s.coverage, 0.75);
  EXPECT_DOUBLE_EQ(s.mape, 20);
  EXPECT_DOUBLE_EQ(s.median_ape, 20);
  EXPECT_DOUBLE_EQ(s.p90_ape, 30);
}

BenchmarkRow row_on(const std::string& gpu) {
  return {.line = 7,
          .model = "meta-llama/Llama-2-7b-chat-hf",
          .gpu = gpu,
          .precision = "bf16",
          .engine = "gpt-fast",
          .mode = "static",
          .input_len = 5,
          .output_len = 200,
          .batch = 1,
          .metric = "decode_tokens_per_s_per_user",
          .value = 104.9};
}

TEST(Validate, UnknownNamesGiveNoPredictionAndAReason) {
  const RowPrediction p = predict_row(shipped(), row_on("h10"), engine_catalog());
  EXPECT_EQ(p.line, 7);
  EXPECT_FALSE(p.predicted);
  EXPECT_EQ(p.reason, "unknown GPU 'h10' (nearest known GPU: 'h100-sxm')");
  BenchmarkRow engine = row_on("a100-80gb-sxm");
  engine.engine = "llama.cpp";
  EXPECT_EQ(predict_row(shipped(), engine, engine_catalog()).reason, "unknown engine 'llama.cpp'");
}

TEST(Validate, DecodeRateIsOneOverTheTimePerToken) {
  const RowPrediction p = predict_row(shipped(), row_on("a100-80gb-sxm"), engine_catalog());
  ASSERT_TRUE(p.predicted);
  EXPECT_NEAR(*p.error_pct, (*p.predicted - 104.9) / 104.9 * 100, 1e-9);
  EXPECT_EQ(p.reason, "batch 1; prefill memory-bound, decode memory-bound");
}

TEST(Validate, GroupsCoverEveryDimension) {
  const Validation v = validate(shipped(), shipped_calibration(), engine_catalog());
  for (const char* by : {"engine", "gpu", "mode", "metric"}) {
    int rows = 0;
    for (const ErrorGroup& g : v.groups) {
      if (g.by == by) rows += g.summary.rows;
    }
    EXPECT_EQ(rows, v.summary.rows) << by;
  }
}

}  // namespace
}  // namespace llmtco
