#include "llmtco/svg.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <regex>

#include "sample_report.h"

namespace llmtco {
namespace {

using llmtco_test::count;

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// A page coordinate as the renderer writes it: one decimal.
std::string px(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The page x of the x-axis tick labelled `label` (y for the y axis), or -1.
double x_tick_at(const std::string& svg, const std::string& label) {
  const std::regex re(
      "<text x=\"([-0-9.]+)\" y=\"[-0-9.]+\" text-anchor=\"middle\" "
      "class=\"tick-label\">" +
      std::regex_replace(label, std::regex(R"([$.])"), R"(\$&)") + "</text>");
  std::smatch m;
  return std::regex_search(svg, m, re) ? std::stod(m[1]) : -1;
}

double y_tick_at(const std::string& svg, const std::string& label) {
  const std::regex re(
      "<text x=\"[-0-9.]+\" y=\"([-0-9.]+)\" text-anchor=\"end\" "
      "class=\"tick-label\">" +
      std::regex_replace(label, std::regex(R"([$.])"), R"(\$&)") + "</text>");
  std::smatch m;
  return std::regex_search(svg, m, re) ? std::stod(m[1]) - 4 : -1;  // labels sit 4 below
}

TEST(RenderSvg, StandaloneDocumentAndDeterministic) {
  const Chart chart = llmtco_test::sample_cost_curves();
  const std::string svg = render_svg(chart);
  EXPECT_THAT(svg, StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\""));
  EXPECT_THAT(svg, HasSubstr(" viewBox=\"0 0 760 "));
  EXPECT_THAT(svg, HasSubstr("<title>Monthly cost: API vs self-hosting</title>"));
  EXPECT_THAT(svg, EndsWith("</svg>\n"));
  EXPECT_EQ(count(svg, "<svg"), 1u);
  EXPECT_EQ(count(svg, "<g"), count(svg, "</g>"));
  EXPECT_EQ(svg, render_svg(chart));
}

TEST(RenderSvg, LogAxesHaveDecadeTicksEquallySpaced) {
  const std::string svg = render_svg(llmtco_test::sample_cost_curves());
  // x: 1M .. 10B tokens/day, a decade a tick, the plot from x = 84 to 732.
  const double x1m = x_tick_at(svg, "1M");
  const double x10b = x_tick_at(svg, "10B");
  EXPECT_DOUBLE_EQ(x1m, 84);
  EXPECT_DOUBLE_EQ(x10b, 732);
  const double decade = (x10b - x1m) / 4;  // 648 / 4 = 162 per decade
  EXPECT_NEAR(x_tick_at(svg, "10M"), x1m + decade, 0.1);
  EXPECT_NEAR(x_tick_at(svg, "100M"), x1m + 2 * decade, 0.1);
  EXPECT_NEAR(x_tick_at(svg, "1B"), x1m + 3 * decade, 0.1);
  // y: the API costs $135 at 1M tokens/day and $1.35M at 10B: decades $100 .. $10M,
  // USD in the label gives dollar signs; higher values higher up the page.
  for (const std::string label : {"$100", "$1k", "$10k", "$100k", "$1M", "$10M"}) {
    EXPECT_GT(y_tick_at(svg, label), 0) << label;
  }
  EXPECT_DOUBLE_EQ(y_tick_at(svg, "$10M"), 52);        // the plot's top
  EXPECT_DOUBLE_EQ(y_tick_at(svg, "$100"), 52 + 290);  // its bottom
  EXPECT_NEAR(y_tick_at(svg, "$1k") - y_tick_at(svg, "$10k"), 290.0 / 5, 0.1);
}

TEST(RenderSvg, LinearAxisHasNiceTicksFromZero) {
  Chart chart{.x_label = "requests per second", .y_label = "ms"};
  chart.series = {{.name = "p95", .points = {{0, 120}, {10, 340}, {20, 910}}}};
  const std::string svg = render_svg(chart);
  // y from 0: 910 / 5 = 182 -> a step of 200, 0 .. 1000; x: 20 / 5 = 4 -> 5, 0 .. 20.
  for (const std::string label : {"0", "200", "400", "600", "800", "1k"}) {
    EXPECT_GT(y_tick_at(svg, label), 0) << label;
  }
  EXPECT_DOUBLE_EQ(x_tick_at(svg, "0"), 84);
  EXPECT_DOUBLE_EQ(x_tick_at(svg, "20"), 732);
  EXPECT_NEAR(x_tick_at(svg, "5"), 84 + 648 / 4.0, 0.1);
  EXPECT_THAT(svg, Not(HasSubstr("$")));
}

TEST(RenderSvg, OnePolylinePerSeriesWithALegend) {
  const std::string svg = render_svg(llmtco_test::sample_cost_curves());
  EXPECT_EQ(count(svg, "<polyline "), 2u);
  EXPECT_THAT(svg, HasSubstr("<g class=\"series\" data-series=\"API\">"));
  EXPECT_THAT(svg, HasSubstr("<g class=\"series\" data-series=\"self-hosting\">"));
  EXPECT_THAT(svg, HasSubstr("<g class=\"legend\">"));
  EXPECT_THAT(svg, HasSubstr(">API</text>"));
  EXPECT_THAT(svg, HasSubstr(">self-hosting</text>"));
  // The step function keeps its vertical segments: two points at x = 500M.
  const double x500m = 84 + 162 * (std::log10(5e8) - 6);
  EXPECT_EQ(count(svg, " " + px(x500m) + ","), 2u) << x500m;
}

TEST(RenderSvg, BandsAndMarkersAreDrawnAndLabelled) {
  const std::string svg = render_svg(llmtco_test::sample_cost_curves());
  // The band runs from 39.5M tokens/day to the axis's end (its x_to is infinite).
  const double from = 84 + 162 * (std::log10(2 * 2664 / 1.35e-4) - 6);
  EXPECT_THAT(svg, HasSubstr("<g class=\"band\">\n<rect x=\"" + px(from) + "\" y=\"52\" width=\"" +
                             px(732 - from) + "\" height=\"290\""));
  EXPECT_THAT(svg, HasSubstr(">owning cheaper</text>"));
  const double today = 84 + 162 * (std::log10(30e6) - 6);
  EXPECT_THAT(svg, HasSubstr("<g class=\"marker\">\n<line x1=\"" + px(today) +
                             "\" y1=\"50\" x2=\"" + px(today) + "\" y2=\"342\""));
  EXPECT_THAT(svg, HasSubstr("stroke-dasharray=\"6 4\""));
  EXPECT_THAT(svg, HasSubstr(">today</text>"));
}

TEST(RenderSvg, TextIsEscaped) {
  Chart chart{.id = "a\"b",
              .title = "<script>alert('x')</script> & co",
              .x_label = "x <&>",
              .y_label = "y \"q\""};
  chart.series = {{.name = "A&B", .points = {{1, 1}, {2, 2}}}};
  chart.bands = {{.x_from = 1, .x_to = 1.5, .label = "<band>"}};
  chart.markers = {{.x = 1.5, .label = "it's"}};
  const std::string svg = render_svg(chart);
  EXPECT_THAT(svg, Not(HasSubstr("<script")));
  EXPECT_THAT(svg, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
  EXPECT_THAT(svg, HasSubstr("data-chart=\"a&quot;b\""));
  EXPECT_THAT(svg, HasSubstr(">x &lt;&amp;&gt;</text>"));
  EXPECT_THAT(svg, HasSubstr(">y &quot;q&quot;</text>"));
  EXPECT_THAT(svg, HasSubstr("data-series=\"A&amp;B\""));
  EXPECT_THAT(svg, HasSubstr(">&lt;band&gt;</text>"));
  EXPECT_THAT(svg, HasSubstr(">it&#39;s</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("<band>")));
}

TEST(RenderSvg, NeverWritesNanOrInf) {
  Chart chart{.title = "t", .x_label = "x", .y_label = "y", .log_x = true, .log_y = true};
  chart.series = {
      {.name = "a", .points = {{kNan, 1}, {1, 10}, {10, kInf}, {100, 100}, {0, 5}, {1000, -3}}},
      {.name = "b", .points = {{-1, 2}, {kInf, 3}}}};
  chart.bands = {{.x_from = -kInf, .x_to = 50, .label = "l"},
                 {.x_from = kNan, .x_to = 1, .label = "m"},
                 {.x_from = 0, .x_to = kInf, .label = "n"}};
  chart.markers = {{.x = kNan, .label = "p"}, {.x = -5, .label = "q"}, {.x = 10, .label = "r"}};
  const std::string svg = lower(render_svg(chart));
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
  // "a" keeps (1, 10) and (100, 100), apart: one dot each; "b" has nothing.
  EXPECT_EQ(count(svg, "<circle "), 2u);
  EXPECT_EQ(count(svg, "<polyline "), 0u);
  EXPECT_THAT(svg, HasSubstr(">b (no data)</text>"));
  EXPECT_EQ(count(svg, "<g class=\"band\">"), 2u);  // the NaN band is left out
  EXPECT_EQ(count(svg, "<g class=\"marker\">"), 1u);

  // Finite values whose range overflows a double.
  Chart huge{.title = "t"};
  huge.series = {{.name = "h", .points = {{-1e308, -1e308}, {1e308, 1e308}}}};
  EXPECT_THAT(lower(render_svg(huge)), Not(HasSubstr("nan")));
  EXPECT_THAT(lower(render_svg(huge)), Not(HasSubstr("inf")));

  Chart bars{.title = "t", .bars = {{.label = "a", .low = kNan, .high = 2}}, .base = kInf};
  const std::string tornado = lower(render_svg(bars));
  EXPECT_THAT(tornado, Not(HasSubstr("nan")));
  EXPECT_THAT(tornado, Not(HasSubstr("inf")));
}

TEST(RenderSvg, EdgeCasesStillDrawAFrame) {
  const Chart empty{.title = "nothing", .x_label = "x", .y_label = "y", .log_x = true};
  const std::string none = render_svg(empty);
  EXPECT_THAT(none, HasSubstr(">no data</text>"));
  EXPECT_THAT(none, EndsWith("</svg>\n"));

  Chart single{.title = "one", .log_x = true, .log_y = true};
  single.series = {{.name = "s", .points = {{1e6, 500}}}};
  const std::string one = render_svg(single);
  EXPECT_EQ(count(one, "<circle "), 1u);
  // One decade value is centred between the decades either side of it.
  EXPECT_GT(x_tick_at(one, "100k"), 0);
  EXPECT_GT(x_tick_at(one, "10M"), 0);
  EXPECT_THAT(one, HasSubstr("<circle cx=\"408\""));  // (84 + 732) / 2

  Chart flat{.title = "flat", .y_label = "USD per month"};
  flat.series = {{.name = "s", .points = {{1, 7}, {2, 7}, {3, 7}}}};
  const std::string level = lower(render_svg(flat));
  EXPECT_EQ(count(level, "<polyline "), 1u);
  EXPECT_GT(y_tick_at(level, "$0"), 0);  // a linear axis from 0 up past 7
  EXPECT_THAT(level, Not(HasSubstr("nan")));

  Chart flat_negative{.title = "flat", .log_y = false};
  flat_negative.series = {{.name = "s", .points = {{1, 0}, {2, 0}}}};
  EXPECT_THAT(lower(render_svg(flat_negative)), Not(HasSubstr("nan")));
}

TEST(RenderSvg, TornadoBarsAroundTheBase) {
  const Chart chart = llmtco_test::sample_tornado();
  const std::string svg = render_svg(chart);
  EXPECT_EQ(count(svg, "<g class=\"bar\">"), 4u);
  // Labels on the left in the given order.
  std::size_t last = 0;
  for (const ChartBar& bar : chart.bars) {
    const std::size_t at = svg.find(">" + bar.label + "</text>");
    ASSERT_NE(at, std::string::npos) << bar.label;
    EXPECT_GT(at, last);
    last = at;
  }
  // GPU price: $3.73k on the left of the base, $6.93k on the right, each at its end.
  EXPECT_THAT(svg, HasSubstr("text-anchor=\"end\" class=\"bar-value\">$3.73k</text>"));
  EXPECT_THAT(svg, HasSubstr("text-anchor=\"start\" class=\"bar-value\">$6.93k</text>"));
  // Tokens per day: the low end is the base itself, so only the high bar has width.
  EXPECT_THAT(svg, HasSubstr("text-anchor=\"start\" class=\"bar-value\">$7.99k</text>"));
  EXPECT_EQ(count(svg, "class=\"bar-low\""), 4u);
  EXPECT_EQ(count(svg, "class=\"bar-high\""), 4u);
  EXPECT_THAT(svg, HasSubstr("<g class=\"base\">"));
  EXPECT_THAT(svg, HasSubstr(">base $5.33k</text>"));
  EXPECT_THAT(svg, HasSubstr(">USD per month</text>"));
  EXPECT_THAT(svg, HasSubstr(">input at its low end</text>"));
  // Bars start at the base line: every bar rect begins or ends at its x.
  const std::regex base_line("<g class=\"base\">\n<line x1=\"([0-9.]+)\"");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, base_line));
  const std::string base_x = m[1];
  EXPECT_THAT(svg, HasSubstr("<rect class=\"bar-high\" x=\"" + base_x + "\""));
}

TEST(RenderSvg, TornadoValuesOnOneSidePrintTogether) {
  const Chart chart{.title = "t",
                    .x_label = "USD",
                    .bars = {{.label = "both up", .low = 12, .high = 15}},
                    .base = 10};
  EXPECT_THAT(render_svg(chart), HasSubstr(">$12 / $15</text>"));
}

}  // namespace
}  // namespace llmtco
