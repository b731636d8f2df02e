#include "llmtco/verdict.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/purchase.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {
namespace {

using detail::for_field;

// Total replicas = m x working + k.
struct ReplicaRule {
  double m = 1;
  double k = 0;
};

ReplicaRule replica_rule(Redundancy r) {
  switch (r) {
    case Redundancy::kNone:
      return {1, 0};
    case Redundancy::kNPlus1:
      return {1, 1};
    case Redundancy::k2N:
      return {2, 0};
  }
  return {1, 0};
}

double output_share(const Scenario& s) {
  return s.workload.output_tokens_per_request / tokens_per_request(s);
}

double peak_of(const CostModel& m, const Scales& scales) {
  return scales.peak_to_average > 0 ? scales.peak_to_average : m.scenario.workload.peak_to_average;
}

// A replica's fixed monthly cost: the instance and the disk for its weights.
double replica_usd_per_month(const CostModel& m, const Candidate& c, double gpu_scale) {
  return c.usd_per_hour * gpu_scale * kHoursPerMonth +
         c.weights_gb * m.scenario.self_host.storage_usd_per_gb_month;
}

double egress_usd_per_month(const CostModel& m, double tokens_per_day) {
  const Scenario& s = m.scenario;
  return tokens_per_day * output_share(s) * s.workload.bytes_per_token / kBytesPerGb *
         s.self_host.egress_usd_per_gb * kDaysPerMonth;
}

double selfhost_finetune_usd_per_month(const CostModel& m, double gpu_scale) {
  if (!m.finetune_run) return 0;
  return m.finetune_run->cost_usd * gpu_scale / m.scenario.fine_tune.retune_months;
}

// One uniform draw in [0, 1) from a splitmix64 stream.
struct SplitMix64 {
  std::uint64_t state;
  double uniform() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }
};

std::array<double, 3> percentiles(std::vector<double>& values) {
  std::array<double, 3> out{};
  const std::array<double, 3> qs = {0.1, 0.5, 0.9};
  for (std::size_t i = 0; i < qs.size(); ++i) {
    const auto at =
        static_cast<std::ptrdiff_t>(std::llround(qs[i] * static_cast<double>(values.size() - 1)));
    std::nth_element(values.begin(), values.begin() + at, values.end());
    out[i] = values[static_cast<std::size_t>(at)];
  }
  return out;
}

// self_host.spot.* read for the model; the rates are the catalogs'.
SpotPolicy spot_policy(const Catalogs& catalogs, const Scenario& s, Pricing pricing) {
  const std::string& text = s.self_host.spot.reclaims_per_instance_hour;
  if (auto problem = spot_reclaims_problem(text)) {
    throw FieldError("self_host.spot.reclaims_per_instance_hour",
                     fmt::format("{} (got '{}')", *problem, text));
  }
  return {.applies = pricing == Pricing::kSpot,
          .buyer_reclaims_per_instance_hour = buyer_reclaims_per_instance_hour(text),
          .replace_hours = s.self_host.spot.replace_minutes / kMinutesPerHour,
          .rates = catalogs.spot_reclaims};
}

}  // namespace

double tokens_per_request(const Scenario& s) {
  return s.workload.input_tokens_per_request + s.workload.output_tokens_per_request;
}

double peak_requests_per_s(const Scenario& s) {
  return s.workload.tokens_per_day / tokens_per_request(s) / kSecondsPerDay *
         s.workload.peak_to_average;
}

double replica_tokens_per_day_at_peak(const Scenario& s, const Candidate& option) {
  return option.replica_requests_per_s * tokens_per_request(s) * kSecondsPerDay /
         s.workload.peak_to_average;
}

FinetuneMethod finetune_method(const std::string& name) {
  if (name == "full") return FinetuneMethod::kFull;
  if (name == "qlora") return FinetuneMethod::kQlora;
  if (name == "lora") return FinetuneMethod::kLora;
  throw InputError(
      fmt::format("fine_tune.method: unknown method '{}' (valid: full, lora, qlora)", name));
}

std::array<double, 24> daily_profile(double peak_to_average) {
  std::array<double, 24> shape{};
  auto fill = [&](double k) {
    double sum = 0;
    for (int h = 0; h < 24; ++h) {
      shape[h] = std::pow(1.0 + std::cos(2.0 * std::numbers::pi * (h - 14) / kHoursPerDay), k);
      sum += shape[h];
    }
    for (double& v : shape) v *= kHoursPerDay / sum;
    return shape[14];  // the busiest hour over the mean
  };
  // k = 4096 puts all but 1e-29 of the day in its busiest hour: a peak of 24.
  double low = 0, high = 4096;
  if (peak_to_average <= 1.0) {
    fill(0);
    return shape;
  }
  for (int i = 0; i < 100; ++i) {
    const double mid = (low + high) / 2.0;
    (fill(mid) < peak_to_average ? low : high) = mid;
  }
  fill(high);
  return shape;
}

std::array<double, 24> hourly_profile(const WorkloadSpec& workload) {
  if (workload.hourly_profile.empty()) return daily_profile(workload.peak_to_average);
  return hourly_profile_weights(workload.hourly_profile);
}

