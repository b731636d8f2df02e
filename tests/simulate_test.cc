// The serving simulator and its laws: the laws of speed model v2 (issue 14:
// tensor parallelism speeds decode, more GPUs never lower throughput, a
// concurrency limit bounds inter-token latency at saturation, a run lasts at least
// its longest request) and of queues (issue 16: M/D/1, Little's law, seeds,
// percentiles that never fall as the rate or the burstiness rises).
#include "llmtco/simulate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "shipped.h"

namespace llmtco {
namespace {

Deployment deployment(const std::string& model, const std::string& gpu, const std::string& weights,
                      const EngineProfile& engine, int tp = 1) {
  Deployment d;
  d.model = find_model(shipped(), model);
  d.gpu = find_gpu(shipped(), gpu);
  d.weights = find_precision(shipped(), weights);
  d.kv = default_kv_precision(shipped(), d.weights);
  d.engine = engine;
  d.tp = tp;
  return d;
}

std::vector<SimRequest> burst(int n, std::int64_t input, std::int64_t output) {
  return std::vector<SimRequest>(static_cast<std::size_t>(n),
                                 {.arrival_s = 0, .input_tokens = input, .output_tokens = output});
}

TEST(SpeedLaws, TensorParallelTwoDecodesA70bModelFasterThanOne) {
  for (const EngineProfile& e : shipped().engines) {
    const Deployment one = deployment("llama-3.1-70b", "h100-sxm", "fp8", e, 1);
    Deployment two = one;
    two.tp = 2;
    EXPECT_LT(decode_step(two, 1, 1000).total_s, decode_step(one, 1, 1000).total_s)
        << e.id << " " << e.min_version;
  }
}

// Offline, the batch as large as memory allows: more GPUs hold more sequences and
// split every matrix further, and their all-reduces never cost more than that
// gains. (With the engine's sequence limit binding at both sizes the gain is only
// the split: an 8B model on vLLM's 256 sequences loses about 1% from TP 4 to 8,
// the all-reduces of 8 GPUs costing slightly more than they save. A real
// trade-off, not a law; docs/methodology.md, "One step".)
TEST(SpeedLaws, MoreGpusNeverLowerOfflineThroughput) {
  for (EngineProfile e : shipped().engines) {
    if (!e.continuous_batching) continue;
    e.max_num_seqs = 1'000'000;
    for (const char* model : {"llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b"}) {
      for (const char* gpu : {"h100-sxm", "a100-80gb-sxm", "l40s"}) {
        double previous = 0;
        for (int tp : {1, 2, 4, 8}) {
          const Throughput t = offline_throughput(deployment(model, gpu, "bf16", e, tp),
                                                  {.input_tokens = 1000, .output_tokens = 500});
          if (!t.fits) continue;
          EXPECT_GE(t.output_tokens_per_s, previous)
              << e.id << " " << e.min_version << " " << model << " " << gpu << " tp " << tp;
          previous = t.output_tokens_per_s;
        }
      }
    }
  }
}

// Four times as many requests as the engine runs at once, all at t = 0: the batch
// never passes the limit, so inter-token latency is that of a run of exactly the
// limit (the queue shows in time to first token instead).
TEST(SpeedLaws, AtSaturationInterTokenLatencyIsThatOfTheConcurrencyLimit) {
  for (const char* id : {"vllm", "trtllm", "sglang"}) {
    Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), id));
    d.engine.max_num_seqs = 16;
    const Simulation limit = simulate(d, burst(16, 500, 200));
    const Simulation saturated = simulate(d, burst(64, 500, 200));
    ASSERT_TRUE(saturated.fits);
    EXPECT_EQ(saturated.max_batch, 16) << id;
    EXPECT_LE(saturated.itl.mean_s, limit.itl.mean_s * (1 + 1e-9)) << id;
    EXPECT_GT(saturated.ttft.mean_s, 2 * limit.ttft.mean_s) << id;
  }
}

