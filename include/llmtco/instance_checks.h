// Sanity checks on cloud instance prices as loaded: upstream catalogs carry odd
// rows (spot above on-demand, one region at half the price of the others), so the
// loader flags them instead of trusting them. Pure functions, no I/O.
#pragma once

#include <string>
#include <vector>

#include "llmtco/instance.h"

namespace llmtco {

// An on-demand price is a regional outlier when it is more than this many times,
// or less than one over this many times, the median on-demand price of the same
// instance (type, GPU and count) in the other regions of its cloud. A judgement
// call: list prices of one instance type rarely differ by 2x between regions, so
// a larger gap is more likely a data error than a real discount (SOURCES.md §4:
// GCP 8 x H100 at $33.61/h in us-central1 and $78.37/h in us-east4).
inline constexpr double kRegionalOutlierRatio = 2.0;
// The median needs at least this many other regions to stand for "the usual price".
inline constexpr std::size_t kMinOtherRegions = 2;

// Removes instances whose on-demand price is <= 0 (nothing to price them by) and
// clears spot and reserved prices <= 0. Returns one line per cloud and kind of
// price: "vast: spot price <= 0 in 64 rows (first: 1x-RTX_5090-32-65536 in
// Denmark, DK, EU: 0); spot left empty".
std::vector<std::string> drop_nonpositive_prices(std::vector<Instance>& instances);

// Adds a warning to each instance whose spot price is above its on-demand price or
// whose on-demand price is a regional outlier (above); returns the new warnings.
// The instances stay in.
std::vector<std::string> flag_suspicious_prices(std::vector<Instance>& instances);

// "gcp: a3-highgpu-8g (8 x h100-sxm) in us-central1", how warnings name an instance.
std::string instance_label(const Instance& instance);

}  // namespace llmtco
