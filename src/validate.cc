#include "llmtco/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/perf.h"
#include "llmtco/simulate.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

std::string describe(const Throughput& t) {
  std::string out = fmt::format("batch {:.4g}", t.batch);
  if (t.batch >= static_cast<double>(t.batch_memory_cap)) out += " (KV memory)";
  return out + fmt::format("; prefill {}-bound, decode {}-bound", bound_name(t.prefill_step.bound),
                           bound_name(t.decode.bound));
}

// The row's setup as a deployment: its engine profile (by version) with the
// server flags the row records. Throws InputError for names the catalogs lack.
Deployment deployment_of(const Catalogs& catalogs, const BenchmarkRow& row,
                         std::span<const EngineProfile> engines) {
  Deployment d;
  d.model = find_model(catalogs, row.model);
  d.gpu = find_gpu(catalogs, row.gpu);
  d.weights = find_precision(catalogs, row.precision);
  // FP8 rows use an FP8 KV cache unless the row names one (data/benchmarks/README.md).
  d.kv = row.kv_precision.empty() ? default_kv_precision(catalogs, d.weights)
                                  : find_precision(catalogs, row.kv_precision);
  d.engine = find_engine_profile(engines, row.engine, row.engine_version);
  const ServerFlags& f = row.server;
  if (f.max_num_seqs) d.engine.max_num_seqs = *f.max_num_seqs;
  if (f.gpu_memory_utilization) d.engine.gpu_memory_utilization = *f.gpu_memory_utilization;
  if (f.scheduler_steps) d.engine.scheduler_steps = *f.scheduler_steps;
  if (f.chunked_prefill) d.engine.mixed_prefill = *f.chunked_prefill;
  d.tp = row.tp;
  d.pp = row.pp;
  return d;
}

std::string setup_problem(const Deployment& d) {
  if (std::string problem = tp_problem(d.model, d.tp); !problem.empty()) return problem;
  if (d.pp > d.model.num_layers) {
    return fmt::format("{} pipeline stages exceed the {} layers", d.pp, d.model.num_layers);
  }
  return {};
}

// A run of finitely many requests: the trace's own, or num_requests of the
// row's lengths at its rate. One replica's share when the row spans several.
bool replayed(const BenchmarkRow& row) {
  return row.trace != nullptr || (row.mode == "online" && row.num_requests.has_value());
}

// The seed of a run's Poisson send times: any fixed value, the same run every time.
constexpr std::uint64_t kArrivalSeed = 14;

// The run's requests: the trace's lengths, or num_requests copies of the row's,
// sent as a Poisson process at the row's rate (a trace row's is the trace's
// unless the row names one), as benchmark clients send.
std::vector<SimRequest> run_requests(const BenchmarkRow& row) {
  const double rate = row.mode == "online" ? row.request_rate : INFINITY;
  const std::size_t count =
      row.trace ? row.trace->input_lens.size() : static_cast<std::size_t>(*row.num_requests);
  const std::vector<double> at = arrival_times(RequestShape{}, rate, count, kArrivalSeed);
  std::vector<SimRequest> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back({.arrival_s = at[i],
                   .input_tokens = row.trace ? row.trace->input_lens[i] : row.input_len,
                   .output_tokens = row.trace ? row.trace->output_lens[i] : row.output_len});
  }
  return out;
}

// The metric of a simulated run.
std::optional<double> simulated_metric(const Simulation& r, const std::string& metric, int replicas,
                                       int gpus) {
  if (metric == "output_tokens_per_s") return r.output_tokens_per_s;
  if (metric == "output_tokens_per_s_per_gpu") return r.output_tokens_per_s / (gpus * replicas);
  if (metric == "requests_per_s") return r.requests_per_s;
  if (metric == "ttft_ms" || metric == "ttft_ms_mean") return r.ttft.mean_s * kMsPerSecond;
  if (metric == "tpot_ms_mean") return r.tpot.mean_s * kMsPerSecond;
  if (metric == "itl_ms_mean") return r.itl.mean_s * kMsPerSecond;
  if (metric == "decode_tokens_per_s_per_user" && r.tpot.mean_s > 0) return 1.0 / r.tpot.mean_s;
  return std::nullopt;
}

void predict_replayed(const Deployment& d, const BenchmarkRow& row, int replicas,
                      RowPrediction& p) {
  const std::vector<SimRequest> requests = run_requests(row);
  const Simulation r = simulate(d, requests, {.replicas = replicas, .timeline = false});
  if (!r.fits) {
    p.reason = r.why;
    return;
  }
  const std::optional<double> value = simulated_metric(r, row.metric, replicas, d.gpus());
  if (!value || !std::isfinite(*value) || *value <= 0) {
    p.reason = fmt::format("the simulated run has no {}", row.metric);
    return;
  }
  p.predicted = *value;
  p.error_pct = (*value - row.value) / row.value * 100.0;
  p.reason = fmt::format(
      "simulation of {} requests{}: at most {:.4g} running, {} steps, {} preemptions, {:.4g} s",
      requests.size(), replicas > 1 ? fmt::format(" over {} replicas", replicas) : "", r.max_batch,
      r.steps, r.preemptions, r.duration_s);
}

