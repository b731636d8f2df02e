// The verdict's branches on a small fake catalog: two GPUs of the datasheet table,
// three instance types at prices of our own, two API offers. Every figure here is
// worked by hand from those prices and from the speed model's replica rate, so
// nothing moves with a price refresh of data/instances/ or data/api_prices/.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "llmtco/resolve.h"
#include "llmtco/scenario_file.h"
#include "llmtco/units.h"
#include "llmtco/verdict.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

Instance instance(const std::string& type, const std::string& gpu, int gpus, double usd_per_hour) {
  return {.cloud = "aws",
          .instance_type = type,
          .gpu_id = gpu,
          .gpu_count = gpus,
          .region = "test-1",
          .on_demand_usd_per_hour = usd_per_hour,
          .date = "2026-12-01"};
}

ApiPrice api(const std::string& id, double usd_per_1m) {
  return {.id = id,
          .provider = "test",
          .mode = "chat",
          .input_usd_per_1m = usd_per_1m,
          .output_usd_per_1m = usd_per_1m};
}

// H100 and L4 from data/gpus.csv (datasheets, not prices), the shipped formats,
// engines and Llama-2-7B; our instances and API prices.
const Catalogs& fake() {
  static const Catalogs kFake = [] {
    const Catalogs& real = shipped();
    Catalogs c{.gpus = {find_gpu(real, "h100-sxm"), find_gpu(real, "l4")},
               .precisions = real.precisions,
               .engines = real.engines,
               .models = {*find_catalog_model(real, "llama-2-7b")}};
    c.instances = {
        .instances = {instance("one-h100", "h100-sxm", 1, 1.0),
                      instance("two-h100", "h100-sxm", 2, 1.9), instance("one-l4", "l4", 1, 0.25)},
        .sources = {{.cloud = "aws", .file = "fake", .date = "2026-12-01"}}};
    c.api = {
        .prices = {api("cheap", 0.1), api("dear", 1.0)}, .source = "fake", .date = "2026-12-01"};
    return c;
  }();
  return kFake;
}

// Llama-2-7B in bf16 on vLLM; no staff, disk or egress, so that owning is the
// instances alone.
Scenario scenario(const std::string& api_model, double tokens_per_day, double peak_to_average) {
  Scenario s = default_scenario();
  s.api.model = api_model;
  s.workload.tokens_per_day = tokens_per_day;
  s.workload.peak_to_average = peak_to_average;
  s.self_host.model = "llama-2-7b";
  s.self_host.precision = "bf16";
  s.self_host.engine = "vllm";
  s.self_host.clouds = "";
  s.self_host.staff_usd_per_year = 0;
  s.self_host.storage_usd_per_gb_month = 0;
  s.self_host.egress_usd_per_gb = 0;
  return s;
}

// A decision and the cost model its options point into.
struct Verdict {
  std::unique_ptr<const CostModel> model;
  Decision d;
};

// follows_day false: owning billed always on only (a scaled fleet follows the
// peaks itself, so owning the base and renting the peaks rarely beats it).
Verdict decision(const Scenario& s, bool follows_day = true) {
  auto model = std::make_unique<CostModel>(resolve_cost_model(fake(), s));
  model->autoscale.applies = model->autoscale.applies && follows_day;
  std::unique_ptr<const CostModel> m = std::move(model);
  const Decision d = decide(fake(), *m, kBreakevenFromTokensPerDay, kBreakevenToTokensPerDay);
  return {std::move(m), d};
}

// Tokens a day one one-h100 instance carries at its peak: the simulated p95 rate
// for Llama-2-7B in bf16 on one H100 with vLLM (644M at the shipped factors: what
// the copy completes flat out, the default targets being loose for a 7B model); the
// volumes of the branches below are multiples of it, so that they stay the same
// situations when the speed model's factors are refitted.
double one_h100_tokens_per_day() {
  Catalogs one = fake();
  std::erase_if(one.instances.instances,
                [](const Instance& i) { return i.instance_type != "one-h100"; });
  const Scenario s = scenario("dear", 1e8, 1);
  return replica_tokens_per_day_at_peak(s, resolve_cost_model(one, s).frontier.at(0));
}

