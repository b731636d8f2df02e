// Growth and time: the month-by-month view's laws (no growth, flat months; running
// totals; owning re-planned in whole instances; the crossover where traffic crosses
// break-even) and one month of the seed scenario worked by hand.
#include "llmtco/growth.h"

#include <gtest/gtest.h>

#include <cmath>

#include "commands/growth_section.h"
#include "llmtco/scenario_file.h"
#include "shipped.h"

namespace llmtco {
namespace {

constexpr int kLongestHorizon = 120;  // the most workload.horizon_months allows (scenario.cc)

// A model resolved once (the deployment search is the slow part), its traffic
// growing `monthly_growth` a month: growth() and decide() read only the rate.
CostModel growing(const CostModel& base, double monthly_growth) {
  CostModel m = base;
  m.scenario.workload.monthly_growth = monthly_growth;
  return m;
}

// The seed article's scenario (examples/seed-article.yaml).
CostModel seed_model(double monthly_growth) {
  static const CostModel base = resolve_cost_model(shipped(), default_scenario());
  return growing(base, monthly_growth);
}

// verdict_test.cc's small scenario: Llama 3.1 8B in bf16 on AWS against the
// scenario's own API prices ($3 / $6 per 1M tokens), 1M tokens a day.
CostModel small_model(double monthly_growth) {
  static const CostModel base = [] {
    Scenario s;
    s.name = "small";
    s.workload.tokens_per_day = 1e6;
    s.api.model = "";
    s.self_host.model = "meta-llama/Llama-3.1-8B";
    s.self_host.clouds = "aws";
    return resolve_cost_model(shipped(), s);
  }();
  return growing(base, monthly_growth);
}

TEST(Growth, MonthZeroIsTodayAndTrafficCompounds) {
  EXPECT_DOUBLE_EQ(growth_tokens_per_day(44.4e6, 0.1, 0), 44.4e6);
  // 44.4M x 1.1^2 = 44.4M x 1.21 = 53.724M.
  EXPECT_NEAR(growth_tokens_per_day(44.4e6, 0.1, 2), 53.724e6, 1e-3);
  // Shrinking traffic: 1M x 0.5^3 = 125k.
  EXPECT_DOUBLE_EQ(growth_tokens_per_day(1e6, -0.5, 3), 125e3);
}

TEST(Growth, SpansTheHorizonFromMonthZero) {
  const CostModel held = seed_model(0.1);  // the options live in it
  const Growth g = growth(held, 24);
  ASSERT_EQ(g.months.size(), 24u);
  for (int i = 0; i < 24; ++i) EXPECT_EQ(g.months[static_cast<std::size_t>(i)].month, i);
  EXPECT_EQ(growth(seed_model(0.1), 1).months.size(), 1u);
  EXPECT_EQ(growth(seed_model(0.1), kLongestHorizon).months.size(), 120u);
}

// The view stops before traffic exceeds the most a scenario may state: at 1,000% a
// month 44.4M x 11^7 = 44.4M x 19,487,171 = 865.2T tokens/day is within 1e15,
// month 8's 9,518T is not.
TEST(Growth, StopsAtTheMostAScenarioMayState) {
  const CostModel held = seed_model(10);  // the options live in it
  const Growth g = growth(held, 24);
  EXPECT_EQ(g.horizon_months, 24);
  ASSERT_EQ(g.months.size(), 8u);
  EXPECT_NEAR(g.months.back().tokens_per_day, 865.23e12, 0.01e12);
  EXPECT_GT(growth_tokens_per_day(44.4e6, 10, 8), kMaxTokensPerDay);
}

// Month 0 is the verdict's own figures, priced by the same functions.
TEST(Growth, MonthZeroIsTheVerdictsMonth) {
  const CostModel m = seed_model(0.1);
  const Growth grown = growth(m, 24);
  const GrowthMonth& g = grown.months.front();
  const double t = m.scenario.workload.tokens_per_day;
  EXPECT_EQ(g.api.total_usd_per_month, api_cost(m, t).total_usd_per_month);
  ASSERT_TRUE(g.hosted.has_value());
  EXPECT_EQ(g.hosted->total_usd_per_month, hosted_cost(m, t).total_usd_per_month);
  EXPECT_EQ(g.own.total_usd_per_month, own_cost(m, t).total_usd_per_month);
  EXPECT_EQ(g.hybrid.total_usd_per_month, best_hybrid(m, t).total_usd_per_month);
}

// Law: with no growth every month costs what month 0 does, and the running totals
// grow linearly (month i's is (i + 1) x month 0's).
TEST(Growth, NoGrowthEveryMonthEqual) {
  const CostModel held = seed_model(0);  // the options live in it
  const Growth g = growth(held, 24);
  const GrowthMonth& first = g.months.front();
  for (const GrowthMonth& x : g.months) {
    EXPECT_EQ(x.tokens_per_day, first.tokens_per_day);
    EXPECT_EQ(x.api.total_usd_per_month, first.api.total_usd_per_month);
    EXPECT_EQ(x.hosted->total_usd_per_month, first.hosted->total_usd_per_month);
    EXPECT_EQ(x.own.total_usd_per_month, first.own.total_usd_per_month);
    EXPECT_EQ(x.own.replicas, first.own.replicas);
    EXPECT_EQ(x.hybrid.total_usd_per_month, first.hybrid.total_usd_per_month);
    const double n = x.month + 1;
    EXPECT_NEAR(x.cumulative_own_usd, n * first.own.total_usd_per_month, 1e-6);
    EXPECT_NEAR(x.cumulative_api_usd, n * first.api.total_usd_per_month, 1e-6);
  }
}

// Law: each running total is the sum of the months up to it, inclusive.
TEST(Growth, CumulativeIsTheRunningSum) {
  for (double rate : {0.0, 0.1, 0.5, -0.2}) {
    const CostModel held = seed_model(rate);  // the options live in it
    const Growth g = growth(held, 36);
    double api = 0, hosted = 0, own = 0, hybrid = 0, rent = 0;
    for (const GrowthMonth& x : g.months) {
      api += x.api.total_usd_per_month;
      hosted += x.hosted->total_usd_per_month;
      own += x.own.total_usd_per_month;
      hybrid += x.hybrid.total_usd_per_month;
      rent += x.rent_usd_per_month;
      EXPECT_NEAR(x.cumulative_api_usd, api, 1e-9 * api) << rate << " month " << x.month;
      EXPECT_NEAR(x.cumulative_hosted_usd, hosted, 1e-9 * hosted);
      EXPECT_NEAR(x.cumulative_own_usd, own, 1e-9 * own);
      EXPECT_NEAR(x.cumulative_hybrid_usd, hybrid, 1e-9 * hybrid);
      EXPECT_NEAR(x.cumulative_rent_usd, rent, 1e-9 * rent);
      EXPECT_DOUBLE_EQ(x.rent_usd_per_month,
                       std::min(x.api.total_usd_per_month, x.hosted->total_usd_per_month));
    }
  }
}

// Law: as traffic grows owning is re-planned in whole instances: its monthly cost
// never falls, and on the same instance type the instances are never fewer. The
// count (and the GPUs) may fall where another instance type takes over for a higher
// bill, its fleet following the day more cheaply. On the seed at 10% a month the
// busiest hour needs a fourth lambda gpu_1x_b200_sxm6 (3 working + the spare) in
// month 21: 44.4M x 1.1^21 = 329M tokens/day.
TEST(Growth, OwningAddsWholeInstancesAsTrafficGrows) {
  for (double rate : {0.05, 0.1, 0.3}) {
    const CostModel held = seed_model(rate);  // the options live in it
    const Growth g = growth(held, 48);
    for (std::size_t i = 1; i < g.months.size(); ++i) {
      const OwnCost& before = g.months[i - 1].own;
      const OwnCost& now = g.months[i].own;
      ASSERT_NE(now.option, nullptr);
      EXPECT_GE(now.total_usd_per_month, before.total_usd_per_month) << rate << " month " << i;
      if (now.option == before.option) {
        EXPECT_GE(now.replicas, before.replicas);
      }
      // Whole instances with the n+1 spare.
      EXPECT_EQ(now.replicas, now.working_replicas + 1);
    }
  }
  const CostModel held = seed_model(0.1);  // the options live in it
  const Growth g = growth(held, 24);
  EXPECT_EQ(g.months[20].own.replicas, 3);
  EXPECT_EQ(g.months[20].own.option->instance->instance_type, "gpu_1x_b200_sxm6");
  EXPECT_EQ(g.months[21].own.replicas, 4);
  EXPECT_EQ(g.months[21].own.option->instance->instance_type, "gpu_1x_b200_sxm6");
}

// The first month traffic lands in a range where owning beats the API.
std::optional<int> first_month_in_ranges(const Growth& g, const Breakeven& b) {
  for (const GrowthMonth& x : g.months) {
    for (const VolumeRange& r : b.ranges) {
      if (x.tokens_per_day > r.from_tokens_per_day && x.tokens_per_day <= r.to_tokens_per_day) {
        return x.month;
      }
    }
  }
  return std::nullopt;
}

// Law: owning first beats the API in the month traffic first crosses into one of
// breakeven()'s ranges; where that is the first range, the month is
// ceil(months_to_breakeven) (the ranges are open at their start, so a whole number
// of months lands on the break-even itself, where the two cost the same).
TEST(Growth, CrossoverIsWhereTrafficCrossesBreakeven) {
  int checked = 0;
  for (const bool seed : {true, false}) {
    for (double rate : {0.05, 0.1, 0.2, 0.5, 1.0}) {
      const CostModel m = seed ? seed_model(rate) : small_model(rate);
      const Decision d = decide(shipped(), m, kBreakevenFromTokensPerDay, kBreakevenToTokensPerDay);
      const Growth g = growth(m, kLongestHorizon);
      ASSERT_TRUE(d.breakeven.breakeven_tokens_per_day) << seed << " " << rate;
      EXPECT_EQ(g.owning_cheaper_than_api_month, first_month_in_ranges(g, d.breakeven))
          << seed << " " << rate;
      ASSERT_TRUE(d.months_to_breakeven);
      const int month = static_cast<int>(std::floor(*d.months_to_breakeven)) + 1;
      ASSERT_LT(month, kLongestHorizon) << seed << " " << rate;
      const double t = g.months[static_cast<std::size_t>(month)].tokens_per_day;
      if (t <= d.breakeven.ranges.front().to_tokens_per_day) {
        EXPECT_EQ(g.owning_cheaper_than_api_month, month) << seed << " " << rate;
        EXPECT_EQ(month, static_cast<int>(std::ceil(*d.months_to_breakeven)));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 5);
}

// The seed at 10% a month: break-even is 199.4M tokens/day (owned instances follow
// the day) and today is 44.4M, so months_to_breakeven = ln(199.42 / 44.4) / ln(1.1) =
// 1.5022 / 0.09531 = 15.76: month 15 carries 44.4M x 1.1^15 = 185.5M (owning
// dearer), month 16 204.0M (owning cheaper than the API). The hosted open model
// stays cheaper than owning throughout, so owning never beats renting within 24
// months.
TEST(Growth, SeedCrossesTheApiInMonthSixteen) {
  const CostModel m = seed_model(0.1);
  const Decision d = decide(shipped(), m, kBreakevenFromTokensPerDay, kBreakevenToTokensPerDay);
  ASSERT_TRUE(d.months_to_breakeven);
  EXPECT_NEAR(*d.months_to_breakeven, 15.761, 1e-3);
  const Growth g = growth(m, 24);
  EXPECT_EQ(g.owning_cheaper_than_api_month, 16);
  EXPECT_LT(g.months[15].tokens_per_day, *d.breakeven.breakeven_tokens_per_day);
  EXPECT_GT(g.months[16].tokens_per_day, *d.breakeven.breakeven_tokens_per_day);
  EXPECT_FALSE(g.owning_cheaper_month);
  EXPECT_FALSE(g.cumulative_owning_cheaper_month);
  // Against the API alone (no hosted offer) renting is the API: owning then beats
  // renting in month 16 too, and its running total catches up later.
  CostModel api_only = m;
  api_only.hosted.reset();
  const Growth a = growth(api_only, 48);
  EXPECT_EQ(a.owning_cheaper_month, 16);
  ASSERT_TRUE(a.cumulative_owning_cheaper_month);
  EXPECT_GT(*a.cumulative_owning_cheaper_month, 16);
  const GrowthMonth& at = a.months[static_cast<std::size_t>(*a.cumulative_owning_cheaper_month)];
  EXPECT_LT(at.cumulative_own_usd, at.cumulative_rent_usd);
  const GrowthMonth& before =
      a.months[static_cast<std::size_t>(*a.cumulative_owning_cheaper_month - 1)];
  EXPECT_GE(before.cumulative_own_usd, before.cumulative_rent_usd);
}

// Month 1 of the seed at 10% growth, by hand (examples/seed-article.yaml; prices
// from the built-in catalogs as compare prints them: ft:gpt-3.5-turbo at $3 / $6
// per 1M, the hosted offer at $0.83335 per 1M of the mix, lambda gpu_1x_b200_sxm6
// at $6.99 an hour). Traffic: 44.4M x 1.1 = 48.84M tokens/day; a month is 730 / 24
// = 30.41667 days, so 1,485.55M tokens.
//   API: 2/3 x $3 + 1/3 x $6 = $4 per 1M; 1,485.55 x 4 = $5,942.20.
//   Hosted: 1,485.55 x 0.83335 = $1,237.98.
//   Own: the peak, 48.84M / 1,500 / 86,400 x 2 = 0.754 requests/s, still fits one
//   working instance: 2 instances (n+1) x $6.99 x 730 h = $10,205.40; disk 2 x
//   137.95 GB x $0.08 = $22.07; staff $150,000 / 12 = $12,500; egress 48.84M x 1/3
//   x 4 bytes / 1e9 x $0.09 x 30.41667 = $0.1783; total $22,727.65.
//   Running totals: month 0's plus month 1's: the API 5,402 + 5,942.20 = $11,344.20.
TEST(Growth, SeedMonthOneByHand) {
  const CostModel held = seed_model(0.1);  // the options live in it
  const Growth g = growth(held, 24);
  const GrowthMonth& x = g.months[1];
  EXPECT_NEAR(x.tokens_per_day, 48.84e6, 1e-3);
  EXPECT_NEAR(x.api.total_usd_per_month, 5942.20, 0.005);
  ASSERT_TRUE(x.hosted);
  EXPECT_NEAR(x.hosted->total_usd_per_month, 1237.98, 0.005);
  EXPECT_NEAR(x.own.peak_requests_per_s, 0.7537, 1e-4);
  EXPECT_EQ(x.own.working_replicas, 1);
  EXPECT_EQ(x.own.replicas, 2);
  EXPECT_NEAR(x.own.compute_usd_per_month, 10205.40, 0.005);
  EXPECT_NEAR(x.own.storage_usd_per_month, 22.07, 0.005);
  EXPECT_DOUBLE_EQ(x.own.staff_usd_per_month, 12500);
  EXPECT_NEAR(x.own.egress_usd_per_month, 0.1783, 1e-4);
  EXPECT_NEAR(x.own.total_usd_per_month, 22727.65, 0.005);
  EXPECT_NEAR(x.cumulative_api_usd, 11344.20, 0.005);
  // The hybrid owns nothing: all of it goes to the hosted model, the cheaper renter.
  EXPECT_EQ(x.hybrid.owned_replicas, 0);
  EXPECT_NEAR(x.hybrid.total_usd_per_month, 1237.98, 0.005);
}

// A capacity runs out in the first month traffic exceeds it: 44.4M x 1.1^m > 100M
// first at m = 9 (1.1^8 = 2.14, 95.2M; 1.1^9 = 2.36, 104.7M).
TEST(Growth, CapacityRunsOutTheFirstMonthTrafficExceedsIt) {
  const Growth g =
      growth(seed_model(0.1), 24,
             {{"tier a", 100e6}, {"tier b", 10e6}, {"tier c", 1e12}, {"exact", 44.4e6}});
  ASSERT_EQ(g.capacities.size(), 4u);
  EXPECT_EQ(g.capacities[0].capacity.name, "tier a");
  EXPECT_EQ(g.capacities[0].month, 9);
  EXPECT_EQ(g.capacities[1].month, 0);  // already outgrown today
  EXPECT_FALSE(g.capacities[2].month);  // not within 24 months
  EXPECT_EQ(g.capacities[3].month, 1);  // at exactly its capacity today it still carries
  // No growth: a capacity above today's traffic never runs out.
  EXPECT_FALSE(growth(seed_model(0), 24, {{"tier a", 100e6}}).capacities[0].month);
}

// The report's part: the capacities come out as a table and as markers on the
// monthly chart; the month figures only where the month exists.
TEST(GrowthSection, AddsTablesChartsAndFigures) {
  const CostModel m = seed_model(0.1);
  const Decision d = decide(shipped(), m, kBreakevenFromTokensPerDay, kBreakevenToTokensPerDay);
  Report r;
  detail::add_growth_section(r, m, d, 24, {{"tier a", 100e6}, {"tier c", 1e12}});
  ASSERT_EQ(r.tables.size(), 2u);
  EXPECT_EQ(r.tables[0].id, "growth");
  EXPECT_EQ(r.tables[0].rows.size(), 24u);
  EXPECT_EQ(r.tables[1].id, "growth_capacities");
  ASSERT_EQ(r.tables[1].rows.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(r.tables[1].rows[0][2]), 9);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r.tables[1].rows[1][2]));
  ASSERT_EQ(r.charts.size(), 2u);
  EXPECT_EQ(r.charts[0].id, "growth_monthly");
  EXPECT_FALSE(r.charts[0].log_x);
  bool marked = false;
  for (const ChartMarker& x : r.charts[0].markers)
    marked |= x.label == "tier a runs out" && x.x == 9;
  EXPECT_TRUE(marked);
  EXPECT_EQ(r.charts[1].id, "growth_cumulative");
  EXPECT_NE(find_figure(r.figures, "growth_owning_cheaper_than_api_month"), nullptr);
  EXPECT_EQ(find_figure(r.figures, "growth_owning_cheaper_month"), nullptr);
  // Each horizon total is the last running total: the API's is the sum of 24 months.
  const Figure* api = find_figure(r.figures, "growth_api_usd_over_horizon");
  ASSERT_NE(api, nullptr);
  EXPECT_DOUBLE_EQ(api->value, growth(m, 24).months.back().cumulative_api_usd);
  ASSERT_EQ(r.notes.size(), 1u);
}

}  // namespace
}  // namespace llmtco
