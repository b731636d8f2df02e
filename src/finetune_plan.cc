#include "llmtco/finetune_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "llmtco/catalogs.h"
#include "llmtco/number_format.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

// FLOPs per parameter per token (Kaplan et al. 2020, "Scaling Laws for Neural
// Language Models", sec. 2.1): the forward pass 2 (a multiply and an add), the
// backward pass 4 (gradients of the activations, 2, and of the weights, 2). A
// frozen weight needs no weight gradient, so LoRA's backward pass is 2. Gradient
// checkpointing runs the forward pass again during the backward pass.
constexpr double kForwardFlopsPerParam = 2.0;
constexpr double kActivationGradientFlopsPerParam = 2.0;
constexpr double kWeightGradientFlopsPerParam = 2.0;
constexpr const char* kSource = "docs/methodology.md, \"Fine-tuning time and cost\"";

double flops_per_param(const FinetuneOptions& o) {
  double flops = kForwardFlopsPerParam + kActivationGradientFlopsPerParam;
  if (o.method == FinetuneMethod::kFull) flops += kWeightGradientFlopsPerParam;
  if (o.gradient_checkpointing) flops += kForwardFlopsPerParam;
  return flops;
}

// ZeRO-3's traffic per step (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations
// Toward Training Trillion Parameter Models", sec. 7.2.2): each weight shard is
// all-gathered for the forward pass and again for the backward pass, and the
// gradients are reduce-scattered, 3 x the weights' bytes for full fine-tuning, 1.5x
// plain data parallelism's all-reduce. A ring all-gather or reduce-scatter over n
// GPUs moves (n - 1) / n of the bytes through each GPU's link.
constexpr double kZero3WeightGathersPerStep = 2.0;  // forward and backward
constexpr double kZero3GradientScattersPerStep = 1.0;

// Seconds of ZeRO-3 communication per optimizer step, over one direction of the
// GPU interconnect (data/gpus.csv lists the bidirectional aggregate, as perf.cc reads
// it). The bytes are the memory model's, whose ZeRO-3 shards are even: the weights
// (LoRA and QLoRA: the frozen base, bf16 or NF4, with the adapters) and the
// gradients of what trains (LoRA and QLoRA: the adapters only).
double zero3_step_communication_s(const FinetuneRun& run) {
  const double n = run.gpus;
  const double link_bytes_per_s = run.gpu->interconnect_gb_per_s / 2.0 * kBytesPerGb;
  const double moved_bytes = kZero3WeightGathersPerStep * run.memory.weights_bytes * n +
                             kZero3GradientScattersPerStep * run.memory.gradients_bytes * n;
  return (n - 1.0) / n * moved_bytes / link_bytes_per_s;
}

double time_factor(const FinetuneOptions& o) {
  return o.method == FinetuneMethod::kQlora ? kQloraDequantizationTimeFactor : 1.0;
}

// Full fine-tuning shards everything with ZeRO-3 across the instance's GPUs; LoRA
// and QLoRA keep a whole copy of the frozen base on every GPU (plain data
// parallelism: only the adapters' gradients cross the interconnect) unless that
// does not fit, and then shard it with ZeRO-3 too.
FinetuneRun configure(const ModelArch& model, const Precision& base, const FinetuneJob& job,
                      const Instance& instance, const Gpu& gpu) {
  FinetuneOptions options = job.options;
  options.gpus = instance.gpu_count;
  const bool full = options.method == FinetuneMethod::kFull;
  options.zero_stage = full && options.gpus > 1 ? 3 : 0;
  FinetuneMemory memory = finetune_memory(model, base, options);
  if (!full && options.gpus > 1 && memory.total_bytes > gpu.memory_bytes()) {
    options.zero_stage = 3;
    memory = finetune_memory(model, base, options);
  }
  return {.instance = &instance,
          .gpu = &gpu,
          .gpus = options.gpus,
          .zero_stage = options.zero_stage,
          .memory = memory};
}

std::string zero_text(const FinetuneRun& run) {
  if (run.gpus == 1) return "on its one GPU";
  if (run.zero_stage == 3) return fmt::format("with ZeRO-3 across its {} GPUs", run.gpus);
  return fmt::format("with a whole copy on each of its {} GPUs", run.gpus);
}

