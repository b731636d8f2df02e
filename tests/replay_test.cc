// The replay and the laws of speed model v2 (issue 14): tensor parallelism speeds
// decode, more GPUs never lower throughput, a concurrency limit bounds
// inter-token latency at saturation, a run lasts at least its longest request.
#include "llmtco/replay.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "llmtco/catalogs.h"
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

std::vector<ReplayRequest> burst(int n, std::int64_t input, std::int64_t output) {
  return std::vector<ReplayRequest>(
      static_cast<std::size_t>(n),
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
    const Replay limit = replay(d, burst(16, 500, 200));
    const Replay saturated = replay(d, burst(64, 500, 200));
    ASSERT_TRUE(saturated.fits);
    EXPECT_EQ(saturated.max_batch, 16) << id;
    EXPECT_LE(saturated.mean_itl_s, limit.mean_itl_s * (1 + 1e-9)) << id;
    EXPECT_GT(saturated.mean_ttft_s, 2 * limit.mean_ttft_s) << id;
  }
}

TEST(SpeedLaws, ARunLastsAtLeastItsLongestRequestsOwnDecode) {
  for (const EngineProfile& e : shipped().engines) {
    if (!e.continuous_batching) continue;
    const Deployment d = deployment("llama-3.1-70b", "h100-sxm", "fp8", e, 4);
    std::vector<ReplayRequest> run = burst(30, 300, 100);
    run[7] = {.arrival_s = 0, .input_tokens = 2000, .output_tokens = 900};
    const Replay r = replay(d, run);
    ASSERT_TRUE(r.fits);
    const double alone_s = prefill(d, 2000).total_s + 899 * decode_step(d, 1, 2000).total_s;
    EXPECT_GE(r.duration_s, alone_s) << e.id << " " << e.min_version;
    EXPECT_GE(r.times[7].finish_s, alone_s) << e.id << " " << e.min_version;
  }
}

// One request alone: its first token after the front end and its prefill, the
// rest one decode step each (a round's steps at its middle context).
TEST(Replay, OneRequestAloneByHand) {
  Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Replay r = replay(d, burst(1, 1000, 101));
  ASSERT_TRUE(r.fits);
  const double ttft_s = d.engine.request_overhead_ms / 1e3 + prefill(d, 1000).total_s;
  EXPECT_NEAR(r.mean_ttft_s, ttft_s, 1e-12);
  // 100 more tokens from context 1,000 to 1,099: the middle step attends 1,049.5.
  EXPECT_NEAR(r.duration_s, ttft_s + 100 * decode_step(d, 1, 1049.5).total_s, 1e-9);
  EXPECT_NEAR(r.mean_tpot_s, decode_step(d, 1, 1049.5).total_s, 1e-12);
  EXPECT_EQ(r.steps, 101);
}

// Multi-step scheduling: 24 tokens after the first take rounds of 10, 10 and 4
// steps (a round ends early when every sequence in it does); tokens stream at a
// round's end, so a sequence ending inside a longer one waits for it.
TEST(Replay, MultiStepRoundsStreamAtTheirEnd) {
  Deployment d = deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  d.engine.scheduler_steps = 10;
  const Replay r = replay(d, burst(1, 1000, 25));
  EXPECT_EQ(r.steps, 1 + 24);
  const double rounds_s = decode_step(d, 1, 1004.5).total_s * 10 +
                          decode_step(d, 1, 1014.5).total_s * 10 +
                          decode_step(d, 1, 1021.5).total_s * 4;
  EXPECT_NEAR(r.times[0].finish_s - r.times[0].first_token_s, rounds_s, 1e-9);
  // Beside one of 25 tokens, one of 5 ends with the first round, 10 steps on.
  const std::vector<ReplayRequest> pair = {{.input_tokens = 1000, .output_tokens = 25},
                                           {.input_tokens = 1000, .output_tokens = 5}};
  const Replay two = replay(d, pair);
  EXPECT_EQ(two.steps, 1 + 24);
  EXPECT_NEAR(two.times[1].finish_s - two.times[1].first_token_s,
              10 * decode_step(d, 2, 1004.5).total_s, 1e-12);
}