CostModel build_cost_model(const Catalogs& catalogs, const Scenario& scenario, ApiOffer api,
                           DeploymentSearch search) {
  CostModel m{.scenario = scenario, .api = std::move(api), .search = std::move(search)};
  m.redundancy = for_field("self_host.redundancy",
                           [&] { return parse_redundancy(scenario.self_host.redundancy); });
  m.profile = hourly_profile(scenario.workload);
  m.autoscale = {.min_instances = scenario.self_host.autoscale.min_instances,
                 .lead_minutes = scenario.self_host.autoscale.lead_minutes,
                 .applies = pricing_scales(m.search.pricing)};
  m.spot = spot_policy(catalogs, scenario, m.search.pricing);
  m.candidates = find_candidates(catalogs, m.search);
  // The frontier: no other option is at once no dearer (instance and disk), no
  // slower, and better on one of them.
  for (const Candidate& c : m.candidates.options) {
    const bool dominated = std::any_of(
        m.candidates.options.begin(), m.candidates.options.end(), [&](const Candidate& o) {
          const bool no_worse = o.usd_per_hour <= c.usd_per_hour && o.weights_gb <= c.weights_gb &&
                                o.replica_requests_per_s >= c.replica_requests_per_s;
          const bool better = o.usd_per_hour < c.usd_per_hour || o.weights_gb < c.weights_gb ||
                              o.replica_requests_per_s > c.replica_requests_per_s;
          return no_worse && better;
        });
    const bool duplicate = std::any_of(m.frontier.begin(), m.frontier.end(), [&](const auto& f) {
      return f.usd_per_hour == c.usd_per_hour && f.weights_gb == c.weights_gb &&
             f.replica_requests_per_s == c.replica_requests_per_s;
    });
    if (!dominated && !duplicate) m.frontier.push_back(c);
  }
  const FineTuneSpec& ft = scenario.fine_tune;
  m.training_tokens = ft.dataset_tokens * ft.epochs;
  if (ft.dataset_tokens > 0) {
    FinetuneJob job{.dataset_tokens = ft.dataset_tokens, .epochs = ft.epochs};
    job.options.method = finetune_method(ft.method);
    const FinetunePlan plan =
        plan_finetune(catalogs, m.search.model, job,
                      FinetuneSearch{.clouds = m.search.clouds,
                                     .regions = m.search.regions,
                                     .pricing = m.search.pricing,
                                     .include_flagged = m.search.include_flagged});
    if (plan.runs.empty()) {
      m.finetune_why_none = plan.why_none;
    } else {
      m.finetune_run = plan.runs.front();
    }
  }
  return m;
}

ApiRates api_rates(const ApiOffer& a, const Scenario& s) {
  ApiRates r{.input_usd_per_1m = a.input_usd_per_1m,
             .output_usd_per_1m = a.output_usd_per_1m,
             .cached_input_usd_per_1m = a.cached_input_usd_per_1m,
             .cache_write_input_usd_per_1m = a.cache_write_input_usd_per_1m,
             .batch_input_usd_per_1m = a.batch_input_usd_per_1m,
             .batch_output_usd_per_1m = a.batch_output_usd_per_1m};
  const auto& tier = a.long_context;
  if (!tier ||
      !(s.workload.input_tokens_per_request > static_cast<double>(tier->threshold_tokens))) {
    return r;
  }
  // The whole request at the tier's prices, as the providers bill it.
  r.long_context = true;
  r.input_usd_per_1m = tier->input_usd_per_1m;
  r.output_usd_per_1m = tier->output_usd_per_1m.value_or(a.output_usd_per_1m);
  r.cached_input_usd_per_1m = tier->cached_input_usd_per_1m.value_or(a.cached_input_usd_per_1m);
  r.cache_write_input_usd_per_1m =
      tier->cache_write_input_usd_per_1m.value_or(a.cache_write_input_usd_per_1m);
  r.batch_input_usd_per_1m = r.input_usd_per_1m;
  r.batch_output_usd_per_1m = r.output_usd_per_1m;
  return r;
}

ApiCost api_cost(const CostModel& m, double tokens_per_day, const Scales& scales) {
  return offer_cost(m, m.api, tokens_per_day, scales);
}

double blended_usd_per_1m(const ApiOffer& offer, const Scenario& s) {
  const ApiRates a = api_rates(offer, s);
  const double c = s.workload.cached_input_share, w = s.workload.cache_write_share;
  const double b = s.workload.batch_share;
  const double out = output_share(s), in = 1.0 - out;
  return in * ((1 - b) * ((1 - c - w) * a.input_usd_per_1m + c * a.cached_input_usd_per_1m +
                          w * a.cache_write_input_usd_per_1m) +
               b * a.batch_input_usd_per_1m) +
         out * ((1 - b) * a.output_usd_per_1m + b * a.batch_output_usd_per_1m);
}