TEST(SpeedLaws, ARunLastsAtLeastItsLongestRequestsOwnDecode) {
  for (const EngineProfile& e : shipped().engines) {
    if (!e.continuous_batching) continue;
    const Deployment d = deployment("llama-3.1-70b", "h100-sxm", "fp8", e, 4);
    std::vector<SimRequest> run = burst(30, 300, 100);
    run[7] = {.arrival_s = 0, .input_tokens = 2000, .output_tokens = 900};
    const Simulation r = simulate(d, run);
    ASSERT_TRUE(r.fits);
    const double alone_s = prefill(d, 2000).total_s + 899 * decode_step(d, 1, 2000).total_s;
    EXPECT_GE(r.duration_s, alone_s) << e.id << " " << e.min_version;
    EXPECT_GE(r.times[7].finish_s, alone_s) << e.id << " " << e.min_version;
  }
}

// One decode step of `n` sequences that each hold `kv` tokens in the cache: it
// reads them and attends to them and to its own new token.
double decode_s(const Deployment& d, double n, double kv) {
  return step_time(
             d,
             {.tokens = n, .logits = n, .attended_tokens = n * (kv + 1), .kv_tokens_read = n * kv})
      .total_s;
}

// One request alone: its first token after the front end and its prefill, the
// rest one decode step each (the steps at their middle context).
TEST(Simulate, OneRequestAloneByHand) {
  Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Simulation r = simulate(d, burst(1, 1000, 101));
  ASSERT_TRUE(r.fits);
  const double ttft_s = d.engine.request_overhead_ms / 1e3 + prefill(d, 1000).total_s;
  EXPECT_NEAR(r.ttft.mean_s, ttft_s, 1e-12);
  EXPECT_NEAR(r.ttft.p99_s, ttft_s, 1e-12);
  // 100 more tokens, the cache holding 1,000 to 1,099 tokens: the middle step 1,049.5.
  EXPECT_NEAR(r.duration_s, ttft_s + 100 * decode_s(d, 1, 1049.5), 1e-9);
  EXPECT_NEAR(r.tpot.mean_s, decode_s(d, 1, 1049.5), 1e-12);
  EXPECT_NEAR(r.itl.p50_s, decode_s(d, 1, 1049.5), 1e-12);
  EXPECT_EQ(r.itl.count, 100u);
  EXPECT_EQ(r.steps, 101);
  EXPECT_EQ(r.preemptions, 0);
}

// Multi-step scheduling: 24 tokens after the first take rounds of 10, 10 and 4
// steps (a round ends early when every sequence in it does); tokens stream at a
// round's end, so a sequence ending inside a longer one waits for it.
TEST(Simulate, MultiStepRoundsStreamAtTheirEnd) {
  Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  d.engine.scheduler_steps = 10;
  const Simulation r = simulate(d, burst(1, 1000, 25));
  EXPECT_EQ(r.steps, 1 + 24);
  const double rounds_s =
      decode_s(d, 1, 1004.5) * 10 + decode_s(d, 1, 1014.5) * 10 + decode_s(d, 1, 1021.5) * 4;
  EXPECT_NEAR(r.times[0].finish_s - r.times[0].first_token_s, rounds_s, 1e-9);
  // Beside one of 25 tokens, one of 5 ends with the first round, 10 steps on.
  const std::vector<SimRequest> pair = {{.input_tokens = 1000, .output_tokens = 25},
                                        {.input_tokens = 1000, .output_tokens = 5}};
  const Simulation two = simulate(d, pair);
  EXPECT_EQ(two.steps, 1 + 24);
  EXPECT_NEAR(two.times[1].finish_s - two.times[1].first_token_s, 10 * decode_s(d, 2, 1004.5),
              1e-12);
}

