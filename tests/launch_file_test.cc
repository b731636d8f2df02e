// plan --emit's launch files, read back: the SkyPilot task parsed with yaml-cpp
// and the engine command lines split into flags, each value held to the plan's
// own numbers (the Plan, the engine profile, the request shape).
#include "llmtco/launch_file.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>

#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "shipped.h"

namespace llmtco {
namespace {

// Llama 3.1 8B at 1e8 tokens a day; fixed 1,000 + 500 token requests (the
// defaults), any format the engine loads from the bf16 checkpoint.
Scenario eight_b(const std::string& engine = "vllm") {
  Scenario s = default_scenario();
  s.self_host.model = "llama-3.1-8b";
  s.self_host.precision = "auto";
  s.self_host.engine = engine;
  s.workload.tokens_per_day = 1e8;
  s.workload.input_tokens_per_request = 1000;
  s.workload.output_tokens_per_request = 500;
  return s;
}

// "--flag value" pairs of a command line; a flag without a value maps to "".
std::map<std::string, std::string> flags_of(const std::string& command) {
  std::istringstream in(command);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!words[i].starts_with("--")) continue;
    const bool valued = i + 1 < words.size() && !words[i + 1].starts_with("--");
    out[words[i]] = valued ? words[i + 1] : "";
  }
  return out;
}

// The command line of a launch file: its one line that is not a comment.
std::string command_of(const std::string& file) {
  std::istringstream in(file);
  std::string command;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("#")) command = line;
  }
  return command;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(LaunchFile, SkyPilotTaskParsesBackToThePlansNumbers) {
  const PlanSearch search = launch_search(shipped(), eight_b());
  ASSERT_FALSE(search.plans.empty());
  const Plan& p = search.plans.front();
  const Instance& i = *p.option.instance;
  const YAML::Node task = YAML::Load(launch_file(search, LaunchKind::kSkypilot));
  const YAML::Node r = task["resources"];
  EXPECT_EQ(r["cloud"].as<std::string>(), i.cloud);
  EXPECT_EQ(r["region"].as<std::string>(), i.region);
  EXPECT_EQ(r["instance_type"].as<std::string>(), i.instance_type);
  EXPECT_EQ(r["accelerators"].as<std::string>(),
            i.accelerator_name + ":" + std::to_string(i.gpu_count));
  EXPECT_FALSE(r["use_spot"].as<bool>());  // on-demand, the scenario's pricing
  EXPECT_EQ(r["ports"].as<int>(), kLaunchPort);
  EXPECT_EQ(task["service"]["replicas"].as<int>(), p.replicas);
  EXPECT_EQ(task["service"]["readiness_probe"]["path"].as<std::string>(), "/health");
  EXPECT_NE(task["setup"].as<std::string>().find("vllm>=" + search.request.engine.min_version),
            std::string::npos);

  const std::string run = task["run"].as<std::string>();
  EXPECT_TRUE(run.starts_with("vllm serve meta-llama/Llama-3.1-8B ")) << run;
  auto flags = flags_of(run);
  EXPECT_EQ(std::stoi(flags.at("--tensor-parallel-size")), p.option.tp);
  EXPECT_EQ(std::stoll(flags.at("--max-num-seqs")), search.request.engine.max_num_seqs);
  EXPECT_DOUBLE_EQ(std::stod(flags.at("--gpu-memory-utilization")),
                   search.request.engine.gpu_memory_utilization);
  // Fixed lengths: every request is 1,000 + 500 = 1,500 tokens.
  EXPECT_EQ(std::stoll(flags.at("--max-model-len")), 1500);
  EXPECT_EQ(std::stoll(flags.at("--max-model-len")),
            longest_capacity_request_tokens(search.request));
  EXPECT_EQ(std::stoi(flags.at("--port")), kLaunchPort);
  EXPECT_EQ(flags.count("--data-parallel-size"), p.option.copies > 1 ? 1U : 0U);
  // FP8 from the bf16 checkpoint is quantized on loading, and its KV cache is FP8.
  EXPECT_EQ(flags.count("--quantization") == 1, p.option.weights.id == "fp8");
  if (p.option.weights.id == "fp8") {
    EXPECT_EQ(flags.at("--quantization"), "fp8");
  }
  EXPECT_EQ(flags.count("--kv-cache-dtype") == 1, p.option.kv.id == "fp8");
}

