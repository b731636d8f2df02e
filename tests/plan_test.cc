// Plans held to percentile targets: the laws a simulated capacity obeys.
#include "llmtco/plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "llmtco/scenario.h"
#include "shipped.h"

namespace llmtco {
namespace {

// Llama 3.1 8B in FP8 on Lambda's instances, 1,000 + 500 token requests.
DeploymentSearch search(const LatencyTarget& target, const RequestShape& shape = {}) {
  Scenario s;
  s.self_host.model = "llama-3.1-8b";
  s.self_host.precision = "fp8";
  s.self_host.clouds = "lambda";
  DeploymentSearch r = deployment_search(shipped(), s);
  r.target = target;
  r.shape = shape;
  r.shape.input.mean_tokens = 1000;
  r.shape.output.mean_tokens = 500;
  return r;
}

using Key = std::tuple<std::string, int>;

// Each deployment's (GPU, TP) capacity, requests per second of one copy.
std::map<Key, double> capacities(const DeploymentSearch& r) {
  std::map<Key, double> out;
  for (const Candidate& o : find_candidates(shipped(), r).options) {
    out[{o.gpu->id, o.tp}] = o.copy_requests_per_s;
  }
  return out;
}

LatencyTarget percentile(double p) {
  return {.percentile = p, .ttft_s = 1.5, .tpot_s = 0.04};
}

// A target loose enough for any queue (ten minutes to the first token): a finite
// run sent far too fast still drains within it, but no copy carries more than it
// completes flat out.
TEST(PlanCapacity, NoCapacityExceedsWhatTheCopyCompletesFlatOut) {
  const DeploymentSearch r = search({.percentile = 95, .ttft_s = 600, .tpot_s = 1});
  const Candidates c = find_candidates(shipped(), r);
  ASSERT_FALSE(c.options.empty());
  for (const Candidate& o : c.options) {
    const Deployment d = candidate_deployment(r, o);
    EXPECT_LE(o.copy_requests_per_s, flat_out_requests_per_s(d, r)) << o.gpu->id << " " << o.tp;
    EXPECT_LE(o.copy_requests_per_s,
              2 * offline_throughput(d, mean_workload(r.shape)).requests_per_s);
  }
}

// At its capacity a copy's simulated run meets the target's statistic; 5% more
// traffic misses it, or is more than the copy completes flat out.
TEST(PlanCapacity, MeetsItsTargetAndFivePercentMoreDoesNot) {
  const RequestShape bursty{.arrivals = Arrivals::kGamma, .burstiness_cv = 2};
  for (const DeploymentSearch& r : {search(percentile(99)), search(percentile(50), bursty),
                                    search({.mean = true, .ttft_s = 1.5, .tpot_s = 0.04})}) {
    std::map<Key, bool> seen;
    for (const Candidate& o : find_candidates(shipped(), r).options) {
      if (seen[{o.gpu->id, o.tp}]) continue;
      seen[{o.gpu->id, o.tp}] = true;
      const Deployment d = candidate_deployment(r, o);
      const std::string at =
          o.gpu->id + " TP " + std::to_string(o.tp) + " " + statistic_label(r.target);
      EXPECT_TRUE(carries(d, r, o.copy_requests_per_s)) << at;
      EXPECT_FALSE(carries(d, r, 1.05 * o.copy_requests_per_s)) << at;
    }
    EXPECT_FALSE(seen.empty());
  }
}

// Holding more of the requests within the target never raises a copy's capacity
// (up to the search's tolerance: each capacity is within it below its own).
TEST(PlanCapacity, AHigherPercentileNeverRaisesCapacity) {
  const std::map<Key, double> p50 = capacities(search(percentile(50)));
  const std::map<Key, double> p99 = capacities(search(percentile(99)));
  ASSERT_FALSE(p99.empty());
  for (const auto& [key, rate] : p99) {
    ASSERT_TRUE(p50.contains(key)) << std::get<0>(key);
    EXPECT_LE(rate, p50.at(key) * (1 + kCapacityRateTolerance)) << std::get<0>(key);
  }
}

// Burstier arrivals at the same mean rate never raise a copy's capacity.
TEST(PlanCapacity, BurstierArrivalsNeverRaiseCapacity) {
  std::map<Key, double> previous = capacities(search(percentile(95)));
  ASSERT_FALSE(previous.empty());
  for (double cv : {2.0, 4.0}) {
    const std::map<Key, double> burstier =
        capacities(search(percentile(95), {.arrivals = Arrivals::kGamma, .burstiness_cv = cv}));
    for (const auto& [key, rate] : burstier) {
      EXPECT_LE(rate, previous.at(key) * (1 + kCapacityRateTolerance))
          << std::get<0>(key) << " cv " << cv;
    }
    previous = burstier;
  }
}

// A plan's latency is its copies' at the peak, at the target's statistic: within
// the target, and the label names the statistic.
TEST(PlanCapacity, PlansReportTheirStatisticAtThePeak) {
  // Over volumes and shapes: the peak's own run meets the target (one more working
  // instance where a thinner spread misses), and no plan needs a vanishing load.
  const RequestShape bursty{.arrivals = Arrivals::kGamma, .burstiness_cv = 3};
  for (const DeploymentSearch& r :
       {search(percentile(99)), search(percentile(99), bursty), search(percentile(50), bursty)}) {
    const Candidates c = find_candidates(shipped(), r);
    for (const double peak : {3.0, 20.0, 170.0}) {
      const std::vector<Plan> plans = rank_plans(r, c, peak, Redundancy::kNone, 5);
      ASSERT_FALSE(plans.empty());
      for (const Plan& p : plans) {
        EXPECT_LE(p.ttft_s, r.target.ttft_s) << p.option.instance->instance_type << " " << peak;
        EXPECT_LE(p.tpot_s, r.target.tpot_s) << p.option.instance->instance_type << " " << peak;
        EXPECT_GT(p.ttft_s, 0);
        EXPECT_LT(p.working_replicas, 1000);
      }
    }
  }
  EXPECT_EQ(statistic_label(percentile(99)), "p99");
  EXPECT_EQ(statistic_label(percentile(99.9)), "p99.9");
  EXPECT_EQ(statistic_label({.mean = true}), "mean");
}

// precision "auto" searches bf16, fp8, int8 and int4, and the checkpoint's own
// format when it is another: gpt-oss-120b's MXFP4 experts, an AWQ repo's int4 once.
TEST(PlanSearch, AutoAlsoTriesTheCheckpointsFormat) {
  Scenario s;
  s.self_host.precision = "auto";
  s.self_host.model = "openai/gpt-oss-120b";
  std::vector<std::string> ids;
  for (const Precision& p : deployment_search(shipped(), s).precisions) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"bf16", "fp8", "int8", "int4", "mxfp4"}));
  s.self_host.model = "Qwen/Qwen2.5-72B-Instruct-AWQ";
  EXPECT_EQ(deployment_search(shipped(), s).precisions.size(), 4u);
  s.self_host.model = "unsloth/Llama-3.3-70B-Instruct-bnb-4bit";
  EXPECT_EQ(deployment_search(shipped(), s).precisions.back().id, "nf4");
}