// A finite run at rate r delivers fewer than r requests a second: the last one
// still needs its own latency after it arrives.
TEST(Simulate, AFiniteRunDeliversLessThanItsRate) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "trtllm", "0.14"));
  const RequestShape shape{.input = {.mean_tokens = 500}, .output = {.mean_tokens = 200}};
  const std::vector<SimRequest> run = generate_requests(shape, 2.0, 50, 1);
  const Simulation r = simulate(d, run);
  const double last_arrival_s = run.back().arrival_s;
  EXPECT_LT(r.requests_per_s, 50 / last_arrival_s);
  EXPECT_NEAR(r.duration_s, r.times.back().finish_s, 1e-12);
  EXPECT_GT(r.duration_s, last_arrival_s);
}

TEST(Simulate, PoissonArrivalsAreFixedAndAverageTheRate) {
  const std::vector<SimRequest> a = generate_requests({}, 4.0, 20000, 7);
  const std::vector<SimRequest> b = generate_requests({}, 4.0, 20000, 7);
  EXPECT_EQ(a.front().arrival_s, 0);
  EXPECT_EQ(a.back().arrival_s, b.back().arrival_s);
  // 19,999 gaps of mean 0.25 s, standard deviation 0.25 s each: within 3% (4 sigma).
  EXPECT_NEAR(a.back().arrival_s, 19999 * 0.25, 0.03 * 19999 * 0.25);
  for (const SimRequest& r : generate_requests({}, INFINITY, 100, 7)) EXPECT_EQ(r.arrival_s, 0);
  // The same run at twice the rate: every arrival at half the time.
  const std::vector<SimRequest> fast = generate_requests({}, 8.0, 20000, 7);
  EXPECT_NEAR(fast[12345].arrival_s, a[12345].arrival_s / 2, 1e-9);
}

// Replicas share the requests round-robin; the run's throughput is all tokens
// over the whole run, so two requests on eight replicas are two requests' worth.
TEST(Simulate, ReplicasShareTheRequestsAndTheRunIsOne) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Simulation alone = simulate(d, burst(1, 500, 100));
  const Simulation two_on_eight = simulate(d, burst(2, 500, 100), {.replicas = 8});
  EXPECT_NEAR(two_on_eight.duration_s, alone.duration_s, 1e-12);
  EXPECT_NEAR(two_on_eight.output_tokens_per_s, 200 / alone.duration_s, 1e-9);
  EXPECT_EQ(two_on_eight.max_batch, 1);
  const Simulation sixteen_on_two = simulate(d, burst(16, 500, 100), {.replicas = 2});
  const Simulation eight_on_one = simulate(d, burst(8, 500, 100));
  EXPECT_NEAR(sixteen_on_two.output_tokens_per_s, 2 * eight_on_one.output_tokens_per_s, 1e-6);
}

// A prompt longer than a step's token budget still joins a running batch (in
// chunks, alone): it does not hold up the run behind it.
TEST(Simulate, APromptLongerThanTheBudgetJoinsARunningBatch) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Simulation r = simulate(d, burst(10, 20'000, 50));
  ASSERT_TRUE(r.fits);
  EXPECT_EQ(r.max_batch, 10);
}

// With mixed prefill every chunk step decodes a token of each running sequence:
// a sequence running beside a 3-chunk prompt gains 3 tokens, not 1.
TEST(Simulate, EveryMixedChunkStepDecodesTheRunningBatch) {
  Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "trtllm", "0.14"));
  d.engine.max_batched_tokens = 1000;
  d.engine.request_overhead_ms = 0;
  // Request 0 alone first (100 tokens, then 10 to decode); request 1 arrives
  // during that prefill with a prompt of 2,500 tokens: ceil(2,500 / (1,000 - 1))
  // = 3 chunk steps.
  const std::vector<SimRequest> run = {
      {.arrival_s = 0, .input_tokens = 100, .output_tokens = 11},
      {.arrival_s = 1e-9, .input_tokens = 2500, .output_tokens = 2}};
  const Simulation r = simulate(d, run);
  ASSERT_TRUE(r.fits);
  // Prefill of 0, 3 mixed chunk steps (0 decodes 3: 7 left), one step in which
  // both decode (1 ends), 6 more for 0: 11 steps in all.
  EXPECT_EQ(r.steps, 1 + 3 + 1 + 6);
  EXPECT_EQ(r.max_batch, 2);
}

