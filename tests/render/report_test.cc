#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llmtco/article.h"
#include "llmtco/render.h"
#include "llmtco/scenario_file.h"
#include "sample_report.h"

namespace llmtco {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Report seed_report() {
  const Scenario scenario = default_scenario();
  return {.command = "compare",
          .title = scenario.name,
          .scenario = scenario,
          .figures = article_figures(scenario)};
}

TEST(RenderText, AlignedRowsWithReasonsUnderThem) {
  const std::string text = render_text(seed_report(), {});
  EXPECT_THAT(text, HasSubstr("llmtco compare: Seed article: LLaMA 2 70B vs fine-tuned GPT-3.5 "
                              "Turbo\n"));
  EXPECT_THAT(text, HasSubstr("The article's method: its rules of thumb, reproduced\n"));
  // Header and rows share column edges: the value column ends where "llmtco" ends.
  const std::size_t header = text.find(" #  figure");
  const std::size_t row = text.find(" 9  Serving cost per day, one replica");
  ASSERT_NE(header, std::string::npos);
  ASSERT_NE(row, std::string::npos);
  const std::string header_line = text.substr(header, text.find('\n', header) - header);
  const std::string row_line = text.substr(row, text.find('\n', row) - row);
  // 88.8 USD/day is money below $100: to the cent, 88.80 (format_usd's rule).
  EXPECT_EQ(header_line.find("llmtco") + 6, row_line.find("88.80 USD/day") + 13);
  EXPECT_THAT(row_line, HasSubstr("~$90/day  -1.3%"));
  EXPECT_THAT(text, HasSubstr(row_line + "\n      why: the article prints ~$90/day where its "
                                         "own rule gives 88.80 USD/day\n"));
  EXPECT_THAT(text, HasSubstr("14  Fine-tuning break-even, tokens"));
  EXPECT_THAT(text, Not(HasSubstr("formula:")));
}

TEST(RenderText, ExplainShowsFormulaInputsAndSource) {
  const std::string text = render_text(seed_report(), {.explain = true});
  EXPECT_THAT(text,
              HasSubstr("      id: weights_memory_gb\n"
                        "      formula: weights_memory_gb = article.params * "
                        "article.bytes_per_param / bytes_per_gb\n"
                        "      inputs: article.params = 70,000,000,000 params, "
                        "article.bytes_per_param = 2 bytes, bytes_per_gb = 1,000,000,000 "
                        "bytes/GB\n"
                        "      source: seed article, step 1: 70e9 params x 2 bytes (bf16)\n"));
}

// Issue 15: a table's headers are labels for people, derived from its ids, and its
// cells print in the unit the id names: 5,402.4 USD is $5,402 (whole dollars from
// $100), 0.35 of a share is 35%, 333.3 ms is 333 (three significant digits). JSON
// keeps the ids as keys and the values whole.
TEST(RenderText, TableHeadersAreLabelsAndCellsFollowTheirUnit) {
  const Report report{
      .command = "plan",
      .title = "t",
      .tables = {{.id = "plans",
                  .title = "Plans",
                  .columns = {"usd_per_month", "ttft_ms", "gpus_per_replica", "owned_token_share"},
                  .rows = {{5402.4, 333.3, std::int64_t{1}, 0.35}}}}};
  const std::string text = render_text(report, {});
  EXPECT_THAT(text, HasSubstr("\nUSD/month  TTFT (ms)  GPUs/replica  owned token share\n"
                              "    5,402        333             1                35%\n"));
  const std::string markdown = render_markdown(report, {});
  EXPECT_THAT(markdown, HasSubstr("| USD/month | TTFT (ms) | GPUs/replica | owned token share |\n"
                                  "|---|---|---|---|\n| 5,402 | 333 | 1 | 35% |\n"));
  const auto json = nlohmann::json::parse(render_json(report));
  EXPECT_EQ(json["plans"][0]["usd_per_month"], 5402.4);
  EXPECT_EQ(json["plans"][0]["owned_token_share"], 0.35);
  // A table's own labels win over the derived ones.
  Report labelled = report;
  labelled.tables[0].labels = {"a", "b", "c", "d"};
  EXPECT_THAT(render_text(labelled, {}), HasSubstr("\n    a    b  c    d\n"));
}

TEST(RenderJson, ScenarioAndEveryFigureWithItsTrace) {
  const auto json = nlohmann::json::parse(render_json(seed_report()));
  EXPECT_EQ(json["command"], "compare");
  EXPECT_EQ(json["scenario"]["article"]["serving_usd_per_hour"], 3.70);
  EXPECT_EQ(json["scenario"]["article"]["replicas"], 2);
  EXPECT_TRUE(json["scenario"]["article"]["replicas"].is_number_integer());
  ASSERT_EQ(json["figures"].size(), 21u);
  const auto& words = json["figures"][14];
  EXPECT_EQ(words["id"], "finetune_breakeven_words_per_day");
  EXPECT_EQ(words["method"], "article");
  EXPECT_DOUBLE_EQ(words["value"].get<double>(), 4.2e6);
  EXPECT_EQ(words["unit"], "words/day");
  EXPECT_EQ(words["formula"], "finetune_breakeven_tokens_per_day / article.tokens_per_word");
  EXPECT_EQ(words["inputs"][1]["name"], "article.tokens_per_word");
  EXPECT_EQ(words["inputs"][1]["value"], 2.0);
  EXPECT_EQ(words["reference"]["printed"], "~4.15M words/day");
  EXPECT_EQ(words["reference"]["value"], 4.15e6);
  EXPECT_TRUE(words["reference"]["high"].is_null());
  EXPECT_TRUE(json["figures"][13]["reference"].is_null());  // tokens: not printed
  EXPECT_EQ(json["figures"][20]["reference"]["high"], 250000.0);
}

TEST(RenderMarkdown, OneTableRowPerFigure) {
  const std::string md = render_markdown(seed_report(), {});
  EXPECT_THAT(md, HasSubstr("# llmtco compare: Seed article"));
  EXPECT_THAT(
      md, HasSubstr("| # | figure | llmtco | article | diff | why |\n|--:|---|--:|--:|--:|---|\n"));
  EXPECT_THAT(md, HasSubstr("| 1 | Model weights | 140 GB | 140 GB | 0.0% |  |\n"));
  EXPECT_THAT(md, HasSubstr("| 15 | Fine-tuning break-even, words | 4,200,000 words/day | ~4.15M "
                            "words/day | +1.2% | the article prints ~4.15M words/day where its "
                            "own rule gives 4,200,000 words/day |\n"));
  const std::string explained = render_markdown(seed_report(), {.explain = true});
  EXPECT_THAT(explained, HasSubstr("| `weights_memory_gb` | `article.params * "
                                   "article.bytes_per_param / bytes_per_gb` |"));
}

TEST(RenderMarkdown, PipesInTextAreEscaped) {
  Report report = seed_report();
  report.title = "a|b";
  EXPECT_THAT(render_markdown(report, {}), HasSubstr("# llmtco compare: a\\|b\n"));
}

TEST(RenderJson, ChartsUnderTheirIds) {
  const auto json = nlohmann::json::parse(render_json(llmtco_test::sample_report()));
  ASSERT_TRUE(json.contains("charts"));
  const auto& curves = json["charts"]["cost_curves"];
  EXPECT_EQ(curves["title"], "Monthly cost: API vs self-hosting");
  EXPECT_EQ(curves["x_label"], "tokens per day");
  EXPECT_EQ(curves["y_label"], "USD per month");
  EXPECT_EQ(curves["log_x"], true);
  EXPECT_EQ(curves["log_y"], true);
  ASSERT_EQ(curves["series"].size(), 2u);
  EXPECT_EQ(curves["series"][0]["name"], "API");
  EXPECT_EQ(curves["series"][0]["points"].size(), 41u);
  EXPECT_EQ(curves["series"][0]["points"][0], nlohmann::json::array({1e6, 135.0}));
  EXPECT_EQ(curves["series"][1]["name"], "self-hosting");
  EXPECT_EQ(curves["bands"][0]["label"], "owning cheaper");
  EXPECT_TRUE(curves["bands"][0]["x_to"].is_null());  // open to infinity
  EXPECT_EQ(curves["markers"][0], nlohmann::json({{"x", 30e6}, {"label", "today"}}));
  EXPECT_TRUE(curves["bars"].empty());
  const auto& tornado = json["charts"]["sensitivity"];
  EXPECT_EQ(tornado["base"], 5328.0);
  EXPECT_EQ(tornado["bars"][0], nlohmann::json({{"label", "GPU price per hour (-30% / +30%)"},
                                                {"low", 3730.0},
                                                {"high", 6926.0}}));
}

TEST(RenderJson, NoChartsNoKey) {
  EXPECT_FALSE(nlohmann::json::parse(render_json(seed_report())).contains("charts"));
}

TEST(RenderTextAndMarkdown, ChartsByTitleOnly) {
  const Report with = llmtco_test::sample_report();
  EXPECT_THAT(render_text(with, {}),
              HasSubstr("\nChart: Monthly cost: API vs self-hosting (drawn by --format html; "
                        "data in --format json)\nChart: What moves the monthly cost of owning"));
  EXPECT_THAT(render_markdown(with, {}),
              HasSubstr("\n- Chart: Monthly cost: API vs self-hosting (drawn by `--format html`; "
                        "data in `--format json`)\n"));
  EXPECT_THAT(render_text(seed_report(), {}), Not(HasSubstr("Chart:")));
  EXPECT_THAT(render_markdown(seed_report(), {}), Not(HasSubstr("Chart:")));
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

// A table for programs (the verdict's decision word) is in JSON only; the other
// formats say the same in a note.
TEST(RenderAll, JsonOnlyTablesStayOutOfTheOtherFormats) {
  Report r = seed_report();
  r.tables.push_back({.id = "verdict",
                      .title = "Verdict table",
                      .columns = {"decision"},
                      .rows = {{std::string("api")}},
                      .json_object = true,
                      .json_only = true});
  EXPECT_EQ(nlohmann::json::parse(render_json(r))["verdict"]["decision"], "api");
  EXPECT_THAT(render_text(r, {}), Not(HasSubstr("Verdict table")));
  EXPECT_THAT(render_markdown(r, {}), Not(HasSubstr("Verdict table")));
  EXPECT_THAT(render_html(r, {}), Not(HasSubstr("Verdict table")));
}

}  // namespace
}  // namespace llmtco