// A finite run at rate r delivers fewer than r requests a second: the last one
// still needs its own latency after it arrives.
TEST(Replay, AFiniteRunDeliversLessThanItsRate) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "trtllm", "0.14"));
  const std::vector<std::int64_t> in(50, 500), out(50, 200);
  const Replay r = replay(d, requests_at_rate(in, out, 2.0));
  const double last_arrival_s = requests_at_rate(in, out, 2.0).back().arrival_s;
  EXPECT_LT(r.requests_per_s, 50 / last_arrival_s);
  EXPECT_NEAR(r.duration_s, r.times.back().finish_s, 1e-12);
  EXPECT_GT(r.duration_s, last_arrival_s);
}

TEST(Replay, PoissonArrivalsAreFixedAndAverageTheRate) {
  const std::vector<std::int64_t> in(20000, 1), out(20000, 1);
  const std::vector<ReplayRequest> a = requests_at_rate(in, out, 4.0);
  const std::vector<ReplayRequest> b = requests_at_rate(in, out, 4.0);
  EXPECT_EQ(a.front().arrival_s, 0);
  EXPECT_EQ(a.back().arrival_s, b.back().arrival_s);
  // 19,999 gaps of mean 0.25 s, standard deviation 0.25 s each: within 3% (4 sigma).
  EXPECT_NEAR(a.back().arrival_s, 19999 * 0.25, 0.03 * 19999 * 0.25);
  for (const ReplayRequest& r : requests_at_rate(in, out, INFINITY)) EXPECT_EQ(r.arrival_s, 0);
}

// Replicas share the requests round-robin; the run's throughput is all tokens
// over the whole run, so two requests on eight replicas are two requests' worth.
TEST(Replay, ReplicasShareTheRequestsAndTheRunIsOne) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Replay alone = replay(d, burst(1, 500, 100));
  const Replay two_on_eight = replay_replicas(d, burst(2, 500, 100), 8);
  EXPECT_NEAR(two_on_eight.duration_s, alone.duration_s, 1e-12);
  EXPECT_NEAR(two_on_eight.output_tokens_per_s, 200 / alone.duration_s, 1e-9);
  EXPECT_EQ(two_on_eight.max_batch, 1);
  const Replay sixteen_on_two = replay_replicas(d, burst(16, 500, 100), 2);
  const Replay eight_on_one = replay(d, burst(8, 500, 100));
  EXPECT_NEAR(sixteen_on_two.output_tokens_per_s, 2 * eight_on_one.output_tokens_per_s, 1e-6);
}

// A prompt longer than a step's token budget still joins a running batch (in
// chunks, alone): it does not hold up the run behind it.
TEST(Replay, APromptLongerThanTheBudgetJoinsARunningBatch) {
  const Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"));
  const Replay r = replay(d, burst(10, 20'000, 50));
  ASSERT_TRUE(r.fits);
  EXPECT_EQ(r.max_batch, 10);
}

// With mixed prefill every chunk step decodes a token of each running sequence:
// a sequence running beside a 3-chunk prompt gains 3 tokens, not 1.
TEST(Replay, EveryMixedChunkStepDecodesTheRunningBatch) {
  Deployment d =
      deployment("llama-3.1-8b", "h100-sxm", "bf16", find_engine(shipped(), "trtllm", "0.14"));
  d.engine.max_batched_tokens = 1000;
  d.engine.request_overhead_ms = 0;
  // Request 0 alone first (100 tokens, then 10 to decode); request 1 arrives
  // during that prefill with a prompt of 2,500 tokens: ceil(2,500 / (1,000 - 1))
  // = 3 chunk steps.
  const std::vector<ReplayRequest> run = {
      {.arrival_s = 0, .input_tokens = 100, .output_tokens = 11},
      {.arrival_s = 1e-9, .input_tokens = 2500, .output_tokens = 2}};
  const Replay r = replay(d, run);
  ASSERT_TRUE(r.fits);
  // Prefill of 0, 3 mixed chunk steps (0 decodes 3: 7 left), one step in which
  // both decode (1 ends), 6 more for 0: 11 steps in all.
  EXPECT_EQ(r.steps, 1 + 3 + 1 + 6);
  EXPECT_EQ(r.max_batch, 2);
}

TEST(Replay, ARequestTooLongForTheCacheIsRefused) {
  const Deployment d =
      deployment("llama-3.1-70b", "h100-sxm", "bf16", find_engine(shipped(), "vllm"), 2);
  const Replay r = replay(d, burst(1, 1'000'000, 10));
  EXPECT_FALSE(r.fits);
  EXPECT_EQ(r.why, "the longest request (1000010 tokens) does not fit in the KV cache");
}

}  // namespace
}  // namespace llmtco