// 730 hours a month x one instance's price, for 1 working + 1 spare (n_plus_1).
constexpr double kTwoOneH100UsdPerMonth = 2 * 1.0 * 730;

// The API at 0.1 USD per 1M tokens (cheap), 100M tokens a day, flat traffic: 1e8 x
// 730 / 24 x 0.1 / 1e6 = 304.17 USD a month, against 1,460 for two one-h100
// instances: keep the API.
TEST(VerdictBranches, ApiWhenRentingIsCheaper) {
  const Verdict v = decision(scenario("cheap", 1e8, 1));
  EXPECT_EQ(v.d.choice, Choice::kApi);
  EXPECT_NEAR(v.d.api.total_usd_per_month, 1e8 * 730 / 24 * 0.1 / 1e6, 1e-9);
  ASSERT_NE(v.d.own.option, nullptr);
  EXPECT_EQ(v.d.own.option->instance->instance_type, "one-h100");
  EXPECT_EQ(v.d.own.working_replicas, 1);
  EXPECT_EQ(v.d.own.replicas, 2);
  EXPECT_DOUBLE_EQ(v.d.own.total_usd_per_month, kTwoOneH100UsdPerMonth);
  EXPECT_EQ(v.d.hybrid.owned_replicas, 0);  // the best mix owns nothing
  // Break-even where t x 730 / 24 x 0.1 / 1e6 = 1,460: t = 480M tokens a day (one
  // working instance still carries it).
  ASSERT_TRUE(v.d.breakeven.breakeven_tokens_per_day);
  EXPECT_NEAR(*v.d.breakeven.breakeven_tokens_per_day, 4.8e8, 1e-6 * 4.8e8);
  EXPECT_FALSE(v.d.breakeven_without_staff);  // staff costs nothing here
}

// At 1 USD per 1M tokens (dear) the same 100M tokens cost 3,041.67 a month: owning
// (1,460) is cheaper, and the best mix owns all of it (share 1): self-host.
TEST(VerdictBranches, SelfHostWhenOwningIsCheaper) {
  const Verdict v = decision(scenario("dear", 1e8, 2));
  EXPECT_EQ(v.d.choice, Choice::kSelfHost);
  EXPECT_NEAR(v.d.api.total_usd_per_month, 1e8 * 730 / 24 * 1.0 / 1e6, 1e-9);
  EXPECT_DOUBLE_EQ(v.d.own.total_usd_per_month, kTwoOneH100UsdPerMonth);
  EXPECT_DOUBLE_EQ(v.d.best_pure_usd_per_month, kTwoOneH100UsdPerMonth);
  EXPECT_DOUBLE_EQ(v.d.hybrid.owned_token_share, 1.0);
  // 1,460 x 1e6 / (730 / 24 x 1.0) = 48M tokens a day.
  EXPECT_NEAR(*v.d.breakeven.breakeven_tokens_per_day, 4.8e7, 1e-6 * 4.8e7);
}

// A sharp peak (8x the average) at 1.68 instances' worth of tokens a day: owning
// the base and renting the peaks beats both pure options by more than
// kMixMinSavingShare: mix. Owning always on: followed with the day, owning alone
// carries the peaks cheaper still (Autoscale tests).
TEST(VerdictBranches, MixWhenTheHybridSavesEnough) {
  const double tokens_per_day = 1.68 * one_h100_tokens_per_day();
  const Verdict v = decision(scenario("dear", tokens_per_day, 8), false);
  EXPECT_EQ(v.d.choice, Choice::kMix);
  EXPECT_GT(v.d.hybrid.owned_replicas, 0);
  EXPECT_LT(v.d.hybrid.owned_token_share, 1.0);
  EXPECT_LT(v.d.hybrid.total_usd_per_month, v.d.best_pure_usd_per_month * (1 - kMixMinSavingShare));
  // Owned instances at 730 hours a month plus the overflow's tokens at 1 USD/1M.
  const Hybrid& h = v.d.hybrid;
  EXPECT_NEAR(h.api_usd_per_month, (1 - h.owned_token_share) * tokens_per_day * 730 / 24 / 1e6,
              1e-6);
}

