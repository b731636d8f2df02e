// parse_usage_files on any text (one file, or two split at the first line that is
// "--"), then summarize_usage, usage_report and the scenario YAML of every model:
// every number finite, every format renders, and the YAML parses back.

#include <cstdio>
#include <cstdlib>

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/usage_export.h"
#include "llmtco/usage_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  fuzz::unless_input_error([&] {
    const std::string_view text = fuzz::as_text(data, size);
    std::vector<UsageFile> files;
    if (const auto cut = text.find("\n--\n"); cut != std::string_view::npos) {
      files = {{"a.json", std::string(text.substr(0, cut))},
               {"b.json", std::string(text.substr(cut + 4))}};
    } else {
      files = {{"a.json", std::string(text)}};
    }
    const UsageData usage = parse_usage_files(files);
    const UsageSummary summary = summarize_usage(usage, shipped().api);
    fuzz::check_report(usage_report(summary, usage));
    for (const UsageModelSummary& model : summary.models) {
      std::string yaml;
      try {
        yaml = usage_scenario_yaml(summary, model.model);  // may refuse a value out of range
      } catch (const InputError&) {
        continue;
      }
      try {
        parse_scenario_yaml(yaml, "usage.yaml");
      } catch (const InputError& e) {
        std::fprintf(stderr, "usage YAML does not parse back: %s\n%s", e.what(), yaml.c_str());
        std::abort();
      }
    }
  });
  return 0;
}
