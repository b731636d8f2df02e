// parse_benchmarks on any text, then validate() of its rows against the built-in
// engines: every prediction, error and summary figure is finite. A row's trace is
// looked up among the built-in vLLM runs, never on disk.
#include <string>

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/validate.h"

namespace {

void check_summary(const llmtco::ErrorSummary& s) {
  using llmtco::fuzz::expect_finite;
  expect_finite(s.coverage, "coverage");
  expect_finite(s.mape, "mape");
  expect_finite(s.median_ape, "median_ape");
  expect_finite(s.p90_ape, "p90_ape");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    const std::vector<BenchmarkRow> rows =
        parse_benchmarks(fuzz::as_text(data, size), "fuzz.csv",
                         embedded_trace_resolver("data/benchmarks/vllm-serving"));
    const Validation v = validate(shipped(), rows, engine_catalog());
    for (const RowPrediction& row : v.rows) {
      const std::string line = "line " + std::to_string(row.line);
      if (row.predicted) fuzz::expect_finite(*row.predicted, "the prediction of " + line);
      if (row.error_pct) fuzz::expect_finite(*row.error_pct, "the error of " + line);
    }
    check_summary(v.summary);
    for (const ErrorGroup& group : v.groups) check_summary(group.summary);
  });
  return 0;
}
