// simulate_report(): a run of requests through the serving simulator
// (simulate.h), reported as figures, the latency table, CDF and timeline charts,
// and notes. docs/simulate.md shows the report; docs/methodology.md, "Simulation
// outputs", defines its figures.
#include "llmtco/simulate_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {
namespace {

constexpr const char* kSource = "docs/methodology.md, \"Simulation outputs\"";
constexpr double kMaxRatePerS = 1e6;
constexpr double kMaxTokens = kMaxDrawnTokens;
constexpr double kMaxCv = 10;
constexpr double kDefaultCv = 0.5;
constexpr double kDefaultBurstinessCv = 2;
// Seeds a JSON number holds exactly (2^53).
constexpr std::int64_t kMaxSeed = 9'007'199'254'740'992;
constexpr std::size_t kCdfPoints = 200;
constexpr std::size_t kTimelinePoints = 300;

// A CV of a length: given, else none for fixed lengths and kDefaultCv otherwise.
double length_cv(const char* field, LengthDist dist, std::optional<double> cv) {
  if (!cv) return dist == LengthDist::kFixed ? 0 : kDefaultCv;
  if (dist == LengthDist::kFixed && *cv != 0) {
    throw FieldError(field, fmt::format("needs a length distribution, uniform or lognormal "
                                        "(got {} with fixed lengths)",
                                        *cv));
  }
  detail::check_number(field, *cv, 0, true,
                       dist == LengthDist::kUniform ? 1 / std::sqrt(3.0) : kMaxCv);
  return *cv;
}

template <typename Parse>
auto parse_field(const char* field, Parse&& parse) {
  try {
    return parse();
  } catch (const InputError& e) {
    throw FieldError(field, e.what());
  }
}

RequestShape request_shape(const SimulateRequest& r) {
  RequestShape shape;
  shape.arrivals = parse_field("arrivals", [&] { return parse_arrivals(r.arrivals); });
  if (r.burstiness_cv && shape.arrivals != Arrivals::kGamma) {
    throw FieldError("burstiness_cv", fmt::format("applies to gamma arrivals only (got {} with "
                                                  "{} arrivals)",
                                                  *r.burstiness_cv, r.arrivals));
  }
  shape.burstiness_cv = r.burstiness_cv.value_or(kDefaultBurstinessCv);
  detail::check_number("burstiness_cv", shape.burstiness_cv, kMinBurstinessCv, true,
                       kMaxBurstinessCv);
  const LengthDist dist =
      parse_field("length_dist", [&] { return parse_length_dist(r.length_dist); });
  detail::check_number("input_tokens", r.input_tokens, 1, true, kMaxTokens);
  detail::check_number("output_tokens", r.output_tokens, 1, true, kMaxTokens);
  shape.input = {dist, r.input_tokens, length_cv("input_cv", dist, r.input_cv)};
  shape.output = {dist, r.output_tokens, length_cv("output_cv", dist, r.output_cv)};
  if (const std::string problem = request_shape_problem(shape); !problem.empty()) {
    throw InputError(problem);
  }
  return shape;
}

// The number of requests to draw: `requests`, or those arriving in duration_s.
std::int64_t drawn_count(const SimulateRequest& r, double rate_per_s) {
  if (!r.duration_s) {
    detail::check_whole("requests", r.requests, 1, r.max_requests);
    return r.requests;
  }
  detail::check_number("duration_s", *r.duration_s, 0, false);
  const double count = std::ceil(rate_per_s * *r.duration_s);
  if (count < 1) {
    throw FieldError("duration_s", fmt::format("gives no request at {} requests/s (got {} s)",
                                               format_number(rate_per_s), *r.duration_s));
  }
  if (count > static_cast<double>(r.max_requests)) {
    throw FieldError(
        "duration_s",
        fmt::format("gives {} requests at {} requests/s, more than the {} allowed "
                    "(got {} s)",
                    format_number(count), format_number(rate_per_s),
                    format_number(static_cast<double>(r.max_requests)), *r.duration_s));
  }
  return static_cast<std::int64_t>(count);
}

std::vector<SimRequest> requests_of(const SimulateRequest& r) {
  if (!r.trace.empty()) {
    if (r.rate_per_s) throw FieldError("rate_per_s", "excludes a trace, which has its arrivals");
    if (static_cast<double>(r.trace.size()) > static_cast<double>(r.max_requests)) {
      throw FieldError("trace", fmt::format("holds {} requests, more than the {} allowed",
                                            format_number(static_cast<double>(r.trace.size())),
                                            format_number(static_cast<double>(r.max_requests))));
    }
    return r.trace;
  }
  if (!r.rate_per_s) throw FieldError("rate_per_s", "is required without a trace (requests/s)");
  detail::check_number("rate_per_s", *r.rate_per_s, 0, false, kMaxRatePerS);
  const RequestShape shape = request_shape(r);
  const std::int64_t count = drawn_count(r, *r.rate_per_s);
  return generate_requests(shape, *r.rate_per_s, static_cast<std::size_t>(count), r.seed);
}

LatencyTarget latency_target(const SimulateRequest& r) {
  LatencyTarget target;
  if (r.percentile == "mean") {
    target.mean = true;
  } else {
    double p = 0;
    const char* end = r.percentile.data() + r.percentile.size();
    const auto [ptr, ec] = std::from_chars(r.percentile.data(), end, p);
    if (r.percentile.empty() || ec != std::errc() || ptr != end || !(p > 0 && p < 100)) {
      throw FieldError("percentile", fmt::format("must be mean or a number in (0, 100), e.g. "
                                                 "95 (got '{}')",
                                                 r.percentile));
    }
    target.percentile = p;
  }
  detail::check_number("ttft_ms", r.ttft_ms, 0, false);
  detail::check_number("tpot_ms", r.tpot_ms, 0, false);
  target.ttft_s = r.ttft_ms / kMsPerSecond;
  target.tpot_s = r.tpot_ms / kMsPerSecond;
  return target;
}

SimOptions sim_options(const SimulateRequest& r, std::size_t requests) {
  detail::check_whole("replicas", r.replicas, 1, r.max_replicas);
  detail::check_whole("warmup_requests", r.warmup_requests, 0,
                      static_cast<std::int64_t>(requests) - 1);
  return {.replicas = r.replicas,
          .balancer = parse_field("balancer", [&] { return parse_balancer(r.balancer); }),
          .warmup_requests = static_cast<std::size_t>(r.warmup_requests)};
}

Deployment deployment(const Catalogs& catalogs, const SimulateRequest& r) {
  if (r.gpu.empty()) throw FieldError("gpu", "is required (a GPU id: llmtco catalog gpus)");
  detail::check_whole("tp", r.tp, 1, 64);
  return resolve_deployment(
      catalogs, {r.model, r.gpu, r.precision, r.kv_precision, r.engine, r.engine_version, r.tp});
}

// Every counted request's own latencies, in seconds.
struct RequestLatencies {
  std::vector<double> ttft_s, tpot_s, e2e_s;
};

RequestLatencies request_latencies(const Simulation& sim) {
  RequestLatencies out;
  for (const RequestTimes& t : sim.times) {
    if (!t.counted) continue;
    out.e2e_s.push_back(t.finish_s - t.arrival_s);
    if (t.output_tokens > 0) out.ttft_s.push_back(t.first_token_s - t.arrival_s);
    if (t.output_tokens > 1) {
      out.tpot_s.push_back((t.finish_s - t.first_token_s) /
                           static_cast<double>(t.output_tokens - 1));
    }
  }
  return out;
}

std::string statistic_name(const LatencyTarget& target) {
  // As given: three significant digits would print P99.95 as P100.
  return target.mean ? "mean" : fmt::format("P{}", target.percentile);
}

std::vector<FigureInput> statistic_inputs(const LatencyTarget& target, const Simulation& sim) {
  std::vector<FigureInput> inputs = {
      {"counted_requests", static_cast<double>(sim.counted), "requests"}};
  if (!target.mean) inputs.push_back({"percentile", target.percentile, "%"});
  return inputs;
}

Figure latency_figure(const std::string& id, const std::string& what, double value_s,
                      const LatencyTarget& target, const Simulation& sim) {
  const std::string formula =
      target.mean ? fmt::format("mean({}(request)) over counted_requests", id)
                  : fmt::format("percentile({}(request), percentile) over counted_requests", id);
  return physics_figure(id, fmt::format("{}, {}", what, statistic_name(target)),
                        value_s * kMsPerSecond, "ms", formula, statistic_inputs(target, sim),
                        kSource);
}

double output_tokens(std::span<const SimRequest> requests) {
  return std::accumulate(
      requests.begin(), requests.end(), 0.0,
      [](double sum, const SimRequest& q) { return sum + static_cast<double>(q.output_tokens); });
}

std::vector<Figure> rate_figures(const Simulation& sim, std::span<const SimRequest> requests,
                                 const Goodput& good) {
  const FigureInput duration{"duration_s", sim.duration_s, "s"};
  const FigureInput counted{"counted_requests", static_cast<double>(sim.counted), "requests"};
  const FigureInput met{"met_requests", static_cast<double>(good.met), "requests"};
  return {
      physics_figure("output_tokens_per_s", "Output tokens per second, every replica",
                     sim.output_tokens_per_s, "tokens/s", "output_tokens / duration_s",
                     {{"output_tokens", output_tokens(requests), "tokens"}, duration}, kSource),
      physics_figure("requests_per_s", "Requests completed per second", sim.requests_per_s,
                     "requests/s", "requests / duration_s",
                     {{"requests", static_cast<double>(requests.size()), "requests"}, duration},
                     kSource),
      physics_figure("goodput_share", "Share of requests within both targets", good.share,
                     "fraction", "met_requests / counted_requests", {met, counted}, kSource),
      physics_figure("goodput_requests_per_s", "Goodput: requests within both targets per second",
                     good.requests_per_s, "requests/s", "met_requests / duration_s",
                     {met, duration}, kSource),
  };
}

// First arrival to last completion, from the requests' own times.
Figure duration_figure(const Simulation& sim) {
  double first_arrival_s = INFINITY, last_finish_s = 0;
  for (const RequestTimes& t : sim.times) {
    first_arrival_s = std::min(first_arrival_s, t.arrival_s);
    last_finish_s = std::max(last_finish_s, t.finish_s);
  }
  return physics_figure(
      "duration_s", "Duration, first arrival to last completion", sim.duration_s, "s",
      "last_finish_s - first_arrival_s",
      {{"last_finish_s", last_finish_s, "s"}, {"first_arrival_s", first_arrival_s, "s"}}, kSource);
}

int most_waiting(const Simulation& sim) {
  int most = 0;
  for (const TimelinePoint& p : sim.timeline) most = std::max(most, p.waiting);
  return most;
}

// What the simulator counted: its steps, the largest batch, the preemptions and
// the longest queue.
Table run_table(const Simulation& sim) {
  return Table{.id = "run",
               .title = "The run",
               .columns = {"steps", "max_batch", "preemptions", "max_waiting"},
               .labels = {"forward steps, every replica", "most running on one replica",
                          "preemptions", "most waiting at once, every replica"},
               .rows = {{sim.steps, static_cast<std::int64_t>(sim.max_batch), sim.preemptions,
                         std::int64_t{most_waiting(sim)}}},
               .json_object = true};
}

// A latency no request has (no output, or no second token) is empty, not 0.
std::vector<Cell> latency_row(const std::string& metric, const LatencyStats& s) {
  if (s.count == 0) return {metric, std::int64_t{0}, {}, {}, {}, {}, {}};
  return {metric,
          static_cast<std::int64_t>(s.count),
          s.mean_s * kMsPerSecond,
          s.p50_s * kMsPerSecond,
          s.p90_s * kMsPerSecond,
          s.p95_s * kMsPerSecond,
          s.p99_s * kMsPerSecond};
}

Table latency_table(const Simulation& sim) {
  Table t{.id = "latency",
          .title = "Latency over the counted requests (ms)",
          .columns = {"metric", "count", "mean_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms"}};
  t.rows = {latency_row("TTFT", sim.ttft), latency_row("TPOT", sim.tpot),
            latency_row("ITL", sim.itl), latency_row("E2E", sim.e2e)};
  return t;
}

Table summary_table(const SimulateRequest& r, const Deployment& d, std::size_t requests) {
  return Table{.id = "summary",
               .title = "What ran",
               .columns = {"model", "gpu", "tp", "precision", "engine", "engine_version",
                           "replicas", "balancer", "requests", "seed"},
               .rows = {{d.model.id, d.gpu.id, std::int64_t{d.tp}, d.weights.id, d.engine.id,
                         d.engine.version, std::int64_t{r.replicas}, r.balancer,
                         static_cast<std::int64_t>(requests), static_cast<std::int64_t>(r.seed)}},
               .json_object = true};
}

// The empirical CDF of `values_s` in ms: at most kCdfPoints points at evenly
// spaced ranks, the last at the largest value (share 1).
ChartSeries cdf_series(const std::string& name, std::vector<double> values_s) {
  ChartSeries series{.name = name};
  if (values_s.empty()) return series;
  std::sort(values_s.begin(), values_s.end());
  const std::size_t n = values_s.size();
  const std::size_t points = std::min(n, kCdfPoints);
  for (std::size_t k = 0; k < points; ++k) {
    const std::size_t i = points == 1 ? n - 1 : k * (n - 1) / (points - 1);
    series.points.push_back(
        {values_s[i] * kMsPerSecond, static_cast<double>(i + 1) / static_cast<double>(n)});
  }
  return series;
}

Chart cdf_chart(std::string id, std::string title, std::vector<ChartSeries> series) {
  return Chart{.id = std::move(id),
               .title = std::move(title),
               .x_label = "latency, ms",
               .y_label = "share of requests",
               .log_x = true,
               .series = std::move(series)};
}

// The fleet's queue and batch over time: at most kTimelinePoints points, each the
// most waiting and the most running over its stretch of arrivals.
Chart timeline_chart(const std::vector<TimelinePoint>& timeline) {
  Chart c{.id = "queue",
          .title = "Requests waiting and running over time, every replica",
          .x_label = "time, s",
          .y_label = "requests"};
  ChartSeries waiting{.name = "waiting"}, running{.name = "running"};
  const std::size_t n = timeline.size();
  const std::size_t buckets = std::min(n, kTimelinePoints);
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t from = b * n / buckets, to = (b + 1) * n / buckets;
    int most_waiting = 0, most_running = 0;
    for (std::size_t i = from; i < to; ++i) {
      most_waiting = std::max(most_waiting, timeline[i].waiting);
      most_running = std::max(most_running, timeline[i].running);
    }
    waiting.points.push_back({timeline[from].time_s, static_cast<double>(most_waiting)});
    running.points.push_back({timeline[from].time_s, static_cast<double>(most_running)});
  }
  c.series = {waiting, running};
  return c;
}

