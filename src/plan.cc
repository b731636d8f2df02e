#include "llmtco/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/number_format.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr std::array<std::pair<Redundancy, const char*>, 3> kRedundancyNames = {{
    {Redundancy::kNone, "none"},
    {Redundancy::kNPlus1, "n_plus_1"},
    {Redundancy::k2N, "2n"},
}};

// Bisection steps for the closed form's highest rate: 2^-20 of the range, the
// simulated search's start and its fallback.
constexpr int kRateSteps = 20;
// The simulated capacity: steps from the closed form's rate, the first by 15%
// (the simulated capacity of a Poisson workload is mostly within it) and each the
// square of the one before, until the target is bracketed (8 steps reach a
// factor of 1.15^255, 3e15), then narrowing to two neighbouring points of the
// capacity grid (at most kNarrowSteps runs; the point that meets is kept).
constexpr int kBracketSteps = 8;
// The lowest the bracket goes: a thousandth of the closed form's rate (bunched
// arrivals can keep a percentile above the target at any lower rate).
constexpr double kLeastShareOfStart = 1000;
constexpr double kFirstStep = 1.15;
constexpr int kNarrowSteps = 16;
// A latency share below this is as good as none: the log of a share stays finite.
constexpr double kMinShare = 1e-9;
// Threads a search runs its simulations on, at most: two cores halve a plan's time
// (set_search_threads).
std::atomic<std::size_t> search_threads{4};

struct Capacity {
  bool ok = false;
  std::string why;  // when !ok
  double miss = 0;  // when the lightest load misses the target: its worse latency / target
  double copy_requests_per_s = 0;
  double copy_output_tokens_per_s = 0;
};

bool within(const Throughput& t, const LatencyTarget& target) {
  return t.fits && !t.saturated && t.ttft_s <= target.ttft_s && t.tpot_s <= target.tpot_s;
}

double worse_share(double ttft_s, double tpot_s, const LatencyTarget& target) {
  return std::max(ttft_s / target.ttft_s, tpot_s / target.tpot_s);
}

std::string target_ms(const LatencyTarget& target) {
  return fmt::format("target {} ms and {} ms", format_number(target.ttft_s * kMsPerSecond),
                     format_number(target.tpot_s * kMsPerSecond));
}

Capacity at_rate(const DeploymentSearch& r, double rate_per_s) {
  return {.ok = true,
          .copy_requests_per_s = rate_per_s,
          .copy_output_tokens_per_s = rate_per_s * r.shape.output.mean_tokens};
}

