// Owned capacity that follows the day: on-demand and spot instances started and
// stopped with the hourly profile, whole instances each hour, above a minimum,
// each added one started a lead time early. docs/methodology.md, "Instances that
// follow the day", gives every formula.
#pragma once

#include <array>

#include "llmtco/instance.h"
#include "llmtco/plan.h"

namespace llmtco {

// How the owned instances follow the day: self_host.autoscale.* (AutoscaleSpec,
// scenario.h) and whether the pricing lets them stop.
struct Autoscale {
  int min_instances = 1;     // working instances kept up all day; >= 1
  double lead_minutes = 10;  // an added instance is started (and billed) this early; 0..120
  bool applies = true;       // false: the pricing is paid every hour (reserved terms)
};

// Only on-demand and spot instances can be stopped; a reserved term is paid for
// every hour of it whether the instance runs or not.
bool pricing_scales(Pricing pricing);

// One day of instances that follow the profile.
struct ScaledDay {
  std::array<int, 24> working{};      // n_h = max(min_instances, ceil(profile[h] x mean / replica))
  std::array<int, 24> instances{};    // total_replicas(n_h, redundancy): the spares on top
  int peak_instances = 0;             // max over h of instances: the copies of the weights kept
  double instance_hours_per_day = 0;  // billed (billed_instance_hours_per_day)
};

// Instance-hours billed a day for `instances` up in each hour (the day wraps):
// each level j (the j-th instance) is billed for the hours it is needed, and for
// each lull between those hours min(lull hours, lead_hours): an instance is stopped
// only when the lull is longer than its restart lead, else it stays up. With
// lead_hours <= 1 this is sum_h n_h + lead_hours x sum_h max(0, n_{h+1} - n_h).
double billed_instance_hours_per_day(const std::array<int, 24>& instances, double lead_hours);

// The day for a traffic whose mean is `mean_requests_per_s`, on instances that each
// carry `replica_requests_per_s`; at most `cap` working instances an hour (the
// hybrid's owned base; 0: no cap). Working counts are capped at 1e9.
ScaledDay scaled_day(const std::array<double, 24>& profile, double mean_requests_per_s,
                     double replica_requests_per_s, const Autoscale& autoscale,
                     Redundancy redundancy, int cap = 0);

// The integral over y in [0, max profile] of the level cost of the hours with
// profile > y (billed hours of one level: needed hours plus min(lull, lead) per
// lull): billed working instance-hours a day grow as mean tokens / tokens an
// instance carries x this, within 24 x min_instances (docs/methodology.md).
double scaled_hours_per_unit(const std::array<double, 24>& profile, double lead_hours);

}  // namespace llmtco
