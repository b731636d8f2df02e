// simulate_report(): each bad member is a FieldError naming it; the report's
// figures, tables and charts hold the relations docs/methodology.md, "Simulation
// outputs", states (hand-checkable, whatever the simulator's numbers).
#include "llmtco/simulate_report.h"

#include <gtest/gtest.h>

#include <cmath>

#include "field_error.h"
#include "shipped.h"

namespace llmtco {
namespace {

SimulateRequest request() {
  return {.model = "llama-3.1-8b", .gpu = "h100-sxm", .rate_per_s = 5.0, .requests = 400};
}

Caught error_of(const SimulateRequest& r) {
  return field_error([&] { simulate_report(shipped(), r); });
}

template <typename Edit>
Caught error_with(Edit&& edit) {
  SimulateRequest r = request();
  edit(r);
  return error_of(r);
}

double figure(const Report& report, const std::string& id) {
  const Figure* f = find_figure(report.figures, id);
  EXPECT_NE(f, nullptr) << id;
  return f ? f->value : NAN;
}

const Table& table(const Report& report, const std::string& id) {
  for (const Table& t : report.tables) {
    if (t.id == id) return t;
  }
  ADD_FAILURE() << "no table " << id;
  return report.tables.front();
}

const Chart& chart(const Report& report, const std::string& id) {
  for (const Chart& c : report.charts) {
    if (c.id == id) return c;
  }
  ADD_FAILURE() << "no chart " << id;
  return report.charts.front();
}

std::int64_t count_cell(const Table& t, std::size_t row) {
  return std::get<std::int64_t>(t.rows[row][1]);
}

TEST(SimulateReport, BadMembersNameThemselves) {
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.gpu.clear(); }),
            (Caught{"gpu", "is required (a GPU id: llmtco catalog gpus)"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.tp = 3; }).field, "tp");
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.model = "llama-9000"; }).field, "model");
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.rate_per_s.reset(); }),
            (Caught{"rate_per_s", "is required without a trace (requests/s)"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.trace = {{}}; }),
            (Caught{"rate_per_s", "excludes a trace, which has its arrivals"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) {
              r.rate_per_s.reset();
              r.trace.resize(3);
              r.max_requests = 2;
            }),
            (Caught{"trace", "holds 3 requests, more than the 2 allowed"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.requests = 0; }),
            (Caught{"requests", "must be 1 to 1,000,000 (got 0)"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.arrivals = "uniform"; }).field, "arrivals");
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.length_dist = "normal"; }).field, "length_dist");
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.balancer = "random"; }).field, "balancer");
  EXPECT_EQ(error_with([](SimulateRequest& r) {
              r.length_dist = "uniform";
              r.output_cv = 0.6;
            }),
            (Caught{"output_cv", "must be between 0 and 0.57735 (got 0.6)"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.percentile = "p95"; }),
            (Caught{"percentile", "must be mean or a number in (0, 100), e.g. 95 (got 'p95')"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.tpot_ms = NAN; }),
            (Caught{"tpot_ms", "must be a finite number > 0 (got nan)"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.seed = std::uint64_t{1} << 60; }).field, "seed");
  EXPECT_EQ(error_with([](SimulateRequest& r) { r.warmup_requests = 400; }),
            (Caught{"warmup_requests", "must be 0 to 399 (got 400)"}));
  EXPECT_EQ(error_with([](SimulateRequest& r) {
              r.rate_per_s = 1e-300;
              r.duration_s = 1e-300;
            }),
            (Caught{"duration_s", "gives no request at 1e-300 requests/s (got 1e-300 s)"}));
  EXPECT_EQ(error_of(request()), (Caught{"(none)", ""}));
}

TEST(SimulateReport, DurationDrawsRateTimesSecondsRequests) {
  SimulateRequest r = request();
  r.duration_s = 10.1;  // 5 x 10.1 = 50.5: 51 requests
  const Report report = simulate_report(shipped(), r);
  EXPECT_EQ(std::get<std::int64_t>(table(report, "summary").rows[0][8]), 51);
}

// The warm-up's requests leave the statistics, not the run; the rates count the
// whole run over its duration, goodput only the counted requests that met both.
TEST(SimulateReport, TheWarmupLeavesTheStatistics) {
  SimulateRequest r = request();
  r.warmup_requests = 100;
  const Report report = simulate_report(shipped(), r);
  const Table& latency = table(report, "latency");
  EXPECT_EQ(count_cell(latency, 0), 300);  // TTFT: every counted request has output
  EXPECT_EQ(count_cell(latency, 3), 300);  // E2E
  const double duration_s = figure(report, "duration_s");
  EXPECT_NEAR(figure(report, "requests_per_s"), 400 / duration_s, 1e-9);
  EXPECT_NEAR(figure(report, "output_tokens_per_s"), 400 * 300 / duration_s, 1e-9);
  EXPECT_NEAR(figure(report, "goodput_requests_per_s"),
              figure(report, "goodput_share") * 300 / duration_s, 1e-9);
}

