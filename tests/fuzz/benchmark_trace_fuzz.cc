// parse_benchmark_trace on any text (a benchmark_serving result JSON), then
// trace_rows for one setup and validate() of them against the built-in engines:
// every prediction, error and summary figure is finite.
#include <memory>

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    const auto trace = std::make_shared<const BenchmarkTrace>(
        parse_benchmark_trace(fuzz::as_text(data, size), "fuzz.json"));
    const std::vector<BenchmarkRow> rows = trace_rows(trace, {.model = "mistral-7b-v0.3",
                                                              .gpu = "h100-sxm",
                                                              .precision = "bf16",
                                                              .engine = "vllm",
                                                              .server = {.scheduler_steps = 10}});
    const Validation v = validate(shipped(), rows, engine_catalog());
    fuzz::check_validation(v);
  });
  return 0;
}
