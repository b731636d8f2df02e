// The traffic's volume from the field a buyer knows (src/commands/volume.cc): each
// derivation worked by hand, the refusals word for word, and the day's shape.
#include "llmtco/volume.h"

#include <gtest/gtest.h>

#include <string>

#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict.h"
#include "shipped.h"

namespace llmtco {
namespace {

std::string error_of(const Scenario& s) {
  try {
    resolve_volume(shipped(), s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The seed scenario with one --set applied, as the CLI does.
Scenario with_set(std::initializer_list<std::string_view> sets) {
  Scenario s = default_scenario();
  for (std::string_view set : sets) apply_override(s, set);
  return s;
}

TEST(ResolveVolume, TokensPerDayAloneIsUsedAsGiven) {
  const ResolvedVolume r = resolve_volume(shipped(), default_scenario());
  EXPECT_EQ(r.scenario.workload.tokens_per_day, 44.4e6);
  EXPECT_TRUE(r.figures.empty());
}

TEST(ResolveVolume, RequestsTimesTokensPerRequest) {
  // 100,000 requests x (1,000 + 500) seed tokens = 150M tokens a day.
  const ResolvedVolume r =
      resolve_volume(shipped(), with_set({"workload.requests_per_day=100000"}));
  EXPECT_DOUBLE_EQ(r.scenario.workload.tokens_per_day, 150e6);
  ASSERT_EQ(r.figures.size(), 1u);
  EXPECT_EQ(r.figures[0].id, "volume_tokens_per_day");
  EXPECT_EQ(r.figures[0].inputs[0].name, "workload.requests_per_day");
}

TEST(ResolveVolume, WordsTimesTokensPerWord) {
  // 30M words x 1.33 tokens a word (the seed's) = 39.9M tokens a day.
  const Scenario s = with_volume(shipped(), with_set({"workload.words_per_day=30e6"}));
  EXPECT_DOUBLE_EQ(s.workload.tokens_per_day, 39.9e6);
}

TEST(ResolveVolume, MonthlySpendAtTheOffersBlendedPrice) {
  // The buyer: $20,000 a month on gpt-4o ($2.50 in, $10 out per 1M, LiteLLM's
  // map), requests of 1,500 in / 400 out. Input share 1,500 / 1,900 = 0.78947:
  // blended 0.78947 x 2.50 + 0.21053 x 10 = $4.07895 per 1M. 20,000 / (730 / 24) =
  // $657.53 a day, / 4.07895 x 1e6 = 161.2M tokens a day.
  const ResolvedVolume r =
      resolve_volume(shipped(), with_set({"api.monthly_spend_usd=20000", "api.model=gpt-4o",
                                          "workload.input_tokens_per_request=1500",
                                          "workload.output_tokens_per_request=400"}));
  EXPECT_NEAR(r.scenario.workload.tokens_per_day, 161.2e6, 0.05e6);
  ASSERT_EQ(r.figures.size(), 1u);
  EXPECT_NEAR(r.figures[0].inputs[2].value, 4.07895, 1e-5);
}

TEST(ResolveVolume, AVolumeFieldReplacesTheFilesVolume) {
  // The seed file gives tokens_per_day; a --set of requests_per_day clears it.
  const Scenario s = with_set({"workload.requests_per_day=1000"});
  EXPECT_EQ(s.workload.tokens_per_day, 0);
  EXPECT_EQ(with_volume(shipped(), s).workload.tokens_per_day, 1.5e6);
}

TEST(ResolveVolume, TwoVolumesMustAgree) {
  Scenario s = with_set({"workload.requests_per_day=1000"});
  s.workload.tokens_per_day = 1.5e6 * 1.005;  // within 1%: the scenario as used, read back
  EXPECT_EQ(error_of(s), "");
  s.workload.tokens_per_day = 3e6;
  EXPECT_EQ(error_of(s),
            "workload.tokens_per_day (3M tokens/day) and workload.requests_per_day (1,000 "
            "requests/day = 1.5M tokens/day) disagree: give one of them");
}

TEST(ResolveVolume, RefusesNoVolumeAndOneOutOfRange) {
  Scenario s = default_scenario();
  s.workload.tokens_per_day = 0;
  EXPECT_EQ(error_of(s),
            "workload: no volume given: set one of workload.tokens_per_day, "
            "workload.requests_per_day, workload.words_per_day or api.monthly_spend_usd");
  // 1e15 requests of 1,500 tokens: 1.5e18 tokens a day.
  s.workload.requests_per_day = 1e15;
  EXPECT_EQ(error_of(s),
            "workload.requests_per_day gives 1.5e18 tokens a day; workload.tokens_per_day must "
            "be between 1 and 1e15");
}

TEST(ResolveVolume, PeakMinuteFactorIsZeroOrAtLeastOne) {
  Scenario s = default_scenario();
  s.workload.peak_minute_factor = 0.5;
  EXPECT_EQ(error_of(s),
            "workload.peak_minute_factor must be 0 (derived from the arrivals) or between 1 and "
            "60 (got 0.5)");
}

TEST(HourlyProfile, SetsPeakToAverageAndIsNormalised) {
  // Counts, not shares: 23 hours of 1 and one of 25: sum 48, mean 2; the busiest
  // hour is 25 / 2 = 12.5 times the mean.
  std::string counts = "25";
  for (int h = 1; h < 24; ++h) counts += ",1";
  const ResolvedVolume r =
      resolve_volume(shipped(), with_set({"workload.hourly_profile=" + counts}));
  EXPECT_DOUBLE_EQ(r.scenario.workload.peak_to_average, 12.5);
  ASSERT_EQ(r.figures.size(), 1u);
  EXPECT_EQ(r.figures[0].id, "profile_peak_to_average");
  const std::array<double, 24> p = hourly_profile(r.scenario.workload);
  EXPECT_DOUBLE_EQ(p[0], 12.5);
  EXPECT_DOUBLE_EQ(p[1], 0.5);
}

TEST(HourlyProfile, PeakToAverageAloneClearsAProfile) {
  Scenario s =
      with_set({"workload.hourly_profile=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2]"});
  EXPECT_FALSE(s.workload.hourly_profile.empty());
  apply_override(s, "workload.peak_to_average=3");
  EXPECT_TRUE(s.workload.hourly_profile.empty());
}

TEST(HourlyProfile, ProblemsSayWhatWouldBeValid) {
  EXPECT_EQ(hourly_profile_problem(""), std::nullopt);
  EXPECT_EQ(hourly_profile_problem("1,2"),
            "must be 24 comma-separated weights >= 0 (UTC hours 0 to 23), not all 0 (got 2)");
  std::string bad = "x";
  for (int h = 1; h < 24; ++h) bad += ",1";
  EXPECT_EQ(hourly_profile_problem(bad),
            "must be 24 comma-separated weights >= 0 (UTC hours 0 to 23), not all 0 (hour 0 is "
            "'x')");
  std::string zeros = "0";
  for (int h = 1; h < 24; ++h) zeros += ",0";
  EXPECT_EQ(hourly_profile_problem(zeros),
            "must be 24 comma-separated weights >= 0 (UTC hours 0 to 23), not all 0");
}

}  // namespace
}  // namespace llmtco