ApiCost offer_cost(const CostModel& m, const ApiOffer& offer, double tokens_per_day,
                   const Scales& scales) {
  const Scenario& s = m.scenario;
  ApiCost cost;
  cost.blended_usd_per_1m = scales.api_price * blended_usd_per_1m(offer, s);
  cost.tokens_usd_per_month =
      tokens_per_day * scales.tokens * kDaysPerMonth * cost.blended_usd_per_1m / kTokensPerMillion;
  if (offer.offers_fine_tuning) {
    cost.finetune_usd_per_month = m.training_tokens * offer.training_usd_per_1m * scales.api_price /
                                  kTokensPerMillion / s.fine_tune.retune_months;
  }
  cost.total_usd_per_month = cost.tokens_usd_per_month + cost.finetune_usd_per_month;
  return cost;
}

ApiCost hosted_cost(const CostModel& m, double tokens_per_day, const Scales& scales) {
  ApiCost cost = offer_cost(m, *m.hosted, tokens_per_day, scales);
  cost.finetune_usd_per_month = selfhost_finetune_usd_per_month(m, scales.gpu_price);
  cost.total_usd_per_month = cost.tokens_usd_per_month + cost.finetune_usd_per_month;
  return cost;
}

namespace {

// The day's shape the scales ask for: the model's, or the raised cosine of a
// peak-to-average they set.
std::array<double, 24> profile_of(const CostModel& m, const Scales& scales) {
  return scales.peak_to_average > 0 ? daily_profile(scales.peak_to_average) : m.profile;
}

OwnFleet always_on_fleet(const CostModel& m, const Candidate& c, double peak_requests_per_s,
                         const Scales& scales) {
  const double needed =
      std::ceil(peak_requests_per_s / (c.replica_requests_per_s * scales.capacity));
  OwnFleet f{.option = &c,
             .working_replicas = std::max(1, static_cast<int>(std::min(needed, 1e9)))};
  f.replicas = total_replicas(f.working_replicas, m.redundancy);
  f.hourly_working.fill(f.working_replicas);
  f.hourly_replicas.fill(f.replicas);
  f.instance_hours_per_day = f.replicas * kHoursPerDay;
  f.compute_usd_per_month = f.replicas * c.usd_per_hour * scales.gpu_price * kHoursPerMonth;
  f.storage_usd_per_month =
      f.replicas * c.weights_gb * m.scenario.self_host.storage_usd_per_gb_month;
  return f;
}

// At most `cap` working instances an hour (0: no cap).
OwnFleet scaled_fleet(const CostModel& m, const Candidate& c, double mean_requests_per_s,
                      const std::array<double, 24>& profile, const Scales& scales, int cap = 0) {
  const ScaledDay day =
      scaled_day(profile, mean_requests_per_s, c.replica_requests_per_s * scales.capacity,
                 m.autoscale, m.redundancy, cap);
  OwnFleet f{.option = &c,
             .working_replicas = *std::max_element(day.working.begin(), day.working.end()),
             .replicas = day.peak_instances,
             .hourly_working = day.working,
             .hourly_replicas = day.instances,
             .instance_hours_per_day = day.instance_hours_per_day};
  f.compute_usd_per_month =
      day.instance_hours_per_day * c.usd_per_hour * scales.gpu_price * kDaysPerMonth;
  f.storage_usd_per_month =
      f.replicas * c.weights_gb * m.scenario.self_host.storage_usd_per_gb_month;
  return f;
}

// Whether option `c` may follow the day: the pricing lets instances stop and it is
// rented (a bought server's capital is sunk: it is always on).
bool follows_day(const CostModel& m, const Candidate& c) {
  return m.autoscale.applies && !is_purchase(*c.instance);
}

double fleet_usd(const OwnFleet& f) {
  return f.compute_usd_per_month + f.storage_usd_per_month;
}

// A scaled fleet's instances and disk a month lie within slope x (mean instances'
// worth) + [lo, hi] (docs/methodology.md, "Break-even"), with hours =
// scaled_hours_per_unit() and most = the busiest hour's share.
struct ScaledBound {
  double hours = 0;
  double most = 0;
  // The lower end for option `c`, a hair under it for rounding.
  double low_usd(const CostModel& m, const Candidate& c, double mean_requests_per_s,
                 const Scales& scales) const {
    const ReplicaRule rule = replica_rule(m.redundancy);
    const double worth = mean_requests_per_s / (c.replica_requests_per_s * scales.capacity);
    const double hour = c.usd_per_hour * scales.gpu_price * kDaysPerMonth;
    const double copy = c.weights_gb * m.scenario.self_host.storage_usd_per_gb_month;
    return (rule.m * (hour * hours + copy * most) * worth + rule.k * (kHoursPerDay * hour + copy)) *
           (1 - 1e-9);
  }
};

// An option's scaled fleet cost, valid for volumes in [since, until).
struct ScaledCache {
  double since = 0;
  double until = -1;
  double usd = 0;
};

ScaledBound scaled_bound(const CostModel& m, const std::array<double, 24>& profile) {
  return {.hours = scaled_hours_per_unit(profile, m.autoscale.lead_minutes / kMinutesPerHour),
          .most = *std::max_element(profile.begin(), profile.end())};
}

// The chosen fleet's reclaims (spot.h): the option's cloud's rate, or the buyer's,
// the lost share billed at the API's blended price.
SpotCost fleet_spot_cost(const CostModel& m, const OwnFleet& f, double tokens_per_day,
                         const std::array<double, 24>& profile, const Scales& scales) {
  const Candidate& c = *f.option;
  const SpotReclaimRate* row = spot_reclaim_rate(m.spot.rates, c.instance->cloud);
  const SpotRates rates{
      .reclaims_per_instance_hour = m.spot.buyer_reclaims_per_instance_hour.value_or(
          row ? row->reclaims_per_instance_hour : 0.0),
      .replace_hours = m.spot.replace_hours,
      .fallback_usd_per_1m = blended_usd_per_1m(m.api, m.scenario) * scales.api_price};
  std::array<SpotHourInput, 24> day{};
  for (std::size_t h = 0; h < day.size(); ++h) {
    day[h] = {.working = f.hourly_working[h],
              .spares = f.hourly_replicas[h] - f.hourly_working[h],
              .tokens = tokens_per_day / kHoursPerDay * profile[h],
              .usd_per_hour = c.usd_per_hour * scales.gpu_price};
  }
  SpotCost out = spot_cost(day, rates);
  out.cloud = c.instance->cloud;
  out.buyer_rate = m.spot.buyer_reclaims_per_instance_hour.has_value();
  out.basis = out.buyer_rate ? std::string("the scenario's figure")
              : row          ? fmt::format("{}: {} ({}, written down {})", row->cloud, row->basis,
                                           row->source, row->date)
                             : std::string("no row for the cloud in the catalogs: none counted");
  return out;
}

}  // namespace

