// Spot that gets reclaimed (spot.h): the Poisson spares and the fallback worked by
// hand, the cloud's rate against the buyer's, the verdict's risk sentence, and the
// fields' errors.
#include "llmtco/spot.h"

#include <gtest/gtest.h>

#include <cmath>

#include "field_error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/units.h"
#include "llmtco/verdict.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

// D ~ Poisson(0.5): P(2) = e^-0.5 x 0.5^2 / 2 = 0.0758163, P(D >= 3) = 1 - e^-0.5 x
// (1 + 0.5 + 0.125) = 0.0143877. With 1 spare and 2 working, one working instance
// is lost when 2 are down and both when 3 or more are:
// 1 x 0.0758163 + 2 x 0.0143877 = 0.1045917.
TEST(Spot, ExpectedLostInstancesHandWorked) {
  EXPECT_NEAR(expected_lost_instances(0.5, 1, 2), 0.10459169, 1e-8);
  // No spare, one working: E[min(1, D)] = P(D >= 1) = 1 - e^-0.5.
  EXPECT_NEAR(expected_lost_instances(0.5, 0, 1), 1 - std::exp(-0.5), 1e-12);
  EXPECT_EQ(expected_lost_instances(0, 3, 2), 0.0);
}

// 2 working, n+1's 1 spare, 0.25 reclaims per instance-hour, an hour to replace:
// D ~ Poisson(3 x 0.25 x 1 = 0.75). P(D > k) for k = 1..4: 0.1733585, 0.0405054,
// 0.0072921, 0.0010646; lost(s) = P(D > s) + P(D > s + 1). The hour's 1e8 tokens at
// $1 per 1M are $100, a spare $2: cost(s) = 2 (s - 1) + lost(s) / 2 x 100:
// s = 1: 0.2138640 -> $10.693; s = 2: 0.0477976 -> $4.390; s = 3: 0.0083568 ->
// $4.418; s = 4: $6.060. Two spares are cheapest.
const SpotHourInput kHour{.working = 2, .spares = 1, .tokens = 1e8, .usd_per_hour = 2};
const SpotRates kRates{
    .reclaims_per_instance_hour = 0.25, .replace_hours = 1, .fallback_usd_per_1m = 1};

TEST(Spot, HourSparesMinimiseTheExpectedCost) {
  EXPECT_EQ(hour_spares(kHour, kRates), 2);
  // A dearer spare ($10): 10 x 1 + 2.390 = 12.39 > 10.693: the redundancy's one.
  SpotHourInput dear = kHour;
  dear.usd_per_hour = 10;
  EXPECT_EQ(hour_spares(dear, kRates), 1);
  // No reclaims, or nothing to lose: the redundancy's.
  EXPECT_EQ(hour_spares(kHour, {.replace_hours = 1, .fallback_usd_per_1m = 1}), 1);
  EXPECT_EQ(hour_spares({.working = 2, .spares = 1, .usd_per_hour = 2}, kRates), 1);
}

// The same hour all day: 1 extra spare an hour, 24 instance-hours a day, 24 x $2 x
// 730 / 24 days = $1,460 a month; (2 + 2) x 0.25 x 24 = 24 reclaims a day, 730 a
// month, each an hour starting: 730 instance-hours; the API serves lost(2) / 2 =
// 0.0238988 of the tokens: 0.0238988 x 2.4e9 x 30.4167 = 1.7446e9 tokens, $1,744.6.
TEST(Spot, ADayOfSpotHandWorked) {
  std::array<SpotHourInput, 24> day{};
  day.fill(kHour);
  const SpotCost c = spot_cost(day, kRates);
  EXPECT_EQ(c.hourly_spares[0], 2);
  EXPECT_DOUBLE_EQ(c.extra_spare_instance_hours_per_day, 24);
  EXPECT_NEAR(c.spares_usd_per_month, 1460, 1e-9);
  EXPECT_NEAR(c.reclaims_per_month, 730, 1e-9);
  EXPECT_NEAR(c.replace_instance_hours_per_month, 730, 1e-9);
  EXPECT_NEAR(c.fallback_share, 0.02389880, 1e-8);
  EXPECT_NEAR(c.fallback_tokens_per_month, 0.0238988 * 2.4e9 * kDaysPerMonth, 1e3);
  EXPECT_NEAR(c.fallback_usd_per_month, c.fallback_tokens_per_month / 1e6, 1e-9);
}

// The shipped rows: gcp's stated upper end 0.15 a day = 0.00625 an hour; a cloud
// without a row takes the '*' row's conservative 0.5 a day.
TEST(Spot, CloudRowsAndTheDefault) {
  const auto& rates = shipped().spot_reclaims;
  ASSERT_NE(spot_reclaim_rate(rates, "gcp"), nullptr);
  EXPECT_DOUBLE_EQ(spot_reclaim_rate(rates, "gcp")->reclaims_per_instance_hour, 0.00625);
  EXPECT_DOUBLE_EQ(spot_reclaim_rate(rates, "lambda")->reclaims_per_instance_hour, 0.0208);
  EXPECT_EQ(spot_reclaim_rate(rates, "lambda")->cloud, "*");
  for (const SpotReclaimRate& r : rates) {
    EXPECT_FALSE(r.basis.empty()) << r.cloud;
    EXPECT_FALSE(r.source.empty()) << r.cloud;
  }
  // "cloud" is no figure; a buyer's 0 is one.
  EXPECT_EQ(buyer_reclaims_per_instance_hour("cloud"), std::nullopt);
  EXPECT_EQ(buyer_reclaims_per_instance_hour("0"), 0.0);
  EXPECT_EQ(buyer_reclaims_per_instance_hour("0.002"), 0.002);
}