std::vector<Chart> charts(const Simulation& sim) {
  RequestLatencies l = request_latencies(sim);
  std::vector<Chart> out;
  out.push_back(
      cdf_chart("latency_cdf", "Latency CDF: time to first token and end to end",
                {cdf_series("TTFT", std::move(l.ttft_s)), cdf_series("E2E", std::move(l.e2e_s))}));
  out.push_back(cdf_chart("tpot_cdf", "Time per output token CDF, each request's own",
                          {cdf_series("TPOT", std::move(l.tpot_s))}));
  if (!sim.timeline.empty()) out.push_back(timeline_chart(sim.timeline));
  return out;
}

// One latency at the target's statistic against its target, or why there is none.
std::string latency_text(const char* name, const LatencyStats& stats, double value_s,
                         double target_s, const char* none) {
  if (stats.count == 0) return fmt::format("no {} ({})", name, none);
  return fmt::format("{} {} ms (target {} ms)", name, format_number(value_s * kMsPerSecond),
                     format_number(target_s * kMsPerSecond));
}

std::string target_note(const Simulation& sim, const LatencyTarget& target) {
  const double ttft_s = ttft_at(sim, target), tpot_s = tpot_at(sim, target);
  const bool met = ttft_s <= target.ttft_s && tpot_s <= target.tpot_s;
  return fmt::format(
      "At the {}: {}, {}: {}.", statistic_name(target),
      latency_text("TTFT", sim.ttft, ttft_s, target.ttft_s, "no request streamed a token"),
      latency_text("TPOT", sim.tpot, tpot_s, target.tpot_s, "no request streamed two"),
      sim.ttft.count == 0 && sim.tpot.count == 0 ? "nothing to hold to the targets"
      : met                                      ? "within the targets"
                                                 : "not within the targets");
}

