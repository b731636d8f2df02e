// Owned instances that follow the day: a hand-worked day, and the laws the scaled
// fleet obeys against the always-on one.
#include "llmtco/autoscale.h"

#include <gtest/gtest.h>

#include <cmath>

#include "llmtco/scenario.h"
#include "llmtco/units.h"
#include "llmtco/verdict.h"
#include "shipped.h"

namespace llmtco {
namespace {

std::array<int, 24> flat(int n) {
  std::array<int, 24> a{};
  a.fill(n);
  return a;
}

// 1 instance all day, 3 from 09:00 to 17:59: 15 x 1 + 9 x 3 = 42 instance-hours up,
// 2 started at 09:00. A 30-minute lead bills 42 + 0.5 x 2 = 43; a 2-hour lead
// 42 + 2 x 2 = 46 (the 15-hour lull is longer than the lead, so they stop).
TEST(Autoscale, BilledHoursHandWorked) {
  std::array<int, 24> day = flat(1);
  for (int h = 9; h <= 17; ++h) day[h] = 3;
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(day, 0), 42.0);
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(day, 0.5), 43.0);
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(day, 2), 46.0);
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(flat(0), 2), 0.0);
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(flat(2), 2), 48.0);
}

// A one-hour dip (2 instances, 1 at 03:00): with a 30-minute lead the second stops
// and restarts, 47 + 0.5 = 47.5; with a 2-hour lead it stays up, 48 (a restart would
// bill 47 + 2 = 49).
TEST(Autoscale, AShortLullKeepsTheInstanceUp) {
  std::array<int, 24> day = flat(2);
  day[3] = 1;
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(day, 0.5), 47.5);
  EXPECT_DOUBLE_EQ(billed_instance_hours_per_day(day, 2), 48.0);
}

// The raised cosine with a 2x peak (daily_profile(2)), 1 request/s on average,
// 0.6 requests/s an instance: n_h = max(1, ceil(profile[h] / 0.6)) is 1 for 00-06
// and 22-23 (profile <= 0.6), 2 for 07-08 and 20-21, 3 for 09-11 and 17-19, 4 for
// 12-16 (profile 1.87 to 2: 3.1 to 3.33 instances' worth): sum 9 x 1 + 4 x 2 + 6 x 3
// + 5 x 4 = 55 working instance-hours, 79 with n+1's spare each hour; 3 instances
// are added in the morning, so a 10-minute lead bills 79 + 3 x 10/60 = 79.5
// instance-hours a day. At g5.xlarge's on-demand $1.006/hour in us-east-1
// (data/instances/aws.csv) that is 79.5 x 1.006 x 30.4167 = $2,432.63 a month,
// against 5 x 730 x 1.006 = $3,671.90 always on (ceil(2 / 0.6) = 4 working + 1).
TEST(Autoscale, ScaledDayHandWorked) {
  const Autoscale a{.min_instances = 1, .lead_minutes = 10};
  const ScaledDay d = scaled_day(daily_profile(2), 1.0, 0.6, a, Redundancy::kNPlus1);
  const std::array<int, 24> working = {1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3,
                                       4, 4, 4, 4, 4, 3, 3, 3, 2, 2, 1, 1};
  EXPECT_EQ(d.working, working);
  EXPECT_EQ(d.instances[14], 5);
  EXPECT_EQ(d.peak_instances, 5);
  EXPECT_NEAR(d.instance_hours_per_day, 79.5, 1e-12);
  EXPECT_NEAR(d.instance_hours_per_day * 1.006 * kDaysPerMonth, 2432.63, 0.005);
  // 2n doubles every hour: 110 up, 6 added, 110 + 6 / 6 = 111.
  EXPECT_NEAR(scaled_day(daily_profile(2), 1.0, 0.6, a, Redundancy::k2N).instance_hours_per_day,
              111.0, 1e-12);
  // A floor of 3 working all day: 1s and 2s become 3: 13 x 3 + 6 x 3 + 5 x 4 = 77,
  // + 24 spares = 101, one instance added: 101 + 1/6.
  const ScaledDay floor3 = scaled_day(
      daily_profile(2), 1.0, 0.6, {.min_instances = 3, .lead_minutes = 10}, Redundancy::kNPlus1);
  EXPECT_NEAR(floor3.instance_hours_per_day, 101.0 + 1.0 / 6, 1e-12);
  // The hybrid's base of 2: at most 2 working an hour: 9 x 1 + 15 x 2 = 39 + 24.
  const ScaledDay base2 = scaled_day(daily_profile(2), 1.0, 0.6, a, Redundancy::kNPlus1, 2);
  EXPECT_NEAR(base2.instance_hours_per_day, 63.0 + 1.0 / 6, 1e-12);
}