// The closed form's highest rate one copy serves with the mean TTFT and TPOT of
// the mean request within the target.
Capacity closed_form_capacity(const Deployment& d, const DeploymentSearch& r) {
  const Workload w = mean_workload(r.shape);
  const Throughput most = offline_throughput(d, w);
  if (!most.fits) return {.why = most.why};
  // An idle server: one request alone.
  const Throughput idle = online_throughput(d, w, most.requests_per_s * 1e-9);
  if (!within(idle, r.target)) {
    return {.why = fmt::format(
                "even one request alone takes {:.1f} ms to its first token and {:.1f} ms per "
                "output token ({})",
                idle.ttft_s * kMsPerSecond, idle.tpot_s * kMsPerSecond, target_ms(r.target)),
            .miss = worse_share(idle.ttft_s, idle.tpot_s, r.target)};
  }
  double low = most.requests_per_s * 1e-9, high = most.requests_per_s;
  for (int i = 0; i < kRateSteps; ++i) {
    const double mid = (low + high) / 2.0;
    if (within(online_throughput(d, w, mid), r.target)) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return at_rate(r, low);
}

// `counted` requests of the shape and a tenth as many before them as warm-up, from
// kCapacitySeed. A server refuses a request longer than the model's context: a
// long-tailed draw is cut there (its output first kept, then its prompt).
std::vector<SimRequest> shape_requests(const DeploymentSearch& r, double rate_per_s,
                                       std::size_t counted) {
  std::vector<SimRequest> requests =
      generate_requests(r.shape, rate_per_s, counted + counted / 10, kCapacitySeed);
  const std::int64_t context = r.model.max_position_embeddings;
  if (context > 1) {
    for (SimRequest& q : requests) {
      q.output_tokens = std::min(q.output_tokens, context - 1);
      q.input_tokens = std::min(q.input_tokens, context - q.output_tokens);
    }
  }
  return requests;
}

Simulation shape_run(const Deployment& d, const DeploymentSearch& r, double rate_per_s,
                     std::size_t counted, SimOptions options) {
  options.warmup_requests = counted / 10;
  return simulate(d, shape_requests(r, rate_per_s, counted), options);
}

// capacity_run's requests, with `options` (the warm-up set here).
Simulation capacity_simulation(const Deployment& d, const DeploymentSearch& r, double rate_per_s,
                               SimOptions options) {
  return shape_run(d, r, rate_per_s, capacity_counted_requests(r.target), options);
}

// capacity_run stopped as soon as it is sure to miss the target, and without the
// inter-token gaps: what a search needs to know of a rate.
Simulation search_run(const Deployment& d, const DeploymentSearch& r, double rate_per_s) {
  return capacity_simulation(
      d, r, rate_per_s, {.timeline = false, .inter_token = false, .stop_when_missed = r.target});
}

// How far a run is from the target: the log of its worse latency over the
// target's, <= 0 when it meets it; +inf when the run does not fit or stopped at a
// sure miss.
double excess(const Simulation& sim, const LatencyTarget& target) {
  if (!sim.fits || sim.missed) return std::numeric_limits<double>::infinity();
  const double share = worse_share(ttft_at(sim, target), tpot_at(sim, target), target);
  return std::log(std::max(share, kMinShare));
}

// A rate and its run's excess.
struct Probe {
  double rate_per_s = 0;
  double excess = 0;
};

// A rate above what the copy completes flat out misses whatever a finite run's
// latencies say: its queue grows without end, and a run of a thousand requests
// sent far too fast only drains late.
Probe probe(const Deployment& d, const DeploymentSearch& r, double rate_per_s, double most_rps) {
  if (rate_per_s > most_rps) return {rate_per_s, std::numeric_limits<double>::infinity()};
  return {rate_per_s, excess(search_run(d, r, rate_per_s), r.target)};
}

// Steps from `start`, up while the runs meet the target and down while they miss,
// by kFirstStep and each step the square of the one before, until the target is
// bracketed: low meets it, high does not. Not found: low is the lightest load
// tried, which misses; or the heaviest, which meets (the capacity is then at
// least that).
struct Bracket {
  Probe low, high;
  bool found = false;
};

Bracket bracket(const Deployment& d, const DeploymentSearch& r, const Probe& start,
                double most_rps) {
  const bool meets = start.excess <= 0;
  Probe at = start;
  double step = kFirstStep;
  for (int i = 0; i < kBracketSteps; ++i, step *= step) {
    const double rate_per_s = meets ? at.rate_per_s * step : at.rate_per_s / step;
    // A copy that meets the target only at a vanishing load does not serve it.
    if (rate_per_s < start.rate_per_s / kLeastShareOfStart) break;
    const Probe next = probe(d, r, rate_per_s, most_rps);
    if ((next.excess <= 0) != meets) {
      return meets ? Bracket{at, next, true} : Bracket{next, at, true};
    }
    at = next;
  }
  return {at, at, meets};
}

// The excess squashed into (-1, 1): a run far past saturation counts about as
// much as one just past, which keeps false position from creeping.
double squashed(double excess) {
  return std::isfinite(excess) ? excess / (1 + std::abs(excess)) : 1;
}

// Rates of the capacity grid: (1 + kCapacityRateTolerance)^k requests/s.
double grid_rate(double k) {
  return std::pow(1 + kCapacityRateTolerance, k);
}
double grid_index(double rate_per_s) {
  return std::log(rate_per_s) / std::log1p(kCapacityRateTolerance);
}

// The highest rate of the grid that meets the target, within the bracket: false
// position on the grid's index (log(rate)) against the squashed excess, but a
// halving of the index range after the same end moved twice running, so that
// both ends close in. The bracket's ends stand for the grid points just inside
// them (the statistic grows with the rate), so the answer is the grid point's
// whatever the search's path.
double narrow(const Deployment& d, const DeploymentSearch& r, const Bracket& b, double most_rps) {
  double low = std::floor(grid_index(b.low.rate_per_s)),
         high = std::ceil(grid_index(b.high.rate_per_s));
  double low_excess = b.low.excess, high_excess = b.high.excess;
  int side = 0, repeats = 0;  // the end moved last (-1 low, +1 high), how often in a row
  for (int i = 0; i < kNarrowSteps && high - low > 1; ++i) {
    const double e_low = squashed(low_excess), e_high = squashed(high_excess);
    const double share = repeats >= 2 ? 0.5 : std::clamp(e_low / (e_low - e_high), 0.05, 0.95);
    const double k = std::clamp(std::round(low + (high - low) * share), low + 1, high - 1);
    const Probe mid = probe(d, r, grid_rate(k), most_rps);
    const int moved = mid.excess <= 0 ? -1 : 1;
    repeats = moved == side ? repeats + 1 : 1;
    side = moved;
    (moved < 0 ? low : high) = k;
    (moved < 0 ? low_excess : high_excess) = mid.excess;
  }
  return grid_rate(low);
}

// The highest rate whose capacity_run meets the target, bracketed from the
// closed form's rate. A copy whose cache cannot hold the run's longest request
// cannot serve the shape at all.
Capacity copy_capacity(const Deployment& d, const DeploymentSearch& r) {
  const Capacity closed = closed_form_capacity(d, r);
  if (!closed.ok) return closed;
  const Simulation first = search_run(d, r, closed.copy_requests_per_s);
  if (!first.fits) return {.why = fmt::format("{} of the request shape", first.why)};
  const double most_rps = flat_out_requests_per_s(d, r);
  const double start_rps = closed.copy_requests_per_s;
  const Bracket b =
      bracket(d, r,
              {start_rps, start_rps > most_rps ? std::numeric_limits<double>::infinity()
                                               : excess(first, r.target)},
              most_rps);
  if (!b.found) {
    const Simulation lightest = capacity_run(d, r, b.low.rate_per_s);
    const double ttft_s = ttft_at(lightest, r.target), tpot_s = tpot_at(lightest, r.target);
    return {.why = fmt::format(
                "even at {} requests/s the {} time to first token is {:.1f} ms and time per "
                "output token {:.1f} ms ({})",
                format_number(b.low.rate_per_s), statistic_label(r.target), ttft_s * kMsPerSecond,
                tpot_s * kMsPerSecond, target_ms(r.target)),
            .miss = worse_share(ttft_s, tpot_s, r.target)};
  }
  return at_rate(r, narrow(d, r, b, most_rps));
}

// One way to serve on an instance type, before its capacity is known.
struct Option {
  const Instance* instance = nullptr;
  double usd_per_hour = 0;
  const Gpu* gpu = nullptr;
  Precision weights;
  Precision kv;
  int tp = 1;
};

// Every instance type x weight format x TP the search tries, in that order.
std::vector<Option> search_options(const Catalogs& catalogs, const DeploymentSearch& request,
                                   const std::vector<PricedInstance>& types) {
  std::vector<Option> options;
  for (const auto& [instance, usd_per_hour] : types) {
    const Gpu* gpu = gpu_spec(catalogs, instance->gpu_id);
    if (gpu == nullptr) continue;  // the instance catalog only maps to catalog GPUs
    for (const Precision& weights : request.precisions) {
      // FP8 and FP4 weights need at least FP8 tensor cores to be worth serving.
      const bool low_float = weights.compute == MathRate::kFp8 || weights.compute == MathRate::kFp4;
      if (low_float && !gpu->fp8_dense_tflops) continue;
      const Precision kv = request.kv ? *request.kv : default_kv_precision(catalogs, weights);
      for (int tp = 1; tp <= instance->gpu_count; tp *= 2) {
        if (instance->gpu_count % tp != 0 || !tp_problem(request.model, tp).empty()) continue;
        options.push_back({instance, usd_per_hour, gpu, weights, kv, tp});
      }
    }
  }
  return options;
}

// The speed model depends on the GPU, TP and formats, not on the instance: one
// capacity serves every instance type with that GPU.
using DeploymentKey = std::tuple<std::string, int, std::string>;

DeploymentKey key_of(const Option& o) {
  return {o.gpu->id, o.tp, o.weights.id};
}

// A plan's deployment and the rate each of its copies carries at the peak.
std::pair<DeploymentKey, double> peak_key(const Plan& plan, double peak_requests_per_s) {
  const Candidate& o = plan.option;
  return {{o.gpu->id, o.tp, o.weights.id},
          peak_requests_per_s / (plan.working_replicas * o.copies)};
}

// Runs work(i) for every i below n on up to search_threads of the machine's cores;
// rethrows the first exception a worker caught.
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& work) {
  const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t threads = std::min({n, cores, search_threads.load()});
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  const auto run = [&](std::size_t worker) {
    try {
      for (std::size_t i = next++; i < n; i = next++) work(i);
    } catch (...) {
      errors[worker] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t worker = 1; worker < threads; ++worker) pool.emplace_back(run, worker);
  if (threads > 0) run(0);
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// The capacity of each distinct deployment among the options.
std::map<DeploymentKey, Capacity> capacities(const DeploymentSearch& request,
                                             const std::vector<Option>& options) {
  std::map<DeploymentKey, Capacity> out;
  std::vector<const Option*> distinct;
  for (const Option& o : options) {
    if (out.emplace(key_of(o), Capacity{}).second) distinct.push_back(&o);
  }
  std::vector<Capacity> found(distinct.size());
  parallel_for(distinct.size(), [&](std::size_t i) {
    const Option& o = *distinct[i];
    found[i] = copy_capacity({.model = request.model,
                              .weights = o.weights,
                              .kv = o.kv,
                              .gpu = *o.gpu,
                              .engine = request.engine,
                              .tp = o.tp,
                              .pp = 1},
                             request);
  });
  for (std::size_t i = 0; i < distinct.size(); ++i) out[key_of(*distinct[i])] = found[i];
  return out;
}

}  // namespace

const char* redundancy_name(Redundancy redundancy) {
  for (const auto& [value, name] : kRedundancyNames) {
    if (value == redundancy) return name;
  }
  return "none";
}

Redundancy parse_redundancy(const std::string& name) {
  for (const auto& [value, known] : kRedundancyNames) {
    if (name == known) return value;
  }
  throw InputError(fmt::format("unknown redundancy '{}' (valid: none, n_plus_1, 2n)", name));
}

int total_replicas(int working, Redundancy redundancy) {
  switch (redundancy) {
    case Redundancy::kNone:
      return working;
    case Redundancy::kNPlus1:
      return working + 1;
    case Redundancy::k2N:
      return 2 * working;
  }
  return working;
}

void set_search_threads(std::size_t threads) {
  search_threads = std::max<std::size_t>(threads, 1);
}

std::vector<Precision> searched_precisions(const Catalogs& catalogs) {
  return {find_precision(catalogs, "bf16"), find_precision(catalogs, "fp8"),
          find_precision(catalogs, "int8"), find_precision(catalogs, "int4")};
}

InstanceChoice instance_choice(const DeploymentSearch& request) {
  return {.clouds = request.clouds,
          .regions = request.regions,
          .pricing = request.pricing,
          .include_flagged = request.include_flagged};
}

Workload mean_workload(const RequestShape& shape) {
  return {.input_tokens = std::max<std::int64_t>(1, std::llround(shape.input.mean_tokens)),
          .output_tokens = std::max<std::int64_t>(1, std::llround(shape.output.mean_tokens))};
}

std::size_t capacity_counted_requests(const LatencyTarget& target) {
  const double tail_share = target.mean ? 1 : 1 - target.percentile / 100;
  const double counted = std::ceil(kCapacityTailRequests / tail_share - 1e-9);
  return std::clamp(static_cast<std::size_t>(std::min(counted, 1e9)), kCapacityMinCounted,
                    kCapacityMaxCounted);
}

Simulation capacity_run(const Deployment& d, const DeploymentSearch& request, double rate_per_s) {
  return capacity_simulation(d, request, rate_per_s, {.timeline = false});
}

std::int64_t longest_capacity_request_tokens(const DeploymentSearch& request) {
  // The lengths are drawn from streams of their own: the same at every rate.
  std::int64_t longest = 0;
  for (const SimRequest& q :
       shape_requests(request, 1.0, capacity_counted_requests(request.target))) {
    longest = std::max(longest, q.input_tokens + q.output_tokens);
  }
  return longest;
}

double flat_out_requests_per_s(const Deployment& d, const DeploymentSearch& request) {
  // The same count whatever the target, so that no target's capacity has a higher cap.
  return shape_run(d, request, INFINITY, kCapacityMinCounted,
                   {.timeline = false, .inter_token = false})
      .requests_per_s;
}

bool carries(const Deployment& d, const DeploymentSearch& request, double rate_per_s) {
  return rate_per_s <= flat_out_requests_per_s(d, request) &&
         meets_target(capacity_run(d, request, rate_per_s), request.target);
}

bool meets_target(const Simulation& sim, const LatencyTarget& target) {
  return sim.fits && !sim.missed && ttft_at(sim, target) <= target.ttft_s &&
         tpot_at(sim, target) <= target.tpot_s;
}

std::string statistic_label(const LatencyTarget& target) {
  // As given: three significant digits would print p99.95 as p100.
  return target.mean ? std::string("mean") : fmt::format("p{}", target.percentile);
}

Candidates find_candidates(const Catalogs& catalogs, const DeploymentSearch& request) {
  Candidates out;
  const std::vector<Instance>& instances = catalogs.instances.instances;
  PricedTypes priced = priced_types(instances, instance_choice(request));
  if (request.purchase) {  // bought servers: one price each, on premises
    for (const PricedInstance& p : priced_types(*request.purchase, {}).types) {
      priced.types.push_back(p);
    }
  }
  const std::vector<PricedInstance>& types = priced.types;
  out.instance_types = types.size();
  out.flagged = std::move(priced.flagged);
  out.pricing_gaps = pricing_gaps(instances, request.clouds, request.pricing);
  const std::vector<Option> options = search_options(catalogs, request, types);
  const std::map<DeploymentKey, Capacity> capacity = capacities(request, options);
  std::set<DeploymentKey> seen;
  std::string closest;  // the rejected option nearest the latency target
  double closest_miss = 0;
  std::size_t too_small = 0;  // options whose GPUs cannot hold the model
  for (const Option& o : options) {
    const DeploymentKey key = key_of(o);
    const Capacity& c = capacity.at(key);
    if (!c.ok && seen.insert(key).second) {
      out.rejected.push_back(
          fmt::format("{} at TP {}, {}: {}", o.gpu->id, o.tp, o.weights.id, c.why));
      if (c.miss == 0) {
        ++too_small;
      } else if (closest.empty() || c.miss < closest_miss) {
        closest_miss = c.miss;
        closest = out.rejected.back();
      }
    }
    if (!c.ok) continue;
    const int copies = o.instance->gpu_count / o.tp;
    out.options.push_back({.instance = o.instance,
                           .gpu = o.gpu,
                           .usd_per_hour = o.usd_per_hour,
                           .weights = o.weights,
                           .kv = o.kv,
                           .tp = o.tp,
                           .copies = copies,
                           .copy_requests_per_s = c.copy_requests_per_s,
                           .replica_requests_per_s = copies * c.copy_requests_per_s,
                           .replica_output_tokens_per_s = copies * c.copy_output_tokens_per_s,
                           .weights_gb = weights_bytes(request.model, o.weights) / kBytesPerGb});
  }
  if (out.options.empty()) {
    if (types.empty()) {
      out.why_none = fmt::format(
          "no instance in the catalog has a {} price{}{}", pricing_name(request.pricing),
          !request.regions.empty()  ? " in the clouds and regions searched"
          : !request.clouds.empty() ? " in the clouds searched"
                                    : "",
          out.flagged.empty() ? std::string()
                              : fmt::format(" that the catalog does not flag ({} flagged left out)",
                                            out.flagged.size()));
    } else if (out.rejected.empty()) {
      out.why_none =
          "no instance's GPUs can shard the model (tensor parallelism must divide its "
          "attention heads)";
    } else if (!closest.empty()) {
      out.why_none = fmt::format(
          "none of the {} instance types searched meets the latency target; the closest is {} "
          "({} of {} GPU, TP and format combinations cannot hold the model at all)",
          types.size(), closest, too_small, out.rejected.size());
    } else {
      out.why_none =
          fmt::format("none of the {} instance types searched can hold the model; e.g. {}",
                      types.size(), out.rejected.back());
    }
  }
  return out;
}

Deployment candidate_deployment(const DeploymentSearch& request, const Candidate& option) {
  return {.model = request.model,
          .weights = option.weights,
          .kv = option.kv,
          .gpu = *option.gpu,
          .engine = request.engine,
          .tp = option.tp,
          .pp = 1};
}

int working_replicas(const Candidate& option, double peak_requests_per_s) {
  const double needed = std::ceil(peak_requests_per_s / option.replica_requests_per_s);
  return std::max(1, static_cast<int>(std::min(needed, 1e9)));
}

Throughput throughput_at_peak(const DeploymentSearch& request, const Candidate& option, int working,
                              double peak_requests_per_s) {
  return online_throughput(candidate_deployment(request, option), mean_workload(request.shape),
                           peak_requests_per_s / (working * option.copies));
}

PeakLatency latency_at_peak(const DeploymentSearch& request, const Candidate& option, int working,
                            double peak_requests_per_s) {
  // The capacity's run at another rate: the same requests, so it fits as that did.
  const Deployment d = candidate_deployment(request, option);
  PeakLatency out;
  for (int n = working; n <= working + kMorePeakInstances; ++n) {
    const Simulation sim = capacity_run(d, request, peak_requests_per_s / (n * option.copies));
    out = {ttft_at(sim, request.target), tpot_at(sim, request.target), n};
    if (meets_target(sim, request.target)) break;
  }
  return out;
}

std::vector<Plan> rank_plans(const DeploymentSearch& request, const Candidates& candidates,
                             double peak_requests_per_s, Redundancy redundancy, std::size_t top) {
  std::map<std::pair<std::string, std::string>, Plan> best;
  for (const Candidate& option : candidates.options) {
    Plan plan{.option = option, .working_replicas = working_replicas(option, peak_requests_per_s)};
    plan.replicas = total_replicas(plan.working_replicas, redundancy);
    plan.usd_per_month = plan.replicas * option.usd_per_hour * kHoursPerMonth;
    const auto key = std::make_pair(option.instance->cloud, option.instance->instance_type);
    const auto it = best.find(key);
    if (it == best.end() || plan.usd_per_month < it->second.usd_per_month ||
        (plan.usd_per_month == it->second.usd_per_month &&
         option.replica_requests_per_s > it->second.option.replica_requests_per_s)) {
      best[key] = plan;
    }
  }
  std::vector<Plan> plans;
  plans.reserve(best.size());
  for (auto& [key, plan] : best) plans.push_back(std::move(plan));
  const auto cheapest_first = [](const Plan& a, const Plan& b) {
    return std::tie(a.usd_per_month, a.option.usd_per_hour, a.option.instance->cloud,
                    a.option.instance->instance_type) <
           std::tie(b.usd_per_month, b.option.usd_per_hour, b.option.instance->cloud,
                    b.option.instance->instance_type);
  };
  std::sort(plans.begin(), plans.end(), cheapest_first);
  if (top > 0 && plans.size() > top) plans.resize(top);
  // Plans of one deployment at one rate per copy share a run.
  std::map<std::pair<DeploymentKey, double>, std::size_t> runs;
  std::vector<const Plan*> distinct;
  for (const Plan& plan : plans) {
    if (runs.emplace(peak_key(plan, peak_requests_per_s), distinct.size()).second) {
      distinct.push_back(&plan);
    }
  }
  std::vector<PeakLatency> at(distinct.size());
  parallel_for(distinct.size(), [&](std::size_t i) {
    at[i] = latency_at_peak(request, distinct[i]->option, distinct[i]->working_replicas,
                            peak_requests_per_s);
  });
  for (Plan& plan : plans) {
    const PeakLatency& latency = at[runs.at(peak_key(plan, peak_requests_per_s))];
    plan.ttft_s = latency.ttft_s;
    plan.tpot_s = latency.tpot_s;
    plan.working_replicas = latency.working;
    plan.replicas = total_replicas(plan.working_replicas, redundancy);
    plan.usd_per_month = plan.replicas * plan.option.usd_per_hour * kHoursPerMonth;
  }
  std::sort(plans.begin(), plans.end(), cheapest_first);
  return plans;
}

}  // namespace llmtco
