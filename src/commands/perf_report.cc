#include "llmtco/perf_report.h"

#include <fmt/format.h>

#include <vector>

#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {
namespace {

// A million requests a second: over 10,000 times what one 8-GPU deployment serves.
constexpr double kMaxRatePerS = 1e6;

void check_request(const PerfRequest& r) {
  if (r.gpu.empty()) throw FieldError("gpu", "is required (a GPU id: llmtco catalog gpus)");
  detail::check_whole("tp", r.tp, 1, 64);
  detail::check_whole("pp", r.pp, 1, 64);
  detail::check_whole("input_tokens", r.input_tokens, 1, 10'000'000);
  detail::check_whole("output_tokens", r.output_tokens, 1, 10'000'000);
  if (r.batch) detail::check_whole("batch", *r.batch, 1, 1'000'000);
  if (r.rate_per_s) {
    detail::check_number("rate_per_s", *r.rate_per_s, 0, false, kMaxRatePerS);
    if (r.batch) {
      throw FieldError("rate_per_s",
                       fmt::format("excludes a static batch (got a batch of {} too)", *r.batch));
    }
  }
}

std::vector<Cell> step_row(const std::string& phase, const StepTime& s) {
  return {phase,
          s.compute_s * kMsPerSecond,
          s.memory_s * kMsPerSecond,
          s.communication_s * kMsPerSecond,
          s.overhead_s * kMsPerSecond,
          s.total_s * kMsPerSecond,
          std::string(bound_name(s.bound))};
}

}  // namespace

Report perf_report(const Catalogs& catalogs, const PerfRequest& r) {
  check_request(r);
  Deployment d = resolve_deployment(
      catalogs, {r.model, r.gpu, r.precision, r.kv_precision, r.engine, r.engine_version, r.tp});
  d.pp = r.pp;
  if (d.pp > d.model.num_layers) {
    throw FieldError("pp", fmt::format("{} stages exceed the model's {} layers (valid: 1 to {})",
                                       d.pp, d.model.num_layers, d.model.num_layers));
  }
  const Workload w{.input_tokens = r.input_tokens, .output_tokens = r.output_tokens};
  const std::string mode = r.batch ? "static" : r.rate_per_s ? "online" : "offline";
  const Throughput t = r.batch        ? static_throughput(d, w, *r.batch)
                       : r.rate_per_s ? online_throughput(d, w, *r.rate_per_s)
                                      : offline_throughput(d, w);
  Report report{.command = "perf",
                .title = fmt::format("{} on {} x {} (TP {}, PP {}), {}, {} {}, {}{}", d.model.id,
                                     d.gpus(), d.gpu.id, d.tp, d.pp, d.weights.id, d.engine.name,
                                     d.engine.version, mode, t.saturated ? ", overloaded" : "")};
  if (!t.fits)
    throw InputError(fmt::format("{} on {} x {}: {}", d.model.id, d.gpus(), d.gpu.id, t.why));
  report.figures = perf_figures(d, w, t, mode);
  Table steps{.id = "steps",
              .title = "One step of each phase (ms); the bound is the largest term",
              .columns = {"phase", "compute_ms", "memory_ms", "communication_ms", "overhead_ms",
                          "total_ms", "bound"}};
  steps.rows.push_back(step_row("prefill", t.prefill_step));
  steps.rows.push_back(step_row("decode", t.decode));
  report.tables.push_back(std::move(steps));
  report.notes.push_back(fmt::format(
      "Prefill of {} tokens is {}-bound; decode at a batch of {} is {}-bound.",
      format_number(static_cast<double>(r.input_tokens)), bound_name(t.prefill_step.bound),
      format_number(t.batch), bound_name(t.decode.bound)));
  if (t.saturated) report.notes.push_back("Overloaded: " + t.why + ".");
  report.notes.push_back(fmt::format("{} factors: {}.", d.engine.name, d.engine.basis));
  return report;
}

}  // namespace llmtco