// With lead <= 1 hour the level sum is sum_h n_h + lead x sum of the rises; the
// integral of the level cost over the profile is 24 + lead x the profile's rise.
TEST(Autoscale, HoursPerUnitIsTheMeanPlusTheLeadTimesTheRise) {
  const std::array<double, 24> p = daily_profile(3);
  double rise = 0;
  for (int h = 0; h < 24; ++h) rise += std::max(0.0, p[(h + 1) % 24] - p[h]);
  EXPECT_NEAR(scaled_hours_per_unit(p, 0), 24.0, 1e-9);
  EXPECT_NEAR(scaled_hours_per_unit(p, 0.25), 24.0 + 0.25 * rise, 1e-9);
  EXPECT_NEAR(scaled_hours_per_unit(daily_profile(1), 2), 24.0, 1e-12);
}

TEST(Autoscale, OnlyOnDemandAndSpotScale) {
  EXPECT_TRUE(pricing_scales(Pricing::kOnDemand));
  EXPECT_TRUE(pricing_scales(Pricing::kSpot));
  EXPECT_FALSE(pricing_scales(Pricing::kReserved1y));
  EXPECT_FALSE(pricing_scales(Pricing::kReserved3y));
}

Scenario llama8b(const std::string& pricing) {
  Scenario s;
  s.workload.tokens_per_day = 1e6;
  s.workload.peak_to_average = 3;
  s.api.model = "";
  s.self_host.model = "meta-llama/Llama-3.1-8B";
  s.self_host.clouds = "aws";
  s.self_host.pricing = pricing;
  return s;
}

// A reserved term is paid every hour: owning is always on, no scaled fleet.
TEST(Autoscale, ReservedTermsAreAlwaysOn) {
  const CostModel m = resolve_cost_model(shipped(), llama8b("reserved_1y"));
  EXPECT_FALSE(m.autoscale.applies);
  const OwnCost c = own_cost(m, 1e9);
  EXPECT_FALSE(c.scaled.has_value());
  EXPECT_FALSE(c.scaled_chosen);
  EXPECT_DOUBLE_EQ(c.compute_usd_per_month, c.always_on.compute_usd_per_month);
}

// The scenario's self_host.autoscale and workload.hourly_profile reach the model:
// a floor of 3 working all day, a 30-minute lead, and a profile busy 08:00-19:59
// (1 share in the twelve quiet hours, 3 in the busy ones: mean 2, so 0.5 and 1.5).
TEST(Autoscale, TheScenarioSetsTheFloorTheLeadAndTheProfile) {
  Scenario s = llama8b("on_demand");
  s.self_host.autoscale.min_instances = 3;
  s.self_host.autoscale.lead_minutes = 30;
  s.workload.hourly_profile = "1,1,1,1,1,1,1,1,3,3,3,3,3,3,3,3,3,3,3,3,1,1,1,1";
  s.workload.peak_to_average = 1.5;
  const CostModel m = resolve_cost_model(shipped(), s);
  EXPECT_TRUE(m.autoscale.applies);
  EXPECT_EQ(m.autoscale.min_instances, 3);
  EXPECT_DOUBLE_EQ(m.autoscale.lead_minutes, 30);
  EXPECT_DOUBLE_EQ(m.profile[0], 0.5);
  EXPECT_DOUBLE_EQ(m.profile[8], 1.5);
  // 1M tokens a day is far below one instance: 3 working + 1 spare all day, 96
  // instance-hours, no start; always on needs only 1 + 1: always on is chosen.
  const OwnCost c = own_cost(m, 1e6);
  ASSERT_TRUE(c.scaled.has_value());
  EXPECT_DOUBLE_EQ(c.scaled->instance_hours_per_day, 96.0);
  EXPECT_EQ(c.always_on.replicas, 2);
  EXPECT_FALSE(c.scaled_chosen);
}

