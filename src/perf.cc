#include "llmtco/perf.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "llmtco/number_format.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr double kActivationBytes = 2.0;  // hidden states cross GPUs in 16-bit

double as_double(std::int64_t n) {
  return static_cast<double>(n);
}

// Layers one pipeline stage holds (the last stage may hold fewer).
std::int64_t layers_per_stage(const Deployment& d) {
  return (d.model.num_layers + d.pp - 1) / d.pp;
}

// Bytes of weights one step reads, all GPUs together: the served weights but the
// input embedding (a row lookup, unless tied to the output projection) and the
// vision tower (it runs on images only), and of the routed experts only those the
// step's tokens route to; shared experts are always read.
double weight_bytes_read(const Deployment& d, double tokens) {
  const ModelArch& m = d.model;
  const ParamCounts c = count_params(m);
  const double rest_bytes = unquantized_bytes_per_weight(d.weights);
  double bytes = weights_bytes(m, d.weights) - as_double(c.vision) * rest_bytes;
  if (!m.tied_embeddings) bytes -= as_double(c.embedding) * rest_bytes;
  if (m.num_experts > 0) {
    // Expected share of experts at least one of `tokens` routes to, each token
    // picking experts_per_token of num_experts uniformly.
    const double pick = as_double(m.experts_per_token) / as_double(m.num_experts);
    const double touched = 1.0 - std::pow(1.0 - pick, std::max(tokens, 1.0));
    const double expert_bytes = d.weights.quantizes == QuantizedWeights::kAll
                                    ? as_double(c.mlp_experts) * d.weights.bytes_per_weight()
                                    : as_double(c.expert_matrices) * d.weights.bytes_per_weight() +
                                          as_double(c.mlp_experts - c.expert_matrices) * rest_bytes;
    bytes -= expert_bytes * (1.0 - touched);
  }
  return bytes;
}

// Attention FLOPs per attended token, all layers and heads: QK^T and AV, 2 x 2 x
// head_dim a head. Latent attention in the absorbed form the engines decode with
// (vLLM, SGLang, TensorRT-LLM MLA kernels): each head's query against the latent
// and rotary key (kv_lora_rank + qk_rope_head_dim) and the weighted sum of the
// latents (kv_lora_rank), 2 x (2 x kv_lora_rank + qk_rope_head_dim) a head.
double attention_flops_per_token(const ModelArch& m) {
  const double per_head =
      m.attention == AttentionKind::kLatent
          ? 2.0 * as_double(2 * m.latent.kv_lora_rank + m.latent.qk_rope_head_dim)
          : 4.0 * as_double(m.head_dim);
  return as_double(m.num_layers * m.num_heads) * per_head;
}

// Weights below 16 bits whose math runs at the 16-bit rate go through weight-only
// kernels (dequantising as they multiply): integer formats, and FP8 on a GPU
// without FP8 tensor cores (vLLM's W8A16 Marlin kernels on A100).
bool weight_only(const Deployment& d) {
  if (d.weights.value_bits >= 16) return false;
  return d.weights.compute == MathRate::kBf16 ||
         (d.weights.compute == MathRate::kFp8 && !d.gpu.fp8_dense_tflops) ||
         (d.weights.compute == MathRate::kFp4 && !d.gpu.fp4_dense_tflops);
}

double weight_efficiency(const Deployment& d) {
  if (!weight_only(d)) return 1.0;
  return d.weights.value_bits <= 4 ? d.engine.int4_weight_efficiency
                                   : d.engine.int8_weight_efficiency;
}

StepLoad scaled(const StepLoad& load, double factor) {
  return {load.tokens * factor, load.logits * factor, load.attended_tokens * factor,
          load.kv_tokens_read * factor};
}