std::string goodput_note(const Simulation& sim, const Goodput& good) {
  return fmt::format(
      "Goodput: {} of {} counted requests ({}) had their own TTFT and TPOT within the targets, "
      "{} requests/s.",
      format_number(static_cast<double>(good.met)), format_number(static_cast<double>(sim.counted)),
      format_quantity(good.share, "fraction"), format_number(good.requests_per_s));
}

std::string workload_note(const SimulateRequest& r, std::size_t requests) {
  if (!r.trace.empty()) {
    return fmt::format("Requests: {} from the trace {}; arrival times: {}.",
                       format_number(static_cast<double>(requests)), r.trace_source,
                       r.trace_arrivals);
  }
  const std::string arrivals =
      r.arrivals == "gamma"
          ? fmt::format("gamma gaps of CV {}",
                        format_number(r.burstiness_cv.value_or(kDefaultBurstinessCv)))
          : std::string("Poisson");
  const LengthDist dist = parse_length_dist(r.length_dist);
  const auto length = [&](double mean, std::optional<double> cv) {
    return dist == LengthDist::kFixed
               ? format_number(mean) + " tokens"
               : fmt::format("{} tokens on average ({}, CV {})", format_number(mean), r.length_dist,
                             format_number(cv.value_or(kDefaultCv)));
  };
  return fmt::format("Requests: {} arriving at {} requests/s ({}), seed {}; prompt {}, output {}.",
                     format_number(static_cast<double>(requests)), format_number(*r.rate_per_s),
                     arrivals, r.seed, length(r.input_tokens, r.input_cv),
                     length(r.output_tokens, r.output_cv));
}