// Every hour needs at most the busiest hour's instances, and a level is billed at
// most 24 hours whatever the lead (a lull shorter than the lead keeps it up): so
// scaled never bills more than always on while min_instances is at most the
// always-on count; owning takes the cheaper; more traffic never costs less.
TEST(AutoscaleLaws, ScaledNeverCostsMoreThanAlwaysOnAndGrowsWithTraffic) {
  for (double lead : {0.0, 10.0, 60.0, 120.0}) {
    CostModel m = resolve_cost_model(shipped(), llama8b("on_demand"));
    m.autoscale.lead_minutes = lead;
    double last = 0;
    for (double t = 1e5; t <= 1e11; t *= 1.37) {
      const OwnCost c = own_cost(m, t);
      ASSERT_TRUE(c.scaled.has_value());
      const OwnFleet& on = c.always_on;
      EXPECT_LE(c.scaled->compute_usd_per_month + c.scaled->storage_usd_per_month,
                on.compute_usd_per_month + on.storage_usd_per_month + 1e-9)
          << t << " lead " << lead;
      EXPECT_LE(c.compute_usd_per_month + c.storage_usd_per_month,
                on.compute_usd_per_month + on.storage_usd_per_month);
      EXPECT_GE(c.total_usd_per_month, last) << t << " lead " << lead;
      last = c.total_usd_per_month;
      const Hybrid h = best_hybrid(m, t);
      EXPECT_LE(h.total_usd_per_month, c.total_usd_per_month + 1e-9) << t;
    }
  }
}

// Each added instance bills at most the lead: billed(lead) - billed(0) is at most
// lead / 60 x the instances started.
TEST(AutoscaleLaws, TheLeadAddsAtMostItsHoursPerStart) {
  const Autoscale none{.lead_minutes = 0}, lead{.lead_minutes = 45};
  for (double mean = 0.05; mean < 50; mean *= 1.9) {
    const ScaledDay a = scaled_day(daily_profile(4), mean, 0.7, none, Redundancy::kNPlus1);
    const ScaledDay b = scaled_day(daily_profile(4), mean, 0.7, lead, Redundancy::kNPlus1);
    int started = 0;
    for (int h = 0; h < 24; ++h) started += std::max(0, a.instances[(h + 1) % 24] - a.instances[h]);
    EXPECT_GE(b.instance_hours_per_day, a.instance_hours_per_day);
    EXPECT_LE(b.instance_hours_per_day, a.instance_hours_per_day + 0.75 * started + 1e-12);
  }
}

// Break-even stays exact with scaled fleets: between the steps of every option's
// always-on count and of every hour's scaled count owning is constant plus egress.
// A grid of volumes agrees with the ranges, also with a 90-minute lead (lulls
// shorter than it kept up) and a floor of 2 working.
TEST(AutoscaleLaws, BreakevenIsWhereTheScaledCurvesCross) {
  for (const Autoscale& a : {Autoscale{.min_instances = 1, .lead_minutes = 10},
                             Autoscale{.min_instances = 2, .lead_minutes = 90}}) {
    CostModel m = resolve_cost_model(shipped(), llama8b("on_demand"));
    m.autoscale.min_instances = a.min_instances;
    m.autoscale.lead_minutes = a.lead_minutes;
    const Breakeven b = breakeven(m, 1e4, 1e11);
    ASSERT_TRUE(b.breakeven_tokens_per_day.has_value());
    auto owning_cheaper = [&](double t) {
      return own_cost(m, t).total_usd_per_month < api_cost(m, t).total_usd_per_month;
    };
    EXPECT_TRUE(owning_cheaper(*b.breakeven_tokens_per_day * (1 + 1e-9)));
    EXPECT_FALSE(owning_cheaper(*b.breakeven_tokens_per_day * (1 - 1e-9)));
    for (double t = 1.01e4; t < std::min(1e11, b.to_tokens_per_day); t *= 1.029) {
      bool in_range = false, near_edge = false;
      for (const VolumeRange& r : b.ranges) {
        in_range = in_range || (t > r.from_tokens_per_day && t <= r.to_tokens_per_day);
        near_edge = near_edge || std::abs(t / r.from_tokens_per_day - 1) < 1e-9 ||
                    std::abs(t / r.to_tokens_per_day - 1) < 1e-9;
      }
      if (!near_edge) {
        EXPECT_EQ(owning_cheaper(t), in_range) << t << " lead " << a.lead_minutes;
      }
    }
  }
}

}  // namespace
}  // namespace llmtco
