// Owning's instances both ways in the compare report: always on, and following
// the day's profile (autoscale.h), with the hour-by-hour counts.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "llmtco/number_format.h"
#include "llmtco/units.h"
#include "verdict_parts.h"

namespace llmtco::detail {
namespace {

// Instances added from each hour to the next, the day wrapping.
int rises(const std::array<int, 24>& instances) {
  int sum = 0;
  for (int h = 0; h < 24; ++h) sum += std::max(0, instances[(h + 1) % 24] - instances[h]);
  return sum;
}

std::string fleet_words(const OwnFleet& f) {
  return fmt::format("{} x {} {}", f.replicas, f.option->instance->cloud,
                     f.option->instance->instance_type);
}

}  // namespace

std::vector<Figure> autoscale_figures(const CostModel& m, const OwnCost& own) {
  const Autoscale& a = m.autoscale;
  std::vector<Figure> f;
  const OwnFleet& on = own.always_on;
  f.push_back(cost_figure("selfhost_compute_always_on_usd_per_month", "Owning: instances always on",
                          on.compute_usd_per_month, "USD/month",
                          "always_on_replicas x always_on_usd_per_hour x hours_per_month",
                          {{"always_on_replicas", static_cast<double>(on.replicas), "instances"},
                           {"always_on_usd_per_hour", on.option->usd_per_hour, "USD/hour"},
                           unit_input(UnitInput::kMonthHours)}));
  if (!own.scaled) return f;
  const OwnFleet& sc = *own.scaled;
  const int up = std::accumulate(sc.hourly_replicas.begin(), sc.hourly_replicas.end(), 0);
  f.push_back(cost_figure(
      "selfhost_scaled_instance_hours_per_day", "Owning: instance-hours a day, following the day",
      sc.instance_hours_per_day, "instance-hours/day", "instance_hours_up + lead_hours_billed",
      {{"instance_hours_up", static_cast<double>(up), "instance-hours/day"},
       {"lead_hours_billed", sc.instance_hours_per_day - up, "instance-hours/day"},
       {"instances_started", static_cast<double>(rises(sc.hourly_replicas)), "instances/day"},
       {"self_host.autoscale.min_instances", static_cast<double>(a.min_instances), "instances"},
       {"self_host.autoscale.lead_minutes", a.lead_minutes, "minutes"}}));
  f.push_back(cost_figure(
      "selfhost_compute_scaled_usd_per_month", "Owning: instances following the day",
      sc.compute_usd_per_month, "USD/month",
      "selfhost_scaled_instance_hours_per_day x scaled_usd_per_hour x days_per_month",
      {{"selfhost_scaled_instance_hours_per_day", sc.instance_hours_per_day, "instance-hours/day"},
       {"scaled_usd_per_hour", sc.option->usd_per_hour, "USD/hour"},
       unit_input(UnitInput::kMonthDays)}));
  return f;
}

Table hourly_instances_table(const CostModel& m, const OwnCost& own) {
  Table t{.id = "hourly_instances",
          .title = "Owning hour by hour: instances up, spares included",
          .columns = {"hour", "traffic_over_mean", "always_on_instances", "scaled_working",
                      "scaled_instances"},
          .labels = {"hour", "traffic / mean", "always on", "scaled: working", "scaled: up"}};
  for (int h = 0; h < 24; ++h) {
    std::vector<Cell> row = {std::int64_t{h}, m.profile[h],
                             std::int64_t{own.always_on.hourly_replicas[h]}};
    if (own.scaled) {
      row.push_back(std::int64_t{own.scaled->hourly_working[h]});
      row.push_back(std::int64_t{own.scaled->hourly_replicas[h]});
    } else {
      row.push_back(Cell{});
      row.push_back(Cell{});
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string autoscale_note(const CostModel& m, const OwnCost& own) {
  const OwnFleet& on = own.always_on;
  if (!own.scaled) {
    return fmt::format(
        "Owning is billed always on ({} for {} x 730 hours): a {} term is paid for every hour "
        "whether the instances run or not, so they do not follow the day.",
        format_usd(on.compute_usd_per_month), fleet_words(on), m.scenario.self_host.pricing);
  }
  const OwnFleet& sc = *own.scaled;
  const std::string scaled = fmt::format(
      "{} instance-hours a day, {}/month for {} at the busiest hour ({} pricing: at least {} "
      "working all day, each added instance started {} minutes before its hour, stopped only in "
      "a lull longer than that)",
      format_number(sc.instance_hours_per_day), format_usd(sc.compute_usd_per_month),
      fleet_words(sc), m.scenario.self_host.pricing, m.autoscale.min_instances,
      format_number(m.autoscale.lead_minutes));
  const std::string always = fmt::format("{} x 730 hours, {}/month", fleet_words(on),
                                         format_usd(on.compute_usd_per_month));
  return own.scaled_chosen
             ? fmt::format(
                   "Owning follows the day: {}; always on it would be {}. The disk for "
                   "the weights is kept for the busiest hour's copies.",
                   scaled, always)
             : fmt::format(
                   "Owning stays always on: {}; following the day would bill {}. The disk "
                   "for the weights is kept for the busiest hour's copies.",
                   always, scaled);
}

}  // namespace llmtco::detail
