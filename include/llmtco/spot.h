// Spot instances that get reclaimed: how often a cloud takes an instance back
// (data/instances/spot_reclaims.csv, or the buyer's figure), how many spares an
// hour keeps, and the traffic the API serves while more instances are down than
// there are spares. docs/methodology.md, "Spot that gets reclaimed", gives every
// formula.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmtco {

// One row of data/instances/spot_reclaims.csv: a cloud's reclaims per instance-hour
// with what it is based on. The row of cloud kSpotAnyCloud covers the clouds
// without one.
struct SpotReclaimRate {
  std::string cloud;
  double reclaims_per_instance_hour = 0;
  std::string basis;   // the published figure and its conversion, or the assumption
  std::string source;  // where it is stated ("recalled" where recalled)
  std::string date;    // when the row was written down here, not the date of its source
};

inline constexpr std::string_view kSpotAnyCloud = "*";

// self_host.spot.reclaims_per_instance_hour's value that takes the cloud's row.
inline constexpr std::string_view kSpotCloudRate = "cloud";

// The field's problem: nullopt for "cloud" or a number between 0 and 1.
std::optional<std::string> spot_reclaims_problem(std::string_view text);

// The buyer's figure, or nullopt for "cloud" (the text must pass spot_reclaims_problem).
std::optional<double> buyer_reclaims_per_instance_hour(std::string_view text);

// `cloud`'s row, else the kSpotAnyCloud row; null when `rates` has neither.
const SpotReclaimRate* spot_reclaim_rate(std::span<const SpotReclaimRate> rates,
                                         std::string_view cloud);

// What the spot model knows before a fleet is chosen (CostModel::spot).
struct SpotPolicy {
  bool applies = false;  // self_host.pricing is spot
  std::optional<double> buyer_reclaims_per_instance_hour;
  double replace_hours = 0;  // self_host.spot.replace_minutes / 60
  std::vector<SpotReclaimRate> rates;
};

// One hour of a fleet, for spot_cost().
struct SpotHourInput {
  int working = 0;          // instances the hour's traffic needs
  int spares = 0;           // the redundancy's spares that hour
  double tokens = 0;        // the hour's tokens
  double usd_per_hour = 0;  // one instance, the hour
};

// The Poisson model's inputs besides the hours.
struct SpotRates {
  double reclaims_per_instance_hour = 0;
  double replace_hours = 0;
  double fallback_usd_per_1m = 0;  // the API's blended price, which bills the lost tokens
};

// E[min(working, max(0, D - spares))] for D ~ Poisson(mean): the working
// instances' worth of capacity lost on average.
double expected_lost_instances(double mean, int spares, int working);

// The spares of an hour: s >= the redundancy's r minimising
// (s - r) x usd_per_hour + expected_lost_instances(mean, s, working) / working x tokens x price,
// mean = (working + r) x rate x replace_hours.
int hour_spares(const SpotHourInput& hour, const SpotRates& rates);

// A day of spot instances, a month of its reclaims and fallback.
struct SpotCost {
  double reclaims_per_instance_hour = 0;
  bool buyer_rate = false;  // the scenario's figure, not the cloud's row
  std::string cloud;        // the chosen instance's
  std::string basis;        // the row's basis and source, or "the scenario's figure"
  double replace_hours = 0;
  std::array<int, 24> hourly_spares{};  // spares kept each hour, the redundancy's included
  double extra_spare_instance_hours_per_day = 0;  // sum_h (s_h - r_h)
  double spares_usd_per_month = 0;
  double reclaims_per_month = 0;
  // Hours the replacements bill while they start: inside the instances' bill (each
  // bills in place of the reclaimed one), shown, not added.
  double replace_instance_hours_per_month = 0;
  double fallback_tokens_per_month = 0;
  double fallback_usd_per_month = 0;
  double fallback_share = 0;  // of the month's tokens
};

// Over the day's 24 hours, a month of days_per_month.
SpotCost spot_cost(const std::array<SpotHourInput, 24>& day, const SpotRates& rates);

}  // namespace llmtco