// 16.4 instances' worth of tokens a day at a 4x peak: the hybrid is cheaper than
// owning, but by less than kMixMinSavingShare (1%) of it: not worth two systems,
// so self-host. Owning always on, as above.
TEST(VerdictBranches, NoMixBelowTheThreshold) {
  EXPECT_DOUBLE_EQ(kMixMinSavingShare, 0.01);
  const Verdict v = decision(scenario("dear", 16.4 * one_h100_tokens_per_day(), 4), false);
  const double saving = 1 - v.d.hybrid.total_usd_per_month / v.d.best_pure_usd_per_month;
  EXPECT_GT(saving, 0);
  EXPECT_LT(saving, kMixMinSavingShare);
  EXPECT_LT(v.d.hybrid.owned_token_share, 1.0);
  EXPECT_EQ(v.d.choice, Choice::kSelfHost);
}

// Over a grid of prices, volumes and peaks the choice is the rule applied to the
// decision's own costs, and every branch occurs.
TEST(VerdictBranches, TheChoiceIsTheRule) {
  std::set<Choice> seen;
  for (const char* offer : {"cheap", "dear"}) {
    for (double t : {1e7, 1e8, 1e9, 1e10}) {
      for (double peak : {1.0, 2.0, 4.0, 8.0}) {
        const Verdict v = decision(scenario(offer, t, peak));
        const Decision& d = v.d;
        const bool mix =
            d.hybrid.owned_replicas > 0 && d.hybrid.owned_token_share < 1 &&
            d.hybrid.total_usd_per_month < (1 - kMixMinSavingShare) * d.best_pure_usd_per_month;
        const Choice expected = mix ? Choice::kMix
                                : d.own.total_usd_per_month < d.api.total_usd_per_month
                                    ? Choice::kSelfHost
                                    : Choice::kApi;
        EXPECT_EQ(d.choice, expected) << offer << " " << t << " " << peak;
        seen.insert(d.choice);
      }
    }
  }
  EXPECT_EQ(seen.size(), 3u);
}

// The fake catalog with a hosted offer of the open model at `usd_per_1m`, spelt as
// a provider spells it (hosted.h matches "llama-2-7b-chat-hf" to Llama-2-7B).
Verdict hosted_decision(const Scenario& s, double usd_per_1m,
                        const std::vector<ApiPrice>& more = {}) {
  static Catalogs with_host;
  with_host = fake();
  with_host.api.prices.push_back(api("hostco/meta-llama/Llama-2-7b-chat-hf", usd_per_1m));
  with_host.api.prices.insert(with_host.api.prices.end(), more.begin(), more.end());
  auto m = std::make_unique<const CostModel>(resolve_cost_model(with_host, s));
  const Decision d = decide(with_host, *m, kBreakevenFromTokensPerDay, kBreakevenToTokensPerDay);
  return {std::move(m), d};
}

