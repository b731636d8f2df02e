// POST /api/v1/usage: the files come in the body (the server reads no disk), the
// reply is `llmtco usage --format json` with the scenario apply_usage makes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api.h"

namespace llmtco::server {
namespace {

using nlohmann::json;

std::string example(const std::string& name) {
  std::ifstream in(std::string(LLMTCO_SOURCE_DIR) + "/tests/data/usage_exports/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double figure(const json& reply, const std::string& id) {
  for (const auto& f : reply["figures"]) {
    if (f["id"] == id) return f["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << id;
  return 0;
}

TEST(UsageApi, ParsesTheUploadedFiles) {
  const json body = {
      {"files", {{{"name", "litellm.csv"}, {"content", example("litellm_spend_logs.csv")}}}},
      {"model", "gpt-4.1-mini"}};
  const Reply reply = post_report("usage", body.dump());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json out = json::parse(reply.body);
  // 1,295,328 served tokens in the day (usage_test.cc works the sum).
  EXPECT_EQ(figure(out, "tokens_per_day"), 1295328);
  EXPECT_EQ(out["scenario"]["api"]["model"], "gpt-4.1-mini");
  // 263,937 + 42,808 = 306,745 tokens of gpt-4.1-mini in the day.
  EXPECT_EQ(out["scenario"]["workload"]["tokens_per_day"], 306745);
}

TEST(UsageApi, BadBodiesAre400WithOneLine) {
  EXPECT_EQ(json::parse(post_report("usage", "{}").body)["error"],
            "files: must be an array of 1 to 32 {\"name\", \"content\"} objects");
  EXPECT_EQ(
      json::parse(post_report("usage", R"({"files": [], "path": "/etc/passwd"})").body)["error"],
      "unknown field 'path' (valid: files, model)");
  const json negative = {
      {"files",
       {{{"name", "a.json"}, {"content", R"({"data": [{"start_time": 1, "end_time": 2, "results": [
             {"input_tokens": -5, "output_tokens": 1, "num_model_requests": 1}]}]})"}}}}};
  const Reply reply = post_report("usage", negative.dump());
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json::parse(reply.body)["error"],
            "a.json: data[0].results[0]: input_tokens must be a whole number >= 0 (got -5)");
  EXPECT_EQ(post_report("usage", R"({"files": [{"name": "a"}]})").status, 400);
}

}  // namespace
}  // namespace llmtco::server
