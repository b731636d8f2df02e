// parse_scenario_json on any JSON value (text that is not JSON is skipped: the
// server refuses it before the scenario is read), then the compare report,
// rendered in every format.
#include <nlohmann/json.hpp>

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  const nlohmann::json root = nlohmann::json::parse(data, data + size, nullptr, false);
  if (root.is_discarded()) return 0;
  fuzz::unless_input_error([&] {
    const Scenario scenario = parse_scenario_json(root, "fuzz.json");
    fuzz::check_report(compare_report(shipped(), scenario, fuzz::kCompareSettings));
  });
  return 0;
}