// Seconds of a step's tensor- and pipeline-parallel communication for `tokens`.
// Tensor parallelism: an all-reduce of the hidden states after attention and
// after the MLP (once per layer where they run in parallel), by whichever
// algorithm is faster for the message (the engines choose so): one-shot, one
// hop's latency while each GPU reads the other tp - 1 shares; or a ring, 2 (tp -
// 1) hops moving 2 (tp - 1) / tp of the message. Pipeline parallelism: one
// hand-off (one hop) per stage boundary. Links run one way at half the
// bidirectional figure.
double communication_s(const Deployment& d, double tokens) {
  const EngineProfile& e = d.engine;
  const double tp = d.tp;
  const double link_bytes_per_s =
      d.gpu.interconnect_gb_per_s / 2.0 * kBytesPerGb * e.interconnect_efficiency;
  const double message_bytes = tokens * as_double(d.model.hidden_size) * kActivationBytes;
  const double hop_s = e.allreduce_latency_us / kUsPerSecond;
  double total_s = 0;
  if (d.tp > 1) {
    const double per_layer = d.model.parallel_attention ? 1.0 : 2.0;
    const double one_shot = hop_s + (tp - 1.0) * message_bytes / link_bytes_per_s;
    const double ring = 2.0 * (tp - 1.0) * (hop_s + message_bytes / tp / link_bytes_per_s);
    total_s += per_layer * as_double(d.model.num_layers) * std::min(one_shot, ring);
  }
  if (d.pp > 1) total_s += (d.pp - 1.0) * (hop_s + message_bytes / link_bytes_per_s);
  return total_s;
}

// Seconds a step costs beyond its roofline and communication (`roofline_s`): GPU time
// (sampling, synchronisation), kernel launches per layer, and the host's share of
// a scheduling round, hidden behind the GPU where the engine overlaps them.
double overhead_s(const Deployment& d, double roofline_s) {
  const EngineProfile& e = d.engine;
  const double gpu_overhead_s = e.step_overhead_ms / kMsPerSecond +
                                e.layer_launch_us * as_double(d.model.num_layers) / kUsPerSecond;
  const double host_s = e.host_overhead_ms / kMsPerSecond / std::max(e.scheduler_steps, 1);
  const double gpu_s = roofline_s + gpu_overhead_s;
  return gpu_overhead_s + (e.overlaps_host ? std::max(0.0, host_s - gpu_s) : host_s);
}

}  // namespace

const char* bound_name(Bound bound) {
  switch (bound) {
    case Bound::kCompute:
      return "compute";
    case Bound::kMemory:
      return "memory";
    case Bound::kCommunication:
      return "communication";
    case Bound::kOverhead:
      return "overhead";
  }
  return "memory";
}

double math_tflops(const Gpu& gpu, const Precision& weights) {
  if (weights.compute == MathRate::kFp4 && gpu.fp4_dense_tflops) return *gpu.fp4_dense_tflops;
  if (weights.compute == MathRate::kFp8 && gpu.fp8_dense_tflops) return *gpu.fp8_dense_tflops;
  if (weights.compute == MathRate::kInt8 && gpu.int8_dense_tops) return *gpu.int8_dense_tops;
  return gpu.bf16_dense_tflops;
}

ServingMemory deployment_memory(const Deployment& d, std::int64_t context_tokens) {
  // A pipeline stage holds its share of the layers (and, conservatively, the
  // embeddings and output projection).
  ModelArch stage = d.model;
  stage.num_layers = layers_per_stage(d);
  stage.sliding_window_layers = std::min(stage.sliding_window_layers, stage.num_layers);
  if (stage.moe_layers > 0) stage.moe_layers = std::min(stage.moe_layers, stage.num_layers);
  const ServingOptions options{.context_tokens = context_tokens,
                               .tp = d.tp,
                               .gpu_memory_utilization = d.engine.gpu_memory_utilization,
                               .max_batched_tokens = d.engine.max_batched_tokens,
                               .max_num_seqs = d.engine.max_num_seqs,
                               .runtime_overhead_gib = d.engine.runtime_overhead_gib};
  return serving_memory(stage, d.weights, d.kv, d.gpu, options);
}

