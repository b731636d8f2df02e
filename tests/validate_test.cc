#include "llmtco/validate.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "llmtco/benchmark_file.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "shipped.h"

namespace llmtco {
namespace {

std::vector<BenchmarkRow> shipped_calibration() {
  const char* path = "data/benchmarks/calibration.csv";
  return parse_benchmarks(*embedded_file(path), path);
}

const ErrorSummary& group(const Validation& v, const std::string& by, const std::string& key) {
  for (const ErrorGroup& g : v.groups) {
    if (g.by == by && g.key == key) return g.summary;
  }
  throw std::out_of_range(by + " " + key);
}

// The built-in sets (calibration.csv, calibration-2.csv, the vLLM runs) with the
// shipped factors: the errors docs/methodology.md reports, within issue 14's bounds.
TEST(Validate, InSampleErrorOfTheShippedFactors) {
  const Validation v = validate(shipped(), shipped().benchmarks, engine_catalog());
  ASSERT_EQ(v.rows.size(), shipped().benchmarks.size());
  struct Bound {
    const char* key;
    double mape_at_most;
  };
  const Bound bounds[] = {{"vllm 0.6.0 online tpot_ms_mean", 12},
                          {"vllm 0.6.0 online output_tokens_per_s", 12},
                          {"vllm 0.6.0 online ttft_ms_mean", 20},
                          {"trtllm 0.14.0 offline output_tokens_per_s", 12},
                          {"trtllm 0.14.0 online itl_ms_mean", 20},
                          {"trtllm 0.14.0 online output_tokens_per_s", 20},
                          {"trtllm 0.14.0 online requests_per_s", 20},
                          {"trtllm 0.14.0 online ttft_ms_mean", 20},
                          // The seven Llama 4 Maverick rows are predicted 2.0-2.7x
                          // too fast (below); the 37 others stay within 12%.
                          {"trtllm 1.0 offline output_tokens_per_s", 27},
                          {"gpt-fast static decode_tokens_per_s_per_user", 8}};
  for (const Bound& b : bounds) {
    const ErrorSummary& s = group(v, "engine_mode_metric", b.key);
    EXPECT_LE(s.mape, b.mape_at_most) << b.key;
    EXPECT_GT(s.mape, 0.0) << b.key;
  }
  // Every row is predicted. Llama 4 Maverick (lines 163-169 of calibration-2.csv)
  // is the open gap of docs/methodology.md, "Where the speed model is weakest":
  // Qwen3-235B-A22B on the same engine, GPUs and batches is within 9%, Maverick's
  // predictions are 102-167% above the measurements. Pinned so that a change shows.
  EXPECT_EQ(v.summary.predicted, v.summary.rows);
  int maverick = 0;
  for (const RowPrediction& r : v.rows) {
    if (r.file.ends_with("calibration-2.csv") && r.line >= 163 && r.line <= 169) {
      ++maverick;
      EXPECT_GT(r.error_pct.value_or(0), 100.0) << r.line;
      EXPECT_LT(r.error_pct.value_or(0), 170.0) << r.line;
    } else if (r.file.ends_with("calibration-2.csv") && r.line >= 146) {
      EXPECT_LT(std::abs(r.error_pct.value_or(1e9)), 40.0)
          << r.line;  // the other TensorRT-LLM 1.0 rows
    }
  }
  EXPECT_EQ(maverick, 7);
}

// Rows the shipped factors were fitted on: all but Llama 4 Maverick's, whose gap
// is open; refitting every model's factors to one model's unexplained error
// would be tuning to it.
std::vector<BenchmarkRow> fitted_rows(const std::vector<BenchmarkRow>& rows) {
  std::vector<BenchmarkRow> kept;
  for (const BenchmarkRow& r : rows) {
    if (!r.model.starts_with("meta-llama/Llama-4-Maverick")) kept.push_back(r);
  }
  return kept;
}

TEST(Validate, ShippedFactorsAreTheFitsOptimum) {
  // The factors in data/engines.json are what `llmtco validate --fit` printed on
  // the built-in sets, rounded: no exercised factor moved by 5% either way gains
  // half a point of MAPE. (A whole refit takes tens of seconds; this checks the
  // same optimum locally.)
  const std::vector<BenchmarkRow> rows = fitted_rows(shipped().benchmarks);
  for (const EngineProfile& engine : engine_catalog()) {
    const std::vector<BenchmarkRow> own = profile_rows(shipped(), rows, engine);
    if (own.empty()) continue;
    const double shipped_loss = fit_loss(shipped(), own, engine);
    for (const std::string& factor : fit_factors(shipped(), own)) {
      for (double scale : {0.95, 1.05}) {
        EngineProfile moved = engine;
        set_engine_factor(moved, factor, engine_factor(engine, factor) * scale);
        EXPECT_GE(fit_loss(shipped(), own, moved), shipped_loss - 0.5)
            << engine.id << " " << engine.min_version << " " << factor << " x " << scale;
      }
    }
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
  EXPECT_EQ(predict_row(shipped(), engine, engine_catalog()).reason,
            "unknown engine 'llama.cpp' (nearest known: 'vllm'; known: vllm, trtllm, sglang, "
            "hf-transformers, gpt-fast)");
  engine.engine = "vllm";
  engine.engine_version = "0.5.4";
  EXPECT_EQ(predict_row(shipped(), engine, engine_catalog()).reason,
            "no vllm profile for version '0.5.4' (profiles: 0.6+)");
}

TEST(Validate, DecodeRateIsOneOverTheTimePerToken) {
  const RowPrediction p = predict_row(shipped(), row_on("a100-80gb-sxm"), engine_catalog());
  ASSERT_TRUE(p.predicted);
  EXPECT_NEAR(*p.error_pct, (*p.predicted - 104.9) / 104.9 * 100, 1e-9);
  EXPECT_EQ(p.reason, "batch 1; prefill memory-bound, decode memory-bound");
}

TEST(Validate, GroupsCoverEveryDimension) {
  const Validation v = validate(shipped(), shipped_calibration(), engine_catalog());
  for (const char* by : {"engine", "file", "gpu", "mode", "metric", "engine_mode_metric"}) {
    int rows = 0;
    for (const ErrorGroup& g : v.groups) {
      if (g.by == by) rows += g.summary.rows;
    }
    EXPECT_EQ(rows, v.summary.rows) << by;
  }
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

TEST(EngineProfiles, AVersionPicksTheProfileThatCoversIt) {
  EXPECT_EQ(find_engine(shipped(), "trtllm", "0.14.0").min_version, "0.14");
  EXPECT_EQ(find_engine(shipped(), "trtllm", "0.21").min_version, "0.14");
  EXPECT_EQ(find_engine(shipped(), "TRTLLM", "1.0").min_version, "1.0");
  EXPECT_EQ(find_engine(shipped(), "trtllm", "1.2.0rc1").min_version, "1.0");
  EXPECT_EQ(find_engine(shipped(), "trtllm").min_version, "1.0");  // no version: the newest
  EXPECT_THROW(find_engine(shipped(), "trtllm", "0.9"), InputError);
  EXPECT_EQ(find_engine(shipped(), "vllm", "v0.6.3.post1").min_version, "0.6");
  EXPECT_EQ(find_engine(shipped(), "hf-transformers", "4.46").min_version, "4.40");
  try {
    find_engine(shipped(), "trtllm", "abc");
    ADD_FAILURE() << "abc is no version";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "engine version 'abc' must be dotted numbers, e.g. 0.14 or 1.0.0rc3 (profiles of "
                 "trtllm: 1.0+, 0.14+)");
  }
  EXPECT_EQ(compare_versions("0.14.0", "0.6"), 1);
  EXPECT_EQ(compare_versions("1.0", "1"), 0);
  EXPECT_EQ(compare_versions("0.6", "0.10"), -1);
}

}  // namespace
}  // namespace llmtco
