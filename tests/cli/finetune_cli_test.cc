// End-to-end tests of `llmtco finetune`: the JSON contract, the runs table, the
// answer when nothing fits, and the errors, word for word.
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

double figure(const nlohmann::json& json, const std::string& id) {
  for (const auto& f : json["figures"]) {
    if (f["id"] == id) return f["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << id;
  return 0;
}

TEST_F(Cli, FinetuneJsonShape) {
  const Result r = run({"finetune", "llama-2-7b", "--dataset-tokens", "20e6", "--clouds", "aws",
                        "--top", "3", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["command"], "finetune");
  std::vector<std::string> ids;
  for (const auto& f : json["figures"]) {
    ids.push_back(f["id"]);
    EXPECT_EQ(f["method"], "physics");
    EXPECT_FALSE(f["formula"].get<std::string>().empty());
    EXPECT_FALSE(f["source"].get<std::string>().empty());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"finetune_training_tokens", "finetune_flops_per_token",
                                           "finetune_training_flops", "finetune_memory_per_gpu_gb",
                                           "finetune_hours", "finetune_usd_per_hour",
                                           "finetune_run_cost_usd", "finetune_usd_per_month",
                                           "api_finetune_cost_usd", "api_finetune_usd_per_month"}));
  // 20M x 3 epochs; gpt-3.5-turbo trains at 8 USD per 1M: 480 USD.
  EXPECT_EQ(figure(json, "finetune_training_tokens"), 60e6);
  EXPECT_EQ(figure(json, "api_finetune_cost_usd"), 480.0);
  const auto& runs = json["runs"];
  ASSERT_EQ(runs.size(), 3u);
  double last = 0;
  for (const auto& run : runs) {
    EXPECT_EQ(run["cloud"], "aws");
    for (const char* key : {"instance", "region", "gpu", "gpus", "sharding", "memory_per_gpu_gb",
                            "gpu_memory_gb", "hours", "usd_per_hour", "cost_usd"}) {
      EXPECT_TRUE(run.contains(key)) << key;
    }
    EXPECT_LE(run["memory_per_gpu_gb"].get<double>(), run["gpu_memory_gb"].get<double>());
    EXPECT_GE(run["cost_usd"].get<double>(), last);
    last = run["cost_usd"].get<double>();
  }
  EXPECT_DOUBLE_EQ(runs[0]["cost_usd"].get<double>(), figure(json, "finetune_run_cost_usd"));
  EXPECT_THAT(json["notes"][0].get<std::string>(), StartsWith("Cheapest run: aws "));
  EXPECT_THAT(json["notes"][1].get<std::string>(), StartsWith("Self-hosting is cheaper: "));
  EXPECT_THAT(r.out, HasSubstr("aws prices of 2026-01-21: data/instances/aws.csv"));
}

// A price given by hand and a re-tuning period: 60M tokens x 3 USD per 1M = 180 USD,
// 60 USD a month over 3 months.
TEST_F(Cli, FinetuneApiPriceAndRetuning) {
  const Result r =
      run({"finetune", "llama-2-7b", "--dataset-tokens", "20e6", "--api-training-usd-per-1m", "3",
           "--retune-months", "3", "--method", "qlora", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(figure(json, "api_finetune_cost_usd"), 180.0);
  EXPECT_EQ(figure(json, "api_finetune_usd_per_month"), 60.0);
  EXPECT_DOUBLE_EQ(figure(json, "finetune_usd_per_month"),
                   figure(json, "finetune_run_cost_usd") / 3);
  EXPECT_THAT(r.out, HasSubstr("API price: as given by the user"));
}

// Nothing fits: a valid answer (exit 0), with no runs and the reason.
TEST_F(Cli, FinetuneNothingFits) {
  const Result r = run({"finetune", "llama-3.1-405b", "--dataset-tokens", "1e6", "--method", "full",
                        "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["runs"].is_array());
  EXPECT_TRUE(json["runs"].empty());
  EXPECT_THAT(json["notes"][0].get<std::string>(),
              StartsWith("No self-hosted run: full fine-tuning of meta-llama/Llama-3.1-405B fits "
                         "no instance's GPUs: the closest, "));
  EXPECT_EQ(json["figures"].size(), 5u);
  EXPECT_EQ(figure(json, "api_finetune_cost_usd"), 24.0);  // 3M tokens x 8 USD per 1M
}

TEST_F(Cli, FinetuneTextAndExplain) {
  const Result r = run(
      {"finetune", "llama-2-7b", "--dataset-tokens", "20e6", "--clouds", "lambda", "--explain"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("llmtco finetune: meta-llama/Llama-2-7b-hf (LlamaForCausalLM), "
                                "LoRA fine-tuning (rank 16), 20,000,000 tokens x 3 epochs, "
                                "on_demand prices\n"));
  EXPECT_THAT(r.out, HasSubstr("formula: finetune_flops_per_token = flops_per_param x "
                               "params_active"));
  EXPECT_THAT(r.out, HasSubstr("lambda prices of about 2026-05-07 (estimated)"));
}

TEST_F(Cli, FinetuneBadInput) {
  const std::vector<std::string> base = {"finetune", "llama-2-7b", "--dataset-tokens"};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = base;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  expect_input_error(with({"-5"}), "--dataset-tokens: must be > 0 and <= 1e15 (got -5)");
  expect_input_error(with({"inf"}),
                     "--dataset-tokens: must be a finite number > 0 and <= 1e15 (got inf)");
  expect_input_error(with({"1e6", "--epochs", "0"}), "--epochs: must be > 0 and <= 1,000 (got 0)");
  expect_input_error(with({"1e6", "--utilisation", "1.5"}),
                     "--utilisation: must be between 0.01 and 1 (got 1.5)");
  expect_input_error(with({"1e6", "--method", "dpo"}),
                     "--method: unknown method 'dpo' (valid: full, lora, qlora)");
  expect_input_error(with({"1e6", "--clouds", "aws,moon"}),
                     "--clouds: unknown cloud 'moon' (valid: "
                     "aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, nebius, oci, "
                     "paperspace, primeintellect, runpod, shadeform, vast, verda, all)");
  expect_input_error(
      with({"1e6", "--pricing", "cheap"}),
      "--pricing: unknown pricing 'cheap' (valid: on_demand, spot, reserved_1y, reserved_3y)");
  expect_input_error(with({"1e6", "--api-training-usd-per-1m", "nan"}),
                     "--api-training-usd-per-1m: must be a finite number between 0 and 1,000,000 "
                     "(got nan)");
  expect_input_error(with({"1e6", "--retune-months", "0"}),
                     "--retune-months: must be between 0.01 and 1,200 (got 0)");
  expect_input_error(with({"1e6", "--api-model", "gpt-5x"}),
                     "--api-model: unknown API model 'gpt-5x' (nearest known: 'gpt-5')");
  // Anthropic publishes no training price (gpt-4o's family has one, $25 per 1M).
  const Result no_price = run(with({"1e6", "--api-model", "claude-sonnet-4-20250514"}));
  EXPECT_EQ(no_price.exit_code, 2);
  EXPECT_THAT(no_price.err, StartsWith("llmtco: error: --api-model: 'claude-sonnet-4-20250514' has "
                                       "no fine-tuning training price (models with one: "));
  EXPECT_THAT(no_price.err, HasSubstr("gpt-3.5-turbo"));
  EXPECT_THAT(no_price.err, HasSubstr("); give the API's training price per 1M tokens instead\n"));
}

// 3M tokens on 8 x B200 is seconds of compute: the note says what is not counted.
TEST_F(Cli, FinetuneShortRunSaysWhatIsLeftOut) {
  const Result r = run({"finetune", "llama-2-7b", "--dataset-tokens", "1e6", "--clouds", "gcp"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("minutes of compute: start-up, downloading the weights and saving "
                               "the result are not counted and may take as long.\n"));
}

// A reservation is a year's commitment: a reserved_1y run is priced on demand and
// the notes say why; spot stays spot.
TEST_F(Cli, FinetuneNeverPricesAReservation) {
  const Result r = run({"finetune", "llama-2-7b", "--dataset-tokens", "2e7", "--clouds", "aws",
                        "--pricing", "reserved_1y"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("on_demand prices"));
  EXPECT_THAT(r.out, HasSubstr("The fine-tuning run is priced on demand, not reserved_1y: a "
                               "reservation is a commitment of a year or more, and the job lasts "
                               "hours."));
  const Result spot = run({"finetune", "llama-2-7b", "--dataset-tokens", "2e7", "--clouds", "gcp",
                           "--pricing", "spot", "--include-flagged", "--regions", "us-*"});
  ASSERT_EQ(spot.exit_code, 0) << spot.err;
  EXPECT_THAT(spot.out, HasSubstr("spot prices"));
}

TEST_F(Cli, FinetuneIsACommand) {
  const Result r = run({"--help"});
  EXPECT_THAT(r.out, HasSubstr("finetune"));
  const Result required = run({"finetune", "llama-2-7b"});
  EXPECT_EQ(required.exit_code, 2);
  EXPECT_EQ(required.err, "llmtco: error: --dataset-tokens is required (see 'llmtco --help')\n");
}

}  // namespace
}  // namespace llmtco_test