OwnCost own_cost(const CostModel& m, double tokens_per_day, const Scales& scales) {
  const Scenario& s = m.scenario;
  const double tokens = tokens_per_day * scales.tokens;
  const double peak = peak_of(m, scales);
  OwnCost cost;
  const double mean_requests_per_s = tokens / tokens_per_request(s) / kSecondsPerDay;
  cost.peak_requests_per_s = mean_requests_per_s * peak;
  const std::array<double, 24> profile = profile_of(m, scales);
  const ScaledBound bound = scaled_bound(m, profile);
  for (const Candidate& c : m.frontier) {
    const OwnFleet on = always_on_fleet(m, c, cost.peak_requests_per_s, scales);
    if (!cost.always_on.option || fleet_usd(on) < fleet_usd(cost.always_on)) cost.always_on = on;
    if (!follows_day(m, c)) continue;
    // The day's cost is at least the bound's: skip an option that cannot win.
    if (cost.scaled &&
        bound.low_usd(m, c, mean_requests_per_s, scales) >= fleet_usd(*cost.scaled)) {
      continue;
    }
    const OwnFleet scaled = scaled_fleet(m, c, mean_requests_per_s, profile, scales);
    if (!cost.scaled || fleet_usd(scaled) < fleet_usd(*cost.scaled)) cost.scaled = scaled;
  }
  cost.scaled_chosen = cost.scaled && fleet_usd(*cost.scaled) < fleet_usd(cost.always_on);
  const OwnFleet& chosen = cost.scaled_chosen ? *cost.scaled : cost.always_on;
  cost.option = chosen.option;
  cost.working_replicas = chosen.working_replicas;
  cost.replicas = chosen.replicas;
  cost.compute_usd_per_month = chosen.compute_usd_per_month;
  cost.storage_usd_per_month = chosen.storage_usd_per_month;
  cost.egress_usd_per_month = egress_usd_per_month(m, tokens);
  cost.staff_usd_per_month = s.self_host.staff_usd_per_year * scales.staff / kMonthsPerYear;
  cost.finetune_usd_per_month = selfhost_finetune_usd_per_month(m, scales.gpu_price);
  cost.total_usd_per_month = cost.compute_usd_per_month + cost.storage_usd_per_month +
                             cost.egress_usd_per_month + cost.staff_usd_per_month +
                             cost.finetune_usd_per_month;
  if (m.spot.applies && chosen.option && !is_purchase(*chosen.option->instance)) {  // not reclaimed
    cost.spot = fleet_spot_cost(m, chosen, tokens, profile, scales);
    cost.total_usd_per_month += cost.spot->spares_usd_per_month + cost.spot->fallback_usd_per_month;
  }
  return cost;
}

