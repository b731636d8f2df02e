// llmtco finetune MODEL --dataset-tokens N [...]: the cheapest cloud instance whose
// GPUs hold the fine-tuning memory, the time and cost of a run on it, and what the
// API charges to train on the same tokens; both spread over a re-tuning period.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <string>

#include "commands.h"
#include "llmtco/api_price.h"
#include "llmtco/error.h"
#include "llmtco/finetune_plan.h"
#include "llmtco/instance_catalog.h"
#include "llmtco/model_catalog.h"
#include "llmtco/number_format.h"
#include "llmtco/units.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct FinetuneCliOptions {
  std::string model;
  std::string method = "lora";
  std::vector<std::string> clouds;
  std::string pricing = "on_demand";
  std::string api_model = "gpt-3.5-turbo";
  double api_training_usd_per_1m = 0;  // used when the flag is given
  bool price_given = false;
  std::vector<std::string> instances;  // price files or directories; empty: built in
  int top = 10;
  bool no_checkpointing = false;
  bool no_flash_attention = false;
  FinetuneJob job;
  OutputOptions output;
};

// Ranges that keep every figure finite. Messages in the house style: "must be > 0
// and <= 1,000 (got -3)", "must be a finite number ... (got inf)".
void check_number(const std::string& flag, double value, double min, bool min_inclusive,
                  double max) {
  const std::string valid =
      min_inclusive ? fmt::format("between {} and {}", format_number(min), format_number(max))
                    : fmt::format("> {} and <= {}", format_number(min), format_number(max));
  if (!std::isfinite(value)) {
    throw InputError(fmt::format("{} must be a finite number {} (got {})", flag, valid, value));
  }
  if (value < min || (value == min && !min_inclusive) || value > max) {
    throw InputError(fmt::format("{} must be {} (got {})", flag, valid, value));
  }
}

// A quadrillion tokens is 60 times Llama 3's pre-training set.
constexpr double kMaxDatasetTokens = 1e15;
constexpr double kMaxEpochs = 1000;
constexpr double kMinUtilisation = 0.01;
constexpr double kMinRetuneMonths = 0.01;  // about 7 hours
constexpr double kMaxRetuneMonths = 1200;  // a century
constexpr double kMaxApiUsdPer1m = 1e6;
// Below a quarter of an hour of compute, starting the instance, downloading the
// weights and saving the result (none of it counted) take about as long: an estimate.
constexpr double kShortRunHours = 0.25;

void check_options(const FinetuneCliOptions& o) {
  const FinetuneJob& j = o.job;
  check_number("--dataset-tokens", j.dataset_tokens, 0, false, kMaxDatasetTokens);
  check_number("--epochs", j.epochs, 0, false, kMaxEpochs);
  check_number("--utilisation", j.utilisation, kMinUtilisation, true, 1);
  check_number("--retune-months", j.retune_months, kMinRetuneMonths, true, kMaxRetuneMonths);
  if (o.price_given) {
    check_number("--api-training-usd-per-1m", o.api_training_usd_per_1m, 0, true, kMaxApiUsdPer1m);
  }
  for (const std::string& cloud : o.clouds) {
    if (std::find(kInstanceClouds.begin(), kInstanceClouds.end(), cloud) == kInstanceClouds.end()) {
      throw InputError(fmt::format("--clouds must be among {} (got '{}')",
                                   fmt::join(kInstanceClouds, ", "), cloud));
    }
  }
}

FinetuneMethod parse_method(const std::string& name) {
  if (name == "full") return FinetuneMethod::kFull;
  if (name == "lora") return FinetuneMethod::kLora;
  if (name == "qlora") return FinetuneMethod::kQlora;
  throw InputError(fmt::format("--method must be full, lora or qlora (got '{}')", name));
}

// The API's training price per 1M tokens, and where it comes from.
std::pair<double, std::string> api_training_price(const FinetuneCliOptions& o) {
  if (o.price_given) {
    return {o.api_training_usd_per_1m, "--api-training-usd-per-1m, as given"};
  }
  const ApiCatalog& catalog = api_catalog();
  const ApiPrice* api = nullptr;
  try {
    api = &find_api(catalog, o.api_model);
  } catch (const InputError& e) {
    throw InputError(fmt::format("--api-model: {}", e.what()));
  }
  if (!api->training_usd_per_1m) {
    std::vector<std::string> priced;
    for (const ApiPrice& p : catalog.prices) {
      if (p.training_usd_per_1m) priced.push_back(p.id);
    }
    throw InputError(fmt::format(
        "--api-model '{}' has no fine-tuning training price (models with one: {}); give "
        "--api-training-usd-per-1m",
        api->id, fmt::join(priced, ", ")));
  }
  return {*api->training_usd_per_1m, fmt::format("{} training price of {}: {}", api->id,
                                                 catalog.training_date, catalog.training_source)};
}

