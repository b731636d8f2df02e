// End-to-end tests of `--format html`: every command writes a standalone page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class HtmlCli : public Cli {};

TEST_F(HtmlCli, CompareWritesAPageWithEveryFigure) {
  const auto path = dir_ / "report.html";
  const Result r = run({"compare", "--format", "html", "-o", path.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const std::string html = read_file(path);
  EXPECT_THAT(html, StartsWith("<!DOCTYPE html>\n"));
  EXPECT_THAT(html, HasSubstr("<h1>Seed article: LLaMA 2 70B vs fine-tuned GPT-3.5 Turbo</h1>"));
  EXPECT_THAT(
      html,
      HasSubstr(
          "<td class=\"label\">Serving break-even, words</td><td class=\"num\">22,200,000</td>"
          "<td>words/day</td><td class=\"num\">~22.2M words/day</td>"));
  EXPECT_THAT(html, EndsWith("</html>\n"));
}

TEST_F(HtmlCli, ExplainOpensTheTraces) {
  const Result r = run({"compare", "--format", "html", "--explain"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("<details open><summary>formula, inputs, source</summary>"));
}

// Every command takes the flag; table-only reports come out as HTML tables.
TEST_F(HtmlCli, EveryCommand) {
  const std::vector<std::vector<std::string>> commands = {
      {"memory", "llama-2-7b"},
      {"perf", "llama-2-7b", "--gpu", "h100-sxm"},
      {"validate"},
      {"catalog", "gpus"},
      {"catalog", "apis", "--search", "gpt-4o-mini"}};
  for (std::vector<std::string> args : commands) {
    args.insert(args.end(), {"--format", "html"});
    const Result r = run(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_THAT(r.out, StartsWith("<!DOCTYPE html>\n")) << args[0];
    EXPECT_THAT(r.out, HasSubstr("<table>")) << args[0];
  }
}

}  // namespace
}  // namespace llmtco_test