StepTime step_time(const Deployment& d, const StepLoad& load) {
  const ModelArch& m = d.model;
  const ParamCounts c = count_params(m);
  const EngineProfile& e = d.engine;
  const double tp = d.tp;
  StepTime t;

  // Two kinds of kernel, each its own roofline: the linear layers (2 FLOPs per
  // multiply-add of every active weight per new token, the output projection per
  // logit; the weights read once per step) and attention (QK^T and AV per
  // attended context token, at the 16-bit rate; the K and V of every cached token
  // read, those of every new token written, each GPU its share of the heads).
  const double lm_head_params = as_double(m.hidden_size * m.vocab_size);
  const double linear_params = as_double(c.active() - c.embedding - c.lm_head - c.norms - c.router);
  const double linear_flops =
      (2.0 * linear_params * load.tokens + 2.0 * lm_head_params * load.logits) / tp;
  const double attention_flops = attention_flops_per_token(m) * load.attended_tokens / tp;
  const double linear_tflops = math_tflops(d.gpu, d.weights);
  const double linear_efficiency = linear_tflops == d.gpu.bf16_dense_tflops ? e.compute_efficiency
                                   : d.weights.compute == MathRate::kFp4 ? e.fp4_compute_efficiency
                                                                         : e.fp8_compute_efficiency;
  // A format that stores only the routed experts (mxfp4) runs their FLOPs at its
  // rate and the other linear layers at the 16-bit rate.
  const double format_flops = d.weights.quantizes == QuantizedWeights::kExperts && m.num_experts > 0
                                  ? 2.0 * as_double(c.expert_matrices) *
                                        as_double(m.experts_per_token) / as_double(m.num_experts) *
                                        load.tokens / tp
                                  : linear_flops;
  const double linear_compute_s =
      format_flops / (linear_tflops * kFlopsPerTflop * linear_efficiency) +
      (linear_flops - format_flops) /
          (d.gpu.bf16_dense_tflops * kFlopsPerTflop * e.compute_efficiency);
  const double attention_compute_s =
      attention_flops / (d.gpu.bf16_dense_tflops * kFlopsPerTflop * e.compute_efficiency);

  const double kv_bytes = kv_cache_bytes_per_token(m, d.kv) * kv_share_per_gpu(m, d.tp) *
                          (load.kv_tokens_read + load.tokens);
  const double weights = weight_bytes_read(d, load.tokens) / tp;
  const double bandwidth = d.gpu.memory_bandwidth_tb_per_s * kBytesPerTb * e.bandwidth_efficiency;
  const double weights_s = weights / (bandwidth * weight_efficiency(d));
  const double kv_s = kv_bytes / bandwidth;

  t.flops = linear_flops + attention_flops;
  t.bytes_read = weights + kv_bytes;
  t.compute_s = linear_compute_s + attention_compute_s;
  t.memory_s = weights_s + kv_s;
  // Time each kernel kind spends bound by compute and by memory.
  const double compute_bound_s = (linear_compute_s >= weights_s ? linear_compute_s : 0.0) +
                                 (attention_compute_s >= kv_s ? attention_compute_s : 0.0);
  const double memory_bound_s =
      (linear_compute_s < weights_s ? weights_s : 0.0) + (attention_compute_s < kv_s ? kv_s : 0.0);

  t.communication_s = communication_s(d, load.tokens);
  t.linear_s = std::max(linear_compute_s, weights_s);
  t.attention_s = std::max(attention_compute_s, kv_s);
  const double roofline_s = t.linear_s + t.attention_s + t.communication_s;
  t.overhead_s = overhead_s(d, roofline_s);
  t.total_s = roofline_s + t.overhead_s;
  const double largest =
      std::max({compute_bound_s, memory_bound_s, t.communication_s, t.overhead_s});
  t.bound = largest == compute_bound_s     ? Bound::kCompute
            : largest == memory_bound_s    ? Bound::kMemory
            : largest == t.communication_s ? Bound::kCommunication
                                           : Bound::kOverhead;
  return t;
}

