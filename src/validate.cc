#include "llmtco/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/perf.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

const EngineProfile* engine_named(std::span<const EngineProfile> engines, const std::string& id) {
  for (const EngineProfile& e : engines) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::string describe(const Throughput& t) {
  std::string out = fmt::format("batch {:.4g}", t.batch);
  if (t.batch >= static_cast<double>(t.batch_memory_cap)) out += " (KV memory)";
  return out + fmt::format("; prefill {}-bound, decode {}-bound", bound_name(t.prefill_step.bound),
                           bound_name(t.decode.bound));
}

}  // namespace

RowPrediction predict_row(const Catalogs& catalogs, const BenchmarkRow& row,
                          std::span<const EngineProfile> engines) {
  RowPrediction p{.line = row.line, .measured = row.value};
  Deployment d;
  try {
    d.model = find_model(catalogs, row.model);
    d.gpu = find_gpu(catalogs, row.gpu);
    d.weights = find_precision(catalogs, row.precision);
    // FP8 rows use an FP8 KV cache too (data/benchmarks/README.md).
    d.kv = default_kv_precision(catalogs, d.weights);
  } catch (const InputError& e) {
    p.reason = e.what();
    return p;
  }
  const EngineProfile* engine = engine_named(engines, row.engine);
  if (engine == nullptr) {
    p.reason = fmt::format("unknown engine '{}'", row.engine);
    return p;
  }
  d.engine = *engine;
  d.tp = row.tp;
  d.pp = row.pp;
  if (const std::string problem = tp_problem(d.model, d.tp); !problem.empty()) {
    p.reason = problem;
    return p;
  }
  if (d.pp > d.model.num_layers) {
    p.reason = fmt::format("{} pipeline stages exceed the {} layers", d.pp, d.model.num_layers);
    return p;
  }
  const double replicas = static_cast<double>(row.num_gpus / d.gpus());
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
    return p;
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
  } else if (row.metric == "itl_ms_mean") {
    value = t.tpot_s * kMsPerSecond;
  } else if (row.metric == "decode_tokens_per_s_per_user") {
    value = 1.0 / t.tpot_s;
  } else if (has_ttft) {
    value = t.ttft_s * kMsPerSecond;
  } else {
    p.reason = t.saturated ? t.why
                           : "time to first token with every request sent at once depends on "
                             "how many were sent, which the format does not record";
    return p;
  }
  p.predicted = value;
  p.error_pct = (value - row.value) / row.value * 100.0;
  p.reason = describe(t);
  return p;
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
      {"engine", [](const BenchmarkRow& r) { return r.engine; }},
      {"gpu", [](const BenchmarkRow& r) { return r.gpu; }},
      {"mode", [](const BenchmarkRow& r) { return r.mode; }},
      {"metric", [](const BenchmarkRow& r) { return r.metric; }}};
  for (const auto& [by, key_of] : dimensions) {
    std::map<std::string, std::vector<RowPrediction>> groups;
    for (std::size_t i = 0; i < rows.size(); ++i) groups[key_of(rows[i])].push_back(v.rows[i]);
    for (const auto& [key, members] : groups) v.groups.push_back({by, key, summarize(members)});
  }
  return v;
}

}  // namespace llmtco
