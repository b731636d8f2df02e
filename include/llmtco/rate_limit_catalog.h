// Reading the API rate-limit catalog (data/rate_limits/rate_limits.csv): the
// providers' published usage tiers and per-model limits, built in.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>
#include <string_view>

#include "llmtco/rate_limits.h"

namespace llmtco {

// Parses the catalog's CSV (`csv`, named `source` in errors). An empty number is
// "not published". Throws InputError naming the source, the row (1-based, the
// header not counted), its line, the column and the value: "rate_limits.csv: row 3
// (line 4), column 'rpm': must be a number > 0 (got 'abc')"; a provider other than
// openai, anthropic or google, or an empty tier or model, likewise.
RateLimitCatalog parse_rate_limits(std::string_view csv, const std::string& source);

// The built-in catalog, loaded once.
const RateLimitCatalog& rate_limit_catalog();

}  // namespace llmtco