TEST(Simulate, ARequestTooLongForTheCacheIsRefused) {
  const Deployment d =
      deployment("llama-3.1-70b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"), 2);
  const Simulation r = simulate(d, burst(1, 1'000'000, 10));
  EXPECT_FALSE(r.fits);
  EXPECT_EQ(r.why, "the longest request (1000010 tokens) does not fit in the KV cache");
}

// The closed form of steady online serving (perf --rate, the Monte Carlo, the
// bracket of plan's search) against the simulation of the same load, fixed
// lengths and Poisson arrivals: at a quarter of capacity their means agree
// within 25%; near capacity the closed form's M/D/1 queue of single prefills
// overstates TTFT (the scheduler admits several prompts a step).
// docs/methodology.md, "The simulation against the closed form", has the table.
TEST(Simulate, TheClosedFormAgreesAtLightLoad) {
  for (const char* id : {"vllm", "trtllm", "sglang"}) {
    for (const char* model : {"llama-3.1-8b", "llama-3.1-70b"}) {
      const int tp = std::string(model) == "llama-3.1-70b" ? 4 : 1;
      const Deployment d = deployment(model, "h100-sxm", "fp8", find_engine(shipped(), id), tp);
      const Workload w{.input_tokens = 1000, .output_tokens = 300};
      const RequestShape shape{.input = {.mean_tokens = 1000}, .output = {.mean_tokens = 300}};
      const double capacity = offline_throughput(d, w).requests_per_s;
      const auto run = [&](double load) {
        return simulate(d, generate_requests(shape, load * capacity, 5000, 1),
                        {.warmup_requests = 500, .timeline = false});
      };
      const Throughput light = online_throughput(d, w, 0.25 * capacity);
      const Simulation light_sim = run(0.25);
      EXPECT_NEAR(light_sim.ttft.mean_s, light.ttft_s, 0.25 * light.ttft_s) << id << " " << model;
      EXPECT_NEAR(light_sim.tpot.mean_s, light.tpot_s, 0.25 * light.tpot_s) << id << " " << model;
      EXPECT_LT(run(0.9).ttft.mean_s, online_throughput(d, w, 0.9 * capacity).ttft_s)
          << id << " " << model;
    }
  }
}

// A run told to stop once it is sure to miss a target stops only when the whole
// run misses it, and a run that does not stop is the whole run.
TEST(Simulate, StoppingAtASureMissAgreesWithTheWholeRun) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const RequestShape shape{
      .input = {.dist = LengthDist::kLognormal, .mean_tokens = 1000, .cv = 0.5},
      .output = {.dist = LengthDist::kLognormal, .mean_tokens = 300, .cv = 0.5}};
  int stopped = 0;
  for (const double rate : {5.0, 15.0, 19.0, 22.0, 30.0}) {
    const std::vector<SimRequest> run = generate_requests(shape, rate, 2000, 1);
    const Simulation whole = simulate(d, run, {.warmup_requests = 200, .timeline = false});
    for (const LatencyTarget& target :
         {LatencyTarget{.percentile = 95, .ttft_s = 0.5, .tpot_s = 0.03},
          LatencyTarget{.percentile = 50, .ttft_s = 0.2, .tpot_s = 0.02},
          LatencyTarget{.mean = true, .ttft_s = 0.3, .tpot_s = 0.025}}) {
      const bool meets =
          ttft_at(whole, target) <= target.ttft_s && tpot_at(whole, target) <= target.tpot_s;
      const Simulation early =
          simulate(d, run, {.warmup_requests = 200, .timeline = false, .stop_when_missed = target});
      if (early.missed) {
        ++stopped;
        EXPECT_FALSE(meets) << rate;
        EXPECT_LE(early.steps, whole.steps);
      } else {
        EXPECT_EQ(early.steps, whole.steps) << rate;
        EXPECT_EQ(early.ttft.p99_s, whole.ttft.p99_s) << rate;
      }
    }
  }
  EXPECT_GT(stopped, 3);  // the loaded rates do stop
}

