// ApiPrice: what an LLM API charges per token, from the LiteLLM price map
// (data/api_prices/, or a newer upstream file), with the providers' fine-tuning
// training prices from a small dated table of our own. Prices in USD per 1M tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// Parses LiteLLM's map (`json`, named `source` in errors): skips the non-model keys
// (sample_spec, fallback_generalizations) and entries that are not text generation
// or lack an input or output price; `training_csv` (model, usd_per_1m_training_tokens)
// adds training prices by id. Throws InputError naming the key, the field, the
// value and what is valid for a price that is not a number >= 0.
std::vector<ApiPrice> parse_api_prices(std::string_view json, const std::string& source,
                                       std::string_view training_csv,
                                       const std::string& training_source);

// The built-in catalog (data/api_prices/), loaded once.
const ApiCatalog& api_catalog();

// Reads a newer LiteLLM file at `path`, with the built-in training prices.
ApiCatalog load_api_catalog(const std::string& path);

// By id (any case). Throws InputError naming the nearest id.
const ApiPrice& find_api(const ApiCatalog& catalog, const std::string& id);

}  // namespace llmtco
