// The report of `llmtco simulate`: one deployment (or a fleet of replicas) served
// a run of requests by the serving simulator (simulate.h), with the latencies'
// means and percentiles, throughput, goodput against latency targets, and charts
// of the latency CDFs and of the queue over time. SimulateRequest holds every
// input; the shells fill it from flags or a request body.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/report.h"
#include "llmtco/simulate.h"

namespace llmtco {

// Requests one command line may simulate.
inline constexpr std::int64_t kMaxSimulatedRequests = 1'000'000;
// Replicas one command line may simulate behind the balancer.
inline constexpr int kMaxSimulatedReplicas = 1000;

struct SimulateRequest {
  // The deployment, as `llmtco perf` takes it (perf_report.h).
  std::string model;
  std::string gpu;  // required
  int tp = 1;
  std::string precision = "checkpoint";  // the checkpoint's own format, bf16 unless quantized
  std::string kv_precision;              // empty: fp8 with fp8 weights, else bf16
  std::string engine = "vllm";
  std::string engine_version;

  // The requests: drawn at a rate (> 0 and <= 1,000,000 requests/s), or a trace's
  // (non-empty `trace`); one or the other.
  std::optional<double> rate_per_s;
  std::vector<SimRequest> trace;
  std::string trace_source;    // the trace's file, for the summary
  std::string trace_arrivals;  // where its arrival times came from, for a note

  // Drawn requests: how many (or as many as arrive in duration_s at the rate, not
  // both), how they arrive and how long they are.
  std::int64_t requests = 1000;         // 1 to max_requests
  std::optional<double> duration_s;     // > 0
  std::string arrivals = "poisson";     // poisson, gamma
  std::optional<double> burstiness_cv;  // gamma only: the gaps' CV, 0.01 to 20
  std::string length_dist = "fixed";    // fixed, uniform, lognormal: both lengths
  double input_tokens = 1000;           // mean prompt tokens, 1 to 10,000,000
  double output_tokens = 300;           // mean output tokens, 1 to 10,000,000
  std::optional<double> input_cv;       // spread of the prompt's length (default 0.5 unless fixed)
  std::optional<double> output_cv;      // spread of the output's length (default 0.5 unless fixed)
  std::uint64_t seed = 1;

  int replicas = 1;                      // 1 to 1,000
  std::string balancer = "round_robin";  // round_robin, least_loaded
  std::int64_t warmup_requests = 0;      // left out of the statistics, fewer than the requests

  // The targets goodput counts against: "mean" or a percentile in (0, 100).
  std::string percentile = "95";
  double ttft_ms = 2000;  // > 0
  double tpot_ms = 50;    // > 0

  // The shell's cap on requests (drawn or traced): the CLI's kMaxSimulatedRequests,
  // a shared server's far fewer.
  std::int64_t max_requests = kMaxSimulatedRequests;
  // The shell's cap on replicas: each arrival brings every replica to its time,
  // so the work grows with requests x replicas.
  int max_replicas = kMaxSimulatedReplicas;
};

// The figures (latencies at the target's statistic, throughput, goodput,
// preemptions, batch, steps, duration), a "summary" table of what ran, a "latency"
// table (TTFT, TPOT, ITL, E2E: mean, P50, P90, P95, P99 in ms), charts of the
// latency CDFs and of the requests waiting and running over time, and notes.
// Throws FieldError naming the member for a bad input (and unknown names), and
// InputError when the model does not fit the deployment.
Report simulate_report(const Catalogs& catalogs, const SimulateRequest& request);

}  // namespace llmtco
