// ApiPrice: what an LLM API charges per token, from the LiteLLM price map
// (data/api_prices/, or a newer upstream file), with the providers' fine-tuning
// training prices from a small dated table of our own. Prices in USD per 1M tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmtco {

struct ApiPrice {
  std::string id;        // the LiteLLM key, e.g. "gpt-4o-mini" or "ft:gpt-4o-mini-2024-07-18"
  std::string provider;  // litellm_provider, e.g. "openai"
  std::string mode;      // "chat", "completion" or "responses"
  double input_usd_per_1m = 0;                    // >= 0
  double output_usd_per_1m = 0;                   // >= 0
  std::optional<double> cached_input_usd_per_1m;  // a prompt-cache hit
  std::optional<double> batch_input_usd_per_1m;   // the batch API
  std::optional<double> batch_output_usd_per_1m;
  std::optional<std::int64_t> max_input_tokens;
  std::optional<std::int64_t> max_output_tokens;
  bool fine_tuned = false;  // an "ft:" key: the price of calling a fine-tuned model
  // Training a fine-tune on this model, per 1M training tokens (x epochs), where
  // the provider publishes it (data/api_prices/finetune_training_prices.csv).
  std::optional<double> training_usd_per_1m;
};

struct ApiCatalog {
  std::vector<ApiPrice> prices;  // in the file's order
  std::string source;            // where the prices come from
  std::string date;              // the date of the price data
  std::string training_source;   // where the training prices come from
  std::string training_date;
};

// By id (any case). Throws InputError naming the nearest id.
const ApiPrice& find_api(const ApiCatalog& catalog, const std::string& id);

}  // namespace llmtco