Breakeven breakeven(const CostModel& m, double from, double to) {
  Breakeven out{.from_tokens_per_day = from, .to_tokens_per_day = to};
  if (m.frontier.empty() || !(to > from)) return out;
  const ReplicaRule rule = replica_rule(m.redundancy);
  // Per unit of tokens a day: API a, egress e; fixed monthly: API fa, owning fo.
  const ApiCost api0 = api_cost(m, 0), api1 = api_cost(m, 1);
  const double a = api1.total_usd_per_month - api0.total_usd_per_month;
  const double fa = api0.total_usd_per_month;
  const double e = egress_usd_per_month(m, 1);
  const OwnCost own0 = own_cost(m, 0);
  const double fo = own0.staff_usd_per_month + own0.finetune_usd_per_month;
  const double g = a - e;

  // Each option's cheaper fleet, always on or following the day, lies within
  // slope x tokens + [lo, hi] (docs/methodology.md, "Break-even").
  struct Option {
    const Candidate* candidate;
    double price;     // one replica a month, always on
    double capacity;  // tokens a day per working replica with the busiest hour at capacity
    double unit;      // tokens a day one instance carries at the day's mean rate
    double slope, lo, hi;
  };
  const ScaledBound bound = scaled_bound(m, m.profile);
  const double most_share = bound.most, scaled_hours = bound.hours;
  const double storage = m.scenario.self_host.storage_usd_per_gb_month;
  std::vector<Option> options;
  for (const Candidate& c : m.frontier) {
    Option o{.candidate = &c,
             .price = replica_usd_per_month(m, c, 1.0),
             .capacity = replica_tokens_per_day_at_peak(m.scenario, c),
             .unit = c.replica_requests_per_s * tokens_per_request(m.scenario) * kSecondsPerDay};
    o.slope = rule.m * o.price / o.capacity;
    o.lo = o.price * rule.k;
    o.hi = o.price * (rule.m + rule.k);
    if (follows_day(m, c)) {
      const double hour = c.usd_per_hour * kDaysPerMonth, copy = c.weights_gb * storage;
      const double slope = rule.m * (hour * scaled_hours + copy * most_share) / o.unit;
      const double lo = rule.k * (kHoursPerDay * hour + copy);
      const double hi = lo + rule.m * m.autoscale.min_instances * (kHoursPerDay * hour + copy);
      o.hi = slope < o.slope ? hi : slope > o.slope ? o.hi : std::min(o.hi, hi);
      o.slope = std::min(o.slope, slope);
      o.lo = std::min(o.lo, lo);
    }
    options.push_back(o);
  }
  std::stable_sort(options.begin(), options.end(),
                   [](const Option& x, const Option& y) { return x.slope < y.slope; });
  std::vector<double> shares;  // the hours' distinct shares: hours alike step together
  for (double share : m.profile) {
    if (m.autoscale.applies && share > 0) shares.push_back(share);
  }
  std::sort(shares.begin(), shares.end());
  shares.erase(std::unique(shares.begin(), shares.end()), shares.end());
  // An option's scaled fleet at `tokens`, kept while no hour's count can step:
  // below the nearest i x unit / share above it (a hair under, for rounding).
  std::vector<ScaledCache> cache(options.size());
  auto scaled_usd = [&](std::size_t i, double tokens, double mean_requests_per_s) {
    ScaledCache& c = cache[i];
    if (tokens >= c.since && tokens < c.until) return c.usd;
    const Option& o = options[i];
    c = {.since = tokens,
         .until = std::numeric_limits<double>::infinity(),
         .usd = fleet_usd(scaled_fleet(m, *o.candidate, mean_requests_per_s, m.profile, {}))};
    for (double share : shares) {
      const double step = o.unit / share;
      c.until = std::min(c.until, std::ceil(tokens / step * (1 - 1e-12)) * step * (1 - 1e-12));
    }
    return c.usd;
  };
  auto own_fixed = [&](double tokens) {  // the cheapest option's fleet at `tokens`
    double best = std::numeric_limits<double>::infinity();
    const double mean_requests_per_s = tokens / tokens_per_request(m.scenario) / kSecondsPerDay;
    for (std::size_t i = 0; i < options.size(); ++i) {  // lowest slope first: likely cheapest
      const Option& o = options[i];
      if ((o.slope * tokens + o.lo) * (1 - 1e-9) >= best) continue;  // cannot undercut
      const double working = std::max(1.0, std::ceil(tokens / o.capacity));
      best = std::min(best, o.price * (rule.m * working + rule.k));
      if (follows_day(m, *o.candidate) &&
          bound.low_usd(m, *o.candidate, mean_requests_per_s, {}) < best) {
        best = std::min(best, scaled_usd(i, tokens, mean_requests_per_s));
      }
    }
    return best;
  };
  // Beyond some volume the option with the lowest slope, b, is always cheapest,
  // and beyond a further one the sign of owning - renting no longer changes
  // (docs/methodology.md): only steps below both need listing.
  const auto b = std::min_element(options.begin(), options.end(),
                                  [](auto& x, auto& y) { return x.slope < y.slope; });
  double stop = 0;
  for (const Option& o : options) {
    if (&o == &*b) continue;
    if (o.slope > b->slope) {
      stop = std::max(stop, (b->hi - o.lo) / (o.slope - b->slope));
    } else {  // as cheap per token as b: it may stay cheapest at any volume
      stop = to;
    }
  }
  const double slope = b->slope - g;  // owning minus renting, per token a day
  bool tail_owning = false;
  if (slope < 0) {  // each token a day costs more through the API
    stop = std::max(stop, (b->hi + fo - fa) / -slope);
    tail_owning = true;
  } else if (slope > 0) {
    stop = std::max(stop, -(b->lo + fo - fa) / slope);
  } else {
    stop = to;
  }
  stop += b->capacity;  // a replica's worth past it, for rounding
  // Where the API costs about what an instance does per capacity the sign changes
  // at nearly every step: list at most kMaxSteps steps and say where the search
  // stopped.
  constexpr double kMaxSteps = 2e5;
  const double listed_to = std::min(stop, to);
  double steps = 0;
  for (const Option& o : options) {
    steps += listed_to / o.capacity;
    for (double share : shares) steps += listed_to * share / o.unit;
  }
  const double enumerate_to = listed_to * std::min(1.0, kMaxSteps / steps);
  std::vector<double> edges = {from, enumerate_to};
  auto add_edges = [&](double step) {
    for (double n = std::ceil(from / step); n * step < enumerate_to; ++n) {
      if (n * step > from) edges.push_back(n * step);
    }
  };
  for (const Option& o : options) {
    add_edges(o.capacity);
    for (double share : shares) add_edges(o.unit / share);  // an hour's count steps
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  auto add = [&](double lo, double hi) {
    if (!(hi > lo)) return;
    if (!out.ranges.empty() && out.ranges.back().to_tokens_per_day >= lo) {
      out.ranges.back().to_tokens_per_day = std::max(out.ranges.back().to_tokens_per_day, hi);
    } else {
      out.ranges.push_back({lo, hi});
    }
  };
  // On (t0, t1] owning - renting = K - g x tokens, K constant.
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const double t0 = edges[i], t1 = edges[i + 1];
    const double k = own_fixed((t0 + t1) / 2.0) + fo - fa;
    if (g > 0) {
      add(std::max(t0, k / g), t1);
    } else if (g < 0) {
      add(t0, std::min(t1, k / g));
    } else if (k < 0) {
      add(t0, t1);
    }
  }
  if (enumerate_to < to && tail_owning && enumerate_to >= stop) add(enumerate_to, to);
  if (enumerate_to < to && enumerate_to < stop) out.to_tokens_per_day = enumerate_to;
  if (!out.ranges.empty()) out.breakeven_tokens_per_day = out.ranges.front().from_tokens_per_day;
  return out;
}