std::string why_none(const ModelArch& model, const FinetuneJob& job, const FinetuneSearch& search,
                     const FinetuneRun* closest) {
  if (closest == nullptr) {
    return fmt::format("no instance{} has a price for '{}'",
                       search.clouds.empty()
                           ? std::string()
                           : fmt::format(" of {}", fmt::join(search.clouds, ", ")),
                       pricing_name(finetune_pricing(search.pricing)));
  }
  return fmt::format(
      "{} fine-tuning of {} fits no instance's GPUs: the closest, {} {} ({} x {}, {} each), "
      "would need {} GB per GPU {}",
      finetune_method_name(job.options.method), model.id, closest->instance->cloud,
      closest->instance->instance_type, closest->gpus, closest->gpu->id,
      closest->gpu->memory_label(), format_number(closest->memory.total_bytes / kBytesPerGb),
      zero_text(*closest));
}

}  // namespace

const char* finetune_method_name(FinetuneMethod method) {
  switch (method) {
    case FinetuneMethod::kFull:
      return "full";
    case FinetuneMethod::kLora:
      return "LoRA";
    case FinetuneMethod::kQlora:
      return "QLoRA";
  }
  return "full";
}

double finetune_flops_per_token(const ModelArch& model, const FinetuneOptions& options) {
  return flops_per_param(options) * static_cast<double>(count_params(model).active());
}

Pricing finetune_pricing(Pricing scenario_pricing) {
  return scenario_pricing == Pricing::kSpot ? Pricing::kSpot : Pricing::kOnDemand;
}

std::string finetune_pricing_note(Pricing scenario_pricing) {
  if (finetune_pricing(scenario_pricing) == scenario_pricing) return "";
  return fmt::format(
      "The fine-tuning run is priced on demand, not {}: a reservation is a commitment of a year "
      "or more, and the job lasts hours.",
      pricing_name(scenario_pricing));
}

FinetunePlan plan_finetune(const Catalogs& catalogs, const ModelArch& model, const FinetuneJob& job,
                           const FinetuneSearch& search) {
  FinetunePlan plan;
  plan.pricing = finetune_pricing(search.pricing);
  PricedTypes priced =
      priced_types(catalogs.instances.instances, {.clouds = search.clouds,
                                                  .regions = search.regions,
                                                  .pricing = plan.pricing,
                                                  .include_flagged = search.include_flagged});
  plan.flagged = std::move(priced.flagged);
  const Precision& base =
      find_precision(catalogs, job.options.method == FinetuneMethod::kQlora ? "nf4" : "bf16");
  const double training_tokens = job.dataset_tokens * job.epochs;
  const double training_flops = finetune_flops_per_token(model, job.options) * training_tokens;
  std::optional<FinetuneRun> closest;  // the largest share of its need a GPU holds
  const double tokens_per_step_per_gpu = static_cast<double>(job.options.micro_batch) *
                                         static_cast<double>(job.options.sequence_tokens);
  for (const auto& [instance, price] : priced.types) {
    const Gpu* spec = gpu_spec(catalogs, instance->gpu_id);
    if (spec == nullptr) continue;  // as the deployment search: no spec, no run
    const Gpu& gpu = *spec;
    FinetuneRun run = configure(model, base, job, *instance, gpu);
    if (run.memory.total_bytes > gpu.memory_bytes()) {
      const auto share = [](const FinetuneRun& r) {
        return r.gpu->memory_bytes() / r.memory.total_bytes;
      };
      if (!closest || share(run) > share(*closest)) closest = run;
      continue;
    }
    run.pricing = plan.pricing;
    run.usd_per_hour = price;
    run.training_tokens = training_tokens;
    run.training_flops = training_flops;
    run.compute_hours = training_flops * time_factor(job.options) /
                        (run.gpus * gpu.bf16_dense_tflops * kFlopsPerTflop * job.utilisation) /
                        kSecondsPerHour;
    if (run.zero_stage == 3) {
      run.steps = training_tokens / (run.gpus * tokens_per_step_per_gpu);
      run.step_communication_s = zero3_step_communication_s(run);
      run.communication_hours = run.steps * run.step_communication_s / kSecondsPerHour;
    }
    run.hours = run.compute_hours + run.communication_hours;
    run.cost_usd = run.hours * price;
    run.usd_per_month = run.cost_usd / job.retune_months;
    plan.runs.push_back(run);
  }
  std::sort(plan.runs.begin(), plan.runs.end(), [](const FinetuneRun& a, const FinetuneRun& b) {
    return std::tie(a.cost_usd, a.gpus, a.usd_per_hour, a.instance->cloud,
                    a.instance->instance_type) < std::tie(b.cost_usd, b.gpus, b.usd_per_hour,
                                                          b.instance->cloud,
                                                          b.instance->instance_type);
  });
  if (plan.runs.empty())
    plan.why_none = why_none(model, job, search, closest ? &*closest : nullptr);
  return plan;
}

double api_finetune_cost_usd(double training_tokens, double training_usd_per_1m) {
  return training_tokens / kTokensPerMillion * training_usd_per_1m;
}