// The third way. At 100M tokens a day (peak 2) the dear API costs 3,041.67 and
// owning 1,460 a month (above); the open model hosted at 0.05 USD per 1M costs
// 1e8 x 730 / 24 x 0.05 / 1e6 = 152.08: rent the open model, and the best mix owns
// nothing (its overflow would go to the hosted offer, the cheaper renter).
TEST(VerdictBranches, HostedWhenTheOpenModelRentsCheapest) {
  const Verdict v = hosted_decision(scenario("dear", 1e8, 2), 0.05);
  ASSERT_TRUE(v.model->hosted);
  EXPECT_EQ(v.model->hosted->id, "hostco/meta-llama/Llama-2-7b-chat-hf");
  EXPECT_EQ(v.model->hosted_keys, std::vector<std::string>{"hostco/meta-llama/Llama-2-7b-chat-hf"});
  EXPECT_EQ(v.d.choice, Choice::kHosted);
  ASSERT_TRUE(v.d.hosted);
  EXPECT_NEAR(v.d.hosted->total_usd_per_month, 1e8 * 730 / 24 * 0.05 / 1e6, 1e-9);
  EXPECT_NEAR(v.d.best_pure_usd_per_month, 152.0833, 1e-3);
  EXPECT_EQ(v.d.hybrid.owned_replicas, 0);
  EXPECT_TRUE(v.d.hybrid.rents_hosted);
  EXPECT_STREQ(choice_name(v.d.choice), "hosted");
}

// Hosted at 0.9 USD per 1M (2,737.50 a month) it is cheaper than the API (3,041.67)
// but dearer than owning (1,460): self-host, and the report names all three ways.
TEST(VerdictBranches, OwningBeatsBothWaysOfRenting) {
  const Verdict v = hosted_decision(scenario("dear", 1e8, 2), 0.9);
  EXPECT_EQ(v.d.choice, Choice::kSelfHost);
  EXPECT_NEAR(v.d.hosted->total_usd_per_month, 1e8 * 730 / 24 * 0.9 / 1e6, 1e-9);
  EXPECT_DOUBLE_EQ(v.d.best_pure_usd_per_month, kTwoOneH100UsdPerMonth);
}

// Three offers at 0.5, 0.6 and 0.01 USD per 1M: the median is 0.5, and 0.01 is
// under a third of it (0.167): left out as a price outlier, named, and the 0.5
// offer is priced. An offer whose context (1,000 tokens) is shorter than a request
// (1,000 + 500) is left out too.
TEST(VerdictBranches, HostedPriceOutliersAndShortContextsAreLeftOut) {
  ApiPrice short_context = api("shortco/meta-llama/Llama-2-7b-chat-hf", 0.4);
  short_context.max_input_tokens = 1000;
  const Verdict v =
      hosted_decision(scenario("dear", 1e8, 2), 0.5,
                      {api("otherco/meta-llama/Llama-2-7b-chat-hf", 0.6),
                       api("penny/meta-llama/Llama-2-7b-chat-hf", 0.01), short_context});
  ASSERT_TRUE(v.model->hosted);
  EXPECT_EQ(v.model->hosted->id, "hostco/meta-llama/Llama-2-7b-chat-hf");
  EXPECT_EQ(v.model->hosted_keys.size(), 2u);
  ASSERT_EQ(v.model->hosted_left_out.size(), 2u);
  EXPECT_EQ(v.model->hosted_left_out[0],
            "shortco/meta-llama/Llama-2-7b-chat-hf (its context of 1000 tokens is shorter than a "
            "request's 1,500)");
  EXPECT_EQ(v.model->hosted_left_out[1],
            "penny/meta-llama/Llama-2-7b-chat-hf ($0.01 per 1M of the mix, under a third of the "
            "median $0.50)");
}

