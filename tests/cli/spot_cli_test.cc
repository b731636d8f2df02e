// End-to-end tests of spot reclaims in `llmtco compare` (issue 19, part 3): the JSON
// carries the reclaim figures at full precision and the rate's basis; bad values
// are one line and exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

using SpotCli = Cli;

const json* figure(const json& report, const std::string& id) {
  for (const json& f : report["figures"]) {
    if (f["id"] == id) return &f;
  }
  return nullptr;
}

// A buyer's 0.01 reclaims per instance-hour on the seed at 1B tokens a day: the
// figure is the scenario's, exactly; the fallback is in owning's total.
TEST_F(SpotCli, JsonCarriesTheReclaimFigures) {
  const Result r = run({"compare", "--format", "json", "--samples", "0", "--set",
                        "self_host.pricing=spot", "--set", "workload.tokens_per_day=1e9", "--set",
                        "self_host.spot.reclaims_per_instance_hour=0.01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json report = json::parse(r.out);
  const json* rate = figure(report, "selfhost_spot_reclaims_per_instance_hour");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ((*rate)["value"].get<double>(), 0.01);
  EXPECT_EQ((*rate)["source"], "the scenario's figure");
  const json* fallback = figure(report, "selfhost_spot_fallback_usd_per_month");
  ASSERT_NE(fallback, nullptr);
  EXPECT_GT((*fallback)["value"].get<double>(), 0);
  const json* total = figure(report, "selfhost_usd_per_month");
  ASSERT_NE(total, nullptr);
  EXPECT_THAT((*total)["formula"].get<std::string>(),
              HasSubstr("selfhost_spot_fallback_usd_per_month"));
}

TEST_F(SpotCli, BadValuesAreOneLineAndExitTwo) {
  expect_input_error({"compare", "--set", "self_host.spot.reclaims_per_instance_hour=often"},
                     "--set: self_host.spot.reclaims_per_instance_hour must be 'cloud' (the "
                     "cloud's row of data/instances/spot_reclaims.csv) or a number between 0 and "
                     "1 (got 'often')");
  expect_input_error({"compare", "--set", "self_host.spot.replace_minutes=500"},
                     "--set: self_host.spot.replace_minutes must be between 0 and 120 (got 500)");
}

}  // namespace
}  // namespace llmtco_test