std::vector<Figure> finetune_job_figures(const ModelArch& model, const FinetuneJob& job) {
  const FinetuneOptions& o = job.options;
  const double tokens = job.dataset_tokens * job.epochs;
  const double per_token = finetune_flops_per_token(model, o);
  const double params = static_cast<double>(count_params(model).active());
  std::string passes = o.method == FinetuneMethod::kFull
                           ? "forward 2 + backward 4"
                           : "forward 2 + backward 2 (no weight gradients of the frozen base)";
  if (o.gradient_checkpointing) passes += " + the forward pass again 2 (gradient checkpointing)";
  std::vector<Figure> f;
  f.push_back(physics_figure(
      "finetune_training_tokens", "Training tokens", tokens, "tokens", "dataset_tokens x epochs",
      {{"dataset_tokens", job.dataset_tokens, "tokens"}, {"epochs", job.epochs, "passes"}},
      "every epoch passes over the whole dataset, as APIs bill it"));
  f.push_back(physics_figure(
      "finetune_flops_per_token",
      fmt::format("Training FLOPs per token ({})", finetune_method_name(o.method)), per_token,
      "FLOP", "flops_per_param x params_active",
      {{"flops_per_param", flops_per_param(o), "FLOP"}, {"params_active", params, "params"}},
      fmt::format("{}; Kaplan et al. 2020, sec. 2.1; attention scores and LoRA adapters left out",
                  passes)));
  f.push_back(physics_figure("finetune_training_flops", "Training FLOPs", per_token * tokens,
                             "FLOP", "finetune_training_tokens x finetune_flops_per_token",
                             {{"finetune_training_tokens", tokens, "tokens"},
                              {"finetune_flops_per_token", per_token, "FLOP"}},
                             kSource));
  return f;
}