Hybrid best_hybrid(const CostModel& m, double tokens_per_day) {
  const Scenario& s = m.scenario;
  // The overflow goes to the renter whose tokens cost less; fine-tuning comes with
  // whichever it is.
  const bool hosted = m.hosted && offer_cost(m, *m.hosted, 1).blended_usd_per_1m <
                                      api_cost(m, 1).blended_usd_per_1m;
  auto rent = [&](double tokens) { return hosted ? hosted_cost(m, tokens) : api_cost(m, tokens); };
  const ApiCost all_api = rent(tokens_per_day);
  Hybrid best{.api_usd_per_month = all_api.total_usd_per_month,
              .total_usd_per_month = all_api.total_usd_per_month,
              .rents_hosted = hosted};
  const double p = s.workload.peak_to_average;
  const double fixed_own =
      s.self_host.staff_usd_per_year / kMonthsPerYear + selfhost_finetune_usd_per_month(m, 1);
  // All owned is a candidate in its own right, so the search below may stop early.
  if (const OwnCost own = own_cost(m, tokens_per_day);
      own.option && own.total_usd_per_month < best.total_usd_per_month) {
    best = {.option = own.option,
            .owned_replicas = own.working_replicas,
            .owned_token_share = 1,
            .owned_usd_per_month = own.total_usd_per_month,
            .api_usd_per_month = 0,
            .total_usd_per_month = own.total_usd_per_month,
            .owned_scaled = own.scaled_chosen};
  }
  const double mean_requests_per_s = tokens_per_day / tokens_per_request(s) / kSecondsPerDay;
  constexpr double kMostOwned = 10000;  // instances tried per option
  for (const Candidate& c : m.frontier) {
    const double per_hour =
        replica_tokens_per_day_at_peak(m.scenario, c) * p / kHoursPerDay;  // tokens an hour
    const double peak_hour = tokens_per_day / kHoursPerDay * p;
    const int most =
        std::max(1, static_cast<int>(std::min(std::ceil(peak_hour / per_hour), kMostOwned)));
    for (int k = 1; k <= most; ++k) {
      double overflow = 0;
      for (double share : m.profile) {
        overflow += std::max(0.0, tokens_per_day / kHoursPerDay * share - k * per_hour);
      }
      const double owned = tokens_per_day - overflow;
      const ApiCost api = rent(overflow);
      const double api_usd =
          api.tokens_usd_per_month +
          (overflow > 0 && !hosted ? api.finetune_usd_per_month : 0.0);  // hosted: run owned
      // The owned instances keep the scenario's redundancy: the API takes the
      // overflow, not the failover.
      // Always on, or following the day with at most k working in any hour.
      double instances_usd = total_replicas(k, m.redundancy) * replica_usd_per_month(m, c, 1.0);
      bool scaled = false;
      if (follows_day(m, c)) {
        const double follow = fleet_usd(scaled_fleet(m, c, mean_requests_per_s, m.profile, {}, k));
        scaled = follow < instances_usd;
        instances_usd = std::min(instances_usd, follow);
      }
      const double owned_usd = instances_usd + egress_usd_per_month(m, owned) + fixed_own;
      if (owned_usd + api_usd < best.total_usd_per_month) {
        best = {.option = &c,
                .owned_replicas = k,
                .owned_token_share = tokens_per_day > 0 ? owned / tokens_per_day : 0,
                .owned_usd_per_month = owned_usd,
                .api_usd_per_month = api_usd,
                .total_usd_per_month = owned_usd + api_usd,
                .rents_hosted = hosted,
                .owned_scaled = scaled};
      }
    }
  }
  return best;
}

