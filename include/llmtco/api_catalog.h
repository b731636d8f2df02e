// Reading API prices: LiteLLM's price map with our training prices, built in
// (data/api_prices/) or from a newer file.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>
#include <string_view>
#include <vector>

#include "llmtco/api_price.h"

namespace llmtco {

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

}  // namespace llmtco
