// Which instance rows a search prices, on made-up rows: region patterns and their
// tie-break, flagged rows left out, the pricing kinds a snapshot lacks and stale
// prices; then plan and compare on a fake catalog with one flagged cheap row.
#include "llmtco/instance_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "llmtco/error.h"
#include "llmtco/resolve.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

Instance row(const std::string& cloud, const std::string& type, const std::string& region,
             double usd_per_hour) {
  return {.cloud = cloud,
          .instance_type = type,
          .gpu_id = "h100-sxm",
          .gpu_count = 1,
          .region = region,
          .on_demand_usd_per_hour = usd_per_hour,
          .date = "2026-12-01"};
}

TEST(InstanceSearch, RegionPatternsGlobWhole) {
  EXPECT_TRUE(region_matches("us-*", "us-east-1"));
  EXPECT_TRUE(region_matches("us-east-1", "us-east-1"));
  EXPECT_FALSE(region_matches("us-east", "us-east-1"));  // whole names only
  EXPECT_FALSE(region_matches("us-*", "europe-west4"));
  EXPECT_TRUE(region_matches("*", ""));
  EXPECT_TRUE(region_matches("*-west*", "europe-west4"));
  EXPECT_TRUE(region_matches("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(region_matches("a*b*c", "aXbYbZ"));
  // Vast: "City, CC, continent"; a pattern holds no comma, so '*' spans them.
  EXPECT_TRUE(region_matches("*, US, *", "Dallas, US, North America"));
  EXPECT_TRUE(region_matches("*North America", "Dallas, US, North America"));
  EXPECT_FALSE(region_matches("*us*", "Dallas, US, North America"));  // case counts
}

TEST(InstanceSearch, SplitAndCheckPatterns) {
  EXPECT_EQ(split_region_patterns(" us-* , europe-*"),
            (std::vector<std::string>{"us-*", "europe-*"}));
  EXPECT_TRUE(split_region_patterns("  ").empty());
  EXPECT_EQ(split_region_patterns("us-*,,x"), (std::vector<std::string>{"us-*", "", "x"}));
  EXPECT_EQ(region_pattern_problem(""), "is empty");
  EXPECT_EQ(region_pattern_problem("a\tb"), "has a control character at byte 1");
  EXPECT_EQ(region_pattern_problem("us-*"), std::nullopt);
  try {
    parse_region_patterns("self_host.regions", "us-*,,x");
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_STREQ(e.what(),
                 "self_host.regions: pattern 2 is empty (got 'us-*,,x'; valid: comma-separated "
                 "region names or patterns with '*', e.g. us-*,europe-*)");
  }
}

// Cheapest region first; at an equal price the earlier pattern, then the region name.
TEST(InstanceSearch, CheapestRegionAndTieBreak) {
  const std::vector<Instance> rows = {
      row("lambda", "1x", "asia-northeast-1", 2.0), row("lambda", "1x", "us-east-1", 2.0),
      row("lambda", "1x", "us-west-1", 2.0), row("lambda", "1x", "europe-west-1", 2.5)};
  // No patterns: all tie at 2.0, so the region name: asia-northeast-1.
  EXPECT_EQ(priced_types(rows, {}).types.at(0).instance->region, "asia-northeast-1");
  // us-west-* listed first wins the tie over us-*'s us-east-1; Asia is not matched.
  const PricedTypes us = priced_types(rows, {.regions = {"us-west-*", "us-*"}});
  ASSERT_EQ(us.types.size(), 1u);
  EXPECT_EQ(us.types[0].instance->region, "us-west-1");
  // The cheapest still wins over the pattern order.
  EXPECT_EQ(priced_types(rows, {.regions = {"europe-*", "us-*"}}).types.at(0).instance->region,
            "us-east-1");
  EXPECT_TRUE(priced_types(rows, {.regions = {"moon-*"}}).types.empty());
}

TEST(InstanceSearch, FlaggedRowsLeftOutAndNamed) {
  std::vector<Instance> rows = {row("gcp", "a3", "us-central1", 1.0),
                                row("gcp", "a3", "us-east4", 2.2), row("gcp", "b", "x", 1.0),
                                row("gcp", "c", "x", 1.0), row("gcp", "d", "x", 1.0)};
  for (int i : {2, 3, 4}) rows[static_cast<std::size_t>(i)].warnings = {"0.45x the median"};
  // As instance_checks.cc writes them: the label, then why.
  rows[0].warnings = {"gcp: a3 (1 x h100-sxm) in us-central1: 0.45x the median"};
  const PricedTypes out = priced_types(rows, {});
  ASSERT_EQ(out.types.size(), 1u);
  EXPECT_EQ(out.types[0].instance->region, "us-east4");
  ASSERT_EQ(out.flagged.size(), 4u);
  EXPECT_EQ(flagged_note(out.flagged),
            "Left out 4 price rows the catalog flags (--include-flagged prices them): gcp a3 in "
            "us-central1 (0.45x the median); gcp b in x (0.45x the median); gcp c in x (0.45x "
            "the median); and 1 more.");
  EXPECT_EQ(flagged_note({}), "");
  const PricedTypes all = priced_types(rows, {.include_flagged = true});
  EXPECT_EQ(all.types.size(), 4u);
  EXPECT_EQ(all.types[0].instance->region, "us-central1");
  EXPECT_TRUE(all.flagged.empty());
}

// aws lists reserved_1y for one of its two types and no spot; lambda on-demand only.
TEST(InstanceSearch, PricingGapsPerCloud) {
  std::vector<Instance> rows = {row("aws", "p4", "r", 30), row("aws", "p5", "r", 50),
                                row("lambda", "1x", "r", 2), row("gcp", "a3", "r", 10)};
  rows[0].reserved_1y_usd_per_hour = 20;
  rows[3].spot_usd_per_hour = 4;
  EXPECT_EQ(pricing_gaps(rows, {}, Pricing::kReserved1y),
            "aws: no spot or reserved_3y prices in the snapshot, reserved_1y for 1 of 2 instance "
            "types; gcp: no reserved prices in the snapshot; lambda: no spot or reserved prices "
            "in the snapshot");
  EXPECT_EQ(pricing_gaps(rows, {"gcp"}, Pricing::kSpot), "gcp: no reserved prices in the snapshot");
}

// 2026-01-21 to 2026-06-30: 10 + 28 + 31 + 30 + 31 + 30 = 160 days.
TEST(InstanceSearch, StalePrices) {
  EXPECT_EQ(days_between("2026-01-21", "2026-06-30"), 160);
  EXPECT_EQ(days_between("2024-02-28", "2024-03-01"), 2);  // a leap year
  EXPECT_EQ(days_between("2026-02-29", "2026-03-01"), std::nullopt);
  EXPECT_EQ(days_between("", "2026-03-01"), std::nullopt);
  Instance i = row("aws", "p5.48xlarge", "us-east-1", 50);
  i.date = "2026-01-21";
  EXPECT_EQ(stale_note(i, "2026-06-30"),
            "The price of aws p5.48xlarge in us-east-1 is of 2026-01-21, 160 days before "
            "2026-06-30: stale (over 90 days); check the cloud's current price.");
  EXPECT_EQ(stale_note(i, "2026-04-21"), "");  // 90 days: not yet
  EXPECT_EQ(stale_note(i, ""), "");
}

// H100 SXM from data/gpus.csv, Llama-2-7B; one fair row and two flagged cheap ones
// (the same type in another region, and a type of its own).
const Catalogs& flagged_catalog() {
  static const Catalogs kFake = [] {
    const Catalogs& real = shipped();
    Catalogs c{.gpus = {find_gpu(real, "h100-sxm")},
               .precisions = real.precisions,
               .engines = real.engines,
               .models = {*find_catalog_model(real, "llama-2-7b")}};
    Instance fair = row("aws", "one-h100", "test-1", 4.0);
    Instance same = row("aws", "one-h100", "test-2", 0.5);
    same.warnings = {"on-demand is 0.12x the median"};
    Instance own = row("aws", "cheap-h100", "test-1", 0.4);
    own.warnings = {"on-demand is 0.1x the median"};
    c.instances = {.instances = {own, fair, same},
                   .sources = {{.cloud = "aws", .file = "fake", .date = "2026-12-01"}}};
    c.api = fake_api_catalog();
    return c;
  }();
  return kFake;
}

Scenario small_scenario() {
  Scenario s = default_scenario();
  s.api.model = "api";
  s.self_host.model = "llama-2-7b";
  s.self_host.clouds = "";
  return s;
}

std::string cell(const Report& r, const std::string& column) {
  const Table& t = *std::find_if(r.tables.begin(), r.tables.end(),
                                 [](const Table& x) { return x.id == "plans"; });
  const auto at = std::find(t.columns.begin(), t.columns.end(), column) - t.columns.begin();
  return std::get<std::string>(t.rows.at(0).at(static_cast<std::size_t>(at)));
}

bool has_note(const Report& r, const std::string& start) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return n.rfind(start, 0) == 0; });
}

