// The API-price parser on any text: read as LiteLLM's price map (with the built-in
// training prices), and as the training-price CSV (with a small map of the models
// it prices); then the API listing of each catalog, rendered in every format;
// every price is finite.
#include <string>

#include "fuzz_check.h"
#include "llmtco/api_catalog.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/catalog_report.h"
#include "llmtco/embedded.h"
#include "llmtco/instance_catalog.h"

namespace {

constexpr const char* kTrainingFile = "data/api_prices/finetune_training_prices.csv";

constexpr std::string_view kSmallMap = R"({
  "gpt-3.5-turbo": {"litellm_provider": "openai", "mode": "chat",
                    "input_cost_per_token": 5e-07, "output_cost_per_token": 1.5e-06},
  "gpt-4o-mini-2024-07-18": {"litellm_provider": "openai", "mode": "chat",
                             "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07}
})";

void check_optional(const std::optional<double>& value, const std::string& what) {
  if (value) llmtco::fuzz::expect_finite(*value, what);
}

void check_prices(std::vector<llmtco::ApiPrice> prices) {
  for (const llmtco::ApiPrice& p : prices) {
    llmtco::fuzz::expect_finite(p.input_usd_per_1m, "input price of " + p.id);
    llmtco::fuzz::expect_finite(p.output_usd_per_1m, "output price of " + p.id);
    check_optional(p.cached_input_usd_per_1m, "cached input price of " + p.id);
    check_optional(p.batch_input_usd_per_1m, "batch input price of " + p.id);
    check_optional(p.batch_output_usd_per_1m, "batch output price of " + p.id);
    check_optional(p.training_usd_per_1m, "training price of " + p.id);
  }
  llmtco::Catalogs catalogs = llmtco::builtin_catalogs({.instances = false, .api = false});
  catalogs.api = {.prices = std::move(prices), .source = "fuzz"};
  const llmtco::CatalogRequest request{.kind = "apis"};
  llmtco::fuzz::check_report(catalog_report(catalogs, request));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::unless_input_error([&] {
    check_prices(parse_api_prices(text, "fuzz.json", *embedded_file(kTrainingFile), kTrainingFile));
  });
  fuzz::unless_input_error(
      [&] { check_prices(parse_api_prices(kSmallMap, "small.json", text, "fuzz.csv")); });
  return 0;
}
