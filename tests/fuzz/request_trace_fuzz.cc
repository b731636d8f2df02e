// parse_request_trace_csv on any text, then simulate_report() of its requests on
// one H100: every number of the report is finite, its charts' points too.

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/request_trace.h"
#include "llmtco/simulate_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    RequestTrace trace = parse_request_trace_csv(fuzz::as_text(data, size), "fuzz.csv");
    const Report report = simulate_report(shipped(), {.model = "llama-3.1-8b",
                                                      .gpu = "h100-sxm",
                                                      .trace = std::move(trace.requests),
                                                      .trace_source = "fuzz.csv",
                                                      .trace_arrivals = trace.arrivals});
    fuzz::check_report(report);
  });
  return 0;
}
