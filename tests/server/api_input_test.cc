// The JSON API's routes called directly (no HTTP): text and JSON hygiene of what a
// request carries. Every bad input is a 4xx whose body is JSON naming the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api.h"

namespace llmtco::server {
namespace {

// The reply's status and its error message.
struct Refusal {
  int status = 0;
  std::string error;
  bool operator==(const Refusal&) const = default;
  friend void PrintTo(const Refusal& r, std::ostream* os) { *os << r.status << " " << r.error; }
};

Refusal refusal(const Reply& reply) {
  return {reply.status, nlohmann::json::parse(reply.body).value("error", "(none)")};
}

TEST(ApiInput, AQueryValueThatIsNotUtf8Gets400) {
  // GET /api/v1/catalog/gpus?search=%C3 used to be a 500 (nlohmann's type_error.316).
  EXPECT_EQ(refusal(get_catalog("gpus", {{"search", "\xc3"}})),
            (Refusal{400, "search: has invalid UTF-8 at byte 0 (got '\\xc3')"}));
  EXPECT_EQ(refusal(get_catalog("instances", {{"clouds", "aws,\x1b[2J"}})),
            (Refusal{400, "clouds: has a control character at byte 4 (got 'aws,\\x1b[2J')"}));
  EXPECT_EQ(refusal(get_catalog("gpus", {{"s\xff", "x"}})),
            (Refusal{400, "unknown query parameter 's\\xff' (valid: search, clouds, gpu, model)"}));
}

TEST(ApiInput, ARouteNameThatIsNotUtf8IsEchoedEscaped) {
  EXPECT_EQ(get_catalog("gpu\xff", {}).status, 404);
  EXPECT_EQ(refusal(get_catalog("gpu\xff", {})).error.find('\xff'), std::string::npos);
  EXPECT_EQ(refusal(post_report("\xff\n", "{}")).status, 404);
}

TEST(ApiInput, ADuplicateKeyInTheBodyIsRefused) {
  // It used to take the last value silently, where a YAML file refuses it.
  EXPECT_EQ(refusal(post_report("compare", R"({"workload": {"tokens_per_day": 1e6,
                                                             "tokens_per_day": 2e6}})")),
            (Refusal{400, "duplicate key 'workload.tokens_per_day'"}));
  EXPECT_EQ(refusal(post_report("compare", R"({"options": {"samples": 5, "samples": 6}})")),
            (Refusal{400, "duplicate key 'options.samples'"}));
  EXPECT_EQ(refusal(post_report("compare", R"({"name": "a", "name": "b"})")),
            (Refusal{400, "duplicate key 'name'"}));
}

TEST(ApiInput, ANumberOverflowNamesItsPositionAndField) {
  EXPECT_EQ(refusal(post_report("compare", R"({"workload": {"tokens_per_day": 1e400}})")),
            (Refusal{400,
                     "malformed JSON at line 1, column 33: workload.tokens_per_day: number "
                     "overflow parsing '1e400'"}));
}

// options.include_flagged is --include-flagged: the flagged rows are left out and
// named unless it is true.
TEST(ApiInput, IncludeFlaggedIsAnOption) {
  const std::string model = R"("self_host": {"model": "llama-2-7b"})";
  const Reply plan = post_report("plan", "{" + model + R"(, "options": {"top": 0}})");
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_NE(plan.body.find("the catalog flags (--include-flagged prices them)"), std::string::npos);
  const Reply all =
      post_report("plan", "{" + model + R"(, "options": {"top": 0, "include_flagged": true}})");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body.find("the catalog flags"), std::string::npos);
  EXPECT_EQ(refusal(post_report("plan", R"({"options": {"include_flagged": 1}})")),
            (Refusal{400, "options.include_flagged: must be true or false (got 1)"}));
}

TEST(ApiInput, TextFieldsAreOneLineOfUtf8) {
  EXPECT_EQ(refusal(post_report("compare", "{\"name\": \"caf\xe9\"}")),
            (Refusal{400,
                     "malformed JSON at line 1, column 15: name: syntax error while parsing "
                     "value - invalid string: ill-formed UTF-8 byte; last read: '\"caf\\xe9\"'"}));
  EXPECT_EQ(refusal(post_report("compare", R"({"name": "\u001b[31mRED"})")),
            (Refusal{400, "name has a control character at byte 0 (got '\\x1b[31mRED')"}));
  EXPECT_EQ(
      refusal(post_report("plan", R"({"self_host": {"clouds": ["aws", "g\u009bcp"]}})")),
      (Refusal{400, "self_host.clouds has a control character at byte 5 (got 'aws,g\\u009bcp')"}));
}

}  // namespace
}  // namespace llmtco::server