std::vector<std::string> run_notes(const Simulation& sim, const SimulateRequest& r) {
  std::vector<std::string> notes;
  notes.push_back(fmt::format(
      "At most {} requests waited at once (queued or preempted), over "
      "{} replica{}.",
      format_number(most_waiting(sim)), format_number(r.replicas), r.replicas == 1 ? "" : "s"));
  if (sim.preemptions > 0) {
    notes.push_back(
        fmt::format("{} preemptions: the KV cache ran out and the newest running "
                    "request was recomputed later.",
                    format_number(static_cast<double>(sim.preemptions))));
  }
  if (r.warmup_requests > 0) {
    notes.push_back(
        fmt::format("The first {} requests (the warm-up) are left out of the "
                    "latencies and the goodput.",
                    format_number(static_cast<double>(r.warmup_requests))));
  }
  return notes;
}

// How the simulator scheduled, with the engine profile's limits.
std::string scheduler_note(const EngineProfile& e) {
  const char* batching = !e.continuous_batching ? "a batch runs until its last request ends"
                         : e.mixed_prefill      ? "prompts in chunks beside the running decodes"
                                                : "a step that prefills pauses the decodes";
  return fmt::format(
      "Scheduled first come, first served within the limits of the {} profile: {} sequences and "
      "{} tokens a step, KV blocks of {} token{}; {}; when the KV cache runs out the newest "
      "request is preempted and recomputed (docs/methodology.md, \"Simulation: a run of "
      "requests\", says where the engine's own scheduler differs).",
      e.name, format_number(static_cast<double>(e.max_num_seqs)),
      format_number(static_cast<double>(e.max_batched_tokens)),
      format_number(static_cast<double>(e.kv_block_tokens)), e.kv_block_tokens == 1 ? "" : "s",
      batching);
}

}  // namespace

