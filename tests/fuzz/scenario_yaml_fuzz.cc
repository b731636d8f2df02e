// parse_scenario_yaml on any text, then the compare report of the scenario it
// gives, rendered in every format.
#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    const Scenario scenario = parse_scenario_yaml(fuzz::as_text(data, size), "fuzz.yaml");
    fuzz::check_report(compare_report(shipped(), scenario, fuzz::kCompareSettings));
  });
  return 0;
}