const char* uncertain_input_name(UncertainInput input) {
  switch (input) {
    case UncertainInput::kTraffic:
      return "workload.tokens_per_day";
    case UncertainInput::kApiPrice:
      return "API prices";
    case UncertainInput::kGpuPrice:
      return "GPU prices";
    case UncertainInput::kThroughput:
      return "replica throughput";
    case UncertainInput::kPeakToAverage:
      return "workload.peak_to_average";
    case UncertainInput::kStaff:
      return "self_host.staff_usd_per_year";
  }
  return "";  // unreachable: every enumerator is named above
}

std::vector<Uncertainty> uncertainties(const Scenario& scenario) {
  const double p = scenario.workload.peak_to_average;
  return {
      {UncertainInput::kTraffic, 0.5, 2.0, true,
       "ours: a traffic forecast is rarely good to better than a factor of two"},
      {UncertainInput::kApiPrice, 0.5, 1.5, false,
       "ours: a newer model or a negotiated discount can halve them; a larger model costs more"},
      {UncertainInput::kGpuPrice, 0.7, 1.3, false,
       "ours: the spread of one GPU's price between clouds and regions (llmtco catalog instances)"},
      {UncertainInput::kThroughput, 0.75, 1.25, false,
       "the speed model's 90th-percentile error on the calibration set is 24.8% (llmtco validate)"},
      {UncertainInput::kPeakToAverage, std::max(1.0, p * 0.75),
       std::min(kMaxPeakToAverage, p * 1.5), false,
       "ours: the daily profile is an assumption until measured"},
      {UncertainInput::kStaff, 0.5, 1.5, false,
       "ours: from part of one engineer's time to more than one"},
  };
}

namespace {

Scales scales_for(const Uncertainty& u, double value) {
  Scales s;
  switch (u.input) {
    case UncertainInput::kTraffic:
      s.tokens = value;
      break;
    case UncertainInput::kApiPrice:
      s.api_price = value;
      break;
    case UncertainInput::kGpuPrice:
      s.gpu_price = value;
      break;
    case UncertainInput::kThroughput:
      s.capacity = value;
      break;
    case UncertainInput::kPeakToAverage:
      s.peak_to_average = value;
      break;
    case UncertainInput::kStaff:
      s.staff = value;
      break;
  }
  return s;
}

}  // namespace

double owning_minus_renting_usd_per_month(const CostModel& m, const Scales& scales) {
  const double tokens = m.scenario.workload.tokens_per_day;
  return own_cost(m, tokens, scales).total_usd_per_month -
         api_cost(m, tokens, scales).total_usd_per_month;
}

std::vector<TornadoBar> tornado(const CostModel& m) {
  std::vector<TornadoBar> bars;
  for (const Uncertainty& u : uncertainties(m.scenario)) {
    bars.push_back(
        {.input = u,
         .low_usd_per_month = owning_minus_renting_usd_per_month(m, scales_for(u, u.low)),
         .high_usd_per_month = owning_minus_renting_usd_per_month(m, scales_for(u, u.high))});
  }
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& x, const TornadoBar& y) {
    return std::abs(x.high_usd_per_month - x.low_usd_per_month) >
           std::abs(y.high_usd_per_month - y.low_usd_per_month);
  });
  return bars;
}

MonteCarlo monte_carlo(const CostModel& m, std::size_t samples, std::uint64_t seed) {
  MonteCarlo out{.samples = samples, .seed = seed};
  if (samples == 0 || m.frontier.empty()) return out;
  const std::vector<Uncertainty> inputs = uncertainties(m.scenario);
  SplitMix64 rng{seed};
  std::vector<double> api(samples), own(samples), diff(samples);
  std::size_t owning_cheaper = 0;
  const double tokens = m.scenario.workload.tokens_per_day;
  for (std::size_t i = 0; i < samples; ++i) {
    Scales s;
    for (const Uncertainty& u : inputs) {
      const double x = rng.uniform();
      const double v = u.log_uniform ? std::exp(std::log(u.low) + x * std::log(u.high / u.low))
                                     : u.low + x * (u.high - u.low);
      const Scales one = scales_for(u, v);
      s.tokens *= one.tokens;
      s.api_price *= one.api_price;
      s.gpu_price *= one.gpu_price;
      s.capacity *= one.capacity;
      s.staff *= one.staff;
      if (one.peak_to_average > 0) s.peak_to_average = one.peak_to_average;
    }
    api[i] = api_cost(m, tokens, s).total_usd_per_month;
    own[i] = own_cost(m, tokens, s).total_usd_per_month;
    diff[i] = own[i] - api[i];
    if (diff[i] < 0) ++owning_cheaper;
  }
  out.owning_cheaper_probability =
      static_cast<double>(owning_cheaper) / static_cast<double>(samples);
  out.api_usd_per_month = percentiles(api);
  out.own_usd_per_month = percentiles(own);
  out.owning_minus_renting_usd_per_month = percentiles(diff);
  return out;
}

