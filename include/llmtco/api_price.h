// ApiPrice: what an LLM API charges per token, from the LiteLLM price map
// (data/api_prices/, or a newer upstream file), with the providers' fine-tuning
// training prices from a small dated table of our own. Prices in USD per 1M tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llmtco {

// Prices above a prompt length: a request with more input tokens than the threshold
// bills all its tokens at these (Anthropic and Google above 200k, OpenAI above 272k).
// A price the map does not list above the threshold stays the base price.
struct ApiLongContextTier {
  std::int64_t threshold_tokens = 0;  // from the key: "..._above_200k_tokens" is 200,000
  double input_usd_per_1m = 0;        // >= 0
  std::optional<double> output_usd_per_1m;
  std::optional<double> cached_input_usd_per_1m;
  std::optional<double> cache_write_input_usd_per_1m;
};

struct ApiPrice {
  std::string id;        // the LiteLLM key, e.g. "gpt-4o-mini" or "ft:gpt-4o-mini-2024-07-18"
  std::string provider;  // litellm_provider, e.g. "openai"
  std::string mode;      // "chat", "completion" or "responses"
  double input_usd_per_1m = 0;                         // >= 0
  double output_usd_per_1m = 0;                        // >= 0
  std::optional<double> cached_input_usd_per_1m;       // a prompt-cache hit
  std::optional<double> cache_write_input_usd_per_1m;  // writing the prompt cache
  std::optional<double> batch_input_usd_per_1m;        // the batch API
  std::optional<double> batch_output_usd_per_1m;
  std::optional<ApiLongContextTier> long_context;  // the map's lowest tier, if any
  std::optional<std::int64_t> max_input_tokens;
  std::optional<std::int64_t> max_output_tokens;
  bool fine_tuned = false;  // an "ft:" key: the price of calling a fine-tuned model
  // Training a fine-tune on this model's family (api_family()), per 1M training
  // tokens (x epochs), where the provider publishes it
  // (data/api_prices/finetune_training_prices.csv).
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

// The model family of a key: without an "ft:" prefix and a trailing -YYYY-MM-DD
// date, so "gpt-4o-mini", "gpt-4o-mini-2024-07-18" and "ft:gpt-4o-mini-2024-07-18"
// are one family, "gpt-4o-mini". Lower case.
std::string api_family(const std::string& id);

// The "ft:" key that prices calling a fine-tune of `base`'s family: "ft:" + base's
// id if the map has it, else the family's first "ft:" key in the catalog's order;
// null when there is none (every Anthropic or Google model).
const ApiPrice* find_fine_tuned_api(const ApiCatalog& catalog, const ApiPrice& base);

}  // namespace llmtco