// ---- Queues ----------------------------------------------------------------

// One request at a time, no front-end delay: a single server whose service time
// is fixed, fed Poisson arrivals: M/D/1, whose mean wait in the queue is
// rho S / (2 (1 - rho)) (Pollaczek-Khinchine with zero service variance).
Deployment single_server() {
  Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  d.engine.max_num_seqs = 1;
  d.engine.request_overhead_ms = 0;
  return d;
}

TEST(QueueLaws, DeterministicServiceAndPoissonArrivalsWaitAsMD1) {
  const Deployment d = single_server();
  const RequestShape shape{.input = {.mean_tokens = 500}, .output = {.mean_tokens = 100}};
  const double service_s = simulate(d, generate_requests(shape, 1.0, 1, 1)).e2e.mean_s;
  for (const double rho : {0.3, 0.6, 0.8}) {
    // 20,000 requests, the first 1,000 left out as warm-up: the mean wait within
    // 10% of the closed form (at rho 0.8 a run's mean wait has a relative standard
    // error of about 3% over this many requests).
    const std::vector<SimRequest> run = generate_requests(shape, rho / service_s, 20000, 3);
    const Simulation sim = simulate(d, run, {.warmup_requests = 1000, .timeline = false});
    const double wait_s = sim.e2e.mean_s - service_s;
    const double md1_s = rho * service_s / (2 * (1 - rho));
    EXPECT_NEAR(wait_s, md1_s, 0.10 * md1_s) << "rho " << rho;
  }
}

// Little's law: the mean number in the system equals the arrival rate times the
// mean time in it. Poisson arrivals see the time average (PASTA), so the number
// each arrival finds stands for the mean; within 5% over 20,000 requests.
TEST(QueueLaws, LittlesLawHolds) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const RequestShape shape{
      .input = {.dist = LengthDist::kLognormal, .mean_tokens = 1000, .cv = 0.5},
      .output = {.dist = LengthDist::kLognormal, .mean_tokens = 300, .cv = 0.5}};
  const double rate = 8;  // below what the replica serves: a steady state
  const std::vector<SimRequest> run = generate_requests(shape, rate, 20000, 5);
  const Simulation sim = simulate(d, run, {.warmup_requests = 1000});
  double in_system = 0;
  for (std::size_t i = 1000; i < sim.timeline.size(); ++i) {
    in_system += sim.timeline[i].waiting + sim.timeline[i].running;
  }
  in_system /= static_cast<double>(sim.timeline.size() - 1000);
  EXPECT_NEAR(in_system, rate * sim.e2e.mean_s, 0.05 * rate * sim.e2e.mean_s);
}

TEST(QueueLaws, TheSameSeedGivesTheSameRunAnotherSeedANearOne) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const RequestShape shape{.input = {.dist = LengthDist::kUniform, .mean_tokens = 1000, .cv = 0.3},
                           .output = {.mean_tokens = 300}};
  const Simulation a = simulate(d, generate_requests(shape, 10, 5000, 1));
  const Simulation b = simulate(d, generate_requests(shape, 10, 5000, 1));
  EXPECT_EQ(a.ttft.p99_s, b.ttft.p99_s);
  EXPECT_EQ(a.tpot.p50_s, b.tpot.p50_s);
  EXPECT_EQ(a.steps, b.steps);
  // Another seed: the means within 10%, the medians within 10% (5,000 requests).
  const Simulation c = simulate(d, generate_requests(shape, 10, 5000, 2));
  EXPECT_NEAR(c.ttft.mean_s, a.ttft.mean_s, 0.10 * a.ttft.mean_s);
  EXPECT_NEAR(c.tpot.p50_s, a.tpot.p50_s, 0.10 * a.tpot.p50_s);
  EXPECT_NEAR(c.e2e.mean_s, a.e2e.mean_s, 0.10 * a.e2e.mean_s);
}