const char* choice_name(Choice choice) {
  switch (choice) {
    case Choice::kSelfHost:
      return "self_host";
    case Choice::kMix:
      return "hybrid";
    case Choice::kHosted:
      return "hosted";
    case Choice::kApi:
      break;
  }
  return "api";
}

namespace {

Choice choose(const Decision& d) {
  const double api = d.api.total_usd_per_month;
  const bool hosted_cheaper = d.hosted && d.hosted->total_usd_per_month < api;
  const Choice rent = hosted_cheaper ? Choice::kHosted : Choice::kApi;
  if (!d.own.option) return rent;
  const Hybrid& h = d.hybrid;
  if (h.owned_replicas > 0 && h.owned_token_share < 1.0 &&
      h.total_usd_per_month < d.best_pure_usd_per_month * (1.0 - kMixMinSavingShare)) {
    return Choice::kMix;
  }
  const double rent_usd = hosted_cheaper ? d.hosted->total_usd_per_month : api;
  return d.own.total_usd_per_month < rent_usd ? Choice::kSelfHost : rent;
}

// Owning the same scenario at on-demand prices; none when no option meets the target.
std::optional<double> on_demand_own_usd_per_month(const Catalogs& catalogs, const CostModel& m) {
  Scenario s = m.scenario;
  s.self_host.pricing = pricing_name(Pricing::kOnDemand);
  DeploymentSearch search = m.search;
  search.pricing = Pricing::kOnDemand;
  const CostModel on_demand = build_cost_model(catalogs, s, m.api, std::move(search));
  const OwnCost own = own_cost(on_demand, s.workload.tokens_per_day);
  if (!own.option) return std::nullopt;
  return own.total_usd_per_month;
}

std::optional<FinetuneRun> reference_finetune(const Catalogs& catalogs, const CostModel& m) {
  if (m.finetune_run) return m.finetune_run;
  FinetuneJob job{.dataset_tokens = kReferenceTrainingTokens, .epochs = 1};
  job.options.method = finetune_method(m.scenario.fine_tune.method);
  const FinetunePlan plan = plan_finetune(catalogs, m.search.model, job,
                                          {.clouds = m.search.clouds, .pricing = m.search.pricing});
  if (plan.runs.empty()) return std::nullopt;
  return plan.runs.front();
}

}  // namespace

Decision decide(const Catalogs& catalogs, const CostModel& m, double from, double to) {
  const double t = m.scenario.workload.tokens_per_day;
  Decision d{.api = api_cost(m, t), .own = own_cost(m, t)};
  if (m.hosted) d.hosted = hosted_cost(m, t);
  d.best_pure_usd_per_month = d.api.total_usd_per_month;
  if (d.hosted)
    d.best_pure_usd_per_month = std::min(d.best_pure_usd_per_month, d.hosted->total_usd_per_month);
  if (d.own.option)
    d.best_pure_usd_per_month = std::min(d.best_pure_usd_per_month, d.own.total_usd_per_month);
  d.choice = choose(d);
  if (!d.own.option) return d;
  d.hybrid = best_hybrid(m, t);
  d.choice = choose(d);
  d.breakeven = breakeven(m, from, to);
  const double g = m.scenario.workload.monthly_growth;
  if (d.breakeven.breakeven_tokens_per_day && g > 0 && t < *d.breakeven.breakeven_tokens_per_day) {
    d.months_to_breakeven = std::log(*d.breakeven.breakeven_tokens_per_day / t) / std::log1p(g);
  }
  if (d.own.staff_usd_per_month > 0) {
    CostModel no_staff = m;
    no_staff.scenario.self_host.staff_usd_per_year = 0;
    d.breakeven_without_staff = breakeven(no_staff, from, to);
  }
  d.reference_is_scenario_run = m.finetune_run.has_value();
  d.reference_finetune = reference_finetune(catalogs, m);
  d.at_peak = throughput_at_peak(m.search, *d.own.option, d.own.working_replicas,
                                 d.own.peak_requests_per_s);
  d.peak_latency =
      latency_at_peak(m.search, *d.own.option, d.own.working_replicas, d.own.peak_requests_per_s);
  d.reference_lora = finetune_memory(m.search.model, find_precision(catalogs, "bf16"), {});
  if (m.spot.applies && d.choice == Choice::kSelfHost) {
    d.on_demand_own_usd_per_month = on_demand_own_usd_per_month(catalogs, m);
  }
  return d;
}

bool spot_decides(const Decision& d) {
  if (d.choice != Choice::kSelfHost || !d.own.spot) return false;
  const double rent = d.hosted ? std::min(d.api.total_usd_per_month, d.hosted->total_usd_per_month)
                               : d.api.total_usd_per_month;
  return !d.on_demand_own_usd_per_month || *d.on_demand_own_usd_per_month >= rent;
}

}  // namespace llmtco
