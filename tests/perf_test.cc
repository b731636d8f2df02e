#include "llmtco/perf.h"

#include <gtest/gtest.h>

#include "hand_archs.h"
#include "llmtco/catalogs.h"
#include "llmtco/model_catalog.h"
#include "shipped.h"

namespace llmtco {
namespace {

// Llama-2-7B in BF16 on one A100 80GB SXM (2.039 TB/s, 312 dense BF16 TFLOPS,
// data/gpus.csv), with round factors so the arithmetic can be followed by hand.
Deployment llama7b_on_a100() {
  Deployment d;
  d.model = find_model(shipped(), "meta-llama/Llama-2-7b-hf");
  d.gpu = find_gpu(shipped(), "a100-80gb-sxm");
  d.weights = find_precision(shipped(), "bf16");
  d.kv = find_precision(shipped(), "bf16");
  d.engine = find_engine(shipped(), "vllm");
  d.engine.compute_efficiency = 0.5;
  d.engine.bandwidth_efficiency = 0.8;
  d.engine.step_overhead_ms = 1.0;
  d.engine.host_overhead_ms = 0;
  d.engine.layer_launch_us = 0;
  d.engine.request_overhead_ms = 0;
  return d;
}

TEST(StepTime, DecodeOfOneSequenceByHand) {
  // Llama-2-7B: 6,738,415,616 parameters, of which the input embedding and the
  // lm_head are 32,000 x 4,096 = 131,072,000 each and the norms 65 x 4,096.
  // Linear FLOPs: 2 x 6,476,005,376 (block matrices) + 2 x 131,072,000 (lm_head)
  //   = 13,214,154,752; at 312e12 x 0.5: 0.0847 ms.
  // Attention FLOPs: 4 x 32 layers x 32 heads x 128 x 1,000 context = 524,288,000.
  // Weights read: 2 bytes x (6,738,415,616 - 131,072,000 embedding) = 13,214,687,232 B
  //   at 2.039e12 x 0.8 = 1.6312e12 B/s: 8.10121 ms (memory-bound).
  // KV: 2 x 32 x 32 x 128 x 2 B = 524,288 B per token, 1,000 read + 1 written:
  //   524,812,288 B: 0.321734 ms. Total 8.10121 + 0.321734 + 1 ms overhead = 9.42294 ms.
  const StepTime t = decode_step(llama7b_on_a100(), 1, 1000);
  EXPECT_NEAR(t.flops, 13'214'154'752.0 + 524'288'000.0, 1.0);
  EXPECT_NEAR(t.bytes_read, 13'214'687'232.0 + 524'812'288.0, 1.0);
  EXPECT_NEAR(t.memory_s * 1e3, 8.10120600 + 0.32173387, 1e-6);
  EXPECT_NEAR(t.total_s * 1e3, 9.42293987, 1e-6);
  EXPECT_EQ(t.bound, Bound::kMemory);
  EXPECT_EQ(t.communication_s, 0.0);
}

TEST(StepTime, PrefillOf2048TokensByHand) {
  // Linear FLOPs: 2 x 6,476,005,376 x 2,048 + 2 x 131,072,000 (one logit)
  //   = 26,525,980,164,096: 170.0383 ms at 156e12 FLOP/s, above the 8.1012 ms of
  //   weights, so compute-bound.
  // Attention: 4 x 32 x 32 x 128 x (2,048 x 2,049 / 2) = 1,100,048,498,688 FLOPs:
  //   7.0516 ms, above the 0.6583 ms of writing 2,048 tokens' K and V.
  // Total 170.0383 + 7.0516 + 1 = 178.0899 ms.
  const StepTime t = prefill(llama7b_on_a100(), 2048);
  EXPECT_NEAR(t.flops, 26'525'980'164'096.0 + 1'100'048'498'688.0, 1e3);
  EXPECT_NEAR(t.total_s * 1e3, 170.03833439 + 7.05159294 + 1.0, 1e-6);
  EXPECT_EQ(t.bound, Bound::kCompute);
}

TEST(StepTime, TensorParallelismAddsTwoAllReducesPerLayer) {
  Deployment d = llama7b_on_a100();
  d.tp = 2;
  d.engine.allreduce_latency_us = 10;
  d.engine.interconnect_efficiency = 0.5;
  // 32 layers x 2 all-reduces x (10 us + 2 x (2 - 1) / 2 x 4,096 x 2 B / (300e9 x 0.5))
  //   = 64 x (10e-6 + 8,192 / 150e9) = 64 x 10.0546 us = 0.643495 ms.
  const StepTime t = decode_step(d, 1, 1000);
  EXPECT_NEAR(t.communication_s * 1e3, 64 * (10e-3 + 8192.0 / 150e9 * 1e3), 1e-9);
}

TEST(StepTime, ALargeMessageGoesRoundTheRing) {
  Deployment d = llama7b_on_a100();
  d.tp = 8;
  d.engine.allreduce_latency_us = 10;
  d.engine.interconnect_efficiency = 0.5;
  // A prefill chunk of 8,192 tokens: M = 8,192 x 4,096 x 2 B = 67,108,864 B; link
  // 600 / 2 x 0.5 = 150e9 B/s. One-shot: 10 us + 7 x M / link = 3,141.8 us; ring:
  // 2 x 7 x (10 us + M / 8 / link) = 140 us + 782.9 us = 922.9 us, the cheaper.
  const double m = 8192.0 * 4096 * 2;
  const double ring_s = 14 * (10e-6 + m / 8 / 150e9);
  const StepTime t = step_time(d, {.tokens = 8192, .logits = 1});
  EXPECT_NEAR(t.communication_s, 64 * ring_s, 1e-12);
  EXPECT_LT(ring_s, 10e-6 + 7 * m / 150e9);
}

TEST(StepTime, HostTimeHidesBehindTheGpuWhereTheEngineOverlapsIt) {
  // The decode step of DecodeOfOneSequenceByHand takes 9.42294 ms on the GPU.
  Deployment d = llama7b_on_a100();
  d.engine.host_overhead_ms = 4;
  EXPECT_NEAR(decode_step(d, 1, 1000).total_s * 1e3, 9.42293987, 1e-6);
  d.engine.host_overhead_ms = 20;  // 20 ms of host time: 10.57706 ms exposed
  EXPECT_NEAR(decode_step(d, 1, 1000).total_s * 1e3, 20.0, 1e-6);
  d.engine.scheduler_steps = 10;  // a round of 10 steps shares it: 2 ms a step, hidden
  EXPECT_NEAR(decode_step(d, 1, 1000).total_s * 1e3, 9.42293987, 1e-6);
  d.engine.scheduler_steps = 1;
  d.engine.overlaps_host = false;  // an eager engine pays it all
  EXPECT_NEAR(decode_step(d, 1, 1000).total_s * 1e3, 29.42293987, 1e-6);
}

TEST(StepTime, AnEagerEnginePaysItsLaunchesPerLayer) {
  Deployment d = llama7b_on_a100();
  d.engine.layer_launch_us = 300;  // 32 layers x 300 us = 9.6 ms more a step
  const StepTime t = decode_step(d, 1, 1000);
  EXPECT_NEAR(t.total_s * 1e3, 9.42293987 + 9.6, 1e-6);
  EXPECT_NEAR(t.overhead_s * 1e3, 1.0 + 9.6, 1e-9);
}

TEST(StepTime, Fp4RunsAtItsOwnTensorRateWhereTheGpuHasOne) {
  Deployment d = llama7b_on_a100();
  d.weights = find_precision(shipped(), "nvfp4");
  d.gpu = find_gpu(shipped(), "b200");
  EXPECT_DOUBLE_EQ(math_tflops(d.gpu, d.weights), 9000);  // DGX B200 datasheet, dense
  d.gpu = find_gpu(shipped(), "h100-sxm");
  EXPECT_DOUBLE_EQ(math_tflops(d.gpu, d.weights), 989.4);  // weight-only, at BF16
}

TEST(StepTime, MoreBandwidthNeverSlowsDecode) {
  for (double batch : {1.0, 8.0, 64.0, 256.0, 1024.0}) {
    Deployment slow = llama7b_on_a100();
    Deployment fast = slow;
    fast.gpu.memory_bandwidth_tb_per_s *= 1.5;
    EXPECT_LE(decode_step(fast, batch, 2000).total_s, decode_step(slow, batch, 2000).total_s)
        << "batch " << batch;
  }
}

TEST(Throughput, ALongerOutputNeverRaisesOfflineRequestsPerSecond) {
  const Deployment d = llama7b_on_a100();
  double previous = 0;
  for (std::int64_t output : {2048, 1024, 512, 256, 128, 64}) {
    const Throughput t = offline_throughput(d, {.input_tokens = 500, .output_tokens = output});
    ASSERT_TRUE(t.fits);
    EXPECT_GE(t.requests_per_s, previous) << "output " << output;
    previous = t.requests_per_s;
  }
}

TEST(Throughput, ABatchThatDoesNotFitIsRefused) {
  const Deployment d = llama7b_on_a100();
  const Workload w{.input_tokens = 3000, .output_tokens = 1000};
  const Throughput fits = offline_throughput(d, w);
  ASSERT_TRUE(fits.fits);
  const Throughput t = static_throughput(d, w, fits.batch_memory_cap + 1);
  EXPECT_FALSE(t.fits);
  EXPECT_EQ(t.why, "a batch of " + std::to_string(fits.batch_memory_cap + 1) +
                       " does not fit: KV memory holds " + std::to_string(fits.batch_memory_cap) +
                       " sequences of 4000 tokens");
}

TEST(Throughput, WeightsThatDoNotFitAreRefused) {
  Deployment d = llama7b_on_a100();
  d.model = find_model(shipped(), "meta-llama/Llama-2-70b-hf");
  const Throughput t = offline_throughput(d, {});
  EXPECT_FALSE(t.fits);
  EXPECT_EQ(t.why, "the weights, workspace and overhead exceed the usable GPU memory");
}

TEST(Throughput, StaticBatchOfOneDecodesAtTheStepTime) {
  const Deployment d = llama7b_on_a100();
  const Throughput t = static_throughput(d, {.input_tokens = 100, .output_tokens = 200}, 1);
  ASSERT_TRUE(t.fits);
  EXPECT_DOUBLE_EQ(t.tpot_s, decode_step(d, 1, 100 + 200 / 2.0).total_s);
  EXPECT_DOUBLE_EQ(t.ttft_s, prefill(d, 100).total_s);
  EXPECT_NEAR(t.output_tokens_per_s, 200 / (t.ttft_s + 199 * t.tpot_s), 1e-9);
}

TEST(Throughput, OnlineBelowCapacityCarriesTheOfferedLoad) {
  const Deployment d = llama7b_on_a100();
  const Workload w{.input_tokens = 1000, .output_tokens = 300};
  const Throughput most = offline_throughput(d, w);
  const Throughput half = online_throughput(d, w, most.requests_per_s / 2);
  EXPECT_FALSE(half.saturated);
  EXPECT_NEAR(half.output_tokens_per_s, most.requests_per_s / 2 * 300, 1e-9);
  EXPECT_LT(half.batch, most.batch);
  // Little's law: sequences in flight = rate x time decoding.
  EXPECT_NEAR(half.batch, most.requests_per_s / 2 * 300 * half.tpot_s, half.batch * 1e-6);
  // More load never shortens the time to first token or the time per token.
  const Throughput busier = online_throughput(d, w, most.requests_per_s * 0.9);
  EXPECT_GT(busier.ttft_s, half.ttft_s);
  EXPECT_GE(busier.tpot_s, half.tpot_s);
  const Throughput over = online_throughput(d, w, most.requests_per_s * 2);
  EXPECT_TRUE(over.saturated);
  EXPECT_DOUBLE_EQ(over.output_tokens_per_s, most.output_tokens_per_s);
}

TEST(Throughput, MixtureOfExpertsReadsOnlyTheExpertsItsTokensUse) {
  Deployment d = llama7b_on_a100();
  d.model = find_model(shipped(), "mistralai/Mixtral-8x7B-v0.1");
  d.tp = 2;
  // One token routes to 2 of 8 experts per layer: 1 - (1 - 2/8)^1 = a quarter of
  // the expert weights is read, with everything else but the input embedding;
  // each of the 2 GPUs reads half. 256 tokens touch 1 - 0.75^256 of them: all.
  const ParamCounts c = count_params(d.model);
  const double experts_bytes = 2.0 * static_cast<double>(c.mlp_experts);
  const double rest_bytes =
      weights_bytes(d.model, d.weights) - experts_bytes - 2.0 * static_cast<double>(c.embedding);
  const double kv_per_token_per_gpu = kv_cache_bytes_per_token(d.model, d.kv) / 2;
  EXPECT_NEAR(decode_step(d, 1, 100).bytes_read,
              (rest_bytes + 0.25 * experts_bytes) / 2 + 101 * kv_per_token_per_gpu, 1.0);
  EXPECT_NEAR(decode_step(d, 256, 100).bytes_read,
              (rest_bytes + experts_bytes) / 2 + 256 * 101 * kv_per_token_per_gpu,
              experts_bytes * 1e-9);
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

double input(const Figure& f, const std::string& name) {
  for (const FigureInput& i : f.inputs) {
    if (i.name == name) return i.value;
  }
  ADD_FAILURE() << f.id << " has no input " << name;
  return 0;
}

double step_sum(const Figure& f, const std::string& phase) {
  return input(f, phase + "_linear_ms") + input(f, phase + "_attention_ms") +
         input(f, phase + "_communication_ms") + input(f, phase + "_overhead_ms");
}

// The explain trace of ttft_ms and tpot_ms recomputes their values in every mode.
TEST(PerfFigures, TimesFollowFromTheirInputs) {
  Deployment d = llama7b_on_a100();
  d.tp = 2;
  const Workload w{.input_tokens = 1000, .output_tokens = 300};
  const Throughput offline = offline_throughput(d, w);
  const auto f = perf_figures(d, w, offline, "offline");
  const Figure& ttft = *find_figure(f, "ttft_ms");
  const Figure& tpot = *find_figure(f, "tpot_ms");
  EXPECT_NEAR(ttft.value, step_sum(ttft, "prefill"), 1e-9);
  EXPECT_NEAR(tpot.value,
              input(tpot, "cycle_steps") * step_sum(tpot, "decode") / input(tpot, "output_tokens"),
              1e-9);

  const auto s = perf_figures(d, w, static_throughput(d, w, 4), "static");
  EXPECT_NEAR(find_figure(s, "tpot_ms")->value, step_sum(*find_figure(s, "tpot_ms"), "decode"),
              1e-9);

  const auto o = perf_figures(d, w, online_throughput(d, w, offline.requests_per_s / 2), "online");
  const Figure& online_ttft = *find_figure(o, "ttft_ms");
  const double rho = input(online_ttft, "rho");
  EXPECT_DOUBLE_EQ(rho, 0.5);
  EXPECT_NEAR(online_ttft.value,
              input(online_ttft, "request_overhead_ms") + input(online_ttft, "tpot_ms") / 2 +
                  input(online_ttft, "prefill_ms") * (1 + rho / (2 * (1 - rho))),
              1e-9);
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

// DeepSeek-V3 at TP 8 on H200s: 1,000 more tokens of context per sequence add, in
// the absorbed MLA form, 61 layers x 128 heads x 2 x (2 x 512 + 64) FLOPs per
// attended token over 8 GPUs = 2,123,776,000 FLOPs a GPU, and the whole latent,
// 70,272 bytes a token at bf16 (not split across the 8 GPUs), read: 70,272,000 B.
TEST(StepTime, LatentAttentionDecodeReadsTheWholeLatent) {
  Deployment d;
  d.model = deepseek_v3();
  d.gpu = find_gpu(shipped(), "h200-sxm");
  d.weights = find_precision(shipped(), "fp8-block");
  d.kv = find_precision(shipped(), "bf16");
  d.engine = find_engine(shipped(), "vllm");
  d.tp = 8;
  const StepTime short_context = decode_step(d, 1, 1000);
  const StepTime long_context = decode_step(d, 1, 2000);
  EXPECT_DOUBLE_EQ(long_context.flops - short_context.flops, 2'123'776'000.0);
  EXPECT_DOUBLE_EQ(long_context.bytes_read - short_context.bytes_read, 70'272'000.0);
}

// gpt-oss-120b on a B200 (2,250 BF16 and 9,000 FP4 dense TFLOPS, data/gpus.csv):
// in mxfp4 the active experts' FLOPs, 2 x 114,661,785,600 x 4 / 128 = 7,166,361,600
// a token, run at the FP4 rate and the rest at BF16; in bf16 all at BF16. With both
// efficiencies 0.5, one token's compute differs by 7,166,361,600 x (1 / 4.5e15 -
// 1 / 1.125e15) = -4.77757e-6 s.
TEST(StepTime, Mxfp4RunsOnlyTheExpertsAtTheFp4Rate) {
  Deployment d;
  d.model = gpt_oss_120b();
  d.gpu = find_gpu(shipped(), "b200");
  d.kv = find_precision(shipped(), "bf16");
  d.engine = find_engine(shipped(), "vllm");
  d.engine.compute_efficiency = 0.5;
  d.engine.fp4_compute_efficiency = 0.5;
  const StepLoad one{.tokens = 1, .logits = 1, .attended_tokens = 100, .kv_tokens_read = 100};
  d.weights = find_precision(shipped(), "mxfp4");
  const double mxfp4_s = step_time(d, one).compute_s;
  d.weights = find_precision(shipped(), "bf16");
  const double bf16_s = step_time(d, one).compute_s;
  EXPECT_NEAR(mxfp4_s - bf16_s, 7'166'361'600.0 * (1 / 4.5e15 - 1 / 1.125e15), 1e-15);
}

}  // namespace
}  // namespace llmtco