std::string zero_cell(const FinetuneRun& run) {
  if (run.gpus == 1) return "-";
  return run.zero_stage == 3 ? "ZeRO-3" : "replicated";
}

Table runs_table(const FinetunePlan& plan, int top) {
  Table table{
      .id = "runs",
      .title = "Cheapest runs: one per instance type, its cheapest region",
      .columns = {"cloud", "instance", "region", "gpu", "gpus", "sharding", "memory_per_gpu_gb",
                  "gpu_memory_gb", "hours", "usd_per_hour", "cost_usd"}};
  const std::size_t shown = std::min(plan.runs.size(), static_cast<std::size_t>(top));
  for (std::size_t i = 0; i < shown; ++i) {
    const FinetuneRun& r = plan.runs[i];
    table.rows.push_back({r.instance->cloud, r.instance->instance_type, r.instance->region,
                          r.gpu->id, std::int64_t{r.gpus}, zero_cell(r),
                          r.memory.total_bytes / kBytesPerGb, r.gpu->memory_bytes() / kBytesPerGb,
                          r.hours, r.usd_per_hour, r.cost_usd});
  }
  return table;
}

std::string usd(double value) {
  return format_number(value) + " USD";
}

// Which of the two is cheaper per run, and by how much.
std::string verdict(double own_usd, double api_usd, const std::string& api_name) {
  if (own_usd == api_usd) return fmt::format("Self-hosting and {} cost the same.", api_name);
  const bool own_cheaper = own_usd < api_usd;
  const double low = std::min(own_usd, api_usd);
  const double high = std::max(own_usd, api_usd);
  return fmt::format("{} is cheaper: {} a run against {} for {}; {} less{}.",
                     own_cheaper ? "Self-hosting" : api_name, usd(low), usd(high),
                     own_cheaper ? api_name : "self-hosting", usd(high - low),
                     low > 0 ? fmt::format(" ({}x cheaper)", format_number(high / low)) : "");
}

Report run(FinetuneCliOptions& o) {
  check_options(o);
  FinetuneJob& job = o.job;
  job.options.method = parse_method(o.method);
  job.options.gradient_checkpointing = !o.no_checkpointing;
  job.options.flash_attention = !o.no_flash_attention;
  FinetuneSearch search{.clouds = o.clouds};
  try {
    search.pricing = parse_pricing(o.pricing);
  } catch (const InputError& e) {
    throw InputError(fmt::format("--pricing: {}", e.what()));
  }
  const auto [api_usd_per_1m, api_source] = api_training_price(o);
  const ModelArch model = load_model(o.model);
  const InstanceCatalog loaded =
      o.instances.empty() ? InstanceCatalog{} : load_instance_catalog(o.instances);
  const InstanceCatalog& catalog = o.instances.empty() ? instance_catalog() : loaded;

  const FinetunePlan plan = plan_finetune(model, job, catalog.instances, search);
  Report report{
      .command = "finetune",
      .title = fmt::format("{} ({}), {} fine-tuning{}, {} tokens x {} epochs, {} prices", model.id,
                           model.architecture, finetune_method_name(job.options.method),
                           job.options.method == FinetuneMethod::kFull
                               ? ""
                               : fmt::format(" (rank {})", job.options.lora_rank),
                           format_number(job.dataset_tokens), format_number(job.epochs),
                           pricing_name(search.pricing))};
  report.figures = plan.runs.empty() ? finetune_job_figures(model, job)
                                     : finetune_run_figures(model, job, plan.runs.front());
  const std::vector<Figure> api = api_finetune_figures(job, api_usd_per_1m, api_source);
  report.figures.insert(report.figures.end(), api.begin(), api.end());
  report.tables.push_back(runs_table(plan, o.top));

  const double api_usd = api.front().value;
  const std::string api_name = o.price_given ? "the API" : o.api_model;
  const double months = job.retune_months;
  std::set<std::string> clouds_shown;
  std::vector<std::string> warnings;  // of the instances shown
  if (plan.runs.empty()) {
    report.notes.push_back(fmt::format("No self-hosted run: {}.", plan.why_none));
    report.notes.push_back(fmt::format(
        "{} fine-tunes on the same {} training tokens for {}; {} USD/month re-tuning every {} "
        "month(s).",
        api_name, format_number(job.dataset_tokens * job.epochs), usd(api_usd),
        format_number(api_usd / months), format_number(months)));
  } else {
    const FinetuneRun& best = plan.runs.front();
    report.notes.push_back(fmt::format(
        "Cheapest run: {} {} in {}, {} x {}: {} hours at {} USD/hour = {}.", best.instance->cloud,
        best.instance->instance_type, best.instance->region, best.gpus, best.gpu->id,
        format_number(best.hours), format_number(best.usd_per_hour), usd(best.cost_usd)));
    report.notes.push_back(verdict(best.cost_usd, api_usd, api_name));
    if (best.hours < kShortRunHours) {
      report.notes.push_back(fmt::format(
          "The run is {} minutes of compute: start-up, downloading the weights and saving the "
          "result are not counted and may take as long.",
          format_number(best.hours * 60)));
    }
    report.notes.push_back(
        fmt::format("Re-tuning every {} month(s): {} USD/month self-hosted, {} USD/month "
                    "through {}.",
                    format_number(months), format_number(best.cost_per_month_usd),
                    format_number(api_usd / months), api_name));
    const std::size_t shown = report.tables.front().rows.size();
    for (std::size_t i = 0; i < shown; ++i) {
      clouds_shown.insert(plan.runs[i].instance->cloud);
      for (const std::string& w : plan.runs[i].instance->warnings) {
        const std::string note = "warning: " + w;
        if (std::find(warnings.begin(), warnings.end(), note) == warnings.end()) {
          warnings.push_back(note);
        }
      }
    }
  }
  for (const InstanceSource& s : catalog.sources) {
    if (!clouds_shown.contains(s.cloud)) continue;
    report.notes.push_back(fmt::format("{} prices of {}: {}{}", s.cloud,
                                       s.date.empty() ? "unknown date" : s.date, s.file,
                                       s.origin.empty() ? "" : ", from " + s.origin));
  }
  report.notes.push_back(fmt::format("API price: {}", api_source));
  report.notes.insert(report.notes.end(), warnings.begin(), warnings.end());
  return report;
}

}  // namespace

