// parse_benchmarks on any text, then validate() of its rows against the built-in
// engines: every prediction, error and summary figure is finite. A row's trace is
// looked up among the built-in vLLM runs, never on disk.

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    const std::vector<BenchmarkRow> rows =
        parse_benchmarks(fuzz::as_text(data, size), "fuzz.csv",
                         embedded_trace_resolver("data/benchmarks/vllm-serving"));
    const Validation v = validate(shipped(), rows, engine_catalog());
    fuzz::check_validation(v);
  });
  return 0;
}