TEST(PlanFlagged, NeverPicksAFlaggedRowUnlessAsked) {
  const Report plan = plan_report(flagged_catalog(), small_scenario(), 10);
  EXPECT_EQ(cell(plan, "instance"), "one-h100");
  EXPECT_EQ(cell(plan, "region"), "test-1");
  EXPECT_TRUE(has_note(plan, "Left out 2 price rows the catalog flags"));
  const Report all =
      plan_report(flagged_catalog(), small_scenario(), 10, {.include_flagged = true});
  EXPECT_EQ(cell(all, "instance"), "cheap-h100");
  EXPECT_FALSE(has_note(all, "Left out"));
}

// compare prices owning on the same search: the flagged row only when asked.
TEST(CompareFlagged, NeverPicksAFlaggedRowUnlessAsked) {
  CompareSettings settings{.article = false, .samples = 0};
  const CostModel fair = resolve_cost_model(flagged_catalog(), small_scenario());
  for (const Candidate& c : fair.candidates.options) {
    EXPECT_TRUE(c.instance->warnings.empty()) << c.instance->instance_type;
  }
  const Report report = compare_report(flagged_catalog(), small_scenario(), settings);
  EXPECT_TRUE(has_note(report, "Left out 2 price rows the catalog flags"));
  const CostModel all =
      resolve_cost_model(flagged_catalog(), small_scenario(), {.include_flagged = true});
  EXPECT_TRUE(std::any_of(all.candidates.options.begin(), all.candidates.options.end(),
                          [](const Candidate& c) { return !c.instance->warnings.empty(); }));
  settings.checks.include_flagged = true;
  EXPECT_FALSE(has_note(compare_report(flagged_catalog(), small_scenario(), settings), "Left out"));
}

// The picked price is of 2026-12-01: stale on 2027-03-02 (91 days), not on 2027-03-01.
TEST(PlanStale, ThePickedPriceIsAged) {
  const Report stale =
      plan_report(flagged_catalog(), small_scenario(), 10, {.today_iso = "2027-03-02"});
  EXPECT_TRUE(has_note(stale,
                       "The price of aws one-h100 in test-1 is of 2026-12-01, 91 days before "
                       "2027-03-02: stale (over 90 days)"));
  const Report fresh =
      plan_report(flagged_catalog(), small_scenario(), 10, {.today_iso = "2027-03-01"});
  EXPECT_FALSE(has_note(fresh, "The price of"));
}

// Regions narrow the search; the note says which.
TEST(PlanRegions, PatternsNarrowTheSearch) {
  Scenario s = small_scenario();
  s.self_host.regions = "test-2";
  const Report plan = plan_report(flagged_catalog(), s, 10, {.include_flagged = true});
  EXPECT_EQ(cell(plan, "region"), "test-2");
  EXPECT_TRUE(has_note(plan, "Searched 1 instance types (every cloud, regions test-2,"));
}

}  // namespace
}  // namespace llmtco