// The same seed at a higher rate is the same run, compressed: no percentile of
// TTFT, TPOT or end-to-end latency falls, over rates from light load to past
// saturation (0.5% slack for steps that land differently). Past saturation (the
// queue grows without end) the batch is full at every rate and TPOT stays where
// it is, its p99 moving by about 1% either way with the mix of contexts in the
// batch: TPOT is held to the rates up to 20 requests/s, below that.
TEST(QueueLaws, PercentilesNeverFallAsTheRateRises) {
  for (const char* id : {"vllm", "trtllm", "sglang"}) {
    const Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), id));
    const RequestShape shape{
        .input = {.mean_tokens = 1000},
        .output = {.dist = LengthDist::kLognormal, .mean_tokens = 300, .cv = 1}};
    Simulation previous;
    for (const double rate : {1.0, 4.0, 10.0, 20.0, 40.0, 80.0}) {
      const Simulation sim =
          simulate(d, generate_requests(shape, rate, 3000, 9), {.timeline = false});
      ASSERT_TRUE(sim.fits);
      if (rate > 1.0) {
        std::vector<std::pair<LatencyStats, LatencyStats>> pairs = {{sim.ttft, previous.ttft},
                                                                    {sim.e2e, previous.e2e}};
        if (rate <= 20) pairs.emplace_back(sim.tpot, previous.tpot);
        for (const auto& [now, before] : pairs) {
          EXPECT_GE(now.p50_s, before.p50_s * 0.995) << id << " at " << rate;
          EXPECT_GE(now.p90_s, before.p90_s * 0.995) << id << " at " << rate;
          EXPECT_GE(now.p99_s, before.p99_s * 0.995) << id << " at " << rate;
        }
      }
      previous = sim;
    }
  }
}

// At the same mean rate, gaps of a larger coefficient of variation bunch the
// requests: the p99 of TTFT and end-to-end latency never falls.
TEST(QueueLaws, BurstierArrivalsNeverLowerTheP99) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  Simulation previous;
  for (const double cv : {0.5, 1.0, 2.0, 4.0}) {
    const RequestShape shape{.arrivals = Arrivals::kGamma,
                             .burstiness_cv = cv,
                             .input = {.mean_tokens = 1000},
                             .output = {.mean_tokens = 300}};
    const Simulation sim = simulate(d, generate_requests(shape, 15, 5000, 4), {.timeline = false});
    if (cv > 0.5) {
      EXPECT_GE(sim.ttft.p99_s, previous.ttft.p99_s) << "cv " << cv;
      EXPECT_GE(sim.e2e.p99_s, previous.e2e.p99_s) << "cv " << cv;
    }
    previous = sim;
  }
}

TEST(Requests, LengthsHaveTheirMeanAndSpread) {
  for (const LengthDist dist : {LengthDist::kUniform, LengthDist::kLognormal}) {
    const RequestShape shape{.input = {.dist = dist, .mean_tokens = 2000, .cv = 0.5}};
    const std::vector<SimRequest> run = generate_requests(shape, 1, 50000, 11);
    double sum = 0, squares = 0;
    for (const SimRequest& r : run) {
      sum += static_cast<double>(r.input_tokens);
      squares += static_cast<double>(r.input_tokens * r.input_tokens);
    }
    const double mean = sum / 50000, sd = std::sqrt(squares / 50000 - mean * mean);
    // 50,000 draws: the mean within 1.5% and the spread within 5% of what was asked.
    EXPECT_NEAR(mean, 2000, 30) << length_dist_name(dist);
    EXPECT_NEAR(sd / mean, 0.5, 0.025) << length_dist_name(dist);
  }
  const RequestShape gamma{.arrivals = Arrivals::kGamma, .burstiness_cv = 3};
  const std::vector<SimRequest> run = generate_requests(gamma, 2, 50000, 11);
  EXPECT_NEAR(run.back().arrival_s, 49999 / 2.0, 0.05 * 49999 / 2.0);
}