std::vector<Figure> finetune_run_figures(const ModelArch& model, const FinetuneJob& job,
                                         const FinetuneRun& run) {
  std::vector<Figure> f = finetune_job_figures(model, job);
  const FinetuneMemory& m = run.memory;
  const Instance& instance = *run.instance;
  f.push_back(physics_figure(
      "finetune_memory_per_gpu_gb", "Fine-tuning memory per GPU", m.total_bytes / kBytesPerGb, "GB",
      "weights_gb + gradients_gb + master_weights_gb + optimizer_states_gb + activations_gb + "
      "logits_gb + runtime_overhead_gb",
      {{"weights_gb", m.weights_bytes / kBytesPerGb, "GB"},
       {"gradients_gb", m.gradients_bytes / kBytesPerGb, "GB"},
       {"master_weights_gb", m.master_bytes / kBytesPerGb, "GB"},
       {"optimizer_states_gb", m.optimizer_bytes / kBytesPerGb, "GB"},
       {"activations_gb", m.activation_bytes / kBytesPerGb, "GB"},
       {"logits_gb", m.logits_bytes / kBytesPerGb, "GB"},
       {"runtime_overhead_gb", m.overhead_bytes / kBytesPerGb, "GB"}},
      fmt::format("docs/methodology.md, \"Fine-tuning memory\"; {} {}; the {} holds {} ({} GB)",
                  instance.instance_type, zero_text(run), run.gpu->id, run.gpu->memory_label(),
                  format_number(run.gpu->memory_bytes() / kBytesPerGb))));
  std::vector<FigureInput> time_inputs = {
      {"finetune_training_flops", run.training_flops, "FLOP"},
      {"gpus", static_cast<double>(run.gpus), "GPUs"},
      {"gpu_bf16_dense_tflops", run.gpu->bf16_dense_tflops, "TFLOP/s"},
      {"utilisation", job.utilisation, "share of peak"},
      unit_input(UnitInput::kTflopFlops),
      unit_input(UnitInput::kHourSeconds)};
  std::string time_formula =
      "finetune_training_flops / (gpus x gpu_bf16_dense_tflops x flops_per_tflop x utilisation) / "
      "seconds_per_hour";
  if (job.options.method == FinetuneMethod::kQlora) {
    time_formula =
        "finetune_training_flops x qlora_dequantization_time_factor / (gpus x "
        "gpu_bf16_dense_tflops x flops_per_tflop x utilisation) / seconds_per_hour";
    time_inputs.push_back(
        {"qlora_dequantization_time_factor", kQloraDequantizationTimeFactor, "x"});
  }
  const std::string time_source = fmt::format(
      "{} dense BF16 peak: data/gpus.csv; utilisation: an assumption; {}", run.gpu->id, kSource);
  if (run.zero_stage != 3) {
    f.push_back(physics_figure("finetune_hours", "Fine-tuning time", run.hours, "hours",
                               time_formula, time_inputs, time_source));
  } else {
    f.push_back(physics_figure("finetune_compute_hours", "Fine-tuning compute time",
                               run.compute_hours, "hours", time_formula, time_inputs, time_source));
    f.push_back(physics_figure(
        "finetune_communication_hours", "ZeRO-3 communication time", run.communication_hours,
        "hours",
        "finetune_training_tokens / (gpus x micro_batch x sequence_tokens) x (gpus - 1) / gpus x "
        "(zero3_weight_gathers x weights_gb + zero3_gradient_scatters x gradients_gb) x gpus / "
        "(gpu_interconnect_gb_per_s / 2) / seconds_per_hour",
        {{"finetune_training_tokens", run.training_tokens, "tokens"},
         {"gpus", static_cast<double>(run.gpus), "GPUs"},
         {"micro_batch", static_cast<double>(job.options.micro_batch), "sequences"},
         {"sequence_tokens", static_cast<double>(job.options.sequence_tokens), "tokens"},
         {"zero3_weight_gathers", kZero3WeightGathersPerStep, "per step"},
         {"weights_gb", m.weights_bytes / kBytesPerGb, "GB"},
         {"zero3_gradient_scatters", kZero3GradientScattersPerStep, "per step"},
         {"gradients_gb", m.gradients_bytes / kBytesPerGb, "GB"},
         {"gpu_interconnect_gb_per_s", run.gpu->interconnect_gb_per_s, "GB/s"},
         unit_input(UnitInput::kHourSeconds)},
        fmt::format("ring all-gather of the weights forward and backward and reduce-scatter of "
                    "the gradients each step, not overlapped with compute (Rajbhandari et al. "
                    "2020, sec. 7.2.2); {} {}: data/gpus.csv; {}",
                    run.gpu->id, run.gpu->interconnect, kSource)));
    f.push_back(physics_figure("finetune_hours", "Fine-tuning time", run.hours, "hours",
                               "finetune_compute_hours + finetune_communication_hours",
                               {{"finetune_compute_hours", run.compute_hours, "hours"},
                                {"finetune_communication_hours", run.communication_hours, "hours"}},
                               kSource));
  }
  f.push_back(
      physics_figure("finetune_usd_per_hour", "Instance price", run.usd_per_hour, "USD/hour",
                     "usd_per_gpu_hour x gpus",
                     {{"usd_per_gpu_hour", run.usd_per_hour / run.gpus, "USD/hour"},
                      {"gpus", static_cast<double>(run.gpus), "GPUs"}},
                     fmt::format("{} {} in {} (its cheapest region), {} prices of {}",
                                 instance.cloud, instance.instance_type, instance.region,
                                 pricing_name(run.pricing), instance_date_words(instance))));
  f.push_back(physics_figure("finetune_run_cost_usd", "Fine-tuning cost per run", run.cost_usd,
                             "USD", "finetune_hours x finetune_usd_per_hour",
                             {{"finetune_hours", run.hours, "hours"},
                              {"finetune_usd_per_hour", run.usd_per_hour, "USD/hour"}},
                             kSource));
  f.push_back(physics_figure("finetune_usd_per_month", "Fine-tuning cost per month",
                             run.usd_per_month, "USD/month",
                             "finetune_run_cost_usd / retune_months",
                             {{"finetune_run_cost_usd", run.cost_usd, "USD"},
                              {"retune_months", job.retune_months, "months"}},
                             "one run every retune_months"));
  return f;
}

std::vector<Figure> api_finetune_figures(const FinetuneJob& job, double training_usd_per_1m,
                                         const std::string& price_source) {
  const double tokens = job.dataset_tokens * job.epochs;
  const double cost = api_finetune_cost_usd(tokens, training_usd_per_1m);
  return {
      physics_figure("api_finetune_cost_usd", "API fine-tuning cost per run", cost, "USD",
                     "finetune_training_tokens / tokens_per_million x api_training_usd_per_1m",
                     {{"finetune_training_tokens", tokens, "tokens"},
                      {"api_training_usd_per_1m", training_usd_per_1m, "USD/1M tokens"},
                      unit_input(UnitInput::kMillionTokens)},
                     price_source),
      physics_figure(
          "api_finetune_usd_per_month", "API fine-tuning cost per month", cost / job.retune_months,
          "USD/month", "api_finetune_cost_usd / retune_months",
          {{"api_finetune_cost_usd", cost, "USD"}, {"retune_months", job.retune_months, "months"}},
          "one run every retune_months")};
}

}  // namespace llmtco
