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

}  // namespace
}  // namespace llmtco_test
