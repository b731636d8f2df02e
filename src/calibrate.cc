// fit_engine(): the calibration of an engine's efficiency factors on benchmark rows.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/validate.h"

namespace llmtco {
namespace {

struct Factor {
  const char* name;
  double EngineProfile::*field;
  double max;  // efficiencies are fractions; costs have no ceiling
  // Where the search starts a cost the profile sets to 0 (a log-scale step
  // cannot leave 0): a small value in the factor's unit.
  double seed = 0;
};

constexpr double kNoCeiling = 1e9;
// One hop of a ring all-reduce (a step of NCCL's ring, or of an engine's custom
// all-reduce) takes a few to 20 us on NVLink; a fit may not buy accuracy with a
// latency no link has.
constexpr double kMaxAllreduceLatencyUs = 25;
constexpr Factor kFactors[] = {
    {"bandwidth_efficiency", &EngineProfile::bandwidth_efficiency, 1.0},
    {"compute_efficiency", &EngineProfile::compute_efficiency, 1.0},
    {"fp8_compute_efficiency", &EngineProfile::fp8_compute_efficiency, 1.0},
    {"fp4_compute_efficiency", &EngineProfile::fp4_compute_efficiency, 1.0},
    {"interconnect_efficiency", &EngineProfile::interconnect_efficiency, 1.0},
    {"step_overhead_ms", &EngineProfile::step_overhead_ms, kNoCeiling, 0.1},
    {"request_overhead_ms", &EngineProfile::request_overhead_ms, kNoCeiling, 0.1},
    {"layer_launch_us", &EngineProfile::layer_launch_us, kNoCeiling, 1.0},
    {"allreduce_latency_us", &EngineProfile::allreduce_latency_us, kMaxAllreduceLatencyUs, 1.0},
    {"int8_weight_efficiency", &EngineProfile::int8_weight_efficiency, 1.0},
    {"int4_weight_efficiency", &EngineProfile::int4_weight_efficiency, 1.0},
};

// Fewer requests than this in an online run keep its steps small (a burst of 10
// prompts is one prefill of about 1,400 tokens).
constexpr std::int64_t kManyRequests = 100;

bool many_tokens_a_step(const BenchmarkRow& r) {
  if (r.mode == "offline") return true;
  if (r.mode == "static") return r.batch.value_or(1) > 1;
  return r.num_requests.value_or(kManyRequests) >= kManyRequests;
}

// FP8 weights on a GPU without FP8 tensor cores run weight-only kernels.
bool fp8_weight_only(const Catalogs& catalogs, const BenchmarkRow& r) {
  const Gpu* gpu = gpu_spec(catalogs, r.gpu);
  return r.precision == "fp8" && gpu != nullptr && !gpu->fp8_dense_tflops;
}

bool exercised(const Catalogs& catalogs, const Factor& f, std::span<const BenchmarkRow> rows) {
  const std::string name = f.name;
  return std::any_of(rows.begin(), rows.end(), [&](const BenchmarkRow& r) {
    if (name == "int8_weight_efficiency" && fp8_weight_only(catalogs, r)) return true;
    // The 16-bit rate: 16-bit weights in prefill-heavy rows (attention alone, in
    // an FP8 row, is too small a share of the time to pin it).
    if (name == "compute_efficiency") {
      return !r.precision.starts_with("fp8") && r.precision.find("fp4") == std::string::npos &&
             (r.mode != "static" || r.batch.value_or(1) > 1);
    }
    if (name == "fp8_compute_efficiency") return r.precision == "fp8" && r.mode != "static";
    if (name == "fp4_compute_efficiency") return r.precision.find("fp4") != std::string::npos;
    if (name == "request_overhead_ms") return r.metric.starts_with("ttft");
    if (name == "allreduce_latency_us") return r.tp > 1;
    // Bandwidth only matters for the large messages of steps that carry many
    // tokens: offline rows, batched static rows, online runs of many requests.
    if (name == "interconnect_efficiency") return r.tp > 1 && many_tokens_a_step(r);
    if (name == "int8_weight_efficiency") return r.precision.find("int8") != std::string::npos;
    if (name == "int4_weight_efficiency") return r.precision.find("int4") != std::string::npos;
    return true;
  });
}

}  // namespace

double fit_loss(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
                const EngineProfile& engine) {
  double sum = 0;
  for (const BenchmarkRow& row : rows) {
    const RowPrediction p = predict_row(catalogs, row, {&engine, 1});
    sum += p.error_pct ? std::abs(*p.error_pct) : 100.0;
  }
  return rows.empty() ? 0.0 : sum / static_cast<double>(rows.size());
}

namespace {

// The catalog profile that predicts `row`, or nullptr.
const EngineProfile* profile_of(const Catalogs& catalogs, const BenchmarkRow& row) {
  try {
    return &find_engine(catalogs, row.engine, row.engine_version);
  } catch (const InputError&) {
    return nullptr;
  }
}

}  // namespace

std::vector<BenchmarkRow> profile_rows(const Catalogs& catalogs, std::span<const BenchmarkRow> rows,
                                       const EngineProfile& profile) {
  std::vector<BenchmarkRow> out;
  for (const BenchmarkRow& r : rows) {
    const EngineProfile* p = profile_of(catalogs, r);
    if (p && p->id == profile.id && p->min_version == profile.min_version) out.push_back(r);
  }
  return out;
}

std::vector<std::string> fit_factors(const Catalogs& catalogs, std::span<const BenchmarkRow> rows) {
  std::vector<std::string> out;
  for (const Factor& f : kFactors) {
    if (!rows.empty() && exercised(catalogs, f, rows)) out.push_back(f.name);
  }
  return out;
}

void set_engine_factor(EngineProfile& engine, const std::string& name, double value) {
  for (const Factor& f : kFactors) {
    if (name == f.name) engine.*(f.field) = value;
  }
}

double engine_factor(const EngineProfile& engine, const std::string& name) {
  for (const Factor& f : kFactors) {
    if (name == f.name) return engine.*(f.field);
  }
  return 0;
}

Fit fit_engine(const Catalogs& catalogs, std::span<const BenchmarkRow> all_rows,
               const EngineProfile& start) {
  const std::vector<BenchmarkRow> rows = profile_rows(catalogs, all_rows, start);
  Fit fit{.engine = start,
          .factors = fit_factors(catalogs, rows),
          .rows = static_cast<int>(rows.size())};
  std::vector<const Factor*> active;
  for (const Factor& f : kFactors) {
    if (std::find(fit.factors.begin(), fit.factors.end(), f.name) != fit.factors.end()) {
      active.push_back(&f);
    }
  }
  fit.mape_before = fit_loss(catalogs, rows, start);
  double best = fit.mape_before;
  // Coordinate search on a log scale: try each factor up and down by `step`,
  // keep any improvement, halve the step when a sweep finds none. The first
  // steps are wide (a factor of e^2) so that a cost can leave a poor start.
  // A search restarts wide from where the last ended until a restart gains nothing.
  for (double step = 2.0, restart_from = best; step > 0.004 || best < restart_from - 1e-6;) {
    if (step <= 0.004) {
      step = 2.0;
      restart_from = best;
    }
    bool improved = false;
    for (const Factor* f : active) {
      for (double direction : {1.0, -1.0}) {
        EngineProfile trial = fit.engine;
        double& value = trial.*(f->field);
        if (value <= 0) value = f->seed;
        value = std::min(f->max, value * std::exp(direction * step));
        const double l = fit_loss(catalogs, rows, trial);
        if (l < best - 1e-9) {
          best = l;
          fit.engine = trial;
          improved = true;
        }
      }
    }
    if (!improved) step /= 2.0;
  }
  fit.mape_after = best;
  return fit;
}

}  // namespace llmtco