std::function<int()> define_finetune(CLI::App& app) {
  auto o = std::make_shared<FinetuneCliOptions>();
  FinetuneJob& job = o->job;
  app.add_option("model", o->model,
                 "catalog name or Hugging Face id (llmtco catalog models), or a path to a "
                 "config.json or its directory")
      ->required()
      ->type_name("MODEL");
  app.add_option("--dataset-tokens", job.dataset_tokens, "tokens in the training set")
      ->required()
      ->type_name("N");
  app.add_option("--epochs", job.epochs, "passes over the dataset")->capture_default_str();
  app.add_option("--method", o->method, "full, lora or qlora (a 4-bit NF4 base)")
      ->capture_default_str();
  app.add_option("--lora-rank", job.options.lora_rank, "LoRA rank (every linear layer adapted)")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  app.add_option("--sequence-tokens", job.options.sequence_tokens, "tokens per training sequence")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}))
      ->capture_default_str();
  app.add_option("--micro-batch", job.options.micro_batch, "sequences per GPU per step")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}))
      ->capture_default_str();
  app.add_flag("--no-gradient-checkpointing", o->no_checkpointing,
               "keep every activation instead of recomputing the forward pass");
  app.add_flag("--no-flash-attention", o->no_flash_attention, "keep the attention matrices");
  app.add_flag("--adam-8bit", job.options.adam_8bit, "8-bit Adam moments");
  app.add_option("--utilisation", job.utilisation,
                 "share of the GPUs' dense BF16 peak a training step sustains")
      ->capture_default_str();
  app.add_option("--clouds", o->clouds, "only these clouds (aws,azure,gcp,lambda,vast)")
      ->delimiter(',')
      ->type_name("CLOUD[,CLOUD...]");
  app.add_option("--pricing", o->pricing, "on_demand, spot, reserved_1y or reserved_3y")
      ->capture_default_str();
  app.add_option("--instances", o->instances,
                 "read these price files or directories (SkyPilot catalog CSVs) instead of the "
                 "built-in snapshot")
      ->type_name("FILE_OR_DIR");
  auto* price = app.add_option("--api-training-usd-per-1m", o->api_training_usd_per_1m,
                               "the API's price per 1M training tokens, instead of --api-model's")
                    ->type_name("USD");
  app.add_option("--api-model", o->api_model,
                 "API model whose fine-tuning training price to compare (llmtco catalog apis)")
      ->capture_default_str()
      ->excludes(price);
  app.add_option("--retune-months", job.retune_months,
                 "months between re-tunes; each run's cost is spread over them")
      ->capture_default_str();
  app.add_option("--top", o->top, "runs to list")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  add_output_options(app, o->output);
  return [o, price] {
    o->price_given = price->count() > 0;
    emit(run(*o), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