// The reports say the same as the decision, on the fake catalog alone.
TEST(VerdictBranches, ReportsOnTheFakeCatalog) {
  const Report compare = compare_report(fake(), scenario("dear", 1e8, 2), {.samples = 100});
  const Table* verdict = nullptr;
  for (const Table& t : compare.tables) {
    if (t.id == "verdict") verdict = &t;
  }
  ASSERT_NE(verdict, nullptr);
  EXPECT_EQ(verdict->rows.at(0).at(0), Cell(std::string("self_host")));
  EXPECT_EQ(
      compare.notes.at(0).rfind("Verdict: self-host llama-2-7b. At 100M tokens/day owning costs "
                                "$1,460/month ($1,460 for 2 x aws one-h100",
                                0),
      0u);
  EXPECT_DOUBLE_EQ(find_figure(compare.figures, "selfhost_usd_per_month")->value,
                   kTwoOneH100UsdPerMonth);
  const Report plan = plan_report(fake(), scenario("dear", 1e8, 2), 10);
  EXPECT_DOUBLE_EQ(find_figure(plan.figures, "plan_usd_per_month")->value, kTwoOneH100UsdPerMonth);
  const Report be = breakeven_report(fake(), scenario("dear", 1e8, 2), 1e4, 1e12);
  EXPECT_NEAR(find_figure(be.figures, "breakeven_tokens_per_day")->value, 4.8e7, 1e-6 * 4.8e7);
}

// Whole instances make owning a staircase. Flat traffic, an API at p = 60e6 / C USD
// per 1M tokens for an instance carrying C tokens a day: two instances (1 + spare,
// 1,460 USD) pay from t = 1,460 x 1e6 / (730 / 24 x p) = 0.8 C; above C a third
// makes 2,190 USD, which the API reaches at 2,190 x 1e6 / (730 / 24 x p) = 1.2 C.
TEST(VerdictBranches, BreakevenRangesAreAStaircase) {
  const double c = one_h100_tokens_per_day();
  EXPECT_NEAR(c, 644.5e6, 0.5e6);  // the simulated rate, no price in it
  Scenario s = scenario("", 1e8, 1);
  s.api.input_usd_per_1m = s.api.output_usd_per_1m = 60e6 / c;
  const Breakeven b = breakeven(resolve_cost_model(fake(), s), 1e4, 1e12);
  ASSERT_EQ(b.ranges.size(), 2u);
  EXPECT_NEAR(b.ranges[0].from_tokens_per_day, 0.8 * c, 1e-6 * c);
  EXPECT_NEAR(b.ranges[0].to_tokens_per_day, c, 1e-6 * c);
  EXPECT_NEAR(b.ranges[1].from_tokens_per_day, 1.2 * c, 1e-6 * c);
  const Report be = breakeven_report(fake(), s, 1e4, 1e12);
  EXPECT_EQ(be.notes.at(0),
            "Against the API: Owning is cheaper from 516M to 644M and above 773M tokens a day "
            "(whole instances make the cost a staircase).");
}

// Where one instance costs what its traffic costs through the API, owning and
// renting swap at nearly every step: the listing stops and says where. Flat
// traffic, no spare: w instances cost w x 730 USD; the API at p USD per 1M costs
// t x 730 / 24 x p / 1e6, which is (t / C) x 730 at p = 24e6 / C for an instance
// carrying C tokens a day. A hair above that price owning wins near the top of
// every step.
// The one-h100 instance only, so that every step is the same instance.
TEST(VerdictBranches, BreakevenStopsListingWhereTheStepsAreTooMany) {
  Catalogs one = fake();
  std::erase_if(one.instances.instances,
                [](const Instance& i) { return i.instance_type != "one-h100"; });
  Scenario s = scenario("", 1e8, 1);
  s.self_host.redundancy = "none";
  const CostModel probe = resolve_cost_model(one, s);
  const double capacity = replica_tokens_per_day_at_peak(s, probe.frontier.at(0));
  s.api.input_usd_per_1m = s.api.output_usd_per_1m = 24e6 / capacity * (1 + 1e-6);
  const Breakeven b = breakeven(resolve_cost_model(one, s), 1, 1e20);
  EXPECT_LT(b.to_tokens_per_day, 1e20);
  EXPECT_GT(b.ranges.size(), 1000u);
  EXPECT_LE(b.ranges.size(), 200001u);
}

}  // namespace
}  // namespace llmtco
