#include "llmtco/instance_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace llmtco {
namespace {

Instance priced(const std::string& region, double on_demand) {
  return {.cloud = "gcp",
          .instance_type = "a3-highgpu-8g",
          .gpu_id = "h100-sxm",
          .gpu_count = 8,
          .region = region,
          .on_demand_usd_per_hour = on_demand};
}

// Regions at $10, $10, $30/h: the $30 one is 30 / median(10, 10) = 3x, flagged;
// each $10 one is 10 / median(10, 30) = 10 / 20 = 0.5x, on the rule's edge, kept
// unflagged (the rule flags strictly above 2x or below 0.5x).
TEST(FlagSuspiciousPrices, RegionalOutliers) {
  std::vector<Instance> instances = {priced("a", 10), priced("b", 10), priced("c", 30)};
  const std::vector<std::string> warnings = flag_suspicious_prices(instances);
  EXPECT_TRUE(instances[0].warnings.empty());
  EXPECT_TRUE(instances[1].warnings.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "gcp: a3-highgpu-8g (8 x h100-sxm) in c: on-demand $30.00/h is 3.00x the median "
            "$10.00/h "
            "of 2 other regions (flagged above 2x or below 0.5x)");
  EXPECT_EQ(instances[2].warnings, warnings);
}

// With one other region there is no "usual" price to compare with.
TEST(FlagSuspiciousPrices, NeedsTwoOtherRegions) {
  std::vector<Instance> instances = {priced("a", 10), priced("b", 90)};
  EXPECT_TRUE(flag_suspicious_prices(instances).empty());
}

// Other GPU counts of the same type are other instances.
TEST(FlagSuspiciousPrices, ComparesOnlyTheSameGpus) {
  std::vector<Instance> instances = {priced("a", 10), priced("b", 10), priced("c", 10)};
  Instance small = priced("d", 1.25);
  small.gpu_count = 1;
  instances.push_back(small);
  EXPECT_TRUE(flag_suspicious_prices(instances).empty());
}

TEST(FlagSuspiciousPrices, SpotAboveOnDemand) {
  std::vector<Instance> instances = {priced("a", 10)};
  instances[0].spot_usd_per_hour = 12.5;
  EXPECT_EQ(flag_suspicious_prices(instances),
            std::vector<std::string>{"gcp: a3-highgpu-8g (8 x h100-sxm) in a: spot $12.50/h is "
                                     "above on-demand $10.00/h"});
}

TEST(DropNonpositivePrices, DropsUnpricedRowsAndClearsOtherPrices) {
  std::vector<Instance> instances = {priced("a", 0), priced("b", -1), priced("c", 10)};
  instances[2].reserved_1y_usd_per_hour = 0;
  instances[2].spot_usd_per_hour = 4;
  const std::vector<std::string> warnings = drop_nonpositive_prices(instances);
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_FALSE(instances[0].reserved_1y_usd_per_hour.has_value());
  EXPECT_EQ(instances[0].spot_usd_per_hour, 4);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "gcp: on-demand price <= 0 in 2 rows (first: a3-highgpu-8g in a: 0); "
                          "rows skipped",
                          "gcp: reserved price <= 0 in 1 row (first: a3-highgpu-8g in c: 0); "
                          "reserved left empty"}));
}

TEST(SelectInstances, ByCloudGpuAndText) {
  InstanceCatalog catalog;
  catalog.instances = {priced("us-central1", 40), priced("europe-west4", 90)};
  catalog.instances[1].cloud = "aws";
  catalog.instances[1].gpu_id = "a100-80gb-sxm";
  EXPECT_EQ(select_instances(catalog, {}).size(), 2u);
  EXPECT_EQ(select_instances(catalog, {.clouds = {"aws"}}).size(), 1u);
  EXPECT_EQ(select_instances(catalog, {.gpu_id = "h100-sxm"})[0]->region, "us-central1");
  EXPECT_EQ(select_instances(catalog, {.search = "EUROPE"})[0]->cloud, "aws");
  EXPECT_TRUE(select_instances(catalog, {.search = "p5"}).empty());
}

}  // namespace
}  // namespace llmtco
