// The serving simulator: requests (each with its own arrival time, prompt and
// output length) pushed iteration by iteration through one or more replicas of a
// continuous-batching engine, each step timed by the speed model for exactly the
// batch it carries. Per step the scheduler (vLLM's, FCFS): decodes of the running
// sequences first, then the prompts, in chunks, within max_batched_tokens and
// max_num_seqs; the KV cache in blocks of the engine's block size, allocated as a
// sequence grows; when it runs out, the newest running sequence is preempted and
// recomputed later. Pure and seeded: the same input gives the same numbers.
// docs/methodology.md, "Simulation".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "llmtco/perf.h"

namespace llmtco {

struct SimRequest {
  double arrival_s = 0;            // since the run's start, >= 0
  std::int64_t input_tokens = 1;   // >= 1
  std::int64_t output_tokens = 1;  // >= 0; 0: an empty reply (one step, nothing streamed)
};

// How arrivals are spaced: a Poisson process (exponential gaps), or gamma gaps
// whose coefficient of variation is the burstiness (1: Poisson; above 1, bursts).
enum class Arrivals { kPoisson, kGamma };
const char* arrivals_name(Arrivals arrivals);      // "poisson", "gamma"
Arrivals parse_arrivals(const std::string& name);  // throws InputError

// How one length (prompt or output) varies between requests, around its mean:
// fixed; uniform or lognormal with the given coefficient of variation (standard
// deviation over mean). Draws are rounded to whole tokens, at least 1.
enum class LengthDist { kFixed, kUniform, kLognormal };
const char* length_dist_name(LengthDist dist);          // "fixed", "uniform", "lognormal"
LengthDist parse_length_dist(const std::string& name);  // throws InputError

struct LengthSpec {
  LengthDist dist = LengthDist::kFixed;
  double mean_tokens = 1000;  // >= 1
  double cv = 0;              // >= 0; uniform: at most 1/sqrt(3) (the lowest draw is 0)
};

// The shape of a workload's requests: how they arrive and how long they are.
struct RequestShape {
  Arrivals arrivals = Arrivals::kPoisson;
  double burstiness_cv = 1.0;  // gamma: the gaps' coefficient of variation, > 0
  LengthSpec input{.mean_tokens = 1000};
  LengthSpec output{.mean_tokens = 300};
};

// The burstiest gaps a shape may ask for: a coefficient of variation of 20 puts
// most of a run's requests in a few bursts.
inline constexpr double kMaxBurstinessCv = 20.0;

// The shape's problem (a field, its value and what is valid), or "" when valid.
std::string request_shape_problem(const RequestShape& shape);

// `count` requests of the shape at `rate_per_s` (+inf: all at t = 0), drawn from
// `seed` (mt19937_64, whose output the standard fixes; the draws are made by
// inversion here, not by the library's distributions, so they are the same on
// every platform; the gamma gaps by Marsaglia and Tsang's method). Gaps, input and
// output lengths come from three streams of the seed, so that one distribution's
// change leaves the others' draws alone. The arrival times are those of rate 1 divided by the rate:
// the same seed at another rate is the same run, faster or slower, which keeps
// percentiles monotone in the rate.
std::vector<SimRequest> generate_requests(const RequestShape& shape, double rate_per_s,
                                          std::size_t count, std::uint64_t seed);

// The arrival times alone (the first at 0), as generate_requests draws them: for
// requests whose lengths come from elsewhere (a trace without send times).
std::vector<double> arrival_times(const RequestShape& shape, double rate_per_s, std::size_t count,
                                  std::uint64_t seed);

// The statistic a latency target is held to: a percentile (50, 90, 95, 99 or any
// in (0, 100)) or the mean.
struct LatencyTarget {
  bool mean = false;       // hold the mean, not a percentile
  double percentile = 95;  // (0, 100), when !mean
  double ttft_s = 2.0;     // > 0
  double tpot_s = 0.05;    // > 0
};

// Which replica a request goes to: in turn, or the one with the fewest requests
// waiting and running when it arrives (ties: the lowest index).
enum class Balancer { kRoundRobin, kLeastLoaded };
const char* balancer_name(Balancer balancer);      // "round_robin", "least_loaded"
Balancer parse_balancer(const std::string& name);  // throws InputError

struct SimOptions {
  int replicas = 1;  // copies of the deployment behind the balancer, >= 1
  Balancer balancer = Balancer::kRoundRobin;
  // Requests, in arrival order, left out of the statistics: the run starts empty,
  // and its first requests see a lighter load than the steady state.
  std::size_t warmup_requests = 0;
  bool timeline = true;     // record the fleet's queue and batch at every arrival
  bool inter_token = true;  // collect every gap between tokens for the ITL statistics
  // Stop as soon as the run is sure to miss this target (more requests beyond it
  // than its percentile allows, or a sum that puts the mean past it): the run's
  // `missed` is then true and its statistics and times are left empty. For
  // searches that only need to know whether a rate meets a target.
  std::optional<LatencyTarget> stop_when_missed;
};

// One request's life; times since the run's start.
struct RequestTimes {
  double arrival_s = 0;
  std::int64_t output_tokens = 0;
  bool counted = true;       // in the statistics: not among the warm-up requests
  double first_token_s = 0;  // when the first token streamed
  double finish_s = 0;       // when the last one did
  double max_gap_s = 0;      // the longest gap between two of its tokens
  int preemptions = 0;       // times its KV cache was taken and it was recomputed
  int replica = 0;           // which replica served it
};

// Mean and percentiles of one latency, in seconds, over the counted requests.
struct LatencyStats {
  std::size_t count = 0;
  double mean_s = 0;
  double p50_s = 0, p90_s = 0, p95_s = 0, p99_s = 0;
};

// The fleet when a request arrives: requests waiting (queued or preempted) and
// running, over every replica.
struct TimelinePoint {
  double time_s = 0;
  int waiting = 0;
  int running = 0;
};

struct Simulation {
  bool fits = false;
  std::string why;                  // why not, when !fits
  std::vector<RequestTimes> times;  // per request, in the order given
  std::vector<TimelinePoint> timeline;
  LatencyStats ttft;      // arrival to first token, requests with output
  LatencyStats tpot;      // (finish - first) / (output - 1), requests with > 1 token
  LatencyStats itl;       // every gap between two tokens of a request, each gap counted once
  LatencyStats e2e;       // arrival to last token
  double duration_s = 0;  // first arrival to last completion
  double output_tokens_per_s = 0;  // all output tokens / duration
  double requests_per_s = 0;       // requests / duration
  double max_batch = 0;            // most sequences running at once on one replica
  std::int64_t steps = 0;          // forward steps, every replica
  std::int64_t preemptions = 0;    // every request's
  std::size_t counted = 0;         // requests in the statistics (after the warm-up)
  bool missed = false;             // stopped early: sure to miss stop_when_missed
};

Simulation simulate(const Deployment& d, std::span<const SimRequest> requests,
                    const SimOptions& options = {});

// The p-th percentile (0 < p < 100) of `values`, linearly interpolated between
// the closest ranks (the "linear" method of numpy.percentile); 0 when empty.
double percentile(std::vector<double> values, double p);

// The TTFT and TPOT of `sim` at the target's statistic (percentile() over the
// counted requests, or their mean).
double ttft_at(const Simulation& sim, const LatencyTarget& target);
double tpot_at(const Simulation& sim, const LatencyTarget& target);

// Requests (after the warm-up) whose own TTFT and TPOT are within the target's,
// their share and their rate (met requests / duration): the goodput.
struct Goodput {
  std::size_t met = 0;
  double share = 0;
  double requests_per_s = 0;
};
Goodput goodput(const Simulation& sim, const LatencyTarget& target);

}  // namespace llmtco
