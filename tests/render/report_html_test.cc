#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "llmtco/render.h"
#include "llmtco/svg.h"
#include "sample_report.h"

namespace llmtco {
namespace {

using llmtco_test::count;

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(RenderHtml, StandalonePageWithoutScripts) {
  const std::string html = render_html(llmtco_test::sample_report(), {});
  EXPECT_THAT(html,
              StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<title>llmtco compare: Seed article: LLaMA 2 70B vs fine-tuned "
                              "GPT-3.5 Turbo</title>"));
  EXPECT_THAT(html, HasSubstr("<style>\n"));
  EXPECT_THAT(html, EndsWith("</html>\n"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  // Nothing to fetch: the only address is the SVG namespace.
  EXPECT_EQ(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
}

TEST(RenderHtml, VerdictFirstThenChartsThenFigures) {
  const Report report = llmtco_test::sample_report();
  const std::string html = render_html(report, {});
  const std::size_t verdict = html.find("<p class=\"verdict\">Verdict: owning is cheaper above");
  const std::size_t chart = html.find("<figure class=\"chart\" id=\"chart-cost_curves\">");
  const std::size_t tornado = html.find("<figure class=\"chart\" id=\"chart-sensitivity\">");
  const std::size_t figures = html.find("<h2>The article&#39;s method: its rules of thumb");
  const std::size_t table = html.find("<h2>Deployments</h2>");
  ASSERT_NE(verdict, std::string::npos);
  ASSERT_NE(chart, std::string::npos);
  ASSERT_NE(tornado, std::string::npos);
  ASSERT_NE(figures, std::string::npos);
  ASSERT_NE(table, std::string::npos);
  EXPECT_LT(verdict, chart);
  EXPECT_LT(chart, tornado);
  EXPECT_LT(tornado, figures);
  EXPECT_LT(figures, table);
  EXPECT_THAT(html, HasSubstr("<li>Each replica carries 500M tokens/day; one spare is kept.</li>"));
  // Each chart is the SVG renderer's, inline.
  EXPECT_THAT(html, HasSubstr(render_svg(report.charts[0])));
  EXPECT_THAT(html, HasSubstr(render_svg(report.charts[1])));
  EXPECT_EQ(count(html, "<svg "), 2u);
}

TEST(RenderHtml, FiguresWithValueUnitAndTheirTrace) {
  const std::string html = render_html(llmtco_test::sample_report(), {});
  // Figure 9: 3.70 USD/h x 24 h = 88.8 USD/day, money below $100 printed to the cent
  // (88.80), against the article's ~$90/day.
  EXPECT_THAT(
      html,
      HasSubstr("<tr class=\"figure\" id=\"figure-serving_usd_per_day\">"
                "<td class=\"num\">9</td><td class=\"label\">Serving cost per day, one replica</td>"
                "<td class=\"num\">88.80</td><td>USD/day</td>"
                "<td class=\"num\">~$90/day</td><td class=\"num\">-1.3%</td>"
                "<td>the article prints ~$90/day where its own rule gives 88.80 "
                "USD/day</td></tr>\n"));
  EXPECT_THAT(html, HasSubstr("<details><summary>formula, inputs, source</summary>"));
  EXPECT_THAT(html, HasSubstr("<dt>formula</dt><dd><code>weights_memory_gb = article.params * "
                              "article.bytes_per_param / bytes_per_gb</code></dd>"));
  EXPECT_THAT(html, HasSubstr("<li><code>article.params</code> = 70,000,000,000 params</li>"));
  EXPECT_THAT(html, HasSubstr("<dt>source</dt><dd>seed article, step 1: 70e9 params x 2 bytes "
                              "(bf16)</dd>"));
  EXPECT_EQ(count(html, "<tr class=\"figure\""), 21u);
  EXPECT_EQ(count(html, "<details open>"), 0u);
  // --explain opens every trace.
  const std::string explained = render_html(llmtco_test::sample_report(), {.explain = true});
  EXPECT_EQ(count(explained, "<details open><summary>formula, inputs, source</summary>"), 21u);
}

TEST(RenderHtml, TablesAndScenario) {
  const std::string html = render_html(llmtco_test::sample_report(), {});
  // Numbers right-aligned; short text kept on one line; headers are labels for
  // people, the ids kept as data-column.
  EXPECT_THAT(html, HasSubstr("<thead><tr><th class=\"nowrap\" data-column=\"instance\">instance"
                              "</th><th class=\"num\" data-column=\"gpus\">GPUs</th>"
                              "<th class=\"num\" data-column=\"usd_per_hour\">USD/hour</th>"
                              "<th class=\"nowrap\" data-column=\"spot\">spot</th></tr></thead>"));
  // Every table scrolls sideways inside its own box rather than off the page.
  EXPECT_THAT(html, HasSubstr(".scroll { max-width: 100%; overflow-x: auto; }"));
  EXPECT_THAT(html, HasSubstr("<h2>Deployments</h2>\n<div class=\"scroll\">\n<table>"));
  EXPECT_THAT(html, HasSubstr("<tr><td class=\"nowrap\">p4d.24xlarge</td><td class=\"num\">8</td>"
                              "<td class=\"num\">32.77</td><td class=\"nowrap\">no</td></tr>"));
  EXPECT_THAT(html, HasSubstr("<tr><td><code>article.serving_usd_per_hour</code></td>"
                              "<td class=\"num\">3.70</td><td>USD/hour</td></tr>"));
}

TEST(RenderHtml, AllTextIsEscaped) {
  Report report = llmtco_test::sample_report();
  report.title = "<b>bold</b> & \"quoted\"";
  report.notes = {"<img src=x onerror=alert(1)>"};
  report.figures[0].label = "a<b";
  report.figures[0].formula = "x < y && y > z";
  report.tables[0].title = "</table>";
  report.tables[0].rows[0][0] = std::string("<td>");
  report.charts[0].title = "</svg><script>";
  const std::string html = render_html(report, {});
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("<h1>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</h1>"));
  EXPECT_THAT(html, HasSubstr("<p class=\"verdict\">&lt;img src=x onerror=alert(1)&gt;</p>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"label\">a&lt;b</td>"));
  EXPECT_THAT(html, HasSubstr("x &lt; y &amp;&amp; y &gt; z"));
  EXPECT_THAT(html, HasSubstr("<h2>&lt;/table&gt;</h2>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"nowrap\">&lt;td&gt;</td>"));
  EXPECT_EQ(count(html, "</svg>"), 2u);
}

TEST(RenderHtml, AReportWithoutFiguresOrCharts) {
  const Report report{.command = "catalog", .title = "GPUs"};
  const std::string html = render_html(report, {});
  EXPECT_THAT(html, HasSubstr("<h1>GPUs</h1>"));
  EXPECT_THAT(html, Not(HasSubstr("<svg")));
  EXPECT_THAT(html, Not(HasSubstr("class=\"summary\"")));
  EXPECT_THAT(html, Not(HasSubstr("id=\"scenario\"")));
}

}  // namespace
}  // namespace llmtco
