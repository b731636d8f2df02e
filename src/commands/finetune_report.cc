#include "llmtco/finetune_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "llmtco/api_price.h"
#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {
namespace {

// Ranges that keep every figure finite. A quadrillion tokens is 60 times Llama 3's
// pre-training set.
constexpr double kMaxDatasetTokens = 1e15;
constexpr double kMaxEpochs = 1000;
constexpr double kMinUtilisation = 0.01;
constexpr double kMinRetuneMonths = 0.01;  // about 7 hours
constexpr double kMaxRetuneMonths = 1200;  // a century
constexpr double kMaxApiUsdPer1m = 1e6;
// Below a quarter of an hour of compute, starting the instance, downloading the
// weights and saving the result (none of it counted) take about as long: an estimate.
constexpr double kShortRunHours = 0.25;

constexpr std::string_view kMethods[] = {"full", "lora", "qlora"};

void check_request(const FinetuneRequest& r) {
  detail::check_number("dataset_tokens", r.dataset_tokens, 0, false, kMaxDatasetTokens);
  detail::check_number("epochs", r.epochs, 0, false, kMaxEpochs);
  detail::check_choice("method", "method", r.method, kMethods);
  detail::check_whole("lora_rank", r.lora_rank, 1, 65'536);
  detail::check_whole("sequence_tokens", r.sequence_tokens, 1, 10'000'000);
  detail::check_whole("micro_batch", r.micro_batch, 1, 1'000'000);
  detail::check_number("utilisation", r.utilisation, kMinUtilisation, true, 1);
  detail::check_number("retune_months", r.retune_months, kMinRetuneMonths, true, kMaxRetuneMonths);
  if (r.api_training_usd_per_1m) {
    detail::check_number("api_training_usd_per_1m", *r.api_training_usd_per_1m, 0, true,
                         kMaxApiUsdPer1m);
  }
  detail::check_whole("top", r.top, 1, 1'000'000);
}

FinetuneJob finetune_job(const FinetuneRequest& r) {
  return {.dataset_tokens = r.dataset_tokens,
          .epochs = r.epochs,
          .options = {.method = r.method == "full"    ? FinetuneMethod::kFull
                                : r.method == "qlora" ? FinetuneMethod::kQlora
                                                      : FinetuneMethod::kLora,
                      .lora_rank = r.lora_rank,
                      .micro_batch = r.micro_batch,
                      .sequence_tokens = r.sequence_tokens,
                      .gradient_checkpointing = r.gradient_checkpointing,
                      .flash_attention = r.flash_attention,
                      .adam_8bit = r.adam_8bit},
          .utilisation = r.utilisation,
          .retune_months = r.retune_months};
}

// The API's training price per 1M tokens, and where it comes from.
std::pair<double, std::string> api_training_price(const Catalogs& catalogs,
                                                  const FinetuneRequest& r) {
  if (r.api_training_usd_per_1m) return {*r.api_training_usd_per_1m, "as given by the user"};
  const ApiCatalog& catalog = catalogs.api;
  const ApiPrice& api = resolve_api(catalogs, "api_model", r.api_model);
  if (!api.training_usd_per_1m) {
    std::vector<std::string> priced;
    for (const ApiPrice& p : catalog.prices) {
      if (p.training_usd_per_1m) priced.push_back(p.id);
    }
    throw FieldError("api_model",
                     fmt::format("'{}' has no fine-tuning training price (models with one: {}); "
                                 "give the API's training price per 1M tokens instead",
                                 api.id, fmt::join(priced, ", ")));
  }
  return {*api.training_usd_per_1m, fmt::format("{} training price of {}: {}", api.id,
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
                  "gpu_memory_gb", "hours", "usd_per_hour", "cost_usd"},
      // A GPU's memory in GB: the datasheet's "80 GB" is GiB, 85.9 GB.
      .labels = {"cloud", "instance", "region", "GPU", "GPUs", "sharding", "memory/GPU (GB)",
                 "GPU memory (GB; the datasheet's GiB)", "hours", "USD/hour", "cost (USD)"}};
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

// Which of the two is cheaper per run, and by how much.
std::string verdict(double own_usd, double api_usd, const std::string& api_name) {
  if (own_usd == api_usd) return fmt::format("Self-hosting and {} cost the same.", api_name);
  const bool own_cheaper = own_usd < api_usd;
  const double low = std::min(own_usd, api_usd);
  const double high = std::max(own_usd, api_usd);
  return fmt::format("{} is cheaper: {} a run against {} for {}; {} less{}.",
                     own_cheaper ? "Self-hosting" : api_name, format_usd(low), format_usd(high),
                     own_cheaper ? api_name : "self-hosting", format_usd(high - low),
                     low > 0 ? fmt::format(" ({}x cheaper)", format_number(high / low)) : "");
}

}  // namespace

Report finetune_report(const Catalogs& catalogs, const FinetuneRequest& r) {
  check_request(r);
  const FinetuneJob job = finetune_job(r);
  const FinetuneSearch search{
      .clouds = resolve_cloud_names("clouds", r.clouds, catalogs.instances),
      .regions = parse_region_patterns("regions", r.regions),
      .pricing = detail::for_field("pricing", [&] { return parse_pricing(r.pricing); }),
      .include_flagged = r.include_flagged};
  const auto [api_usd_per_1m, api_source] = api_training_price(catalogs, r);
  const ModelArch& model = resolve_model(catalogs, "model", r.model);

  const FinetunePlan plan = plan_finetune(catalogs, model, job, search);
  Report report{
      .command = "finetune",
      .title = fmt::format("{} ({}), {} fine-tuning{}, {} tokens x {} epochs, {} prices", model.id,
                           model.architecture, finetune_method_name(job.options.method),
                           job.options.method == FinetuneMethod::kFull
                               ? ""
                               : fmt::format(" (rank {})", job.options.lora_rank),
                           format_number(job.dataset_tokens), format_number(job.epochs),
                           pricing_name(plan.pricing))};
  report.figures = plan.runs.empty() ? finetune_job_figures(model, job)
                                     : finetune_run_figures(model, job, plan.runs.front());
  const std::vector<Figure> api = api_finetune_figures(job, api_usd_per_1m, api_source);
  report.figures.insert(report.figures.end(), api.begin(), api.end());
  report.tables.push_back(runs_table(plan, r.top));

  const double api_usd = api.front().value;
  const std::string api_name = r.api_training_usd_per_1m ? "the API" : r.api_model;
  const double months = job.retune_months;
  std::set<std::string> clouds_shown;
  std::vector<std::string> warnings;  // of the instances shown
  if (plan.runs.empty()) {
    report.notes.push_back(fmt::format("No self-hosted run: {}.", plan.why_none));
    report.notes.push_back(fmt::format(
        "{} fine-tunes on the same {} training tokens for {}; {}/month re-tuning every {} "
        "month(s).",
        api_name, format_number(job.dataset_tokens * job.epochs), format_usd(api_usd),
        format_usd(api_usd / months), format_number(months)));
  } else {
    const FinetuneRun& best = plan.runs.front();
    report.notes.push_back(
        fmt::format("Cheapest run: {} {} in {}, {} x {}: {} hours at {} = {}.",
                    best.instance->cloud, best.instance->instance_type, best.instance->region,
                    best.gpus, best.gpu->id, format_number(best.hours),
                    format_usd_per_hour(best.usd_per_hour), format_usd(best.cost_usd)));
    report.notes.push_back(verdict(best.cost_usd, api_usd, api_name));
    if (std::string stale = stale_note(*best.instance, r.today_iso); !stale.empty()) {
      report.notes.push_back(std::move(stale));
    }
    if (best.hours < kShortRunHours) {
      report.notes.push_back(fmt::format(
          "The run is {} minutes of compute: start-up, downloading the weights and saving the "
          "result are not counted and may take as long.",
          format_number(best.hours * kMinutesPerHour)));
    }
    report.notes.push_back(
        fmt::format("Re-tuning every {} month(s): {}/month self-hosted, {}/month through {}.",
                    format_number(months), format_usd(best.usd_per_month),
                    format_usd(api_usd / months), api_name));
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
  if (std::string why = finetune_pricing_note(search.pricing); !why.empty()) {
    report.notes.push_back(std::move(why));
  }
  if (std::string flagged = flagged_note(plan.flagged); !flagged.empty()) {
    report.notes.push_back(std::move(flagged));
  }
  for (const InstanceSource& s : catalogs.instances.sources) {
    if (clouds_shown.contains(s.cloud)) report.notes.push_back(source_note(s));
  }
  report.notes.push_back(fmt::format("API price: {}", api_source));
  report.notes.insert(report.notes.end(), warnings.begin(), warnings.end());
  return report;
}

}  // namespace llmtco
