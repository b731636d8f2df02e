// Usage: what a team's API usage exports say about its workload. A record is one
// bucket result (OpenAI or Anthropic usage report) or one request (LiteLLM spend
// logs); a cost line is one result of OpenAI's Costs export. summarize_usage turns
// them into the workload per model (volume, mix, daily shape, trend, bill) as
// figures; apply_usage writes one model's workload into a scenario.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/api_price.h"
#include "llmtco/figure.h"
#include "llmtco/scenario.h"

namespace llmtco {

// The export a record came from (detected from the content, usage_export.h).
enum class UsageFormat {
  kOpenAiUsage,     // GET /v1/organization/usage/completions pages
  kOpenAiCosts,     // GET /v1/organization/costs pages
  kAnthropicUsage,  // GET /v1/organizations/usage_report/messages pages
  kLiteLlm,         // LiteLLM_SpendLogs rows (CSV or JSON)
};

// "openai_usage", "openai_costs", "anthropic_usage", "litellm".
const char* usage_format_name(UsageFormat format);

// One bucket result or one request. Token counts are >= 0 and disjoint: input is
// uncached + cached + cache-write.
struct UsageRecord {
  UsageFormat format = UsageFormat::kOpenAiUsage;
  std::string source;                   // the file, for notes
  std::string model;                    // as the export names it, e.g. "gpt-4.1-mini-2025-04-14"
  std::int64_t start_s = 0;             // Unix seconds, UTC; a request's start time
  std::int64_t end_s = 0;               // exclusive for a bucket; a request's end time; >= start_s
  double uncached_input_tokens = 0;     // billed at the input price
  double cached_input_tokens = 0;       // prompt-cache reads
  double cache_write_input_tokens = 0;  // prompt-cache writes (all of them)
  double cache_write_1h_input_tokens = 0;  // of those, Anthropic 1-hour writes (2x input)
  double output_tokens = 0;
  std::optional<std::int64_t> requests;  // null: the export does not count them (Anthropic)
  bool per_request = false;              // a LiteLLM row: one request
  bool batch = false;                    // OpenAI batch=true, Anthropic service_tier batch
  bool failed = false;                   // LiteLLM status "failure"
  std::string error;  // a failure's error_code and error_class, e.g. "429 RateLimitError"
  bool proxy_cache_hit = false;           // LiteLLM answered from its own cache
  std::optional<double> stated_cost_usd;  // LiteLLM's spend column
};

// One result of OpenAI's Costs export.
struct UsageCostLine {
  std::string source;
  std::int64_t start_s = 0;  // the bucket, a UTC day
  std::int64_t end_s = 0;
  std::string line_item;  // e.g. "gpt-4.1-mini-2025-04-14, cached input"
  std::string model;      // line_item before its last comma; empty for non-token items
  double amount_usd = 0;  // >= 0
};

// Everything read from the files given together.
struct UsageData {
  std::vector<std::string> sources;  // the files, in the order given
  std::vector<UsageRecord> records;
  std::vector<UsageCostLine> costs;
};

// The smallest whole span a trend is fitted on, days.
inline constexpr int kMinFitDays = 7;
// Busiest-minute traffic from per-request rows is trusted from this many requests
// in the busiest hour (fewer: too few to say how a minute compares with its hour).
inline constexpr std::int64_t kMinPeakHourRequests = 1000;
// A fitted trend sets a scenario's monthly_growth (apply_usage) only when it explains
// at least this share of the days' variation (R squared; ours: a weekly cycle or one
// odd day otherwise passes for growth or decline).
inline constexpr double kMinGrowthR2 = 0.5;
// The stated and implied bills "disagree" beyond this share of the stated bill.
inline constexpr double kBillDisagreementShare = 0.05;

// What the export says about one model (or, with model "total", all of them).
struct UsageModelSummary {
  std::string model;            // as exported, or "total"
  std::string api_model;        // its key in the API price catalog; empty: none
  std::vector<Figure> figures;  // ids without the model: "tokens_per_day", ...
  // The share of tokens in each UTC hour; all zero where buckets are wider than an hour.
  std::array<double, 24> hourly_share{};
  bool has_hourly = false;
  std::optional<double> monthly_growth;      // fitted, where the span allows
  std::optional<double> peak_minute_factor;  // where 1m buckets or enough rows allow
  std::optional<double> input_cv;            // per-request rows only
  std::optional<double> output_cv;
  std::optional<double> implied_usd;  // null: the catalog does not price the model
};

struct UsageSummary {
  std::vector<UsageModelSummary> models;  // by implied bill, largest first; unpriced last
  UsageModelSummary total;
  std::vector<Figure> costs_figures;  // the Costs export alone (spend a day, its trend)
  std::vector<std::string> notes;
  double window_days = 0;  // the span the means are over
};

// The summary of `data` priced at `prices`. Pure: throws nothing on data the
// readers produced (an empty data set gives a summary with a note).
UsageSummary summarize_usage(const UsageData& data, const ApiCatalog& prices);

// The summary of `model` (an exported name or its catalog key), or nullptr.
const UsageModelSummary* find_usage_model(const UsageSummary& summary, const std::string& model);

// The model a scenario takes by default: the largest implied bill (else the most
// tokens); empty if there is none.
std::string default_usage_model(const UsageSummary& summary);

// Writes `model`'s workload into `scenario`: workload.tokens_per_day (the other
// volume fields to 0), the per-request token means (where requests are counted),
// cached_input_share, cache_write_share, batch_share, monthly_growth (where fitted),
// hourly_profile (where buckets are an hour or finer), peak_minute_factor (where
// measured), request_shape's lognormal CVs (where rows are per request) and
// api.model (the catalog key; unchanged if none). Throws InputError naming the
// model and the ones there are if it is not in `summary`, and naming the field for
// a value beyond the scenario's range.
void apply_usage(const UsageSummary& summary, const std::string& model, Scenario& scenario);

}  // namespace llmtco
