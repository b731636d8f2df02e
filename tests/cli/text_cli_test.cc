// Text hygiene end to end: invalid UTF-8 and control characters where text enters
// (flags, scenario files, CSV and JSON files) are input errors naming the field
// and the byte, and every error stays one line.
#include <gmock/gmock.h>

#include <filesystem>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

const std::string kBenchmarkHeader =
    "model,gpu,num_gpus,tp,pp,precision,engine,engine_version,mode,input_len,output_len,batch,"
    "request_rate,metric,value,source\n";

TEST_F(Cli, AFlagThatIsNotUtf8IsAnInputError) {
  // It used to reach the JSON renderer and exit 1 (nlohmann's type_error.316).
  expect_input_error({"catalog", "gpus", "--search", "\xff", "--format", "json"},
                     "--search: has invalid UTF-8 at byte 0 (got '\\xff')");
  expect_input_error({"memory", "llama-2-7b", "--gpu", "h100\xc3"},
                     "--gpu: has invalid UTF-8 at byte 4 (got 'h100\\xc3')");
}

TEST_F(Cli, AnEscapeCodeInASetValueIsRefused) {
  // It used to be the report's title, escape and all.
  expect_input_error({"compare", "--set", "name=\x1b[31mRED"},
                     "--set: has a control character at byte 5 (got 'name=\\x1b[31mRED')");
}

TEST_F(Cli, AScenarioTextFieldMustBeOneLineOfUtf8) {
  const auto latin1 = write("latin1.yaml", "name: \"caf\xe9\"\n");
  expect_input_error({"compare", latin1.string()},
                     latin1.string() + ":1:7: name has invalid UTF-8 at byte 3 (got 'caf\\xe9')");
  const auto escape = write("escape.yaml", "name: \"\\e[31mRED\"\n");
  expect_input_error(
      {"compare", escape.string()},
      escape.string() + ":1:7: name has a control character at byte 0 (got '\\x1b[31mRED')");
}

TEST_F(Cli, AnEchoedBlockScalarStaysOnOneLine) {
  // It used to print a 3-line message.
  const auto path = write("block.yaml", "workload:\n  tokens_per_day: |\n    1\n    2\n");
  expect_input_error({"compare", path.string()},
                     path.string() +
                         ":2:19: workload.tokens_per_day must be a number (got the quoted "
                         "text \"1\\n2\\n\")");
}

TEST_F(Cli, AnUnknownCommandIsEchoedEscaped) {
  const Result r = run({"\x1b[2J"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "llmtco: error: unknown command '\\x1b[2J' (nearest known command: 'plan'; see "
            "'llmtco --help')\n");
}

TEST_F(Cli, ACsvCellThatIsNotUtf8NamesItsLineAndColumn) {
  const auto bench = write(
      "bench.csv", kBenchmarkHeader +
                       "caf\xe9,h100-sxm,1,1,1,bf16,vllm,,offline,10,20,max,,output_tokens_per_s,"
                       "7,s\n");
  expect_input_error({"validate", bench.string()},
                     bench.string() +
                         ":2: column 'model' has invalid UTF-8 at byte 3 (got "
                         "'caf\\xe9')");
  const auto prices = write("aws.csv",
                            "InstanceType,AcceleratorName,AcceleratorCount,Region,Price\n"
                            "p5.48xlarge,H100,8,us-east-1\xc3,98.32\n");
  expect_input_error({"catalog", "instances", "--instances", prices.string()},
                     prices.string() +
                         ":2: column 'Region' has invalid UTF-8 at byte 9 (got "
                         "'us-east-1\\xc3')");
}

TEST_F(Cli, AConfigJsonWithADuplicateKeyIsRefused) {
  const auto config = write("config.json",
                            R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 8,
                                "hidden_size": 4096})");
  expect_input_error({"memory", config.string()},
                     config.string() + ": duplicate key 'hidden_size'");
}

TEST_F(Cli, AConfigJsonNumberOverflowNamesItsPositionAndField) {
  const auto config = write("config.json",
                            "{\"architectures\": [\"LlamaForCausalLM\"],\n"
                            " \"num_hidden_layers\": 1e400}");
  expect_input_error({"memory", config.string()},
                     config.string() +
                         ":2:23: malformed JSON: num_hidden_layers: number overflow parsing "
                         "'1e400'");
}

}  // namespace
}  // namespace llmtco_test
