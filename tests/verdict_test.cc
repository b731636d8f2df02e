// The cost of renting and owning: hand-worked cost lines, and the laws the
// verdict must obey whatever the catalogs hold.
#include "llmtco/verdict.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/instance_catalog.h"
#include "llmtco/memory.h"
#include "llmtco/scenario_file.h"
#include "shipped.h"

namespace llmtco {
namespace {

// A small scenario: Llama 3.1 8B in bf16 on AWS, fine-tuning off, the API at the
// scenario's own prices of $3 and $6 per 1M tokens.
Scenario small_scenario() {
  Scenario s;
  s.name = "small";
  s.workload.tokens_per_day = 1e6;
  s.api.model = "";
  s.self_host.model = "meta-llama/Llama-3.1-8B";
  s.self_host.clouds = "aws";
  return s;
}

const CostModel& small_model() {
  static const CostModel m = resolve_cost_model(shipped(), small_scenario());
  return m;
}

const CostModel& seed_model() {
  static const CostModel m = resolve_cost_model(shipped(), default_scenario());
  return m;
}

// Hand-worked: 1,000 input and 500 output tokens per request, so 2/3 of the
// tokens are input: 2/3 x $3 + 1/3 x $6 = $4 per 1M tokens; 1M tokens a day for
// 730 / 24 = 30.4167 days is $121.67 a month.
TEST(ApiCost, HandWorkedAtScenarioPrices) {
  const ApiCost c = api_cost(small_model(), 1e6);
  EXPECT_DOUBLE_EQ(c.blended_usd_per_1m, 4.0);
  EXPECT_NEAR(c.tokens_usd_per_month, 121.6667, 1e-4);
  EXPECT_EQ(c.finetune_usd_per_month, 0.0);
  EXPECT_EQ(c.total_usd_per_month, c.tokens_usd_per_month);
}

// LiteLLM's gpt-4o-mini (SOURCES.md sample values): input 0.15, output 0.60,
// cached input 0.075, batch 0.075 / 0.30 per 1M.
TEST(ApiCost, CachedAndBatchSharesUseTheirPrices) {
  Scenario s = small_scenario();
  s.api.model = "gpt-4o-mini";
  s.workload.cached_input_share = 0.5;
  CostModel m = resolve_cost_model(shipped(), s);
  // 2/3 x (0.5 x 0.15 + 0.5 x 0.075) + 1/3 x 0.60 = 0.075 + 0.2
  EXPECT_NEAR(api_cost(m, 1e6).blended_usd_per_1m, 0.275, 1e-12);
  m.scenario.workload.cached_input_share = 0;
  m.scenario.workload.batch_share = 0.5;
  // 2/3 x (0.5 x 0.15 + 0.5 x 0.075) + 1/3 x (0.5 x 0.60 + 0.5 x 0.30) = 0.075 + 0.15
  EXPECT_NEAR(api_cost(m, 1e6).blended_usd_per_1m, 0.225, 1e-12);
}

// The API's training price x epochs over the re-tuning period: 20M tokens x 3
// epochs x $8 per 1M / 2 months = $240 a month (OpenAI's GPT-3.5 Turbo price).
TEST(ApiCost, FineTuningIsAmortised) {
  Scenario s = small_scenario();
  s.fine_tune.dataset_tokens = 20e6;
  s.fine_tune.retune_months = 2;
  const CostModel m = resolve_cost_model(shipped(), s);
  EXPECT_DOUBLE_EQ(api_cost(m, 1e6).finetune_usd_per_month, 240.0);
  ASSERT_TRUE(m.finetune_run.has_value());
  EXPECT_DOUBLE_EQ(own_cost(m, 1e6).finetune_usd_per_month, m.finetune_run->cost_usd / 2);
}

// Every owning line from its inputs: the peak of 1M tokens a day at 1,500 tokens
// a request and a 2x peak is 1e6 / 1500 / 86400 x 2 = 0.0154 requests/s, one
// instance's worth, plus the spare.
TEST(OwnCost, HandWorkedLines) {
  const CostModel& m = small_model();
  const OwnCost c = own_cost(m, 1e6);
  ASSERT_NE(c.option, nullptr);
  EXPECT_NEAR(c.peak_requests_per_s, 1e6 / 1500.0 / 86400.0 * 2.0, 1e-15);
  EXPECT_EQ(c.working_replicas, 1);
  EXPECT_EQ(c.replicas, 2);
  // The price is the catalog's on-demand price of that instance in its region.
  EXPECT_EQ(c.option->usd_per_hour, c.option->instance->on_demand_usd_per_hour);
  EXPECT_DOUBLE_EQ(c.compute_usd_per_month, 2 * c.option->usd_per_hour * 730.0);
  // Llama 3.1 8B in bf16: 8,030,261,248 params x 2 bytes = 16.06 GB at $0.08/GB-month.
  EXPECT_NEAR(c.option->weights_gb, 16.060522496, 1e-9);
  EXPECT_NEAR(c.storage_usd_per_month, 2 * 16.060522496 * 0.08, 1e-9);
  // 1/3 of 1M tokens x 4 bytes = 1.333 MB a day; x $0.09/GB x 30.4167 days.
  EXPECT_NEAR(c.egress_usd_per_month, 1e6 / 3.0 * 4 / 1e9 * 0.09 * 730 / 24, 1e-12);
  EXPECT_DOUBLE_EQ(c.staff_usd_per_month, 12500.0);
  EXPECT_EQ(c.finetune_usd_per_month, 0.0);
  EXPECT_DOUBLE_EQ(c.total_usd_per_month, c.compute_usd_per_month + c.storage_usd_per_month +
                                              c.egress_usd_per_month + c.staff_usd_per_month);
  // No option of the search is cheaper at this peak.
  for (const Candidate& o : m.candidates.options) {
    EXPECT_GE(2 * (o.usd_per_hour * 730 + o.weights_gb * 0.08),
              c.compute_usd_per_month + c.storage_usd_per_month - 1e-9)
        << o.instance->instance_type;
  }
}

TEST(Laws, ApiCostIsLinearInTraffic) {
  for (const CostModel* m : {&small_model(), &seed_model()}) {
    const double one = api_cost(*m, 1e6).total_usd_per_month;
    EXPECT_NEAR(api_cost(*m, 1e9).total_usd_per_month, 1000 * one, 1e-9 * 1000 * one);
    EXPECT_NEAR(api_cost(*m, 3e6).total_usd_per_month + api_cost(*m, 4e6).total_usd_per_month,
                api_cost(*m, 7e6).total_usd_per_month, 1e-9);
  }
}

TEST(Laws, OwningNeverGetsCheaperWithMoreTraffic) {
  for (const CostModel* m : {&small_model(), &seed_model()}) {
    double last = 0;
    for (double t = 1e4; t <= 1e11; t *= 1.05) {
      const double now = own_cost(*m, t).total_usd_per_month;
      EXPECT_GE(now, last) << t;
      last = now;
    }
  }
}

// The ranges are solved exactly; a fine grid of volumes must agree with them.
TEST(Laws, BreakevenIsWhereTheCurvesCross) {
  for (const CostModel* m : {&small_model(), &seed_model()}) {
    const Breakeven b = breakeven(*m, 1e4, 1e11);
    ASSERT_TRUE(b.breakeven_tokens_per_day.has_value());
    const double be = *b.breakeven_tokens_per_day;
    auto owning_cheaper = [&](double t) {
      return own_cost(*m, t).total_usd_per_month < api_cost(*m, t).total_usd_per_month;
    };
    EXPECT_TRUE(owning_cheaper(be * (1 + 1e-9)));
    EXPECT_FALSE(owning_cheaper(be * (1 - 1e-9)));
    // Within the range searched (the search lists at most 200,000 steps).
    for (double t = 1.01e4; t < std::min(1e11, b.to_tokens_per_day); t *= 1.013) {
      bool in_range = false, near_edge = false;
      for (const VolumeRange& r : b.ranges) {
        in_range = in_range || (t > r.from_tokens_per_day && t <= r.to_tokens_per_day);
        near_edge = near_edge || std::abs(t / r.from_tokens_per_day - 1) < 1e-9 ||
                    std::abs(t / r.to_tokens_per_day - 1) < 1e-9;
      }
      if (!near_edge) {
        EXPECT_EQ(owning_cheaper(t), in_range) << t;
      }
    }
  }
}

TEST(Laws, HybridIsNeverWorseThanEitherPureOption) {
  for (const CostModel* m : {&small_model(), &seed_model()}) {
    for (double t = 1e4; t <= 1e15; t *= 3.1) {
      const Hybrid h = best_hybrid(*m, t);
      EXPECT_LE(h.total_usd_per_month, api_cost(*m, t).total_usd_per_month + 1e-9) << t;
      EXPECT_LE(h.total_usd_per_month, own_cost(*m, t).total_usd_per_month + 1e-9) << t;
      EXPECT_GE(h.owned_token_share, 0.0);
      EXPECT_LE(h.owned_token_share, 1.0);
    }
  }
}

TEST(Laws, ACheaperGpuNeverRaisesThePlansCost) {
  const CostModel& m = small_model();
  const double peak = own_cost(m, 3e8).peak_requests_per_s;
  const auto cheapest = [&](const std::vector<Instance>& instances) {
    Catalogs catalogs = builtin_catalogs({.instances = false, .api = false, .benchmarks = false});
    catalogs.instances.instances = instances;
    const Candidates c = find_candidates(catalogs, m.search);
    return rank_plans(m.search, c, peak, m.redundancy, 1).front().usd_per_month;
  };
  const std::vector<Instance>& base = instance_catalog().instances;
  const double before = cheapest(base);
  // Each GPU type in turn gets 20% cheaper everywhere.
  for (const std::string gpu : {"a10g", "l4", "a100-40gb-sxm", "h100-sxm", "t4"}) {
    std::vector<Instance> cheaper = base;
    for (Instance& i : cheaper) {
      if (i.gpu_id == gpu) i.on_demand_usd_per_hour *= 0.8;
    }
    EXPECT_LE(cheapest(cheaper), before) << gpu;
  }
}

TEST(Plans, EveryPlanHoldsTheWeightsAndCostsWhatItsPriceSays) {
  const CostModel& m = seed_model();
  const double peak = own_cost(m, 44.4e6).peak_requests_per_s;
  const std::vector<Plan> plans = rank_plans(m.search, m.candidates, peak, m.redundancy, 0);
  ASSERT_FALSE(plans.empty());
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    const Instance& instance = *p.option.instance;
    // Llama-2-70B's bf16 weights (137.95 GB) on each copy's GPUs.
    const double gpu_bytes = (instance.gpu_count / p.option.copies) *
                             find_gpu(shipped(), instance.gpu_id).memory_bytes();
    EXPECT_GT(gpu_bytes, weights_bytes(m.search.model, p.option.weights)) << instance.instance_type;
    EXPECT_DOUBLE_EQ(p.usd_per_month, p.replicas * p.option.usd_per_hour * 730.0);
    EXPECT_LE(p.ttft_s, 2.0);
    EXPECT_LE(p.tpot_s, 0.05);
    if (i > 0) {
      EXPECT_GE(p.usd_per_month, plans[i - 1].usd_per_month);
    }
  }
}

// An instance's capacity is the rate at which the latency target binds: there a
// copy's simulated run meets its p95 targets, 5% above it it does not.
TEST(Plans, CapacityIsWhereTheTargetBinds) {
  const CostModel& m = seed_model();
  ASSERT_FALSE(m.frontier.empty());
  for (const Candidate& o : m.frontier) {
    EXPECT_DOUBLE_EQ(o.replica_requests_per_s, o.copies * o.copy_requests_per_s);
    EXPECT_DOUBLE_EQ(o.replica_output_tokens_per_s, o.replica_requests_per_s * 500);
    const Deployment d = candidate_deployment(m.search, o);
    EXPECT_TRUE(meets_target(capacity_run(d, m.search, o.copy_requests_per_s), m.search.target));
    EXPECT_FALSE(
        meets_target(capacity_run(d, m.search, o.copy_requests_per_s * 1.05), m.search.target))
        << o.instance->instance_type;
  }
}

TEST(Plans, TotalReplicasFollowTheRedundancy) {
  EXPECT_EQ(total_replicas(3, Redundancy::kNone), 3);
  EXPECT_EQ(total_replicas(3, Redundancy::kNPlus1), 4);
  EXPECT_EQ(total_replicas(3, Redundancy::k2N), 6);
  EXPECT_EQ(parse_redundancy("2n"), Redundancy::k2N);
  EXPECT_THROW(parse_redundancy("n+1"), InputError);
}

TEST(DailyProfile, MeanIsOneAndTheBusiestHourIsThePeak) {
  for (double p : {1.0, 1.5, 2.0, 3.0, 8.0}) {
    const std::array<double, 24> h = daily_profile(p);
    EXPECT_NEAR(std::accumulate(h.begin(), h.end(), 0.0) / 24, 1.0, 1e-12) << p;
    EXPECT_NEAR(*std::max_element(h.begin(), h.end()), p, 1e-9) << p;
    if (p > 1) {
      EXPECT_EQ(std::max_element(h.begin(), h.end()) - h.begin(), 14) << p;
    }
  }
}

TEST(MonteCarlo, TheSameSeedGivesTheSameNumbers) {
  const CostModel& m = seed_model();
  const MonteCarlo a = monte_carlo(m, 5000, 7), b = monte_carlo(m, 5000, 7);
  const MonteCarlo c = monte_carlo(m, 5000, 8);
  EXPECT_EQ(a.owning_cheaper_probability, b.owning_cheaper_probability);
  EXPECT_EQ(a.own_usd_per_month, b.own_usd_per_month);
  EXPECT_EQ(a.api_usd_per_month, b.api_usd_per_month);
  EXPECT_NE(a.api_usd_per_month, c.api_usd_per_month);
  EXPECT_LE(a.api_usd_per_month[0], a.api_usd_per_month[1]);
  EXPECT_LE(a.api_usd_per_month[1], a.api_usd_per_month[2]);
  // API cost spans the tornado's ranges: traffic 0.5-2x and price 0.5-1.5x of
  // $5,402/month, so P10 and P90 lie well inside 0.25x and 3x.
  const double base = api_cost(m, 44.4e6).total_usd_per_month;
  EXPECT_GT(a.api_usd_per_month[0], 0.25 * base);
  EXPECT_LT(a.api_usd_per_month[2], 3 * base);
}

TEST(Tornado, WidestSwingFirstAndStaffMovesOwningByItsRange) {
  const CostModel& m = seed_model();
  const std::vector<TornadoBar> bars = tornado(m);
  ASSERT_EQ(bars.size(), 6u);
  for (std::size_t i = 1; i < bars.size(); ++i) {
    EXPECT_GE(std::abs(bars[i - 1].high_usd_per_month - bars[i - 1].low_usd_per_month),
              std::abs(bars[i].high_usd_per_month - bars[i].low_usd_per_month));
  }
  for (const TornadoBar& bar : bars) {
    if (bar.input.input != UncertainInput::kStaff) continue;
    // 0.5x to 1.5x of $150,000 a year: $12,500 a month apart.
    EXPECT_NEAR(bar.high_usd_per_month - bar.low_usd_per_month, 12500.0, 1e-6);
  }
}

// The tornado table's and chart's text for each input (the JSON contract), in the
// order uncertainties() lists them.
TEST(Tornado, InputsKeyedByEnumPrintTheirNames) {
  std::vector<std::string> names;
  for (const Uncertainty& u : uncertainties(Scenario{})) {
    names.push_back(uncertain_input_name(u.input));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"workload.tokens_per_day", "API prices", "GPU prices",
                                             "replica throughput", "workload.peak_to_average",
                                             "self_host.staff_usd_per_year"}));
}

}  // namespace
}  // namespace llmtco
