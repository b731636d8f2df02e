#include "llmtco/autoscale.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "llmtco/units.h"

namespace llmtco {
namespace {

// One level's billed hours: the hours it is needed, and min(lull, lead) for each
// lull between them, the day wrapping; 0 when never needed, 24 when always.
double level_hours(const std::array<bool, 24>& needed, double lead_hours) {
  const auto up = static_cast<int>(std::count(needed.begin(), needed.end(), true));
  if (up == 0 || up == 24) return up;
  int start = 0;  // an hour that is needed, so that every lull is seen whole
  while (!needed[start]) ++start;
  double hours = up;
  int lull = 0;
  for (int i = 1; i <= 24; ++i) {
    if (!needed[(start + i) % 24]) {
      ++lull;
    } else if (lull > 0) {
      hours += std::min(static_cast<double>(lull), lead_hours);
      lull = 0;
    }
  }
  return hours;
}

// The distinct positive values of `values`, ascending.
template <typename T>
std::vector<T> levels_of(const std::array<T, 24>& values) {
  std::vector<T> out;
  for (T v : values) {
    if (v > 0) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Sum over the bands (previous level, level] of the band's width x the level cost
// of the hours at or above the level.
template <typename T>
double banded_hours(const std::array<T, 24>& values, double lead_hours) {
  double total = 0, previous = 0;
  for (T level : levels_of(values)) {
    std::array<bool, 24> needed{};
    for (int h = 0; h < 24; ++h) needed[h] = values[h] >= level;
    total += (static_cast<double>(level) - previous) * level_hours(needed, lead_hours);
    previous = static_cast<double>(level);
  }
  return total;
}

}  // namespace

bool pricing_scales(Pricing pricing) {
  return pricing == Pricing::kOnDemand || pricing == Pricing::kSpot;
}

double billed_instance_hours_per_day(const std::array<int, 24>& instances, double lead_hours) {
  if (lead_hours > 1) return banded_hours(instances, lead_hours);
  // Every lull is at least an hour: each start bills the whole lead (the same sum).
  double up = 0, started = 0;
  for (int h = 0; h < 24; ++h) {
    up += instances[h];
    started += std::max(0, instances[(h + 1) % 24] - instances[h]);
  }
  return up + lead_hours * started;
}

double scaled_hours_per_unit(const std::array<double, 24>& profile, double lead_hours) {
  return banded_hours(profile, lead_hours);
}

ScaledDay scaled_day(const std::array<double, 24>& profile, double mean_requests_per_s,
                     double replica_requests_per_s, const Autoscale& autoscale,
                     Redundancy redundancy, int cap) {
  constexpr double kMostWorking = 1e9;
  ScaledDay day;
  for (int h = 0; h < 24; ++h) {
    const double needed = std::ceil(
        std::min(profile[h] * mean_requests_per_s / replica_requests_per_s, kMostWorking));
    int n = std::max(autoscale.min_instances, static_cast<int>(needed));
    if (cap > 0) n = std::min(cap, n);
    day.working[h] = n;
    day.instances[h] = total_replicas(n, redundancy);
    day.peak_instances = std::max(day.peak_instances, day.instances[h]);
  }
  day.instance_hours_per_day =
      billed_instance_hours_per_day(day.instances, autoscale.lead_minutes / kMinutesPerHour);
  return day;
}

}  // namespace llmtco
