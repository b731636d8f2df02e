// A sample report with charts, for the SVG, HTML and browser tests: the seed
// article's figures, a cost-curve line chart (log axes; the API against
// self-hosting, whose cost steps up a replica at a time; the range where owning
// is cheaper; today's volume) and a tornado of the monthly cost of owning.
#pragma once

#include <cmath>
#include <string>

#include "llmtco/article.h"
#include "llmtco/report.h"
#include "llmtco/scenario_file.h"

namespace llmtco_test {

// How many times `what` occurs in `text` (overlaps counted).
inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The API at a blended $4.5 per 1M tokens: 1.35e-4 USD per month per daily token
// (x tokens/day x 30 days x 4.5e-6 USD/token).
inline double api_usd_per_month(double tokens_per_day) {
  return tokens_per_day * 30 * 4.5e-6;
}

// Self-hosting: one replica per 5e8 tokens/day plus one spare, at least two, each
// $2,664/month (the article's $3.70/h x 24 h x 30 days).
inline double replicas_for(double tokens_per_day) {
  return std::max(2.0, std::ceil(tokens_per_day / 5e8) + 1);
}

inline llmtco::Chart sample_cost_curves() {
  llmtco::Chart chart{.id = "cost_curves",
                      .title = "Monthly cost: API vs self-hosting",
                      .x_label = "tokens per day",
                      .y_label = "USD per month",
                      .log_x = true,
                      .log_y = true};
  llmtco::ChartSeries api{.name = "API"};
  for (int i = 0; i <= 40; ++i) {  // ten points a decade, 1M to 10B tokens/day
    const double x = std::pow(10.0, 6 + i / 10.0);
    api.points.push_back({x, api_usd_per_month(x)});
  }
  llmtco::ChartSeries own{.name = "self-hosting"};
  const double per_replica = 2664;
  own.points.push_back({1e6, replicas_for(1e6) * per_replica});
  for (double edge = 5e8; edge < 1e10; edge += 5e8) {  // a step at each replica's capacity
    own.points.push_back({edge, replicas_for(edge) * per_replica});
    own.points.push_back({edge, replicas_for(edge + 1) * per_replica});
  }
  own.points.push_back({1e10, replicas_for(1e10) * per_replica});
  chart.series = {api, own};
  // Owning is cheaper from where 2 x $2,664 = 1.35e-4 x tokens/day: 39.5M tokens/day.
  chart.bands = {{.x_from = 2 * per_replica / 1.35e-4,
                  .x_to = std::numeric_limits<double>::infinity(),
                  .label = "owning cheaper"}};
  chart.markers = {{.x = 30e6, .label = "today"}};
  return chart;
}

inline llmtco::Chart sample_tornado() {
  return {.id = "sensitivity",
          .title = "What moves the monthly cost of owning",
          .x_label = "USD per month",
          .bars = {{.label = "GPU price per hour (-30% / +30%)", .low = 3730, .high = 6926},
                   {.label = "Tokens per day (10M / 100M)", .low = 5328, .high = 7992},
                   {.label = "Replicas (2 / 3)", .low = 5328, .high = 7992},
                   {.label = "Hours a day served (12 / 24)", .low = 2664, .high = 5328}},
          .base = 5328};
}

inline llmtco::Report sample_report() {
  const llmtco::Scenario scenario = llmtco::default_scenario();
  return {.command = "compare",
          .title = scenario.name,
          .scenario = scenario,
          .figures = llmtco::article_figures(scenario),
          .tables = {{.id = "deployments",
                      .title = "Deployments",
                      .columns = {"instance", "gpus", "usd_per_hour", "spot"},
                      .rows = {{std::string("p4d.24xlarge"), std::int64_t{8}, 32.77, false},
                               {std::string("g5.48xlarge"), std::int64_t{8}, 16.29, true}}}},
          .charts = {sample_cost_curves(), sample_tornado()},
          .notes = {"Verdict: owning is cheaper above 39.5M tokens/day; at today's 30M the API "
                    "costs $4,050/month against $5,328 to own.",
                    "Each replica carries 500M tokens/day; one spare is kept."}};
}

}  // namespace llmtco_test