TEST(Requests, ABadShapeIsNamed) {
  EXPECT_EQ(request_shape_problem({}), "");
  EXPECT_NE(request_shape_problem({.input = {.dist = LengthDist::kUniform, .cv = 0.9}})
                .find("input length cv"),
            std::string::npos);
  EXPECT_NE(
      request_shape_problem({.arrivals = Arrivals::kGamma, .burstiness_cv = 0}).find("burstiness"),
      std::string::npos);
  EXPECT_THROW(parse_arrivals("bursty"), InputError);
  EXPECT_EQ(parse_balancer("least_loaded"), Balancer::kLeastLoaded);
}

// A cache that holds a few requests' worth: sequences that outgrow it are
// preempted newest first and recomputed, and every request still finishes.
TEST(Simulate, AShortCachePreemptsAndRecomputes) {
  Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "trtllm"));
  d.engine.gpu_memory_utilization = 0.26;  // a few GB of KV cache: ~20k tokens
  const Simulation sim = simulate(d, burst(40, 200, 2000));
  ASSERT_TRUE(sim.fits);
  EXPECT_GT(sim.preemptions, 0);
  std::int64_t counted = 0;
  for (const RequestTimes& t : sim.times) {
    counted += t.preemptions;
    EXPECT_GT(t.finish_s, t.first_token_s);
  }
  EXPECT_EQ(counted, sim.preemptions);
  // A preempted request waits for its recompute: its longest gap is more than a step.
  EXPECT_GT(sim.itl.p99_s, sim.itl.p50_s);
  d.engine.gpu_memory_utilization = 0.9;
  EXPECT_EQ(simulate(d, burst(40, 200, 2000)).preemptions, 0);
}

// The least-loaded balancer sends a request to the replica with the fewest in
// flight: with one long request on replica 0, the next two both go to replica 1.
TEST(Simulate, TheLeastLoadedBalancerAvoidsABusyReplica) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const std::vector<SimRequest> run = {{.arrival_s = 0, .input_tokens = 100, .output_tokens = 5000},
                                       {.arrival_s = 1, .input_tokens = 100, .output_tokens = 10},
                                       {.arrival_s = 2, .input_tokens = 100, .output_tokens = 10}};
  const Simulation least = simulate(d, run, {.replicas = 2, .balancer = Balancer::kLeastLoaded});
  EXPECT_EQ(least.times[0].replica, 0);
  EXPECT_EQ(least.times[1].replica, 1);
  EXPECT_EQ(least.times[2].replica, 1);
  const Simulation turns = simulate(d, run, {.replicas = 2});
  EXPECT_EQ(turns.times[2].replica, 0);
}

TEST(Simulate, GoodputCountsTheRequestsWithinBothTargets) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Simulation sim = simulate(d, generate_requests({}, 10, 2000, 1));
  const LatencyTarget loose{.ttft_s = 1e9, .tpot_s = 1e9};
  EXPECT_EQ(goodput(sim, loose).met, 2000u);
  EXPECT_NEAR(goodput(sim, loose).requests_per_s, sim.requests_per_s, 1e-9);
  // A TTFT target at the run's own median: about half the requests meet it.
  const LatencyTarget median{.ttft_s = sim.ttft.p50_s, .tpot_s = 1e9};
  EXPECT_NEAR(goodput(sim, median).share, 0.5, 0.01);
  EXPECT_NEAR(ttft_at(sim, {.percentile = 50}), sim.ttft.p50_s, 1e-12);
  EXPECT_NEAR(tpot_at(sim, {.mean = true}), sim.tpot.mean_s, 1e-12);
}

TEST(Percentile, InterpolatesBetweenRanks) {
  EXPECT_EQ(percentile({}, 50), 0);
  EXPECT_EQ(percentile({3, 1, 2}, 50), 2);
  // numpy.percentile([1, 2, 3, 4], 90) = 3.7
  EXPECT_NEAR(percentile({4, 3, 2, 1}, 90), 3.7, 1e-12);
  EXPECT_EQ(percentile({5}, 99), 5);
}

}  // namespace
}  // namespace llmtco
