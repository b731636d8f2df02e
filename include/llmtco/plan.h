// Deployment search: every priced instance type (cheapest region), every tensor-
// parallel size its GPUs allow and every weight format asked for, each run through
// the serving simulator (simulate.h) to find the request rate one instance carries
// with the latency target's statistic (a percentile or the mean) within its TTFT
// and TPOT; then, for a traffic peak, the whole instances each option needs with
// its redundancy and their monthly cost. docs/methodology.md, "Deployment plans".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/engine.h"
#include "llmtco/instance.h"
#include "llmtco/instance_search.h"
#include "llmtco/model.h"
#include "llmtco/perf.h"
#include "llmtco/precision.h"
#include "llmtco/simulate.h"

namespace llmtco {

// Spare capacity: none; one spare instance (N+1); twice the instances (2N).
enum class Redundancy { kNone, kNPlus1, k2N };
const char* redundancy_name(Redundancy redundancy);    // "none", "n_plus_1", "2n"
Redundancy parse_redundancy(const std::string& name);  // throws InputError

// The instances to run for `working` instances' worth of load.
int total_replicas(int working, Redundancy redundancy);

struct DeploymentSearch {
  ModelArch model;
  std::vector<Precision> precisions;  // one when pinned; every format to try otherwise
  std::optional<Precision> kv;        // default: default_kv_precision(weights)
  EngineProfile engine;
  RequestShape shape;               // how requests arrive, and their lengths
  LatencyTarget target;             // at the peak: the statistic, TTFT and TPOT
  std::vector<std::string> clouds;  // empty: every cloud
  // Region patterns ('*' globs, region_matches()); empty: every region. A type's
  // cheapest region wins; ties go to the earlier pattern, then the region name.
  std::vector<std::string> regions;
  Pricing pricing = Pricing::kOnDemand;
  // Price the rows the catalog's checks flag (Instance::warnings) too; default: leave
  // them out, and say so in the notes.
  bool include_flagged = false;
  // Bought servers' pseudo-instances (purchase.h), searched beside the catalog's
  // whatever the clouds, regions and pricing; null: none. Shared, so that a copied
  // search's candidates still point at them.
  std::shared_ptr<const std::vector<Instance>> purchase;
  // The day of the run, YYYY-MM-DD, for the stale-price note (kStalePriceDays); "":
  // prices are not aged. The shells pass today; tests a fixed date.
  std::string today_iso;
};

// The instance rows the request's clouds, regions, pricing and flags admit.
InstanceChoice instance_choice(const DeploymentSearch& request);

// The shape's mean request in whole tokens (at least 1 each): the closed form's
// one request size (perf.h).
Workload mean_workload(const RequestShape& shape);

// The run a copy's capacity is judged by: requests of the shape from
// kCapacitySeed, no timeline, capacity_counted_requests(target) of them counted
// after a warm-up of a tenth as many. docs/methodology.md, "Deployment plans",
// says why these counts.
inline constexpr std::uint64_t kCapacitySeed = 1;
// Counted requests: enough that kCapacityTailRequests lie beyond the target's
// percentile, between kCapacityMinCounted and kCapacityMaxCounted (the mean and
// percentiles up to 98 take the least; 99 takes 2,000; from 99.5, 4,000, and fewer
// than 20 lie beyond).
inline constexpr double kCapacityTailRequests = 20;
inline constexpr std::size_t kCapacityMinCounted = 1000;
inline constexpr std::size_t kCapacityMaxCounted = 4000;
std::size_t capacity_counted_requests(const LatencyTarget& target);
// Capacities are points of the grid (1 + kCapacityRateTolerance)^k requests/s:
// the highest that meets the target, within this share below the true threshold.
inline constexpr double kCapacityRateTolerance = 0.02;
Simulation capacity_run(const Deployment& d, const DeploymentSearch& request, double rate_per_s);

// The longest request, prompt plus output tokens, of the capacity runs (their
// warm-up included): what a server must admit to serve the runs a plan was judged
// by (the launch files' --max-model-len). The flat-out run's requests are the
// first of them (kCapacityMinCounted <= capacity_counted_requests).
std::int64_t longest_capacity_request_tokens(const DeploymentSearch& request);

// Whether a run fits and holds the target: TTFT and TPOT at its statistic within it.
bool meets_target(const Simulation& sim, const LatencyTarget& target);

// The requests/s a copy completes flat out: kCapacityMinCounted requests of the
// shape (and the warm-up) all sent at once, over the run's length. No capacity exceeds it: a finite
// run sent faster can still meet a loose target, its queue draining only after the last arrival.
double flat_out_requests_per_s(const Deployment& d, const DeploymentSearch& request);

// Whether a copy carries `rate_per_s`: no more than flat out, and its capacity run
// at that rate meets the target.
bool carries(const Deployment& d, const DeploymentSearch& request, double rate_per_s);

// "p95", "p99.9" or "mean": the statistic a target holds.
std::string statistic_label(const LatencyTarget& target);

// One way to serve on one instance type: `copies` copies of the model, each on
// `tp` of its GPUs (copies x tp = the instance's GPUs).
struct Candidate {
  const Instance* instance = nullptr;
  const Gpu* gpu = nullptr;  // the instance's GPU, from the catalogs
  double usd_per_hour = 0;   // the instance, at the request's pricing
  Precision weights;
  Precision kv;
  int tp = 1;
  int copies = 1;
  // The highest request rate one copy serves within the target (capacity_run
  // meets it); the instance carries `copies` times it.
  double copy_requests_per_s = 0;
  double replica_requests_per_s = 0;
  double replica_output_tokens_per_s = 0;  // at that rate
  double weights_gb = 0;                   // the model's weights, one copy, 1e9 bytes
};

struct Candidates {
  std::vector<Candidate> options;  // every instance type x TP x format that meets the target
  // Why the rest were left out, one line per GPU x TP x format: the weights do not
  // fit, or even an idle server misses the target.
  std::vector<std::string> rejected;
  std::size_t instance_types = 0;  // priced instance types searched
  // Rows with a price left out because the catalog flags them (include_flagged off).
  std::vector<const Instance*> flagged;
  // pricing_gaps() of the clouds searched: the pricing kinds their snapshots lack.
  std::string pricing_gaps;
  std::string why_none;  // when options is empty: why, in one sentence
};

// Over the catalogs' instances; each instance's GPU must be among their GPUs.
Candidates find_candidates(const Catalogs& catalogs, const DeploymentSearch& request);

// An option sized for a peak: working instances = ceil(peak / replica rate), at least 1.
struct Plan {
  Candidate option;
  int working_replicas = 0;
  int replicas = 0;          // with redundancy
  double usd_per_month = 0;  // replicas x usd_per_hour x 730
  // At the peak, spread evenly over the working instances' copies: one copy's
  // TTFT and TPOT at the target's statistic (latency_at_peak).
  double ttft_s = 0;
  double tpot_s = 0;
};

int working_replicas(const Candidate& option, double peak_requests_per_s);

// The deployment one copy of `option` runs.
Deployment candidate_deployment(const DeploymentSearch& request, const Candidate& option);

// One copy's latency at the target's statistic when the peak is spread evenly over
// `working` instances' copies of `option`: capacity_run at that rate. The
// statistic is not quite monotone in the rate (near the rate where the batch
// starts to preempt it can jump), so a peak spread a little thinner than the
// capacity's rate may miss where the capacity met: then one more working instance
// at a time, at most kMorePeakInstances, until the run meets the target.
inline constexpr int kMorePeakInstances = 8;
struct PeakLatency {
  double ttft_s = 0;
  double tpot_s = 0;
  int working = 0;  // the working instances it took, `working` or more
};
PeakLatency latency_at_peak(const DeploymentSearch& request, const Candidate& option, int working,
                            double peak_requests_per_s);

// The closed form (perf.h) at a peak spread evenly over `working` instances'
// copies of `option`: the batch, mean TTFT and TPOT each copy sees.
Throughput throughput_at_peak(const DeploymentSearch& request, const Candidate& option, int working,
                              double peak_requests_per_s);

// The best option per instance type (cloud and type), cheapest first (ties: the
// cheaper instance, then cloud and type); at most `top` (0: all). TTFT and TPOT
// (latency_at_peak) are evaluated for the returned plans only.
std::vector<Plan> rank_plans(const DeploymentSearch& request, const Candidates& candidates,
                             double peak_requests_per_s, Redundancy redundancy, std::size_t top);

// The threads one search runs its simulations on: at most this many of the
// machine's cores (default 4). `llmtco serve` sets 1: it computes each request on
// a pool thread of its own, and a search's own threads on top would take the
// cores from the thread that reads, writes and answers /healthz.
void set_search_threads(std::size_t threads);

// The formats a search tries when none is pinned: bf16, fp8, int8 and int4.
std::vector<Precision> searched_precisions(const Catalogs& catalogs);

}  // namespace llmtco