// A long-tailed prompt: the draws are cut at the model's context (a server
// refuses longer ones), and a deployment whose KV cache cannot hold the longest
// is left out, saying why, rather than sized for the mean request.
TEST(PlanCapacity, ADeploymentThatCannotHoldTheLongestRequestIsLeftOut) {
  Scenario s;
  s.self_host.model = "llama-3.1-70b";
  s.self_host.precision = "fp8";
  s.self_host.clouds = "lambda";
  DeploymentSearch r = deployment_search(shipped(), s);
  r.shape.input = {.dist = LengthDist::kLognormal, .mean_tokens = 4000, .cv = 4};
  const Candidates c = find_candidates(shipped(), r);
  ASSERT_FALSE(c.options.empty());
  for (const Candidate& o : c.options) {
    const Simulation run = capacity_run(candidate_deployment(r, o), r, o.copy_requests_per_s);
    EXPECT_TRUE(meets_target(run, r.target)) << o.gpu->id;
  }
  const auto too_short =
      std::count_if(c.rejected.begin(), c.rejected.end(), [](const std::string& why) {
        return why.find("does not fit in the KV cache of the request shape") != std::string::npos;
      });
  EXPECT_GT(too_short, 0);
  // No drawn request runs past the context of 131,072 tokens.
  for (const std::string& why : c.rejected) {
    EXPECT_EQ(why.find("(131,073"), std::string::npos) << why;
  }
}

TEST(PlanCapacity, TheMeanWorkloadIsInWholeTokens) {
  const Workload w =
      mean_workload({.input = {.mean_tokens = 999.6}, .output = {.mean_tokens = 0.2}});
  EXPECT_EQ(w.input_tokens, 1000);
  EXPECT_EQ(w.output_tokens, 1);
}

}  // namespace
}  // namespace llmtco
