#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "io/csv.h"
#include "io/json_text.h"
#include "io/read_file.h"
#include "llmtco/api_price.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/text.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr const char* kPricesFile = "data/api_prices/model_prices.json";
constexpr const char* kTrainingFile = "data/api_prices/finetune_training_prices.csv";
constexpr const char* kMetaFile = "data/api_prices/catalog.json";

bool text_generation(const nlohmann::ordered_json& entry) {
  if (!entry.is_object() || !entry.contains("mode") || !entry["mode"].is_string()) return false;
  const std::string mode = entry["mode"];
  return mode == "chat" || mode == "completion" || mode == "responses";
}

// A LiteLLM per-token price as USD per 1M tokens, if present.
std::optional<double> per_million(const nlohmann::ordered_json& entry, const std::string& key,
                                  const char* field, const std::string& source) {
  if (!entry.contains(field) || entry[field].is_null()) return std::nullopt;
  const nlohmann::ordered_json& value = entry[field];
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
    throw InputError(fmt::format("{}: '{}'.{} must be a number >= 0 (got {})", source, key, field,
                                 value.dump()));
  }
  // Per-token prices like 1.65e-7 carry binary noise once scaled; a nano-dollar
  // per 1M tokens is below any published price's precision.
  constexpr double kNanoDollars = 1e9;
  return std::round(value.get<double>() * kTokensPerMillion * kNanoDollars) / kNanoDollars;
}

// A model's id and provider are printed in reports: one line of UTF-8 text.
void check_printed(const std::string& text, const std::string& what, const std::string& source) {
  if (const auto problem = text_problem(text)) {
    throw InputError(
        fmt::format("{}: {} {} (got '{}')", source, what, *problem, escape_text(text)));
  }
}

// The provider LiteLLM names, if any: text, or absent.
std::string provider_of(const nlohmann::ordered_json& entry, const std::string& key,
                        const std::string& source) {
  const auto it = entry.find("litellm_provider");
  if (it == entry.end() || it->is_null()) return "";
  if (!it->is_string()) {
    throw InputError(fmt::format("{}: '{}'.litellm_provider must be text (got {})", source,
                                 escape_text(key), it->dump()));
  }
  return it->get<std::string>();
}

std::optional<std::int64_t> count(const nlohmann::ordered_json& entry, const char* field) {
  if (!entry.contains(field) || !entry[field].is_number_integer()) return std::nullopt;
  return entry[field].get<std::int64_t>();
}

// The threshold of a long-context key, "<prefix>_above_200k_tokens" -> 200,000,
// if `field` is one.
std::optional<std::int64_t> tier_threshold(std::string_view field, std::string_view prefix) {
  constexpr std::string_view kAbove = "_above_", kSuffix = "k_tokens";
  if (!field.starts_with(prefix)) return std::nullopt;
  field.remove_prefix(prefix.size());
  if (!field.starts_with(kAbove) || !field.ends_with(kSuffix)) return std::nullopt;
  const std::string_view digits =
      field.substr(kAbove.size(), field.size() - kAbove.size() - kSuffix.size());
  if (digits.empty() || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  constexpr std::int64_t kTokensPerK = 1000;  // LiteLLM's "200k" is 200,000 tokens
  return std::stoll(std::string(digits)) * kTokensPerK;
}

// The lowest tier above which the map lists an input price, with the prices it
// lists at that threshold.
std::optional<ApiLongContextTier> long_context_tier(const nlohmann::ordered_json& entry,
                                                    const std::string& key,
                                                    const std::string& source) {
  constexpr const char* kInput = "input_cost_per_token";
  std::optional<std::int64_t> lowest;
  for (const auto& item : entry.items()) {
    const auto threshold = tier_threshold(item.key(), kInput);
    if (threshold && (!lowest || *threshold < *lowest)) lowest = threshold;
  }
  if (!lowest) return std::nullopt;
  const std::string suffix = fmt::format("_above_{}k_tokens", *lowest / 1000);
  auto price = [&](const char* field) {
    return per_million(entry, key, (std::string(field) + suffix).c_str(), source);
  };
  const auto input = price(kInput);
  if (!input) return std::nullopt;  // null in the map: no tier
  return ApiLongContextTier{
      .threshold_tokens = *lowest,
      .input_usd_per_1m = *input,
      .output_usd_per_1m = price("output_cost_per_token"),
      .cached_input_usd_per_1m = price("cache_read_input_token_cost"),
      .cache_write_input_usd_per_1m = price("cache_creation_input_token_cost")};
}

std::map<std::string, double> parse_training(std::string_view csv, const std::string& source) {
  const detail::CsvTable table = detail::parse_csv(csv, source);
  const std::size_t model = detail::csv_column(table, "model", source);
  const std::size_t price = detail::csv_column(table, "usd_per_1m_training_tokens", source);
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const std::string& text = table.rows[i][price];
    // An empty price: the family trains, but not at a price per token (the note says how).
    if (text.empty()) continue;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !std::isfinite(value) || value < 0) {
      throw InputError(
          fmt::format("{}:{}: column 'usd_per_1m_training_tokens' must be a number >= 0 (got '{}')",
                      source, table.row_lines[i], text));
    }
    out[api_family(table.rows[i][model])] = value;
  }
  return out;
}