// --max-model-len: the longest of the capacity runs' requests, within what the
// shape can draw and the model's context.
TEST(LaunchFile, TheLongestRequestIsTheCapacityRunsLongest) {
  Scenario s = eight_b();
  s.workload.request_shape.input_length = "uniform";
  s.workload.request_shape.input_cv = 0.5;
  DeploymentSearch r = plan_request(shipped(), s).request;
  // Uniform prompts of mean 1,000 and cv 0.5 span 1,000 (1 +- sqrt(3) 0.5): at most
  // 1,866 tokens, plus the fixed 500 of output: at most 2,366, and above 1,500.
  const std::int64_t uniform = longest_capacity_request_tokens(r);
  EXPECT_GT(uniform, 1500);
  EXPECT_LE(uniform, 2366);
  // A long-tailed draw is cut at the context: Llama 3.1's 131,072 tokens.
  r.shape.input = {.dist = LengthDist::kLognormal, .mean_tokens = 100000, .cv = 3};
  EXPECT_EQ(r.model.max_position_embeddings, 131072);
  EXPECT_LE(longest_capacity_request_tokens(r), 131072);
  EXPECT_GT(longest_capacity_request_tokens(r), 100000);
}

TEST(LaunchFile, SpotPlansAskForSpot) {
  Scenario s = eight_b();
  s.self_host.pricing = "spot";
  s.self_host.clouds = "gcp";
  const PlanSearch search = launch_search(shipped(), s);
  ASSERT_FALSE(search.plans.empty());
  const YAML::Node task = YAML::Load(launch_file(search, LaunchKind::kSkypilot));
  EXPECT_TRUE(task["resources"]["use_spot"].as<bool>());
  EXPECT_EQ(task["resources"]["cloud"].as<std::string>(), "gcp");
}

TEST(LaunchFile, SglangLineCarriesTheSglangProfilesNumbers) {
  const PlanSearch search = launch_search(shipped(), eight_b("sglang"));
  ASSERT_FALSE(search.plans.empty());
  const Plan& p = search.plans.front();
  const std::string command = command_of(launch_file(search, LaunchKind::kSglang));
  EXPECT_TRUE(command.starts_with("python -m sglang.launch_server --model-path ")) << command;
  auto flags = flags_of(command);
  EXPECT_EQ(std::stoi(flags.at("--tp")), p.option.tp);
  EXPECT_EQ(std::stoll(flags.at("--max-running-requests")), search.request.engine.max_num_seqs);
  EXPECT_DOUBLE_EQ(std::stod(flags.at("--mem-fraction-static")),
                   search.request.engine.gpu_memory_utilization);
  EXPECT_EQ(std::stoll(flags.at("--context-length")), 1500);
  if (p.option.kv.id == "fp8") {
    EXPECT_EQ(flags.at("--kv-cache-dtype"), "fp8_e4m3");
  }
  // The SkyPilot task runs the same line.
  const YAML::Node task = YAML::Load(launch_file(search, LaunchKind::kSkypilot));
  EXPECT_EQ(task["run"].as<std::string>(), command + "\n");
}

// An eight-GPU instance alone: several copies an instance, one port.
const Catalogs& eight_gpu_catalog() {
  static const Catalogs kFake = [] {
    const Catalogs& real = shipped();
    Catalogs c{.gpus = {find_gpu(real, "h100-sxm")},
               .precisions = real.precisions,
               .engines = real.engines,
               .models = {*find_catalog_model(real, "llama-3.1-8b")}};
    c.instances = {.instances = {{.cloud = "aws",
                                  .instance_type = "eight-h100",
                                  .gpu_id = "h100-sxm",
                                  .accelerator_name = "H100",
                                  .gpu_count = 8,
                                  .region = "test-1",
                                  .on_demand_usd_per_hour = 20,
                                  .date = "2026-12-01"}},
                   .sources = {{.cloud = "aws", .file = "fake", .date = "2026-12-01"}}};
    return c;
  }();
  return kFake;
}

