// End-to-end tests of `llmtco usage` (issue 17): the done-when runs on the example
// exports print the workload, the hourly profile and the bill; every format writes;
// --format yaml parses back; malformed exports are one line and exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::HasSubstr;

const std::string kData = std::string(LLMTCO_SOURCE_DIR) + "/tests/data/usage_exports/";

double figure(const nlohmann::json& json, const std::string& id) {
  for (const auto& f : json["figures"]) {
    if (f["id"] == id) return f["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << id;
  return 0;
}

using UsageCli = Cli;

TEST_F(UsageCli, OpenAiExamplePrintsWorkloadProfileAndBill) {
  const Result r = run({"usage", kData + "openai_usage_completions_1h.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 66,670,966 tokens over 2 days (usage_test.cc works the sums).
  EXPECT_THAT(r.out, HasSubstr("Tokens a day (mean)                     33,335,483 tokens/day"));
  EXPECT_THAT(r.out, HasSubstr("Share of each model's tokens per UTC hour"));
  // 32.599164 + 22.143952 = 54.743116 USD at catalog prices.
  EXPECT_THAT(r.out, HasSubstr("54.74 USD"));
}

TEST_F(UsageCli, JsonCarriesTheFiguresAtFullPrecision) {
  for (const auto& [file, id, want] : std::vector<std::tuple<std::string, std::string, double>>{
           {"openai_usage_completions_1h.json", "tokens_per_day", 33335483},
           {"anthropic_usage_messages_1h.json", "tokens_per_day", 96073142 + 24894900},
           {"litellm_spend_logs.csv", "failed_requests", 7}}) {
    const Result r = run({"usage", kData + file, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(figure(nlohmann::json::parse(r.out), id), want) << file;
  }
}

TEST_F(UsageCli, EveryFormatWrites) {
  for (const std::string format : {"text", "json", "markdown", "html", "yaml"}) {
    const Result r = run({"usage", kData + "litellm_spend_logs.csv", "--format", format});
    EXPECT_EQ(r.exit_code, 0) << format << ": " << r.err;
    EXPECT_FALSE(r.out.empty()) << format;
  }
}

TEST_F(UsageCli, YamlIsAScenarioCompareAccepts) {
  const Result r = run(
      {"usage", kData + "litellm_spend_logs.csv", "--format", "yaml", "--model", "gpt-4.1-mini"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("# llmtco usage: the workload of gpt-4.1-mini\n"));
  EXPECT_THAT(r.out, HasSubstr("  model: \"gpt-4.1-mini\"\n"));
  const auto path = write("usage.yaml", r.out);
  const Result compare = run({"compare", path.string(), "--format", "json"});
  EXPECT_EQ(compare.exit_code, 0) << compare.err;
}

TEST_F(UsageCli, MalformedExportsExitTwo) {
  const auto negative = write("negative.json", R"({"data": [{"start_time": 1, "end_time": 2,
      "results": [{"input_tokens": -5, "output_tokens": 1, "num_model_requests": 1}]}]})");
  expect_input_error({"usage", negative.string()},
                     negative.string() +
                         ": data[0].results[0]: input_tokens must be a whole number >= 0 (got -5)");
  const auto unknown = write("notes.txt", "hello\n");
  expect_input_error({"usage", unknown.string()},
                     unknown.string() +
                         ": unknown usage export format (expected an OpenAI usage/completions or "
                         "costs page, an Anthropic usage_report/messages page, or LiteLLM spend "
                         "logs as CSV or JSON)");
  expect_input_error(
      {"usage", kData + "litellm_spend_logs.csv", "--format", "yaml", "--model", "gpt-5"},
      "--model: 'gpt-5' is not a model of the usage files (they have: "
      "claude-sonnet-4-6, gpt-4.1-mini, meta-llama/Llama-3.1-8B-Instruct, "
      "text-embedding-3-small)");
}

// Done-when 2: compare takes the export directly. Its largest bill is gpt-4.1's:
// the scenario takes that model and its workload (the YAML of the same model says
// the same), and the verdict comes with the rate-limit line and the 24-month view.
TEST_F(UsageCli, CompareTakesTheExportWithRateLimitsAndTheMonths) {
  const std::string file = kData + "openai_usage_completions_1h.json";
  const Result r = run({"compare", "--usage", file, "--samples", "0", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scenario"]["api"]["model"], "gpt-4.1-2025-04-14");
  const Result yaml = run({"usage", file, "--model", "gpt-4.1-2025-04-14", "--format", "yaml"});
  const std::size_t at = yaml.out.find("tokens_per_day: ");
  ASSERT_NE(at, std::string::npos) << yaml.out;
  EXPECT_NEAR(j["scenario"]["workload"]["tokens_per_day"].get<double>(),
              std::stod(yaml.out.substr(at + 16)), 1);
  EXPECT_FALSE(j["scenario"]["workload"]["hourly_profile"].get<std::string>().empty());
  EXPECT_EQ(j["rate_limit"]["tier"], "Tier 2");
  EXPECT_THAT(j["rate_limit"]["text"].get<std::string>(),
              HasSubstr("Rate limits for gpt-4.1-2025-04-14: raise to Tier 2: needs $50 paid and "
                        "7 days"));
  EXPECT_EQ(j["growth"].size(), 24u);
  const auto& notes = j["notes"];
  EXPECT_THAT(notes[1].get<std::string>(),
              HasSubstr("The workload is gpt-4.1-2025-04-14's in the usage files"));
  EXPECT_THAT(notes[1].get<std::string>(), HasSubstr("Left out: gpt-4.1-mini-2025-04-14"));
}

TEST_F(UsageCli, CompareTakesAnotherModelOrRefusesAnUnknownOne) {
  const std::string file = kData + "openai_usage_completions_1h.json";
  const Result mini = run({"compare", "--usage", file, "--usage-model", "gpt-4.1-mini-2025-04-14",
                           "--samples", "0", "--format", "json"});
  ASSERT_EQ(mini.exit_code, 0) << mini.err;
  EXPECT_EQ(nlohmann::json::parse(mini.out)["scenario"]["api"]["model"], "gpt-4.1-mini-2025-04-14");
  const Result bad = run({"compare", "--usage", file, "--usage-model", "gpt-5"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("'gpt-5' is not a model of the usage files"));
}

// Done-when 3: "$20k a month on gpt-4o, requests of 1,500 in / 400 out". The blended
// price is 1,500 / 1,900 x $2.50 + 400 / 1,900 x $10 = $4.07895 per 1M, so the volume
// is 20,000 / (730 / 24) / 4.07895 x 1e6 = 161.2M tokens a day (volume_test.cc), and
// the trace says how.
TEST_F(UsageCli, CompareDerivesTheVolumeFromTheBill) {
  const std::vector<std::string> sets = {"compare",
                                         "--set",
                                         "api.monthly_spend_usd=20000",
                                         "--set",
                                         "api.model=gpt-4o",
                                         "--set",
                                         "workload.input_tokens_per_request=1500",
                                         "--set",
                                         "workload.output_tokens_per_request=400",
                                         "--samples",
                                         "0"};
  std::vector<std::string> as_json = sets;
  as_json.insert(as_json.end(), {"--format", "json"});
  const Result r = run(as_json);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(figure(j, "volume_tokens_per_day"), 161.2e6, 0.05e6);
  EXPECT_EQ(j["scenario"]["workload"]["tokens_per_day"], figure(j, "volume_tokens_per_day"));
  EXPECT_NEAR(figure(j, "api_usd_per_month"), 20000, 1e-6);  // the bill, back again
  std::vector<std::string> explained = sets;
  explained.push_back("--explain");
  EXPECT_THAT(run(explained).out,
              HasSubstr("volume_tokens_per_day = api.monthly_spend_usd / days_per_month / "
                        "api_usd_per_1m_tokens x tokens_per_million"));
}

TEST_F(UsageCli, AModelTheFilesLackIsRefusedInEveryFormat) {
  const Result r = run({"usage", kData + "openai_usage_completions_1h.json", "--model", "gpt-5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("'gpt-5' is not a model of the usage files"));
}

}  // namespace
}  // namespace llmtco_test
