// The replay: a run of requests (each with its own prompt and output length and
// arrival time) pushed step by step through one deployment's continuous batching,
// within the engine's limits: at most max_num_seqs sequences at once, the KV cache
// reserved for each sequence's whole context, max_batched_tokens new tokens a
// step, prompts either in the steps of the running decodes (mixed_prefill) or in
// steps of their own that pause them, and scheduler_steps decode steps a round
// whose tokens stream at the round's end. docs/methodology.md, "Replay".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "llmtco/perf.h"

namespace llmtco {

struct ReplayRequest {
  double arrival_s = 0;            // since the run's start, >= 0
  std::int64_t input_tokens = 1;   // >= 1
  std::int64_t output_tokens = 1;  // >= 0; 0: an empty reply (one step, nothing streamed)
};

// Requests of the given lengths sent at `rate_per_s` as a Poisson process from
// t = 0 (exponential gaps, as benchmark clients send; drawn from a fixed seed,
// so the same run every time); +inf: all at t = 0.
std::vector<ReplayRequest> requests_at_rate(std::span<const std::int64_t> input_tokens,
                                            std::span<const std::int64_t> output_tokens,
                                            double rate_per_s);

struct RequestTimes {
  double first_token_s = 0;  // when the first token streamed, since the run's start
  double finish_s = 0;       // when the last one did
};

struct Replay {
  bool fits = false;
  std::string why;                  // why not, when !fits
  std::vector<RequestTimes> times;  // per request, in the order given
  double max_batch = 0;             // most sequences running at once
  std::int64_t steps = 0;           // forward steps taken
  double duration_s = 0;            // first arrival to last completion
  double mean_ttft_s = 0;           // over requests with output; arrival to first token
  double mean_tpot_s = 0;  // mean over requests with > 1 token of (finish - first) / (n - 1)
  double mean_itl_s = 0;   // all decode time / all gaps between tokens
  double output_tokens_per_s = 0;  // all output tokens / duration
  double requests_per_s = 0;       // requests / duration
};

Replay replay(const Deployment& d, std::span<const ReplayRequest> requests);

// The requests shared round-robin, in arrival order, among `replicas` copies of
// the deployment (data parallelism), each replayed on its own; the times and
// the summary are of the whole run (max_batch and steps: the busiest replica's
// batch, all replicas' steps).
Replay replay_replicas(const Deployment& d, std::span<const ReplayRequest> requests, int replicas);

}  // namespace llmtco