StepTime prefill(const Deployment& d, std::int64_t input_tokens) {
  const double input = as_double(input_tokens);
  const double chunks = d.engine.continuous_batching
                            ? std::ceil(input / as_double(d.engine.max_batched_tokens))
                            : 1.0;
  // Each chunk attends to itself causally and to the chunks before it.
  const StepLoad whole{.tokens = input,
                       .logits = 1,
                       .attended_tokens = input * (input + 1.0) / 2.0,
                       .kv_tokens_read = input * (chunks - 1.0) / 2.0};
  StepTime chunk = step_time(d, scaled(whole, 1.0 / chunks));
  chunk.compute_s *= chunks;
  chunk.linear_s *= chunks;
  chunk.attention_s *= chunks;
  chunk.memory_s *= chunks;
  chunk.communication_s *= chunks;
  chunk.overhead_s *= chunks;
  chunk.total_s *= chunks;
  chunk.flops *= chunks;
  chunk.bytes_read *= chunks;
  return chunk;
}

StepTime decode_step(const Deployment& d, double batch, double context_tokens) {
  return step_time(d, {.tokens = batch,
                       .logits = batch,
                       .attended_tokens = batch * context_tokens,
                       .kv_tokens_read = batch * context_tokens});
}

namespace {

// The batch memory allows for whole requests (prompt and output), and the
// engine's sequence limit.
Throughput start(const Deployment& d, const Workload& w) {
  Throughput t;
  const ServingMemory mem = deployment_memory(d, w.input_tokens + w.output_tokens);
  t.batch_memory_cap = mem.max_sequences;
  t.fits = mem.fits;
  if (!t.fits) {
    t.why = mem.kv_free_bytes <= 0
                ? "the weights, workspace and overhead exceed the usable GPU memory"
                : fmt::format("not one sequence of {} tokens fits in the KV cache",
                              w.input_tokens + w.output_tokens);
  }
  t.prefill_step = prefill(d, w.input_tokens);
  return t;
}

// Steady state of continuous batching with `batch` sequences in flight: each
// cycle every sequence is prefilled and decodes its output; the steps mix both,
// within the engine's tokens per step.
StepTime mixed_step(const Deployment& d, const Workload& w, double batch, double& steps) {
  const double in = as_double(w.input_tokens), out = as_double(w.output_tokens);
  steps = std::max(out, batch * (in + out) / as_double(d.engine.max_batched_tokens));
  const double context = in + out / 2.0;
  const StepLoad cycle{.tokens = batch * (in + out),
                       .logits = batch * out,
                       .attended_tokens = batch * (in * in / 2.0 + out * context),
                       .kv_tokens_read = batch * out * context};
  // Pipeline stages work on pp micro-batches at once: one pass carries 1/pp.
  return step_time(d, scaled(cycle, 1.0 / (steps * d.pp)));
}

}  // namespace

Throughput static_throughput(const Deployment& d, const Workload& w, std::int64_t batch) {
  Throughput t = start(d, w);
  if (!t.fits) return t;
  if (batch > t.batch_memory_cap) {
    t.fits = false;
    t.why = fmt::format("a batch of {} does not fit: KV memory holds {} sequences of {} tokens",
                        batch, t.batch_memory_cap, w.input_tokens + w.output_tokens);
    return t;
  }
  const double b = as_double(batch), in = as_double(w.input_tokens),
               out = as_double(w.output_tokens);
  t.batch = b;
  StepTime first = prefill(d, w.input_tokens);
  if (batch > 1) {
    first = step_time(d, {.tokens = b * in,
                          .logits = b,
                          .attended_tokens = b * in * (in + 1.0) / 2.0,
                          .kv_tokens_read = 0});
  }
  t.prefill_step = first;
  t.decode = decode_step(d, b / d.pp, in + out / 2.0);
  t.ttft_s = first.total_s;
  t.tpot_s = t.decode.total_s;
  const double elapsed_s = t.ttft_s + (out - 1.0) * t.tpot_s;
  t.output_tokens_per_s = b * out / elapsed_s;
  t.requests_per_s = b / elapsed_s;
  return t;
}