TEST(SimulateReport, TheTargetsStatisticIsTheLatencyTables) {
  SimulateRequest r = request();
  r.percentile = "mean";
  const Report mean = simulate_report(shipped(), r);
  EXPECT_EQ(figure(mean, "ttft_ms"), std::get<double>(table(mean, "latency").rows[0][2]));
  EXPECT_EQ(find_figure(mean.figures, "ttft_ms")->label, "Time to first token, mean");
  r.percentile = "99";
  const Report p99 = simulate_report(shipped(), r);
  EXPECT_EQ(figure(p99, "tpot_ms"), std::get<double>(table(p99, "latency").rows[1][6]));
  EXPECT_EQ(find_figure(p99.figures, "tpot_ms")->label, "Time per output token, P99");
  r.percentile = "99.95";  // as given, not rounded to three digits
  EXPECT_EQ(find_figure(simulate_report(shipped(), r).figures, "ttft_ms")->label,
            "Time to first token, P99.95");
}

// 5,000 requests: each CDF is 200 points at ranks spread evenly, the last at share
// 1; the timeline 300 points, each the most over its stretch of arrivals.
TEST(SimulateReport, ChartsAreDownsampled) {
  SimulateRequest r = request();
  r.requests = 5000;
  const Report report = simulate_report(shipped(), r);
  for (const ChartSeries& s : chart(report, "latency_cdf").series) {
    ASSERT_EQ(s.points.size(), 200u) << s.name;
    EXPECT_EQ(s.points.front().y, 1.0 / 5000) << s.name;
    EXPECT_EQ(s.points.back().y, 1.0) << s.name;
  }
  const Chart& queue = chart(report, "queue");
  ASSERT_EQ(queue.series.size(), 2u);
  EXPECT_EQ(queue.series[0].points.size(), 300u);
  EXPECT_FALSE(queue.log_x);
}

TEST(SimulateReport, ATraceIsRunAsGiven) {
  SimulateRequest r = request();
  r.rate_per_s.reset();
  r.trace = {{.arrival_s = 0, .input_tokens = 100, .output_tokens = 1},
             {.arrival_s = 0.5, .input_tokens = 50, .output_tokens = 0},
             {.arrival_s = 1, .input_tokens = 10, .output_tokens = 5}};
  r.trace_source = "t.csv";
  r.trace_arrivals = "the file";
  const Report report = simulate_report(shipped(), r);
  const Table& latency = table(report, "latency");
  EXPECT_EQ(count_cell(latency, 0), 2);  // TTFT: the requests with output
  EXPECT_EQ(count_cell(latency, 1), 1);  // TPOT: those with more than one token
  EXPECT_EQ(count_cell(latency, 3), 3);  // E2E: all
  EXPECT_NEAR(figure(report, "output_tokens_per_s"), 6 / figure(report, "duration_s"), 1e-9);
  EXPECT_EQ(report.notes[2], "Requests: 3 from the trace t.csv; arrival times: the file.");
}

// No request streamed a token: no TTFT or TPOT figure, and the note says why.
TEST(SimulateReport, ALatencyNoRequestHasIsNoFigure) {
  SimulateRequest r = request();
  r.rate_per_s.reset();
  r.trace = {{.arrival_s = 0, .input_tokens = 100, .output_tokens = 0},
             {.arrival_s = 2, .input_tokens = 10, .output_tokens = 0}};
  const Report report = simulate_report(shipped(), r);
  EXPECT_EQ(find_figure(report.figures, "ttft_ms"), nullptr);
  EXPECT_EQ(find_figure(report.figures, "tpot_ms"), nullptr);
  EXPECT_EQ(report.notes[0],
            "At the P95: no TTFT (no request streamed a token), no TPOT (no request streamed "
            "two): within the targets.");
  EXPECT_EQ(figure(report, "output_tokens_per_s"), 0);
  r.trace[1].output_tokens = 1;  // one token: a TTFT, still no TPOT
  const Report one = simulate_report(shipped(), r);
  EXPECT_NE(find_figure(one.figures, "ttft_ms"), nullptr);
  EXPECT_EQ(find_figure(one.figures, "tpot_ms"), nullptr);
}

}  // namespace
}  // namespace llmtco