void predict_steady(const Deployment& d, const BenchmarkRow& row, int replicas, RowPrediction& p) {
  const Workload w{.input_tokens = row.input_len, .output_tokens = row.output_len};
  Throughput t;
  if (row.mode == "static") {
    t = static_throughput(d, w, *row.batch);
  } else if (row.mode == "online" && std::isfinite(row.request_rate)) {
    t = online_throughput(d, w, row.request_rate / replicas);
  } else {
    t = offline_throughput(d, w);
  }
  if (!t.fits) {
    p.reason = t.why;
    return;
  }
  const bool has_ttft = row.mode == "static" ||
                        (row.mode == "online" && !t.saturated && std::isfinite(row.request_rate));
  double value = 0;
  if (row.metric == "output_tokens_per_s") {
    value = t.output_tokens_per_s * replicas;
  } else if (row.metric == "output_tokens_per_s_per_gpu") {
    value = t.output_tokens_per_s / d.gpus();
  } else if (row.metric == "requests_per_s") {
    value = t.requests_per_s * replicas;
  } else if (row.metric == "itl_ms_mean" || row.metric == "tpot_ms_mean") {
    value = t.tpot_s * kMsPerSecond;
  } else if (row.metric == "decode_tokens_per_s_per_user") {
    value = 1.0 / t.tpot_s;
  } else if (has_ttft) {
    value = t.ttft_s * kMsPerSecond;
  } else {
    p.reason = t.saturated ? t.why
                           : "time to first token with every request sent at once depends on "
                             "how many were sent: give the row a num_requests";
    return;
  }
  p.predicted = value;
  p.error_pct = (value - row.value) / row.value * 100.0;
  p.reason = describe(t);
}

}  // namespace

RowPrediction predict_row(const Catalogs& catalogs, const BenchmarkRow& row,
                          std::span<const EngineProfile> engines) {
  RowPrediction p{.file = row.file, .line = row.line, .measured = row.value};
  Deployment d;
  try {
    d = deployment_of(catalogs, row, engines);
  } catch (const InputError& e) {
    p.reason = e.what();
    return p;
  }
  if (std::string problem = setup_problem(d); !problem.empty()) {
    p.reason = problem;
    return p;
  }
  const int replicas = row.num_gpus / d.gpus();
  if (replayed(row)) {
    predict_replayed(d, row, replicas, p);
  } else {
    predict_steady(d, row, replicas, p);
  }
  return p;
}

std::string engine_key(const BenchmarkRow& row) {
  return row.engine_version.empty() ? row.engine : row.engine + " " + row.engine_version;
}

ErrorSummary summarize(std::span<const RowPrediction> rows) {
  ErrorSummary s;
  s.rows = static_cast<int>(rows.size());
  std::vector<double> errors;
  for (const RowPrediction& r : rows) {
    if (r.error_pct) errors.push_back(std::abs(*r.error_pct));
  }
  s.predicted = static_cast<int>(errors.size());
  s.coverage = s.rows == 0 ? 0.0 : static_cast<double>(s.predicted) / s.rows;
  if (errors.empty()) return s;
  std::sort(errors.begin(), errors.end());
  double sum = 0;
  for (double e : errors) sum += e;
  s.mape = sum / static_cast<double>(errors.size());
  const std::size_t n = errors.size();
  s.median_ape = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2.0;
  // Nearest rank: the smallest error at or above which 90% of the rows lie.
  const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n)));
  s.p90_ape = errors[std::max<std::size_t>(rank, 1) - 1];
  return s;
}

Validation validate(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
                    std::span<const EngineProfile> engines) {
  Validation v;
  for (const BenchmarkRow& row : rows) v.rows.push_back(predict_row(catalogs, row, engines));
  v.summary = summarize(v.rows);
  using Key = std::string (*)(const BenchmarkRow&);
  const std::pair<const char*, Key> dimensions[] = {
      {"engine", [](const BenchmarkRow& r) { return engine_key(r); }},
      {"file", [](const BenchmarkRow& r) { return r.file; }},
      {"gpu", [](const BenchmarkRow& r) { return r.gpu; }},
      {"mode", [](const BenchmarkRow& r) { return r.mode; }},
      {"metric", [](const BenchmarkRow& r) { return r.metric; }},
      {"engine_mode_metric",
       [](const BenchmarkRow& r) { return engine_key(r) + " " + r.mode + " " + r.metric; }}};
  for (const auto& [by, key_of] : dimensions) {
    std::map<std::string, std::vector<RowPrediction>> groups;
    for (std::size_t i = 0; i < rows.size(); ++i) groups[key_of(rows[i])].push_back(v.rows[i]);
    for (const auto& [key, members] : groups) v.groups.push_back({by, key, summarize(members)});
  }
  return v;
}

}  // namespace llmtco