// How the requests were made and what they were held to, for JSON readers (the
// notes say it in words): a trace's rows leave the drawing's cells empty.
Table workload_table(const SimulateRequest& r, const Deployment& d, const LatencyTarget& target) {
  const bool drawn = r.trace.empty();
  const RequestShape shape = request_shape(r);
  const auto when_drawn = [&](Cell cell) { return drawn ? cell : Cell{}; };
  return Table{
      .id = "workload",
      .title = "The requests and the targets",
      .columns = {"source", "rate_per_s", "arrivals", "burstiness_cv", "length_dist",
                  "input_tokens_mean", "input_cv", "output_tokens_mean", "output_cv",
                  "warmup_requests", "statistic", "ttft_target_ms", "tpot_target_ms",
                  "kv_precision"},
      .rows = {{drawn ? std::string("drawn") : r.trace_source, when_drawn(r.rate_per_s.value_or(0)),
                when_drawn(r.arrivals),
                when_drawn(shape.arrivals == Arrivals::kGamma ? Cell{shape.burstiness_cv} : Cell{}),
                when_drawn(r.length_dist), when_drawn(shape.input.mean_tokens),
                when_drawn(shape.input.cv), when_drawn(shape.output.mean_tokens),
                when_drawn(shape.output.cv), r.warmup_requests, statistic_name(target),
                target.ttft_s * kMsPerSecond, target.tpot_s * kMsPerSecond, d.kv.id}},
      .json_object = true};
}