std::string meta(const char* part, const char* field) {
  return nlohmann::json::parse(*embedded_file(kMetaFile)).at(part).at(field).get<std::string>();
}

}  // namespace

std::vector<ApiPrice> parse_api_prices(std::string_view json, const std::string& source,
                                       std::string_view training_csv,
                                       const std::string& training_source) {
  const nlohmann::ordered_json map = detail::parse_ordered_json_text(json, source);
  if (!map.is_object()) {
    throw InputError(
        fmt::format("{}: must be a JSON object of model ids (LiteLLM's price map)", source));
  }
  const std::map<std::string, double> training = parse_training(training_csv, training_source);
  std::vector<ApiPrice> out;
  for (const auto& [key, entry] : map.items()) {
    if (key == "sample_spec" || key == "fallback_generalizations" || !text_generation(entry)) {
      continue;
    }
    const auto input = per_million(entry, key, "input_cost_per_token", source);
    const auto output = per_million(entry, key, "output_cost_per_token", source);
    if (!input || !output) continue;
    check_printed(key, "a model id", source);
    ApiPrice p{
        .id = key,
        .provider = provider_of(entry, key, source),
        .mode = entry["mode"],
        .input_usd_per_1m = *input,
        .output_usd_per_1m = *output,
        .cached_input_usd_per_1m = per_million(entry, key, "cache_read_input_token_cost", source),
        .cache_write_input_usd_per_1m =
            per_million(entry, key, "cache_creation_input_token_cost", source),
        .batch_input_usd_per_1m = per_million(entry, key, "input_cost_per_token_batches", source),
        .batch_output_usd_per_1m = per_million(entry, key, "output_cost_per_token_batches", source),
        .long_context = long_context_tier(entry, key, source),
        .max_input_tokens = count(entry, "max_input_tokens"),
        .max_output_tokens = count(entry, "max_output_tokens"),
        .fine_tuned = key.starts_with("ft:")};
    check_printed(p.provider, fmt::format("'{}'.litellm_provider", key), source);
    if (!p.cached_input_usd_per_1m) {
      p.cached_input_usd_per_1m = per_million(entry, key, "input_cost_per_token_cache_hit", source);
    }
    // Training a fine-tune is priced per family: the dated and undated base keys
    // and the "ft:" key all carry it.
    if (const auto it = training.find(api_family(key)); it != training.end()) {
      p.training_usd_per_1m = it->second;
    }
    out.push_back(std::move(p));
  }
  return out;
}

const ApiCatalog& api_catalog() {
  static const ApiCatalog kCatalog = [] {
    return ApiCatalog{.prices = parse_api_prices(*embedded_file(kPricesFile), kPricesFile,
                                                 *embedded_file(kTrainingFile), kTrainingFile),
                      .source = meta("prices", "source"),
                      .date = meta("prices", "date"),
                      .training_source = meta("training", "source"),
                      .training_date = meta("training", "date")};
  }();
  return kCatalog;
}

ApiCatalog load_api_catalog(const std::string& path) {
  ApiCatalog catalog = api_catalog();
  catalog.prices = parse_api_prices(detail::read_text_file(path, "price file"), path,
                                    *embedded_file(kTrainingFile), kTrainingFile);
  catalog.source = path + " (LiteLLM price map)";
  catalog.date = "as of the file";
  return catalog;
}

}  // namespace llmtco
