// The rate-limit catalog parser on any text; a catalog it accepts then answers
// `llmtco limits` for gpt-4o, a Claude class and a Gemini model, rendered in every
// format: every number finite.
#include <string>

#include "fuzz_check.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/limits_report.h"
#include "llmtco/rate_limit_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::unless_input_error([&] {
    Catalogs catalogs = builtin_catalogs({.instances = false, .benchmarks = false});
    catalogs.rate_limits = parse_rate_limits(text, "fuzz.csv");
    for (const char* model : {"gpt-4o", "claude-sonnet-4-6", "gemini/gemini-2.5-pro"}) {
      Scenario s;
      s.api.model = model;
      s.workload.tokens_per_day = 2e9;
      s.workload.batch_share = 0.25;
      fuzz::check_report(limits_report(catalogs, s));
    }
  });
  return 0;
}
