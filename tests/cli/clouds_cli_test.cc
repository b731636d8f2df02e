// End-to-end tests of the clouds beyond the hyperscalers (issue 19): `llmtco catalog
// clouds`, a neocloud listing, and a plan over 'all' that rents from a neocloud.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::HasSubstr;

class CloudsCli : public Cli {};

// Every cloud of data/instances/catalog.json: the SkyPilot files of unknown date
// are estimated, the three marketplaces volatile and out of 'all'.
TEST_F(CloudsCli, CatalogCloudsJson) {
  const Result r = run({"catalog", "clouds", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["clouds"].size(), 16u);
  std::set<std::string> outside_all;
  for (const auto& row : json["clouds"]) {
    EXPECT_GT(row["instances"].get<int>(), 0) << row;
    EXPECT_EQ(row["in_all"], !row["volatile"].get<bool>()) << row;
    if (!row["in_all"].get<bool>()) outside_all.insert(row["cloud"]);
    if (row["cloud"] == "runpod" || row["cloud"] == "aws") {
      EXPECT_EQ(row["date_estimated"], row["cloud"] == "runpod") << row;
    }
  }
  EXPECT_EQ(outside_all, (std::set<std::string>{"primeintellect", "shadeform", "vast"}));
}

// The acceptance check: RunPod's and Nebius's H100 SXM machines with their prices
// (runpod.csv 1x_H100-SXM_SECURE at 2.99, spot 2.69; nebius.csv 8 x H100 at 23.6)
// and estimated dates.
TEST_F(CloudsCli, NeocloudInstancesWithPricesAndDates) {
  const Result r = run({"catalog", "instances", "--cloud", "runpod,nebius", "--gpu", "h100-sxm"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("runpod  1x_H100-SXM_SECURE"));
  EXPECT_THAT(r.out, HasSubstr("2.99           2.69"));
  EXPECT_THAT(r.out, HasSubstr("nebius  gpu-h100-sxm_8gpu-128vcpu-1600gb"));
  EXPECT_THAT(r.out, HasSubstr("23.60"));
  EXPECT_THAT(r.out, HasSubstr("runpod prices of about 2025-01-01 (estimated): "));
  EXPECT_THAT(r.out, HasSubstr("nebius prices of about 2025-01-01 (estimated): "));
}

// The acceptance check: over 'all', Llama 3.1 70B in FP8 at 5e8 tokens/day rents
// from a neocloud (hyperbolic.csv: 2x-H100-149-1443 at $2.58/h, under every
// hyperscaler's H100), never from a marketplace that 'all' leaves out; the month
// is replicas x 2.58 x 730 hours.
TEST_F(CloudsCli, PlanOverAllCanChooseANeocloud) {
  const Result r = run({"plan", "llama-3.1-70b", "--precision", "fp8", "--tokens-per-day", "5e8",
                        "--clouds", "all", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_FALSE(json["plans"].empty());
  const auto& top = json["plans"][0];
  EXPECT_EQ(top["cloud"], "hyperbolic");
  EXPECT_EQ(top["instance"], "2x-H100-149-1443");
  EXPECT_DOUBLE_EQ(top["usd_per_hour"].get<double>(), 2.58);
  EXPECT_DOUBLE_EQ(top["usd_per_month"].get<double>(),
                   top["replicas"].get<double>() * 2.58 * 8760.0 / 12.0);
  for (const auto& plan : json["plans"]) {
    EXPECT_NE(plan["cloud"], "vast");
    EXPECT_NE(plan["cloud"], "shadeform");
    EXPECT_NE(plan["cloud"], "primeintellect");
  }
  const std::string notes = json["notes"].dump();
  EXPECT_THAT(notes, HasSubstr("(all: aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, "
                               "nebius, oci, paperspace, runpod, verda, on_demand prices"));
  EXPECT_THAT(notes, HasSubstr("hyperbolic about 2025-01-01 (estimated)"));
}

// The default clouds stay aws, azure, gcp and lambda; 'all,vast' adds the marketplace
// and the notes call it volatile.
TEST_F(CloudsCli, DefaultCloudsAndNamingAMarketplace) {
  const Result plain = run({"plan", "llama-3.1-8b", "--format", "json"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  const nlohmann::json report = nlohmann::json::parse(plain.out);  // outlives the loop
  for (const auto& plan : report["plans"]) {
    const std::string cloud = plan["cloud"];
    EXPECT_TRUE(cloud == "aws" || cloud == "azure" || cloud == "gcp" || cloud == "lambda") << cloud;
  }
  const Result vast = run({"plan", "llama-3.1-8b", "--clouds", "all,vast", "--format", "json"});
  ASSERT_EQ(vast.exit_code, 0) << vast.err;
  EXPECT_THAT(nlohmann::json::parse(vast.out)["notes"].dump(),
              HasSubstr("vast 2026-04-29 (a marketplace: volatile offers)"));
}

}  // namespace
}  // namespace llmtco_test
