// API rate limits: the usage tiers OpenAI, Anthropic and Google publish (the
// catalog data/rate_limits/rate_limits.csv), the workload's busiest minute as each
// provider counts it, and the lowest tier that carries it. docs/methodology.md,
// "API rate limits", gives every formula.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/scenario.h"

namespace llmtco {

// One row of the catalog: a provider's tier for a model (or a model class), as
// published. An empty cell is "not published" (nullopt), never zero.
struct RateLimitRow {
  std::string provider;  // "openai", "anthropic" or "google"
  std::string tier;      // "Free", "Tier 1" ... "Tier 5", "Monthly Invoicing / Custom"
  std::optional<double> qualification_usd_paid;  // cumulative payment to reach it, USD; >= 0
  std::optional<double> qualification_days;      // days since the first payment, also; >= 0
  std::optional<double> monthly_cap_usd;         // most spend a calendar month; > 0
  std::string model;  // id ("gpt-4o"), class ("Claude Sonnet 4.x (Sonnet 4.6, ...)") or "*"
  std::optional<double> requests_per_min;       // RPM; > 0
  std::optional<double> tokens_per_min;         // TPM (OpenAI in + out, Gemini input)
  std::optional<double> input_tokens_per_min;   // Anthropic ITPM
  std::optional<double> output_tokens_per_min;  // Anthropic OTPM
  std::optional<double> requests_per_day;       // RPD
  std::optional<double> tokens_per_day;         // TPD (no row has one)
  std::optional<double> batch_queue_tokens;     // input tokens enqueued at one time
  std::string source;                           // URL(s), THIRD-PARTY / NOT FOUND marks
  std::string as_of;                            // date of the source
};

struct RateLimitCatalog {
  std::vector<RateLimitRow> rows;  // in the file's order: a model's tiers lowest first
  std::string source;              // where the rows come from
};

// The expected largest of 60 independent standard normal draws, 2.32 (order
// statistics: E[max of n = 60] = 2.319; Harter 1961, "Expected values of normal
// order statistics", Biometrika 48): how far above its mean the busiest of an
// hour's 60 minutes is, in standard deviations of a minute's count.
inline constexpr double kBusiestOf60MinutesZ = 2.32;
inline constexpr double kMinutesPerDay = 1440;

// The catalog rows an API key (scenario api.model) maps to.
struct RateLimitMatch {
  std::string key;                       // as given, e.g. "ft:gpt-4o-2024-08-06"
  std::string provider;                  // "openai", "anthropic", "google"; "" when not recognised
  std::string model;                     // the catalog's model text matched; "" when none
  std::vector<RateLimitRow> tiers;       // the model's rows, lowest tier first; empty: none
  bool counts_cache_reads = false;       // Anthropic rows marked so (Claude Haiku 3.5)
  bool long_context = false;             // the rows for requests above long_context_above_tokens
  std::vector<std::string> assumptions;  // one line each: how the key was read
};

// Strips a provider prefix ("openai/", "anthropic/", "gemini/"), "ft:" (a fine-tune
// is assumed to have its base model's limits) and a date suffix (-2024-08-06,
// -20251001, -0125); Anthropic keys match a class row by family and the versions it
// lists. gpt-4.1's long-context rows apply when input_tokens_per_request exceeds
// their threshold (128k). A key that maps to no row gives empty tiers.
RateLimitMatch match_rate_limits(const RateLimitCatalog& catalog, const std::string& key,
                                 double input_tokens_per_request);

// The busiest minute's demand of the interactive (non-batch) traffic.
struct PeakMinute {
  double mean_requests_per_min = 0;  // tokens_per_day x (1 - batch_share) / tokens/request / 1440
  double peak_over_mean = 1;         // the busiest hour over the day's mean hour
  double hour_requests_per_min = 0;  // λ: the busiest hour's requests a minute
  double arrivals_cv = 1;            // the gaps' coefficient of variation (1: Poisson)
  bool burst_given = false;          // workload.peak_minute_factor set
  double burst_factor = 1;           // the busiest minute over its hour's mean minute; >= 1
  double requests_per_min = 0;       // λ x burst_factor
  double input_tokens_per_min = 0;   // every input token, cached included
  double uncached_input_tokens_per_min = 0;  // input x (1 - cached_input_share)
  double output_tokens_per_min = 0;
  double requests_per_day = 0;            // non-batch
  double batch_input_tokens_per_day = 0;  // submitted as one day's batch
};

// `profile`: traffic in each hour over the day's mean hour (mean 1).
PeakMinute peak_minute(const Scenario& scenario, const std::array<double, 24>& profile);

// A published limit the peak is held against.
enum class RateLimitKind { kRpm, kTpm, kItpm, kOtpm, kRpd, kBatchQueue };
const char* rate_limit_name(
    RateLimitKind kind);  // "RPM", "TPM", "ITPM", "OTPM", "RPD", "batch queue"

struct LimitUse {
  RateLimitKind kind = RateLimitKind::kRpm;
  double limit = 0;   // as published; > 0
  double demand = 0;  // the peak as the provider counts it, same unit
  double share = 0;   // demand / limit
};

struct TierFit {
  RateLimitRow row;
  std::vector<LimitUse> uses;          // the published limits only, in RateLimitKind order
  bool published = false;              // any limit published
  bool carries_limits = false;         // published, and every share <= 1
  bool within_cap = true;              // no cap, or the month's bill <= it
  bool carries = false;                // both
  std::optional<std::size_t> binding;  // index in uses of the largest share
  // today's tokens_per_day / the largest share, or x cap / bill where that is less:
  // the volume at which the tier stops carrying (demand and the bill scale with
  // volume; the burst factor shrinks as traffic grows, so this errs low).
  std::optional<double> stops_carrying_tokens_per_day;
};

struct RateLimitFit {
  RateLimitMatch match;
  PeakMinute peak;
  double bill_usd_per_month = 0;               // the API's bill at the scenario's volume
  std::vector<TierFit> tiers;                  // match.tiers' order
  std::optional<std::size_t> lowest_carrying;  // index in tiers
};

// The demand a provider counts against `kind`: OpenAI TPM = input (cached
// included) + output, Gemini TPM = input, Anthropic ITPM = uncached input + cache
// writes (cache reads too where counts_cache_reads), OTPM = output.
double counted_demand(const RateLimitMatch& match, const PeakMinute& peak, RateLimitKind kind);

// Every tier of the match against the peak and the bill.
RateLimitFit fit_rate_limits(const RateLimitCatalog& catalog, const Scenario& scenario,
                             const std::array<double, 24>& profile, double bill_usd_per_month);

// The answer in one line: "raise to Tier 4: needs $250 paid and 14 days; your peak
// uses 71% of its TPM", the cap case, "no published tier carries your peak (...)"
// or "no published limits for X ...".
std::string rate_limit_verdict(const RateLimitFit& fit);

}  // namespace llmtco