Throughput offline_throughput(const Deployment& d, const Workload& w) {
  Throughput t = start(d, w);
  if (!t.fits) return t;
  const std::int64_t batch = std::min(t.batch_memory_cap, d.engine.max_num_seqs);
  if (!d.engine.continuous_batching) {
    Throughput s = static_throughput(d, w, batch);
    s.ttft_s = 0;
    return s;
  }
  const double out = as_double(w.output_tokens);
  t.batch = as_double(batch);
  double steps = 0;
  t.decode = mixed_step(d, w, t.batch, steps);
  const double cycle_s = steps * t.decode.total_s;
  t.cycle_steps = steps;
  t.tpot_s = cycle_s / out;
  t.output_tokens_per_s = t.batch * out / cycle_s;
  t.requests_per_s = t.batch / cycle_s;
  return t;
}

Throughput online_throughput(const Deployment& d, const Workload& w, double rate_per_s) {
  const Throughput most = offline_throughput(d, w);
  if (!most.fits) return most;
  if (!std::isfinite(rate_per_s) || rate_per_s >= most.requests_per_s) {
    Throughput t = most;
    t.saturated = std::isfinite(rate_per_s);
    if (t.saturated) {
      t.why = fmt::format(
          "{} requests/s exceeds the {} requests/s this deployment serves; the "
          "queue grows without bound, so there is no time to first token or per output token",
          format_number(rate_per_s), format_number(most.requests_per_s));
    }
    return t;
  }
  // Little's law: the sequences in flight are the arrival rate times the time
  // each spends decoding; the step time grows with them. Bisect for the batch
  // at which both agree.
  const double out = as_double(w.output_tokens), in = as_double(w.input_tokens);
  auto step_at = [&](double batch) {
    // Arrivals add their prompts to the steps: rate x step time prompts per step.
    double step_s = decode_step(d, batch, in + out / 2.0).total_s;
    StepTime step;
    for (int i = 0; i < 20; ++i) {
      const double prompts = rate_per_s * step_s;
      step = step_time(
          d, scaled({.tokens = batch + prompts * in,
                     .logits = batch,
                     .attended_tokens = batch * (in + out / 2.0) + prompts * in * in / 2.0,
                     .kv_tokens_read = batch * (in + out / 2.0)},
                    1.0 / d.pp));
      step_s = step.total_s;
    }
    return step;
  };
  double low = 0, high = most.batch;
  for (int i = 0; i < 60; ++i) {
    const double mid = (low + high) / 2.0;
    if (rate_per_s * out * step_at(mid).total_s > mid) {
      low = mid;
    } else {
      high = mid;
    }
  }
  Throughput t = most;
  t.batch = high;
  t.decode = step_at(high);
  t.tpot_s = t.decode.total_s;
  // Time to first token: the front end's per-request cost, half a step waiting
  // for the running one to end, the prompt's own prefill, and the M/D/1
  // queueing delay at utilisation rho.
  const double rho = rate_per_s / most.requests_per_s;
  t.utilisation = rho;
  t.ttft_s = d.engine.request_overhead_ms / kMsPerSecond + t.tpot_s / 2.0 +
             most.prefill_step.total_s + rho / (2.0 * (1.0 - rho)) * most.prefill_step.total_s;
  t.output_tokens_per_s = rate_per_s * out;
  t.requests_per_s = rate_per_s;
  return t;
}

}  // namespace llmtco