Scenario spot_scenario(double tokens_per_day) {
  Scenario s = default_scenario();
  s.workload.tokens_per_day = tokens_per_day;
  s.self_host.pricing = "spot";
  return s;
}

// At 1B tokens a day the cheapest spot fleet is gcp's. The chosen fleet's cloud's
// rate, or the buyer's; its spares and fallback are in
// owning's total; a buyer's 0 adds nothing; on demand has no spot lines.
TEST(Spot, OwnCostTakesTheCloudsRateOrTheBuyers) {
  const Scenario s = spot_scenario(1e9);
  const CostModel m = resolve_cost_model(shipped(), s);
  const OwnCost own = own_cost(m, s.workload.tokens_per_day);
  ASSERT_TRUE(own.spot);
  EXPECT_EQ(own.spot->cloud, "gcp");
  EXPECT_FALSE(own.spot->buyer_rate);
  EXPECT_DOUBLE_EQ(own.spot->reclaims_per_instance_hour, 0.00625);
  const double lines = own.compute_usd_per_month + own.storage_usd_per_month +
                       own.egress_usd_per_month + own.staff_usd_per_month +
                       own.finetune_usd_per_month;
  EXPECT_NEAR(own.total_usd_per_month,
              lines + own.spot->spares_usd_per_month + own.spot->fallback_usd_per_month, 1e-6);
  EXPECT_GT(own.spot->fallback_usd_per_month, 0);

  Scenario never = s;
  never.self_host.spot.reclaims_per_instance_hour = "0";
  const OwnCost calm = own_cost(resolve_cost_model(shipped(), never), s.workload.tokens_per_day);
  ASSERT_TRUE(calm.spot);
  EXPECT_TRUE(calm.spot->buyer_rate);
  EXPECT_EQ(calm.spot->reclaims_per_instance_hour, 0);
  EXPECT_EQ(calm.spot->fallback_usd_per_month, 0);
  EXPECT_EQ(calm.spot->spares_usd_per_month, 0);
  EXPECT_DOUBLE_EQ(calm.total_usd_per_month, lines);

  Scenario on_demand = s;
  on_demand.self_host.pricing = "on_demand";
  EXPECT_FALSE(own_cost(resolve_cost_model(shipped(), on_demand), 1e9).spot);
}

// At 1B tokens a day the seed's owning on gcp spot (5 x a3-highgpu-4g) beats the hosted open model
// while on demand it does not: the verdict says spot decides it. At 3B owning wins either way, and
// on demand there is no spot to name.
TEST(Spot, TheVerdictNamesTheRiskWhenSpotDecidesIt) {
  auto verdict = [](const Scenario& s) {
    return compare_report(shipped(), s, {.article = false, .samples = 0}).notes.front();
  };
  const std::string decided = verdict(spot_scenario(1e9));
  EXPECT_NE(decided.find("Verdict: self-host"), std::string::npos) << decided;
  EXPECT_NE(decided.find("Spot decides it: at on-demand prices owning would cost"),
            std::string::npos)
      << decided;
  EXPECT_NE(decided.find("0.00625 reclaims per instance-hour (gcp's default)"), std::string::npos)
      << decided;
  const std::string both = verdict(spot_scenario(3e9));
  EXPECT_NE(both.find("Verdict: self-host"), std::string::npos) << both;
  EXPECT_EQ(both.find("Spot decides it"), std::string::npos) << both;
  Scenario on_demand = spot_scenario(1e9);
  on_demand.self_host.pricing = "on_demand";
  EXPECT_EQ(verdict(on_demand).find("Spot decides it"), std::string::npos);
}

TEST(Spot, BadValuesNameTheFieldTheValueAndTheRange) {
  Scenario s = default_scenario();
  const std::string valid =
      "must be 'cloud' (the cloud's row of data/instances/spot_reclaims.csv) or a number "
      "between 0 and 1";
  for (const char* bad : {"-1", "1.5", "often", "nan"}) {
    EXPECT_EQ(input_error([&] {
                apply_override(s, std::string("self_host.spot.reclaims_per_instance_hour=") + bad);
              }),
              std::string("--set: self_host.spot.reclaims_per_instance_hour ") + valid + " (got '" +
                  bad + "')");
  }
  EXPECT_EQ(input_error([&] { apply_override(s, "self_host.spot.replace_minutes=121"); }),
            "--set: self_host.spot.replace_minutes must be between 0 and 120 (got 121)");
  Scenario built = spot_scenario(1e9);
  built.self_host.spot.reclaims_per_instance_hour = "-0.1";
  EXPECT_EQ(field_error([&] { resolve_cost_model(shipped(), built); }),
            (Caught{"self_host.spot.reclaims_per_instance_hour", valid + " (got '-0.1')"}));
}

}  // namespace
}  // namespace llmtco
