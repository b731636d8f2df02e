// perf_figures(): the figures of `llmtco perf`, each with its formula and inputs.
#include <fmt/format.h>

#include "llmtco/perf.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr const char* kSource = "docs/methodology.md, \"Speed\"";

std::vector<FigureInput> step_inputs(const std::string& prefix, const StepTime& s) {
  return {{prefix + "_linear_ms", s.linear_s * kMsPerSecond, "ms"},
          {prefix + "_attention_ms", s.attention_s * kMsPerSecond, "ms"},
          {prefix + "_communication_ms", s.communication_s * kMsPerSecond, "ms"},
          {prefix + "_overhead_ms", s.overhead_s * kMsPerSecond, "ms"}};
}

}  // namespace

std::vector<Figure> perf_figures(const Deployment& d, const Workload& w, const Throughput& t,
                                 const std::string& mode) {
  const double in = static_cast<double>(w.input_tokens);
  const double out = static_cast<double>(w.output_tokens);
  const ServingMemory memory = deployment_memory(d, w.input_tokens + w.output_tokens);
  std::vector<Figure> f;
  f.push_back(physics_figure(
      "batch_memory_cap", "Sequences that fit in KV memory",
      static_cast<double>(t.batch_memory_cap), "sequences",
      "max(0, floor(kv_free_bytes / kv_bytes_per_sequence))",
      {{"kv_free_bytes", memory.kv_free_bytes, "bytes"},
       {"kv_bytes_per_sequence", memory.kv_bytes_per_sequence, "bytes"},
       {"input_tokens", in, "tokens"},
       {"output_tokens", out, "tokens"}},
      "docs/methodology.md, \"Serving memory\"; a sequence of input_tokens + output_tokens"));
  std::vector<FigureInput> batch_inputs = {
      {"batch_memory_cap", static_cast<double>(t.batch_memory_cap), "sequences"},
      {"max_num_seqs", static_cast<double>(d.engine.max_num_seqs), "sequences"}};
  std::string batch_formula = "min(batch_memory_cap, max_num_seqs)";
  if (mode == "static") {
    batch_formula = "requested_batch";
    batch_inputs.push_back({"requested_batch", t.batch, "sequences"});
  } else if (mode == "online") {
    batch_formula = "rate_per_s x output_tokens x tpot_ms / ms_per_s";
    batch_inputs.insert(batch_inputs.end(), {{"rate_per_s", t.requests_per_s, "requests/s"},
                                             {"output_tokens", out, "tokens"},
                                             {"tpot_ms", t.tpot_s * kMsPerSecond, "ms"},
                                             unit_input(UnitInput::kSecondMs)});
  }
  f.push_back(physics_figure("batch", "Sequences decoded together", t.batch, "sequences",
                             batch_formula, batch_inputs,
                             mode == "online" ? std::string(kSource) + "; Little's law" : kSource));
  const std::string step_sum =
      "{0}_linear_ms + {0}_attention_ms + {0}_communication_ms + {0}_overhead_ms";
  if (mode == "online") {
    // Above capacity the queue, and with it the wait for a first token, grows
    // without bound: no figure; the report's note says so.
    if (!t.saturated) {
      f.push_back(physics_figure("ttft_ms", "Time to first token", t.ttft_s * kMsPerSecond, "ms",
                                 "request_overhead_ms + tpot_ms / 2 + prefill_ms x (1 + rho / "
                                 "(2 (1 - rho)))",
                                 {{"request_overhead_ms", d.engine.request_overhead_ms, "ms"},
                                  {"tpot_ms", t.tpot_s * kMsPerSecond, "ms"},
                                  {"prefill_ms", t.prefill_step.total_s * kMsPerSecond, "ms"},
                                  {"rho", t.utilisation, "rate / capacity"}},
                                 std::string(kSource) + "; the M/D/1 wait"));
    }
  } else {
    f.push_back(physics_figure(
        "ttft_ms",
        mode == "offline" ? "Time to first token, one request on an idle server"
                          : "Time to first token",
        t.prefill_step.total_s * kMsPerSecond, "ms", fmt::format(fmt::runtime(step_sum), "prefill"),
        step_inputs("prefill", t.prefill_step), kSource));
  }
  // Offline with continuous batching a cycle of cycle_steps steps finishes the batch
  // (tpot = cycle / output_tokens); otherwise the batch is prefilled, then decoded.
  const bool cycle = mode == "offline" && d.engine.continuous_batching;
  std::vector<FigureInput> tpot_inputs = step_inputs("decode", t.decode);
  std::string tpot_formula = fmt::format(fmt::runtime(step_sum), "decode");
  if (cycle) {
    tpot_formula = "cycle_steps x (" + tpot_formula + ") / output_tokens";
    tpot_inputs.push_back({"cycle_steps", t.cycle_steps, "steps"});
    tpot_inputs.push_back({"output_tokens", out, "tokens"});
  }
  // Overloaded, the queue grows without bound: no latency at all, the note says so.
  if (!t.saturated) {
    f.push_back(physics_figure("tpot_ms", "Time per output token", t.tpot_s * kMsPerSecond, "ms",
                               tpot_formula, tpot_inputs, kSource));
  }
  std::vector<FigureInput> rate_inputs = {{"batch", t.batch, "sequences"},
                                          {"tpot_ms", t.tpot_s * kMsPerSecond, "ms"},
                                          {"output_tokens", out, "tokens"}};
  std::string rate_formula = "batch x ms_per_s / tpot_ms";
  if (mode == "online") {
    rate_formula = "rate_per_s x output_tokens";
    rate_inputs.push_back({"rate_per_s", t.requests_per_s, "requests/s"});
  } else if (!cycle) {
    rate_formula =
        "batch x output_tokens / (prefill_ms + (output_tokens - 1) x tpot_ms) x ms_per_s";
    rate_inputs.push_back({"prefill_ms", t.prefill_step.total_s * kMsPerSecond, "ms"});
  }
  if (mode != "online") rate_inputs.push_back(unit_input(UnitInput::kSecondMs));
  f.push_back(physics_figure("output_tokens_per_s", "Output tokens per second, whole deployment",
                             t.output_tokens_per_s, "tokens/s", rate_formula, rate_inputs,
                             kSource));
  f.push_back(physics_figure("output_tokens_per_s_per_gpu", "Output tokens per second per GPU",
                             t.output_tokens_per_s / d.gpus(), "tokens/s",
                             "output_tokens_per_s / gpus",
                             {{"output_tokens_per_s", t.output_tokens_per_s, "tokens/s"},
                              {"gpus", static_cast<double>(d.gpus()), "GPUs"}},
                             kSource));
  f.push_back(physics_figure(
      "requests_per_s",
      t.saturated ? "Requests per second served, the most it serves" : "Requests per second",
      t.requests_per_s, "requests/s", "output_tokens_per_s / output_tokens",
      {{"output_tokens_per_s", t.output_tokens_per_s, "tokens/s"},
       {"output_tokens", out, "tokens"}},
      kSource));
  return f;
}

}  // namespace llmtco