TEST(LaunchFile, CopiesOfAnInstanceAreDataParallel) {
  Scenario s = eight_b();
  s.workload.tokens_per_day = 1e10;
  const PlanSearch search = launch_search(eight_gpu_catalog(), s);
  ASSERT_FALSE(search.plans.empty());
  const Candidate& o = search.plans.front().option;
  ASSERT_GT(o.copies, 1);
  const std::string file = launch_file(search, LaunchKind::kVllm);
  auto flags = flags_of(command_of(file));
  EXPECT_EQ(std::stoi(flags.at("--data-parallel-size")), o.copies);
  EXPECT_EQ(std::stoi(flags.at("--tensor-parallel-size")) * o.copies, 8);
  EXPECT_NE(file.find("vllm>=0.9"), std::string::npos) << file;  // the flag's release
  const YAML::Node task = YAML::Load(launch_file(search, LaunchKind::kSkypilot));
  EXPECT_EQ(task["resources"]["accelerators"].as<std::string>(), "H100:8");
}

// A pre-quantized repository is served by its own name, in its own format.
TEST(LaunchFile, AQuantizedRepositoryIsServedByItsName) {
  Scenario s = eight_b();
  s.self_host.model = "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4";
  s.self_host.precision = "checkpoint";
  const PlanSearch search = launch_search(shipped(), s);
  ASSERT_FALSE(search.plans.empty());
  EXPECT_EQ(search.plans.front().option.weights.id, "int4");
  const std::string command = command_of(launch_file(search, LaunchKind::kVllm));
  EXPECT_TRUE(command.starts_with("vllm serve " + s.self_host.model + " ")) << command;
  EXPECT_EQ(flags_of(command).count("--quantization"), 0U);  // its config says AWQ
}

// An auto search tries only what the engine loads from the checkpoint named; the
// report's own search also ranks int4, which needs another checkpoint.
TEST(LaunchFile, AnAutoSearchTriesWhatTheEngineLoads) {
  const PlanSearch search = launch_search(shipped(), eight_b());
  std::vector<std::string> ids;
  for (const Precision& p : search.request.precisions) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"bf16", "fp8"}));
}

TEST(LaunchFile, WhatCannotBeLaunchedIsSaid) {
  EXPECT_EQ(message_of([] { parse_launch_kind("docker"); }),
            "unknown --emit value 'docker' (valid: vllm, sglang, skypilot)");
  Scenario pinned = eight_b();
  pinned.self_host.precision = "int4";
  const std::string int4 =
      message_of([&] { launch_file(launch_search(shipped(), pinned), LaunchKind::kVllm); });
  EXPECT_NE(int4.find("serves int4 weights"), std::string::npos) << int4;
  EXPECT_NE(int4.find("-AWQ"), std::string::npos) << int4;
  const std::string trtllm = message_of(
      [] { launch_file(launch_search(shipped(), eight_b("trtllm")), LaunchKind::kSkypilot); });
  EXPECT_NE(trtllm.find("the plan's engine is trtllm"), std::string::npos) << trtllm;
  const std::string other =
      message_of([] { launch_file(launch_search(shipped(), eight_b()), LaunchKind::kSglang); });
  EXPECT_NE(other.find("the plan's engine is vllm"), std::string::npos) << other;
  Scenario strict = eight_b();
  strict.self_host.latency.ttft_ms = 1;
  const std::string none =
      message_of([&] { launch_file(launch_search(shipped(), strict), LaunchKind::kSkypilot); });
  EXPECT_TRUE(none.starts_with("--emit: no plan to launch: nothing fits")) << none;
}

}  // namespace
}  // namespace llmtco
