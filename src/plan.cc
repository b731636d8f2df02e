#include "llmtco/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
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

// Bisection steps for the highest rate within the target: 2^-30 of the range.
constexpr int kRateSteps = 30;

struct Capacity {
  bool ok = false;
  std::string why;  // when !ok
  double miss = 0;  // when one request alone misses the target: its worse latency / target
  double copy_requests_per_s = 0;
  double copy_output_tokens_per_s = 0;
};

bool within(const Throughput& t, const DeploymentSearch& r) {
  return t.fits && !t.saturated && t.ttft_s <= r.ttft_target_s && t.tpot_s <= r.tpot_target_s;
}

// The highest request rate one copy serves within the target.
Capacity copy_capacity(const Deployment& d, const DeploymentSearch& r) {
  const Throughput most = offline_throughput(d, r.workload);
  if (!most.fits) return {.why = most.why};
  // An idle server: one request alone.
  const Throughput idle = online_throughput(d, r.workload, most.requests_per_s * 1e-9);
  if (!within(idle, r)) {
    return {
        .why = fmt::format(
            "even one request alone takes {:.1f} ms to its first token and {:.1f} ms per output "
            "token (target {} ms and {} ms)",
            idle.ttft_s * kMsPerSecond, idle.tpot_s * kMsPerSecond,
            format_number(r.ttft_target_s * kMsPerSecond),
            format_number(r.tpot_target_s * kMsPerSecond)),
        .miss = std::max(idle.ttft_s / r.ttft_target_s, idle.tpot_s / r.tpot_target_s)};
  }
  double low = most.requests_per_s * 1e-9, high = most.requests_per_s;
  for (int i = 0; i < kRateSteps; ++i) {
    const double mid = (low + high) / 2.0;
    if (within(online_throughput(d, r.workload, mid), r)) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return {.ok = true,
          .copy_requests_per_s = low,
          .copy_output_tokens_per_s = low * static_cast<double>(r.workload.output_tokens)};
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

Candidates find_candidates(const Catalogs& catalogs, const DeploymentSearch& request) {
  Candidates out;
  const std::vector<Instance>& instances = catalogs.instances.instances;
  PricedTypes priced = priced_types(instances, instance_choice(request));
  const std::vector<PricedInstance>& types = priced.types;
  out.instance_types = types.size();
  out.flagged = std::move(priced.flagged);
  out.pricing_gaps = pricing_gaps(instances, request.clouds, request.pricing);
  // The speed model depends on the GPU, TP and formats, not on the instance: one
  // evaluation serves every instance type with that GPU.
  std::map<std::tuple<std::string, int, std::string>, Capacity> memo;
  std::string closest;  // the rejected option nearest the latency target
  double closest_miss = 0;
  std::size_t too_small = 0;  // options whose GPUs cannot hold the model
  for (const auto& [instance, usd_per_hour] : types) {
    const Gpu* gpu = gpu_spec(catalogs, instance->gpu_id);
    if (gpu == nullptr) continue;  // the instance catalog only maps to catalog GPUs
    for (const Precision& weights : request.precisions) {
      // FP8 and FP4 weights need at least FP8 tensor cores to be worth serving.
      const bool low_float = weights.compute == MathRate::kFp8 || weights.compute == MathRate::kFp4;
      if (low_float && !gpu->fp8_dense_tflops) continue;
      for (int tp = 1; tp <= instance->gpu_count; tp *= 2) {
        if (instance->gpu_count % tp != 0 || !tp_problem(request.model, tp).empty()) continue;
        const Precision kv = request.kv ? *request.kv : default_kv_precision(catalogs, weights);
        const auto key = std::make_tuple(gpu->id, tp, weights.id);
        auto it = memo.find(key);
        if (it == memo.end()) {
          const Deployment d{.model = request.model,
                             .weights = weights,
                             .kv = kv,
                             .gpu = *gpu,
                             .engine = request.engine,
                             .tp = tp,
                             .pp = 1};
          it = memo.emplace(key, copy_capacity(d, request)).first;
          const Capacity& c = it->second;
          if (!c.ok) {
            out.rejected.push_back(
                fmt::format("{} at TP {}, {}: {}", gpu->id, tp, weights.id, c.why));
            if (c.miss == 0) {
              ++too_small;
            } else if (closest.empty() || c.miss < closest_miss) {
              closest_miss = c.miss;
              closest = out.rejected.back();
            }
          }
        }
        const Capacity& c = it->second;
        if (!c.ok) continue;
        const int copies = instance->gpu_count / tp;
        out.options.push_back({.instance = instance,
                               .gpu = gpu,
                               .usd_per_hour = usd_per_hour,
                               .weights = weights,
                               .kv = kv,
                               .tp = tp,
                               .copies = copies,
                               .copy_requests_per_s = c.copy_requests_per_s,
                               .replica_requests_per_s = copies * c.copy_requests_per_s,
                               .replica_output_tokens_per_s = copies * c.copy_output_tokens_per_s,
                               .weights_gb = weights_bytes(request.model, weights) / kBytesPerGb});
      }
    }
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

int working_replicas(const Candidate& option, double peak_requests_per_s) {
  const double needed = std::ceil(peak_requests_per_s / option.replica_requests_per_s);
  return std::max(1, static_cast<int>(std::min(needed, 1e9)));
}

Throughput throughput_at_peak(const DeploymentSearch& request, const Candidate& option, int working,
                              double peak_requests_per_s) {
  const Deployment d{.model = request.model,
                     .weights = option.weights,
                     .kv = option.kv,
                     .gpu = *option.gpu,
                     .engine = request.engine,
                     .tp = option.tp,
                     .pp = 1};
  return online_throughput(d, request.workload, peak_requests_per_s / (working * option.copies));
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
  std::sort(plans.begin(), plans.end(), [](const Plan& a, const Plan& b) {
    return std::tie(a.usd_per_month, a.option.usd_per_hour, a.option.instance->cloud,
                    a.option.instance->instance_type) <
           std::tie(b.usd_per_month, b.option.usd_per_hour, b.option.instance->cloud,
                    b.option.instance->instance_type);
  });
  if (top > 0 && plans.size() > top) plans.resize(top);
  for (Plan& plan : plans) {
    const Throughput t =
        throughput_at_peak(request, plan.option, plan.working_replicas, peak_requests_per_s);
    plan.ttft_s = t.ttft_s;
    plan.tpot_s = t.tpot_s;
  }
  return plans;
}

}  // namespace llmtco
