// `--set key=value` overrides: each line of the input applied in turn to the seed
// scenario, then the compare report, rendered in every format.
#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    Scenario scenario = default_scenario();
    for (const std::string_view line : fuzz::lines_of(fuzz::as_text(data, size))) {
      apply_override(scenario, line);
    }
    fuzz::check_report(compare_report(shipped(), scenario, fuzz::kCompareSettings));
  });
  return 0;
}
