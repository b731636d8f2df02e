// End-to-end tests of `llmtco limits` (issue 17, part 4): the done-when run names
// the tier with the numbers; JSON carries the figures and the tier table; bad input
// is one line and exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::vector<std::string> kDoneWhen = {"limits", "--set", "api.model=gpt-4o", "--set",
                                            "workload.tokens_per_day=2e9"};

using LimitsCli = Cli;

// The numbers of tests/rate_limits_test.cc's gpt-4o at 2e9 tokens a day: RPM
// 1,951.69, TPM 2,927,533; Tier 5 carries them but caps the $304,167 bill at $200,000:
// it stops at 2e9 x 200,000 / 304,166.67 = 1,315,068,493 tokens a day.
TEST_F(LimitsCli, DoneWhenNamesTheTierWithTheNumbers) {
  const Result r = run(kDoneWhen);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, StartsWith("llmtco limits: API rate limits: "));
  EXPECT_THAT(r.out, HasSubstr("Rate limits for gpt-4o: Tier 5 carries your peak (19.5% of its "
                               "RPM) but caps spend at $200,000 a month; your bill is $304,167"));
  for (const char* text : {"1,952 requests/min", "2,927,533 tokens/min", "1.05x", "Tier 4", "146%",
                           "9.76%", "1,315,068,493"}) {
    EXPECT_THAT(r.out, HasSubstr(text));
  }
}

TEST_F(LimitsCli, JsonHasTheFiguresAndTheTierTable) {
  std::vector<std::string> args = kDoneWhen;
  args.insert(args.end(), {"--format", "json"});
  const Result r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["command"], "limits");
  const nlohmann::json& tiers = json["rate_limit_tiers"];
  ASSERT_EQ(tiers.size(), 6u);
  EXPECT_EQ(tiers[5]["tier"], "Tier 5");
  EXPECT_EQ(tiers[5]["carries"], false);
  EXPECT_EQ(tiers[5]["within_cap"], false);
  EXPECT_EQ(tiers[5]["tpm"], 30000000.0);
  EXPECT_TRUE(tiers[0]["rpm"].is_null());  // Free: not published, not zero
  bool found = false;
  for (const auto& f : json["figures"]) {
    if (f["id"] == "rate_limit_peak_tpm") {
      found = true;
      EXPECT_NEAR(f["value"].get<double>(), 2927533.13, 0.01);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(LimitsCli, AnUnknownModelHasNoPublishedLimits) {
  const Result r = run({"limits", "--set", "api.model=mistral/mistral-large-latest"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Rate limits for mistral/mistral-large-latest: no published "
                               "limits for mistral/mistral-large-latest in the rate-limit "
                               "catalog"));
}

TEST_F(LimitsCli, BadInputExits2WithOneLine) {
  const Result unknown = run({"limits", "--set", "api.model=gpt-4oo"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "llmtco: error: api.model: unknown API model 'gpt-4oo' (nearest known: 'gpt-4o')\n");
  const Result negative = run({"limits", "--set", "workload.tokens_per_day=-5"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_THAT(negative.err, StartsWith("llmtco: error: "));
  EXPECT_EQ(std::count(negative.err.begin(), negative.err.end(), '\n'), 1);
  const Result missing = run({"limits", "no-such-scenario.yaml"});
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace llmtco_test
