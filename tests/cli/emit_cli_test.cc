// End-to-end tests of plan --emit: the done-when check (a SkyPilot task that
// yaml-cpp reads back to the plan's numbers, the plan's own JSON report beside
// it), -o, and the errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class EmitCli : public Cli {};

// A flag's value in a command line: the word after it.
std::string flag(const std::string& command, const std::string& name) {
  std::istringstream in(command);
  for (std::string w; in >> w;) {
    if (w == name && in >> w) return w;
  }
  return "";
}

// The issue's done-when, with the format pinned to fp8 so that the report's
// cheapest plan is the one launched: the same cloud, region, instance, replicas
// and TP as `plan --format json` ranks first.
TEST_F(EmitCli, SkyPilotTaskCarriesThePlansCloudAcceleratorsAndEngineFlags) {
  const std::vector<std::string> args = {"plan", "llama-3.1-8b", "--tokens-per-day",
                                         "1e8",  "--precision",  "fp8"};
  std::vector<std::string> emit_args = args;
  emit_args.insert(emit_args.end(), {"--emit", "skypilot"});
  const Result emitted = run(emit_args);
  ASSERT_EQ(emitted.exit_code, 0) << emitted.err;
  std::vector<std::string> json_args = args;
  json_args.insert(json_args.end(), {"--top", "1", "--format", "json"});
  const Result report = run(json_args);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json top = json::parse(report.out)["plans"].at(0);

  const YAML::Node task = YAML::Load(emitted.out);
  const YAML::Node r = task["resources"];
  EXPECT_EQ(r["cloud"].as<std::string>(), top["cloud"]);
  EXPECT_EQ(r["region"].as<std::string>(), top["region"]);
  EXPECT_EQ(r["instance_type"].as<std::string>(), top["instance"]);
  const std::string accelerators = r["accelerators"].as<std::string>();
  EXPECT_EQ(accelerators.substr(accelerators.find(':') + 1),
            std::to_string(top["gpus_per_replica"].get<int>()));
  EXPECT_FALSE(r["use_spot"].as<bool>());
  EXPECT_EQ(task["service"]["replicas"].as<int>(), top["replicas"].get<int>());
  const std::string run_line = task["run"].as<std::string>();
  EXPECT_EQ(flag(run_line, "--tensor-parallel-size"), std::to_string(top["tp"].get<int>()));
  EXPECT_EQ(flag(run_line, "--quantization"), "fp8");
  // The vLLM profile of data/engines.json: 256 sequences, 0.9 of GPU memory;
  // fixed requests of 1,000 + 500 tokens (the defaults).
  EXPECT_EQ(flag(run_line, "--max-num-seqs"), "256");
  EXPECT_EQ(flag(run_line, "--gpu-memory-utilization"), "0.9");
  EXPECT_EQ(flag(run_line, "--max-model-len"), "1500");
}

// The issue's command as written (any format the checkpoint loads in): a task.
TEST_F(EmitCli, TheIssuesCommandPrintsATask) {
  const Result r = run({"plan", "llama-3.1-8b", "--tokens-per-day", "1e8", "--emit", "skypilot"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const YAML::Node task = YAML::Load(r.out);
  EXPECT_FALSE(task["resources"]["cloud"].as<std::string>().empty());
  EXPECT_THAT(task["run"].as<std::string>(), HasSubstr("vllm serve meta-llama/Llama-3.1-8B"));
}

// docs/plan.md shows the issue's task as the tool prints it now.
TEST_F(EmitCli, ThePlanPagesTaskIsCurrent) {
  const std::string doc = read_file(std::string(LLMTCO_SOURCE_DIR) + "/docs/plan.md");
  const std::string marker =
      "<!-- emitted: plan llama-3.1-8b --tokens-per-day 1e8 --emit skypilot -->\n```yaml\n";
  const std::size_t at = doc.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::size_t from = at + marker.size();
  const std::string shown = doc.substr(from, doc.find("```", from) - from);
  const Result r = run({"plan", "llama-3.1-8b", "--tokens-per-day", "1e8", "--emit", "skypilot"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(shown, r.out) << "regenerate docs/plan.md's block with that command";
}

TEST_F(EmitCli, WritesTheFileWithDashO) {
  const std::string path = (dir_ / "serve.sh").string();
  const Result r =
      run({"plan", "llama-3.1-8b", "--precision", "fp8", "--emit", "vllm", "-o", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(read_file(path), HasSubstr("\nvllm serve meta-llama/Llama-3.1-8B --tensor"));
}

TEST_F(EmitCli, BadEmitValuesAndFlagsExitTwo) {
  expect_input_error({"plan", "llama-3.1-8b", "--emit", "docker"},
                     "unknown --emit value 'docker' (valid: vllm, sglang, skypilot)");
  expect_input_error({"plan", "llama-3.1-8b", "--emit", "sglang", "--precision", "fp8"},
                     "--emit sglang: the plan's engine is vllm and its numbers are vllm's: "
                     "--emit vllm, or plan with --engine sglang");
  expect_input_error({"plan", "llama-3.1-8b", "--engine", "trtllm", "--emit", "skypilot"},
                     "--emit: the plan's engine is trtllm (self_host.engine); launch files are "
                     "written for vllm and sglang: plan with --engine vllm or --engine sglang");
  const Result both = run({"plan", "llama-3.1-8b", "--emit", "vllm", "--format", "json"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--format excludes --emit"));
  const Result none = run({"plan", "llama-3.1-8b", "--ttft-ms", "1", "--emit", "vllm"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("--emit: no plan to launch: nothing fits"));
}

// Bought servers are not a cloud SkyPilot rents: the task is refused, the engine's
// command line for them is not. At 2e9 tokens/day buying an HGX H100 is the
// cheapest plan (tests/purchase_test.cc prices it at $13.50 an hour).
TEST_F(EmitCli, BoughtServersGetACommandLineNotASkyPilotTask) {
  const std::vector<std::string> args = {"plan",
                                         "llama-3.1-70b",
                                         "--precision",
                                         "fp8",
                                         "--tokens-per-day",
                                         "2e9",
                                         "--set",
                                         "self_host.purchase.enabled=true",
                                         "--emit"};
  std::vector<std::string> task = args;
  task.push_back("skypilot");
  const Result refused = run(task);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--emit skypilot: the cheapest plan is 3 bought "
                                     "hgx-h100-8gpu servers on premises"));
  std::vector<std::string> line = args;
  line.push_back("vllm");
  const Result command = run(line);
  ASSERT_EQ(command.exit_code, 0) << command.err;
  EXPECT_THAT(command.out, HasSubstr("vllm serve meta-llama/Llama-3.1-70B --tensor-parallel-size"));
}

}  // namespace
}  // namespace llmtco_test