Report simulate_report(const Catalogs& catalogs, const SimulateRequest& r) {
  const Deployment d = deployment(catalogs, r);
  if (r.seed > static_cast<std::uint64_t>(kMaxSeed)) {
    throw FieldError("seed", fmt::format("must be 0 to {} (got {})",
                                         format_number(static_cast<double>(kMaxSeed)), r.seed));
  }
  const std::vector<SimRequest> requests = requests_of(r);
  const LatencyTarget target = latency_target(r);
  const Simulation sim = simulate(d, requests, sim_options(r, requests.size()));
  if (!sim.fits) {
    throw InputError(fmt::format("{} on {} x {}: {}", d.model.id, d.gpus(), d.gpu.id, sim.why));
  }
  const Goodput good = goodput(sim, target);
  Report report{
      .command = "simulate",
      .title = fmt::format("{} on {} x {} (TP {}), {}, {} {}, {} replica{}", d.model.id, d.gpus(),
                           d.gpu.id, d.tp, d.weights.id, d.engine.name, d.engine.version,
                           format_number(r.replicas), r.replicas == 1 ? "" : "s")};
  // A latency no request has (no token streamed, or no second) is no figure.
  if (sim.ttft.count > 0) {
    report.figures.push_back(
        latency_figure("ttft_ms", "Time to first token", ttft_at(sim, target), target, sim));
  }
  if (sim.tpot.count > 0) {
    report.figures.push_back(
        latency_figure("tpot_ms", "Time per output token", tpot_at(sim, target), target, sim));
  }
  for (Figure& f : rate_figures(sim, requests, good)) report.figures.push_back(std::move(f));
  report.figures.push_back(duration_figure(sim));
  report.tables = {summary_table(r, d, requests.size()), workload_table(r, d, target),
                   latency_table(sim), run_table(sim)};
  report.charts = charts(sim);
  report.notes = {target_note(sim, target), goodput_note(sim, good),
                  workload_note(r, requests.size())};
  for (std::string& note : run_notes(sim, r)) report.notes.push_back(std::move(note));
  report.notes.push_back(scheduler_note(d.engine));
  return report;
}

}  // namespace llmtco
