// End-to-end tests of `llmtco catalog gpus|instances`: the real binary, its
// output, exit code and error lines.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class CatalogCli : public Cli {};

// The acceptance check: p5.48xlarge shows its GPUs and hourly prices with the date.
TEST_F(CatalogCli, InstancesSearchText) {
  const Result r = run({"catalog", "instances", "--search", "p5.48xlarge"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("p5.48xlarge  h100-sxm     8"));
  EXPECT_THAT(r.out, HasSubstr("55.04"));
  EXPECT_THAT(r.out, HasSubstr("2026-01-21"));
  EXPECT_THAT(r.out, HasSubstr("aws prices of 2026-01-21: data/instances/aws.csv, from "));
}

// 55.04 / 8 GPUs = $6.88 per GPU-hour (SOURCES.md §4); no spot in the vantage file.
TEST_F(CatalogCli, InstancesSearchJson) {
  const Result r = run({"catalog", "instances", "--search", "p5.48xlarge", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_FALSE(json["instances"].empty());
  bool seen = false;
  for (const auto& row : json["instances"]) {
    EXPECT_EQ(row["instance"], "p5.48xlarge");
    EXPECT_EQ(row["gpu"], "h100-sxm");
    EXPECT_EQ(row["gpus"], 8);
    if (row["region"] != "us-east-1") continue;
    seen = true;
    EXPECT_EQ(row["cloud"], "aws");
    EXPECT_DOUBLE_EQ(row["on_demand_usd_per_hour"].get<double>(), 55.04);
    EXPECT_DOUBLE_EQ(row["usd_per_gpu_hour"].get<double>(), 6.88);
    EXPECT_TRUE(row["spot_usd_per_hour"].is_null());
    EXPECT_EQ(row["date"], "2026-01-21");
  }
  EXPECT_TRUE(seen);
}

TEST_F(CatalogCli, InstancesByCloudAndGpu) {
  const Result r = run(
      {"catalog", "instances", "--cloud", "lambda,vast", "--gpu", "H100-SXM", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_FALSE(json["instances"].empty());
  for (const auto& row : json["instances"]) {
    EXPECT_TRUE(row["cloud"] == "lambda" || row["cloud"] == "vast") << row;
    EXPECT_EQ(row["gpu"], "h100-sxm");
  }
}

// A whole cloud's listing carries the rows its loading left out.
TEST_F(CatalogCli, InstancesListingNotesSkippedRows) {
  const Result r = run({"catalog", "instances", "--cloud", "aws", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_THAT(json["notes"].get<std::vector<std::string>>(),
              Contains("warning: aws: unknown accelerator 'AWS Inferentia2' in 53 rows; skipped"));
}

TEST_F(CatalogCli, GpusJson) {
  const Result r = run({"catalog", "gpus", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  bool seen = false;
  for (const auto& gpu : json["gpus"]) {
    if (gpu["id"] != "h100-sxm") continue;
    seen = true;
    EXPECT_EQ(gpu["memory_gib"], 80);  // the "80 GB" of the datasheet, 80 GiB
    EXPECT_EQ(gpu["bf16_dense_tflops"], 989.4);
    EXPECT_EQ(gpu["interconnect_gb_per_s"], 900);
  }
  EXPECT_TRUE(seen);
  const Result t4 = run({"catalog", "gpus", "--search", "t4", "--format", "json"});
  const auto t4_json = nlohmann::json::parse(t4.out);
  ASSERT_EQ(t4_json["gpus"].size(), 1u);
  EXPECT_TRUE(t4_json["gpus"][0]["fp8_dense_tflops"].is_null());
}

// Newer upstream files instead of the snapshot: a Lambda file of unknown date.
TEST_F(CatalogCli, InstancesFromAFile) {
  std::ofstream(dir_ / "lambda.csv")
      << "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,"
         "SpotPrice\n"
         "gpu_1x_h100_sxm5,H100,1.0,26.0,225.0,2.99,us-east-1,{},\n";
  const Result r = run(
      {"catalog", "instances", "--instances", (dir_ / "lambda.csv").string(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["instances"].size(), 1u);
  EXPECT_EQ(json["instances"][0]["on_demand_usd_per_hour"], 2.99);
  EXPECT_TRUE(json["instances"][0]["date"].is_null());
  EXPECT_EQ(json["notes"][0], "lambda prices of unknown date: " + (dir_ / "lambda.csv").string());
}

TEST_F(CatalogCli, BadInput) {
  std::ofstream(dir_ / "gcp.csv") << "InstanceType,vCPUs,MemoryGiB,AcceleratorName,"
                                     "AcceleratorCount,GpuInfo,Region,AvailabilityZone,Price,"
                                     "SpotPrice\n"
                                     "a3-highgpu-8g,208,1872,,,,us-east4,us-east4-a,n/a,\n";
  expect_input_error(
      {"catalog", "instances", "--instances", (dir_ / "gcp.csv").string()},
      (dir_ / "gcp.csv").string() + ":2: column 'Price' must be a number (got 'n/a')");
  expect_input_error({"catalog", "instances", "--cloud", "aws,oracle"},
                     "--cloud: unknown cloud 'oracle' (valid: "
                     "aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, nebius, oci, "
                     "paperspace, primeintellect, runpod, shadeform, vast, verda, all)");
  expect_input_error({"catalog", "instances", "--gpu", "h10"},
                     "--gpu: unknown GPU 'h10' (nearest known GPU: 'h100-sxm')");
  expect_input_error({"catalog", "gpus", "--cloud", "aws"},
                     "--cloud: only applies to 'instances' (got 'gpus')");
  expect_input_error({"catalog", "models", "--gpu", "h100-sxm"},
                     "--gpu: only applies to 'instances' (got 'models')");
  expect_input_error({"catalog", "apis", "--instances", "data/instances"},
                     "--instances: only applies to 'instances' and 'clouds' (got 'apis')");
  expect_input_error({"catalog", "fpgas"},
                     "unknown catalog 'fpgas' (valid: models, gpus, instances, clouds, apis)");
}

TEST_F(CatalogCli, ApisSearchJson) {
  const Result r = run({"catalog", "apis", "--search", "gpt-4o-mini-2024", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  bool seen = false;
  for (const auto& row : json["apis"]) {
    if (row["id"] != "ft:gpt-4o-mini-2024-07-18") continue;
    seen = true;
    EXPECT_EQ(row["fine_tuned"], true);
    EXPECT_DOUBLE_EQ(row["input_usd_per_1m"].get<double>(), 0.30);
    EXPECT_DOUBLE_EQ(row["training_usd_per_1m"].get<double>(), 3.00);
  }
  EXPECT_TRUE(seen);
  EXPECT_THAT(json["notes"][0].get<std::string>(), HasSubstr("Token prices of 2026-07-24"));
  const Result text = run({"catalog", "apis", "--search", "gpt-3.5-turbo"});
  EXPECT_THAT(text.out, HasSubstr("ft:gpt-3.5-turbo"));
}

// The acceptance check of issue 15 (hosted open models): the hosts of Llama 3.3
// 70B, cheapest first by the 3:1 blend; Together's free tier left out.
TEST_F(CatalogCli, ApisOfAModel) {
  const Result r =
      run({"catalog", "apis", "--model", "meta-llama/Llama-3.3-70B-Instruct", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_FALSE(json["apis"].empty());
  // hyperbolic: 0.12 / 0.30, blend (0.36 + 0.30) / 4 = 0.165, the cheapest.
  EXPECT_EQ(json["apis"][0]["id"], "hyperbolic/meta-llama/Llama-3.3-70B-Instruct");
  EXPECT_DOUBLE_EQ(json["apis"][0]["blended_usd_per_1m"].get<double>(), 0.165);
  std::vector<std::string> ids;
  double previous = 0;
  for (const auto& row : json["apis"]) {
    ids.push_back(row["id"]);
    EXPECT_GE(row["blended_usd_per_1m"].get<double>(), previous);
    previous = row["blended_usd_per_1m"].get<double>();
  }
  EXPECT_THAT(ids, Contains("groq/llama-3.3-70b-versatile"));
  EXPECT_THAT(ids, Contains("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"));
  EXPECT_THAT(ids, Not(Contains("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free")));
  EXPECT_THAT(ids, Not(Contains("together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo")));
  const Result text = run({"catalog", "apis", "--model", "llama-3.3-70b", "--search", "groq"});
  EXPECT_THAT(text.out, HasSubstr("groq/llama-3.3-70b-versatile"));
  EXPECT_THAT(text.out, HasSubstr("3:1 blend"));
  expect_input_error({"catalog", "apis", "--model", "llama-3.3-7b"},
                     "--model: unknown model 'llama-3.3-7b' (nearest known model: "
                     "'llama-3.3-70b'; see llmtco catalog models)");
  expect_input_error({"catalog", "gpus", "--model", "llama-3.3-70b"},
                     "--model: only applies to 'apis' (got 'gpus')");
}

TEST_F(CatalogCli, ApisBadInput) {
  const auto bad = write("prices.json", "[]");
  expect_input_error({"catalog", "apis", "--api-prices", bad.string()},
                     bad.string() + ": must be a JSON object of model ids (LiteLLM's price map)");
  expect_input_error({"catalog", "gpus", "--api-prices", bad.string()},
                     "--api-prices: only applies to 'apis' (got 'gpus')");
}

// Issue 18: at least 50 models, each row readable in text; JSON adds the names.
TEST_F(CatalogCli, ModelsListFiftyWithTheirNames) {
  const Result text = run({"catalog", "models", "--search", "phi-4"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("microsoft/phi-4"));
  EXPECT_THAT(text.out, HasSubstr("14,659,507,200"));
  EXPECT_THAT(text.out, HasSubstr("quantized repo names (-FP8, -AWQ"));
  EXPECT_THAT(text.out, Not(HasSubstr("HF model page")));  // sources: JSON only
  const Result r = run({"catalog", "models", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_GE(json["models"].size(), 50u);
  ASSERT_EQ(json["model_names"].size(), json["models"].size());
  EXPECT_EQ(json["model_names"][0]["id"], json["models"][0]["id"]);
}

// A quantized repo name works wherever a model is named.
TEST_F(CatalogCli, QuantizedRepoNameIsAModel) {
  const Result r = run({"catalog", "apis", "--model", "unsloth/Llama-3.3-70B-Instruct-bnb-4bit"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Hosted APIs serving meta-llama/Llama-3.3-70B-Instruct"));
}

}  // namespace
}  // namespace llmtco_test
