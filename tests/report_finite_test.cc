// check_finite, the one check every report passes before it is rendered, and the
// law it guards: a scenario at the ends of its fields' ranges renders only finite
// numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "llmtco/error.h"
#include "llmtco/render.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string error_of(const Report& report) {
  try {
    check_finite(report);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(CheckFinite, NamesTheFigureAndItsInputs) {
  Report r;
  r.figures = {physics_figure("run_usd", "Run", kInf, "USD", "hours * usd_per_hour",
                              {{"hours", 1e300, "h"}, {"usd_per_hour", 1e10, "USD/hour"}}, "")};
  EXPECT_EQ(error_of(r),
            "run_usd: must be a finite number (got inf); computed from hours = 1e+300 h, "
            "usd_per_hour = 1e+10 USD/hour");
}

// The figure to blame is the one whose inputs are finite: where the overflow is.
TEST(CheckFinite, BlamesTheFigureWhereTheOverflowHappened) {
  Report r;
  r.figures = {physics_figure("total_usd", "Total", kInf, "USD", "run_usd * 2",
                              {{"run_usd", kInf, "USD"}}, ""),
               physics_figure("run_usd", "Run", kInf, "USD", "tokens * price",
                              {{"tokens", 1e300, "tokens"}, {"price", 1e10, "USD"}}, "")};
  EXPECT_EQ(error_of(r),
            "run_usd: must be a finite number (got inf); computed from tokens = 1e+300 tokens, "
            "price = 1e+10 USD");
}

TEST(CheckFinite, TablesChartsAndBars) {
  Report table;
  table.tables = {Table{.id = "runs", .columns = {"instance", "cost_usd"}, .rows = {{"a", kInf}}}};
  EXPECT_EQ(error_of(table), "runs[0].cost_usd: must be a finite number (got inf)");
  Report chart;
  chart.charts = {Chart{.id = "cost_curves", .series = {{"API", {{1, 2}, {3, -kInf}}}}}};
  EXPECT_EQ(error_of(chart), "cost_curves: the point (3, -inf) of 'API' must be finite");
  Report bars;
  bars.charts = {Chart{.id = "tornado", .bars = {{"staff", 1, kInf}}}};
  EXPECT_EQ(error_of(bars), "tornado: the bar 'staff' must be finite (got 1 to inf)");
}

// A band open to infinity is how a chart says owning stays cheaper: allowed.
TEST(CheckFinite, BandsMayBeOpen) {
  Report r;
  r.charts = {Chart{.id = "cost_curves", .bands = {{1e6, kInf, "owning"}}}};
  EXPECT_EQ(error_of(r), "");
}

// The smallest and the largest value each numeric field takes.
double low_end(const ScenarioField& f) {
  return f.range.min_inclusive ? f.range.min : std::nextafter(f.range.min, f.range.max);
}

// The seed scenario with every numeric field at its low (false) or high (true) end.
Scenario at_ends(const std::vector<bool>& high) {
  Scenario s = default_scenario();
  std::size_t i = 0;
  for (const ScenarioField& f : scenario_fields()) {
    if (std::holds_alternative<ScenarioField::TextRef>(f.ref)) continue;
    set_field_number(s, f, high[i++ % high.size()] ? f.range.max : low_end(f));
  }
  // The cached and the written shares split the input: at most 1 together (api_offer's
  // check), so the written one takes what the cached one leaves.
  s.workload.cache_write_share =
      std::min(s.workload.cache_write_share, 1 - s.workload.cached_input_share);
  // tokens_per_day gives the volume (the others at their ends: tests/volume_test.cc).
  s.workload.requests_per_day = s.workload.words_per_day = s.api.monthly_spend_usd = 0;
  return s;
}

void expect_finite_reports(const Scenario& s) {
  const Report compare = compare_report(shipped(), s, {.samples = 100});
  EXPECT_EQ(error_of(compare), "");
  EXPECT_EQ(render_text(compare, {}).find("n/a"), std::string::npos);
  EXPECT_EQ(error_of(breakeven_report(shipped(), s, 1, kMaxTokensPerDay)), "");
  EXPECT_EQ(error_of(plan_report(shipped(), s, 10)), "");
}

TEST(ScenarioAtItsBounds, EveryFieldAtItsMax) {
  expect_finite_reports(at_ends({true}));
}

TEST(ScenarioAtItsBounds, EveryFieldAtItsMin) {
  expect_finite_reports(at_ends({false}));
}

// Products of bounded inputs: each field at one end or the other, drawn with a
// fixed seed.
TEST(ScenarioAtItsBounds, MixedEnds) {
  std::mt19937 draw(12);
  for (int round = 0; round < 6; ++round) {
    std::vector<bool> high(scenario_fields().size());
    for (std::size_t i = 0; i < high.size(); ++i) high[i] = draw() % 2 == 1;
    SCOPED_TRACE(round);
    Scenario s = at_ends(high);
    if (round % 2 == 1) s.api.model = "";  // the physics method at the scenario's prices too
    expect_finite_reports(s);
  }
}

}  // namespace
}  // namespace llmtco
