// The rate-limit core (rate_limits.h) on the built-in catalog
// (data/rate_limits/rate_limits.csv, copied from ../shared/data/rate_limits/): keys
// mapped to rows, the busiest minute, each provider's counting, the tier chosen;
// every number worked by hand from the catalog's rows in a comment.
#include "llmtco/rate_limits.h"

#include <gtest/gtest.h>

#include <cmath>

#include "llmtco/limits_report.h"
#include "llmtco/rate_limit_catalog.h"
#include "llmtco/resolve.h"
#include "llmtco/verdict.h"
#include "shipped.h"

namespace llmtco {
namespace {

const RateLimitCatalog& catalog() {
  return rate_limit_catalog();
}

// The seed scenario's request (1,000 in, 500 out), busiest hour 2x, Poisson arrivals.
Scenario scenario(const std::string& model, double tokens_per_day) {
  Scenario s;
  s.api.model = model;
  s.workload.tokens_per_day = tokens_per_day;
  return s;
}

RateLimitFit fit(const Scenario& s, double bill_usd_per_month) {
  return fit_rate_limits(catalog(), s, hourly_profile(s.workload), bill_usd_per_month);
}

const TierFit& tier(const RateLimitFit& f, const std::string& name) {
  for (const TierFit& t : f.tiers) {
    if (t.row.tier == name) return t;
  }
  throw std::runtime_error("no tier " + name);
}

double share(const TierFit& t, RateLimitKind kind) {
  for (const LimitUse& u : t.uses) {
    if (u.kind == kind) return u.share;
  }
  return -1;
}

TEST(RateLimitMatch, KeysMapToTheirBaseModelsRows) {
  struct Case {
    const char* key;
    const char* provider;
    const char* model;
  };
  for (const Case& c : {
           Case{"gpt-4o", "openai", "gpt-4o"},
           Case{"gpt-4o-2024-08-06", "openai", "gpt-4o"},
           Case{"openai/gpt-4o-mini", "openai", "gpt-4o-mini"},
           Case{"ft:gpt-3.5-turbo", "openai", "gpt-3.5-turbo"},
           Case{"ft:gpt-3.5-turbo-0125", "openai", "gpt-3.5-turbo"},
           Case{"ft:gpt-4o-mini-2024-07-18:acme::abc123", "openai", "gpt-4o-mini"},
           Case{"claude-sonnet-4-6", "anthropic",
                "Claude Sonnet 4.x (Sonnet 4.6, 4.5, 4 combined)"},
           Case{"anthropic/claude-sonnet-4-20250514", "anthropic",
                "Claude Sonnet 4.x (Sonnet 4.6, 4.5, 4 combined)"},
           Case{"claude-opus-4-1", "anthropic",
                "Claude Opus 4.x (Opus 4.7, 4.6, 4.5, 4.1, 4 combined)"},
           Case{"claude-haiku-4-5-20251001", "anthropic", "Claude Haiku 4.5"},
           Case{"claude-3-5-haiku-20241022", "anthropic",
                "Claude Haiku 3.5 (deprecated; cache reads count toward ITPM)"},
           Case{"gemini/gemini-2.5-pro", "google", "gemini-2.5-pro"},
       }) {
    const RateLimitMatch m = match_rate_limits(catalog(), c.key, 1000);
    EXPECT_EQ(m.provider, c.provider) << c.key;
    EXPECT_EQ(m.model, c.model) << c.key;
    EXPECT_FALSE(m.tiers.empty()) << c.key;
  }
  // OpenAI: Free and Tiers 1-5, lowest first.
  const RateLimitMatch gpt = match_rate_limits(catalog(), "gpt-4o", 1000);
  ASSERT_EQ(gpt.tiers.size(), 6u);
  EXPECT_EQ(gpt.tiers.front().tier, "Free");
  EXPECT_EQ(gpt.tiers.back().tier, "Tier 5");
  // Anthropic: Tiers 1-4 of the class, then the tier-level Monthly Invoicing row.
  const RateLimitMatch sonnet = match_rate_limits(catalog(), "claude-sonnet-4-5", 1000);
  ASSERT_EQ(sonnet.tiers.size(), 5u);
  EXPECT_EQ(sonnet.tiers.back().tier, "Monthly Invoicing / Custom");
  EXPECT_FALSE(sonnet.tiers.back().input_tokens_per_min.has_value());
}

TEST(RateLimitMatch, AFineTuneIsAssumedToHaveItsBaseModelsLimits) {
  const RateLimitMatch m = match_rate_limits(catalog(), "ft:gpt-4o-2024-08-06", 1000);
  ASSERT_EQ(m.assumptions.size(), 1u);
  EXPECT_EQ(m.assumptions[0],
            "ft:gpt-4o-2024-08-06 is a fine-tune: assumed to have the limits of its base model "
            "(OpenAI's model pages list none for fine-tunes)");
}

TEST(RateLimitMatch, UnknownKeysAndOtherHostsHaveNoRows) {
  for (const char* key : {"mistral-large-latest", "azure/gpt-4o", "claude-3-7-sonnet-20250219",
                          "gpt-4o-audio-preview", "gemini/gemini-3-pro-preview"}) {
    EXPECT_TRUE(match_rate_limits(catalog(), key, 1000).tiers.empty()) << key;
  }
  EXPECT_EQ(rate_limit_verdict(fit(scenario("", 1e9), 1000)),
            "none to check: api.model is empty (the scenario's own prices name no model)");
  const RateLimitFit f = fit(scenario("mistral-large-latest", 1e9), 1000);
  EXPECT_FALSE(f.lowest_carrying);
  EXPECT_EQ(rate_limit_verdict(f),
            "no published limits for mistral-large-latest in the rate-limit catalog: check the "
            "provider's console before relying on the API at this volume");
}

// gpt-4.1's long-context rows apply above 128k input tokens a request; at 128,000
// exactly the standard rows do.
TEST(RateLimitMatch, LongContextRowsApplyAbove128kInput) {
  const RateLimitMatch at = match_rate_limits(catalog(), "gpt-4.1-2025-04-14", 128000);
  EXPECT_EQ(at.model, "gpt-4.1");
  EXPECT_FALSE(at.long_context);
  const RateLimitMatch above = match_rate_limits(catalog(), "gpt-4.1-2025-04-14", 200000);
  EXPECT_EQ(above.model, "gpt-4.1 (long context >128k input)");
  EXPECT_TRUE(above.long_context);
  ASSERT_EQ(above.tiers.size(), 5u);  // the page's long-context table has no Free row
  EXPECT_EQ(*above.tiers.back().tokens_per_min, 10000000);  // Tier 5: 10M, standard 30M
}

// The done-when: gpt-4o at 2e9 tokens a day, the seed request (1,000 in +
// 500 out = 1,500 tokens) and peak (2x), Poisson arrivals.
//   requests a day = 2e9 / 1,500 = 1,333,333.3; a minute 1,333,333.3 / 1,440 = 925.93
//   busiest hour λ = 925.93 x 2 = 1,851.85 a minute
//   burst = 1 + 2.32 x 1 / sqrt(1,851.85) = 1 + 2.32 / 43.033 = 1.053912
//   RPM = 1,851.85 x 1.053912 = 1,951.69; TPM = 1,951.69 x 1,500 = 2,927,533
// Tier 4 (2,000,000 TPM) is short: 146%. Tier 5 (10,000 RPM, 30,000,000 TPM)
// carries it: RPM 19.5%, TPM 9.76%. The bill at gpt-4o's $2.50 / $10 per 1M:
// (2/3 x 2.5 + 1/3 x 10) = $5 per 1M x 2,000 M a day x 30.417 days = $304,167 a
// month, above Tier 5's $200,000 cap.
TEST(RateLimitFit, Gpt4oAt2BillionTokensADayOutgrowsTier5sCap) {
  const RateLimitFit f = fit(scenario("gpt-4o", 2e9), 304166.67);
  EXPECT_NEAR(f.peak.mean_requests_per_min, 925.926, 1e-3);
  EXPECT_NEAR(f.peak.hour_requests_per_min, 1851.852, 1e-3);
  EXPECT_NEAR(f.peak.burst_factor, 1.053912, 1e-6);
  EXPECT_NEAR(f.peak.requests_per_min, 1951.69, 0.01);
  EXPECT_NEAR(counted_demand(f.match, f.peak, RateLimitKind::kTpm), 2927533, 1);
  EXPECT_NEAR(share(tier(f, "Tier 4"), RateLimitKind::kTpm), 1.46377, 1e-5);
  EXPECT_FALSE(tier(f, "Tier 4").carries_limits);
  const TierFit& t5 = tier(f, "Tier 5");
  EXPECT_TRUE(t5.carries_limits);
  EXPECT_FALSE(t5.within_cap);
  EXPECT_NEAR(share(t5, RateLimitKind::kRpm), 0.195169, 1e-6);
  EXPECT_NEAR(share(t5, RateLimitKind::kTpm), 0.0975844, 1e-6);
  // Stops carrying at the least of 2e9 / 0.195169 = 10.2475e9 (the limits) and
  // 2e9 x 200,000 / 304,166.67 = 1.31507e9 (the cap) tokens a day: below today's.
  EXPECT_NEAR(*t5.stops_carrying_tokens_per_day, 1.31507e9, 1e4);
  EXPECT_FALSE(f.lowest_carrying);
  EXPECT_FALSE(tier(f, "Free").published);  // no Free row on the model page: not zero
  EXPECT_EQ(rate_limit_verdict(f),
            "Tier 5 carries your peak (19.5% of its RPM) but caps spend at $200,000 a month; "
            "your bill is $304,167: ask the provider for a higher cap, spread across providers, "
            "or own");
}

// Half the volume: λ = 925.93, burst = 1 + 2.32 / 30.429 = 1.076243, RPM = 996.52,
// TPM = 1,494,782. Tier 4 carries the limits (74.7% of 2M TPM) but its cap is
// $5,000 against a $152,083 bill; Tier 5 carries both: RPM 996.52 / 10,000 = 9.97%.
TEST(RateLimitFit, Gpt4oAt1BillionTokensADayNeedsTier5) {
  const RateLimitFit f = fit(scenario("gpt-4o", 1e9), 152083.33);
  EXPECT_NEAR(f.peak.burst_factor, 1.076243, 1e-6);
  EXPECT_NEAR(share(tier(f, "Tier 4"), RateLimitKind::kTpm), 0.747390, 1e-5);
  EXPECT_TRUE(tier(f, "Tier 4").carries_limits);
  EXPECT_FALSE(tier(f, "Tier 4").carries);
  ASSERT_TRUE(f.lowest_carrying);
  EXPECT_EQ(f.tiers[*f.lowest_carrying].row.tier, "Tier 5");
  EXPECT_EQ(rate_limit_verdict(f),
            "raise to Tier 5: needs $1,000 paid and 30 days; your bill uses 76% of its $200,000 "
            "monthly cap (your peak 9.97% of its RPM)");
}

// gpt-4o-mini at 5e8 tokens a day: λ = 5e8 / 1,500 / 1,440 x 2 = 462.96, burst = 1
// + 2.32 / 21.517 = 1.107824, RPM = 512.88, TPM = 769,322. Tier 3 (4M TPM) carries
// it but caps at $1,000; the bill is $0.30 per 1M (2/3 x 0.15 + 1/3 x 0.60) x 500M x
// 30.417 = $4,562.50, within Tier 4's $5,000: TPM 769,322 / 10M = 7.69%.
TEST(RateLimitFit, Gpt4oMiniAtHalfABillionTokensADayNeedsTier4) {
  const RateLimitFit f = fit(scenario("gpt-4o-mini", 5e8), 4562.5);
  EXPECT_NEAR(f.peak.burst_factor, 1.107824, 1e-6);
  EXPECT_NEAR(counted_demand(f.match, f.peak, RateLimitKind::kTpm), 769322, 1);
  EXPECT_EQ(rate_limit_verdict(f),
            "raise to Tier 4: needs $250 paid and 14 days; your bill uses 91.2% of its $5,000 "
            "monthly cap (your peak 7.69% of its TPM)");
}

// Above every tier: gpt-4o at 3e10 tokens a day, λ = 27,777.8, burst = 1 + 2.32 /
// 166.67 = 1.01392, RPM = 28,164.5 > Tier 5's 10,000 (TPM 42.2M > 30M too; the RPM
// share, 282%, is the largest).
TEST(RateLimitFit, NoPublishedTierCarriesAPeakAboveTier5) {
  const RateLimitFit f = fit(scenario("gpt-4o", 3e10), 100000);
  EXPECT_FALSE(f.lowest_carrying);
  EXPECT_EQ(rate_limit_verdict(f),
            "no published tier carries your peak (needs 28.2k RPM, Tier 5 has 10k): batch the "
            "deferrable share, spread across providers, or own");
}

// Anthropic counts uncached input and cache writes toward ITPM, not cache reads
// (rate-limits page, 2026-04-23). claude-sonnet-4-6 at 1e8 tokens a day, 80% of input
// cached: λ = 1e8 / 1,500 / 1,440 x 2 = 92.593, burst = 1 + 2.32 / 9.6225 = 1.241102,
// RPM = 114.917; input 114,917 a minute, ITPM counted 114,917 x 0.2 = 22,983; OTPM
// 57,458. Tier 1 (30,000 ITPM, 8,000 OTPM): OTPM 718%. Tier 2 (1,000 / 450,000 /
// 90,000): OTPM 63.8% binds.
TEST(RateLimitFit, AnthropicLeavesCacheReadsOutOfItpm) {
  Scenario s = scenario("claude-sonnet-4-6", 1e8);
  s.workload.cached_input_share = 0.8;
  const RateLimitFit f = fit(s, 400);
  EXPECT_NEAR(f.peak.requests_per_min, 114.917, 1e-3);
  EXPECT_NEAR(counted_demand(f.match, f.peak, RateLimitKind::kItpm), 22983.4, 0.1);
  EXPECT_NEAR(counted_demand(f.match, f.peak, RateLimitKind::kOtpm), 57458.4, 0.1);
  EXPECT_NEAR(share(tier(f, "Tier 1"), RateLimitKind::kOtpm), 7.18231, 1e-4);
  EXPECT_EQ(rate_limit_verdict(f),
            "raise to Tier 2: needs $40 paid; your bill uses 80% of its $500 monthly cap (your "
            "peak 63.8% of its OTPM)");
  // Claude Haiku 3.5's row counts cache reads: every input token, 114,917.
  s.api.model = "claude-3-5-haiku-20241022";
  const RateLimitFit haiku = fit(s, 400);
  EXPECT_TRUE(haiku.match.counts_cache_reads);
  EXPECT_NEAR(counted_demand(haiku.match, haiku.peak, RateLimitKind::kItpm), 114917, 1);
}

// Gemini's TPM is input tokens: 114,917 a minute of the case above against
// gemini-2.5-pro's Tier 1 2,000,000.
TEST(RateLimitFit, GeminiCountsInputTokensOnly) {
  const RateLimitFit f = fit(scenario("gemini/gemini-2.5-pro", 1e8), 400);
  EXPECT_NEAR(counted_demand(f.match, f.peak, RateLimitKind::kTpm), 114917, 1);
}

// Half of gpt-4o's 2e9 tokens a day batched: λ = 925.93, RPM = 996.52 (as at 1e9);
// the batch's input, 2e9 x 0.5 x 1,000 / 1,500 = 666.67M tokens, against the
// queue: Tier 4's 200M is short (333%), Tier 5's 5B holds it (13.3%).
TEST(RateLimitFit, TheBatchShareGoesAgainstTheBatchQueue) {
  Scenario s = scenario("gpt-4o", 2e9);
  s.workload.batch_share = 0.5;
  const RateLimitFit f = fit(s, 100000);
  EXPECT_NEAR(f.peak.requests_per_min, 996.52, 0.01);
  EXPECT_NEAR(f.peak.batch_input_tokens_per_day, 666.667e6, 1e3);
  EXPECT_NEAR(share(tier(f, "Tier 4"), RateLimitKind::kBatchQueue), 3.33333, 1e-5);
  EXPECT_NEAR(share(tier(f, "Tier 5"), RateLimitKind::kBatchQueue), 0.133333, 1e-6);
  ASSERT_TRUE(f.lowest_carrying);
  EXPECT_EQ(f.tiers[*f.lowest_carrying].row.tier, "Tier 5");
}

// Gamma arrivals with gaps of CV 3 triple the burst's excess: 1 + 2.32 x 3 / 43.033
// = 1.161736 at gpt-4o's 2e9 (λ = 1,851.85).
TEST(RateLimitFit, BurstierArrivalsRaiseTheBusiestMinute) {
  Scenario s = scenario("gpt-4o", 2e9);
  s.workload.request_shape.arrivals = "gamma";
  s.workload.request_shape.burstiness_cv = 3;
  EXPECT_NEAR(fit(s, 1).peak.burst_factor, 1.161736, 1e-6);
}

// A measured burst replaces the derived one: 1.5 x λ = 1.5 x 1,851.85 = 2,777.78
// requests in gpt-4o's busiest minute at 2e9 tokens a day.
TEST(RateLimitFit, AGivenPeakMinuteFactorIsUsedAsGiven) {
  Scenario s = scenario("gpt-4o", 2e9);
  s.workload.peak_minute_factor = 1.5;
  const RateLimitFit f = fit(s, 1);
  EXPECT_TRUE(f.peak.burst_given);
  EXPECT_NEAR(f.peak.requests_per_min, 2777.78, 0.01);
}

// Law: a tier's share of every limit grows with the volume; the stop point is
// where the largest share reaches 1 (checked by fitting at it: the burst factor
// shrinks with volume, so the tier still carries there).
TEST(RateLimitFit, ATierStillCarriesAtItsStopPoint) {
  for (const double tokens : {1e8, 5e8, 2e9}) {
    const RateLimitFit f = fit(scenario("gpt-4o", tokens), 1);
    const TierFit& t5 = tier(f, "Tier 5");
    const RateLimitFit at = fit(scenario("gpt-4o", *t5.stops_carrying_tokens_per_day), 1);
    EXPECT_TRUE(tier(at, "Tier 5").carries_limits) << tokens;
    const RateLimitFit more = fit(scenario("gpt-4o", tokens * 1.1), 1);
    EXPECT_GT(tier(more, "Tier 5").uses[0].share, t5.uses[0].share) << tokens;
  }
}

// The growth view's capacities: the tiers that carry gpt-4o at 1e9 tokens a day,
// limits and cap. The bill is $5 per 1M x 1,000M x 30.417 days = $152,083 a month:
// Tier 4's limits would carry (1e9 / 0.747391 = 1.33799e9) but its cap is $5,000,
// so it is left out. Tier 5 stops at the least of 1e9 / 0.0996521 = 1.00349e10
// (limits) and 1e9 x 200,000 / 152,083.3 = 1.31507e9 (its cap).
TEST(RateLimitCapacities, EachCarryingTierAtItsStopPoint) {
  const Scenario s = scenario("gpt-4o", 1e9);
  const std::vector<NamedCapacity> c =
      rate_limit_capacities(scenario_rate_limits(shipped(), s, api_offer(shipped(), s)));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].name, "gpt-4o Tier 5 rate limits");
  EXPECT_NEAR(c[0].tokens_per_day, 1.31507e9, 1e4);
}

}  // namespace
}  // namespace llmtco
