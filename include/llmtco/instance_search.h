// Which rows of the instance catalog a deployment or fine-tuning search prices: the
// clouds and regions asked for, at the pricing asked for, without the rows the
// catalog's own checks flagged unless asked; the cheapest region of each instance
// type; and what was left out, for the reports' notes. docs/methodology.md,
// "Deployment plans".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmtco/instance.h"

namespace llmtco {

// A price older than this many days on the day of the run is called stale. Ours: the
// snapshots are refreshed about quarterly, and cloud GPU prices moved by tens of
// percent within a quarter in 2024-2025 (docs/methodology.md, "Deployment plans").
inline constexpr int kStalePriceDays = 90;

// How many left-out rows a note names before "and N more".
inline constexpr std::size_t kNamedLeftOutRows = 3;

// What a run knows besides its scenario, set by the shells (--include-flagged and
// options.include_flagged; today's date from the clock, a fixed one in tests).
struct PriceChecks {
  bool include_flagged = false;  // price the rows the catalog flags too
  std::string today_iso;         // YYYY-MM-DD, for stale prices; "": not aged
};

struct InstanceChoice {
  std::vector<std::string> clouds;   // empty: every cloud
  std::vector<std::string> regions;  // patterns ('*' matches any run of characters); empty: all
  Pricing pricing = Pricing::kOnDemand;
  bool include_flagged = false;  // price rows with Instance::warnings too
};

struct PricedInstance {
  const Instance* instance = nullptr;
  double usd_per_hour = 0;  // at the choice's pricing
};

struct PricedTypes {
  // One per (cloud, instance type): its cheapest region; ties go to the region
  // matching the earlier pattern, then to the region name. Sorted by cloud and type.
  std::vector<PricedInstance> types;
  // The rows with a price that were left out for their warnings, catalog order.
  std::vector<const Instance*> flagged;
};

PricedTypes priced_types(const std::vector<Instance>& instances, const InstanceChoice& choice);

// Whether `region` is matched whole by `pattern`, in which '*' matches any run of
// characters (none too) and every other character itself, case and all.
bool region_matches(std::string_view pattern, std::string_view region);

// "us-*, europe-*" -> {"us-*", "europe-*"}: split at commas, each trimmed of spaces
// and tabs. A blank text is no patterns; an empty piece is kept (for the check).
std::vector<std::string> split_region_patterns(std::string_view text);

// Why a pattern cannot be used ("is empty", or text_problem's), or nullopt.
std::optional<std::string> region_pattern_problem(std::string_view pattern);

// The index of the first pattern matching `region` (0 with no patterns), or nullopt.
std::optional<std::size_t> matching_pattern(const std::vector<std::string>& patterns,
                                            std::string_view region);

// One note naming the rows left out for their warnings: "Left out 5 price rows the
// catalog flags (--include-flagged prices them): gcp a3-highgpu-1g in us-central1
// (WHY); ...; and 2 more." "" when there are none.
std::string flagged_note(const std::vector<const Instance*>& flagged);

// Per cloud of `clouds` (empty: every cloud of the catalog), the pricing kinds
// beyond on-demand that none of its rows lists, and how many of its instance types
// have a price at `pricing` when only some do: "aws: no spot prices in the snapshot,
// reserved_1y for 41 of 49 instance types; lambda: no spot or reserved prices in
// the snapshot". "" when nothing is missing.
std::string pricing_gaps(const std::vector<Instance>& instances,
                         const std::vector<std::string>& clouds, Pricing pricing);

// Days from `from` to `to`, each YYYY-MM-DD (proleptic Gregorian); nullopt if either
// is not such a date.
std::optional<long> days_between(std::string_view from, std::string_view to);

// "The price of aws p5.48xlarge in us-east-1 is of 2026-01-21, 160 days before
// 2026-06-30: stale (over 90 days)." when the instance's date is more than
// kStalePriceDays before `today_iso`; "" otherwise, or when either date is unknown.
std::string stale_note(const Instance& instance, std::string_view today_iso);

}  // namespace llmtco
