// End-to-end tests of compare's growth view: the month-by-month table, its figures
// and its two charts, in JSON, text and HTML.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class GrowthCli : public Cli {
 protected:
  json run_json(const std::vector<std::string>& args) const {
    const Result r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
};

const json* figure(const json& report, const std::string& id) {
  for (const auto& f : report["figures"]) {
    if (f["id"] == id) return &f;
  }
  return nullptr;
}

// The seed at 10% a month (examples/seed-article.yaml): 24 months from 44.4M tokens
// a day (month 0, today) to 44.4M x 1.1^23 = 397.6M; owning beats the API from
// month 16 (months_to_breakeven 15.8), never the hosted open model.
TEST_F(GrowthCli, CompareCarriesTwentyFourMonthsAndTwoCharts) {
  const json j = run_json(
      {"compare", "--set", "workload.monthly_growth=0.1", "--format", "json", "--samples", "0"});
  ASSERT_TRUE(j.contains("growth"));
  const json& rows = j["growth"];
  ASSERT_EQ(rows.size(), 24u);
  EXPECT_EQ(rows[0]["month"], 0);
  EXPECT_DOUBLE_EQ(rows[0]["tokens_per_day"].get<double>(), 44.4e6);
  EXPECT_NEAR(rows[23]["tokens_per_day"].get<double>(), 397.571e6, 1e3);
  // Month 1 by hand (tests/growth_test.cc): the API 48.84M x 730 / 24 x $4 / 1M.
  EXPECT_NEAR(rows[1]["api_usd_per_month"].get<double>(), 5942.20, 0.005);
  EXPECT_NEAR(rows[1]["cumulative_api_usd"].get<double>(), 5402 + 5942.20, 0.005);
  for (const char* key :
       {"hosted_usd_per_month", "selfhost_usd_per_month", "selfhost_instances", "selfhost_gpus",
        "selfhost_instance", "hybrid_usd_per_month", "cumulative_hosted_usd",
        "cumulative_selfhost_usd", "cumulative_hybrid_usd"}) {
    EXPECT_TRUE(rows[5].contains(key)) << key;
  }
  // The months' figures.
  ASSERT_NE(figure(j, "growth_horizon_months"), nullptr);
  EXPECT_EQ((*figure(j, "growth_horizon_months"))["value"], 24);
  ASSERT_NE(figure(j, "growth_owning_cheaper_than_api_month"), nullptr);
  EXPECT_EQ((*figure(j, "growth_owning_cheaper_than_api_month"))["value"], 16);
  EXPECT_EQ(figure(j, "growth_owning_cheaper_month"), nullptr);  // the hosted model stays cheaper
  const json* total = figure(j, "growth_api_usd_over_horizon");
  ASSERT_NE(total, nullptr);
  EXPECT_DOUBLE_EQ((*total)["value"].get<double>(), rows[23]["cumulative_api_usd"].get<double>());
  // Both charts: a line each way over a linear month axis, 24 points a line.
  for (const char* id : {"growth_monthly", "growth_cumulative"}) {
    ASSERT_TRUE(j["charts"].contains(id)) << id;
    const json& c = j["charts"][id];
    EXPECT_FALSE(c["log_x"].get<bool>()) << id;
    ASSERT_EQ(c["series"].size(), 4u) << id;  // API, hosted, self-hosting, hybrid
    for (const auto& s : c["series"]) EXPECT_EQ(s["points"].size(), 24u) << id;
  }
}

// workload.horizon_months sets the view's length; out of range it is refused.
TEST_F(GrowthCli, TheHorizonIsTheScenarios) {
  const json j = run_json({"compare", "--set", "workload.monthly_growth=0.1", "--set",
                           "workload.horizon_months=36", "--format", "json", "--samples", "0"});
  EXPECT_EQ(j["growth"].size(), 36u);
  EXPECT_EQ((*figure(j, "growth_horizon_months"))["value"], 36);
  EXPECT_EQ(j["charts"]["growth_cumulative"]["series"][0]["points"].size(), 36u);
  const Result r = run({"compare", "--set", "workload.horizon_months=0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "llmtco: error: --set: workload.horizon_months must be a whole number between 1 and "
            "120 (got 0)\n");
}

// No growth (the seed as shipped): the view still shows, every month the same.
TEST_F(GrowthCli, NoGrowthShowsFlatMonths) {
  const json j = run_json({"compare", "--format", "json", "--samples", "0"});
  const json& rows = j["growth"];
  ASSERT_EQ(rows.size(), 24u);
  EXPECT_EQ(rows[23]["api_usd_per_month"], rows[0]["api_usd_per_month"]);
  EXPECT_NEAR(rows[23]["cumulative_api_usd"].get<double>(),
              24 * rows[0]["api_usd_per_month"].get<double>(), 1e-6);
}

TEST_F(GrowthCli, TextPrintsTheTableAndTheNote) {
  const Result r = run({"compare", "--set", "workload.monthly_growth=0.1", "--samples", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Month by month (0 = today)"));
  EXPECT_THAT(r.out, HasSubstr("Over 24 months (month 0 is today) at 10% growth a month, traffic "
                               "goes from 44.4M to 398M tokens/day"));
  EXPECT_THAT(r.out, HasSubstr("Owning first costs less than the API alone in month 16."));
  EXPECT_THAT(r.out, HasSubstr("and owning from 2 to 4 instances."));
}

TEST_F(GrowthCli, HtmlDrawsBothCharts) {
  const Result r = run(
      {"compare", "--set", "workload.monthly_growth=0.1", "--format", "html", "--samples", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("data-chart=\"growth_monthly\""));
  EXPECT_THAT(r.out, HasSubstr("data-chart=\"growth_cumulative\""));
  EXPECT_THAT(r.out, HasSubstr("aria-label=\"Monthly cost of each way as traffic grows\""));
  EXPECT_THAT(r.out, HasSubstr("data-series=\"Self-hosting\""));
  // The month axis is linear: ticks at 0, 5, 10, ... months.
  EXPECT_THAT(r.out, HasSubstr(">month (0 = today)</text>"));
}

}  // namespace
}  // namespace llmtco_test
