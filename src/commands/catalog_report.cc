#include "llmtco/catalog_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "llmtco/hosted.h"
#include "llmtco/nearest.h"
#include "llmtco/resolve.h"
#include "request_checks.h"

namespace llmtco {
namespace {

constexpr std::string_view kKinds[] = {"models", "gpus", "instances", "clouds", "apis"};

bool contains_any_case(const std::string& text, const std::string& needle) {
  return ascii_lowercase(text).find(ascii_lowercase(needle)) != std::string::npos;
}

// True if `needle` (any case) is in the id, short name or an alias.
bool matches(const CatalogModel& m, const std::string& needle) {
  return contains_any_case(m.id, needle) || contains_any_case(m.short_name, needle) ||
         std::any_of(m.aliases.begin(), m.aliases.end(),
                     [&](const std::string& alias) { return contains_any_case(alias, needle); });
}

Cell text_cell(const std::string& text) {
  return text.empty() ? Cell() : Cell(text);
}

// The models with their counts and what is published of them, one line each; their
// other names and the sources of the published figures in a table for programs.
void add_models(Report& report, const std::vector<CatalogModel>& models,
                const std::string& search) {
  Table table{
      .id = "models",
      .title = "Models (data/models/: Hugging Face config.json files)",
      .columns = {"id", "short", "architecture", "params_total", "params_active",
                  "published_params_total", "published_params_rounded", "published_params_active"},
      .labels = {"id", "short", "architecture", "params total", "params active", "published total",
                 "published rounded", "published active"}};
  Table names{.id = "model_names",
              .title = "Model names and sources",
              .columns = {"id", "aliases", "params_source", "active_convention"},
              .json_only = true};
  for (const CatalogModel& entry : models) {
    if (!matches(entry, search)) continue;
    const ParamCounts c = count_params(entry.arch);
    Cell published;
    if (entry.published_params_total) published = *entry.published_params_total;
    table.rows.push_back({entry.id, entry.short_name, entry.arch.architecture, c.total(),
                          c.active(), published, text_cell(entry.published_params_rounded),
                          text_cell(entry.published_params_active)});
    names.rows.push_back({entry.id, fmt::format("{}", fmt::join(entry.aliases, ", ")),
                          text_cell(entry.params_source), text_cell(entry.active_convention)});
  }
  report.tables.push_back(std::move(table));
  report.tables.push_back(std::move(names));
  report.notes.push_back(
      "Each model also answers to its chat and instruct names, to its repo name under another "
      "organisation, and to quantized repo names (-FP8, -AWQ, -GPTQ-Int4, -bnb-4bit, ...: the "
      "checkpoint's weight format); --format json lists the names and the sources of the "
      "published figures (docs/catalog.md).");
}

Cell optional_cell(const std::optional<double>& value) {
  return value ? Cell(*value) : Cell();
}

Table gpus_table(const std::vector<Gpu>& gpus, const std::string& search) {
  Table table{
      .id = "gpus",
      .title = "GPUs (data/gpus.csv: datasheet specs, dense rates; the datasheet's GB are GiB)",
      .columns = {"id", "name", "vendor", "memory_gib", "memory_bandwidth_tb_per_s",
                  "bf16_dense_tflops", "fp8_dense_tflops", "int8_dense_tops", "interconnect",
                  "interconnect_gb_per_s"}};
  for (const Gpu& gpu : gpus) {
    if (!contains_any_case(gpu.id, search) && !contains_any_case(gpu.name, search) &&
        !contains_any_case(gpu.vendor, search)) {
      continue;
    }
    table.rows.push_back({gpu.id, gpu.name, gpu.vendor, gpu.memory_gib,
                          gpu.memory_bandwidth_tb_per_s, gpu.bf16_dense_tflops,
                          optional_cell(gpu.fp8_dense_tflops), optional_cell(gpu.int8_dense_tops),
                          gpu.interconnect, gpu.interconnect_gb_per_s});
  }
  return table;
}

Cell positive_cell(double value) {
  return value > 0 ? Cell(value) : Cell();
}

// The instances table, with the sources and warnings of what it shows as notes.
void add_instances(Report& report, const CatalogRequest& r, const Catalogs& catalogs) {
  const InstanceCatalog& catalog = catalogs.instances;
  const std::vector<std::string> clouds = resolve_cloud_names("clouds", r.clouds, catalog);
  const InstanceFilter filter{
      .search = r.search,
      .clouds = clouds,
      .gpu_id = r.gpu.empty() ? "" : resolve_gpu(catalogs, "gpu", r.gpu).id};
  Table table{.id = "instances",
              .title = "Cloud instances (whole-instance USD/hour; lowest zone of each region)",
              .columns = {"cloud", "instance", "gpu", "gpus", "vcpus", "ram_gib", "region",
                          "on_demand_usd_per_hour", "spot_usd_per_hour", "reserved_1y_usd_per_hour",
                          "usd_per_gpu_hour", "date", "date_estimated"}};
  std::set<std::string> clouds_shown;
  std::vector<std::string> warnings;
  for (const Instance* i : select_instances(catalog, filter)) {
    table.rows.push_back(
        {i->cloud, i->instance_type, i->gpu_id, static_cast<std::int64_t>(i->gpu_count),
         positive_cell(i->vcpus), positive_cell(i->ram_gib), i->region, i->on_demand_usd_per_hour,
         optional_cell(i->spot_usd_per_hour), optional_cell(i->reserved_1y_usd_per_hour),
         i->on_demand_usd_per_gpu_hour(), i->date.empty() ? Cell() : i->date, i->date_estimated});
    clouds_shown.insert(i->cloud);
    for (const std::string& w : i->warnings) {
      if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
    }
  }
  report.tables.push_back(std::move(table));
  for (const InstanceSource& s : catalog.sources) {
    if (clouds_shown.contains(s.cloud)) report.notes.push_back(source_note(s));
  }
  // Rows left out on loading concern whole clouds: shown when a listing is not
  // narrowed to some instances or GPUs.
  if (r.search.empty() && r.gpu.empty()) {
    for (const std::string& w : catalog.warnings) {
      const std::string cloud = w.substr(0, w.find(':'));
      if (clouds.empty() || std::count(clouds.begin(), clouds.end(), cloud) > 0) {
        warnings.push_back(w);
      }
    }
  }
  for (const std::string& w : warnings) report.notes.push_back("warning: " + w);
}

// The clouds the instance catalog has prices of: one row per price file, with
// its date (estimated or not), whether its offers are volatile, whether
// self_host.clouds "all" takes it, and how many instances it lists.
void add_clouds(Report& report, const InstanceCatalog& catalog, const std::string& search) {
  Table table{
      .id = "clouds",
      .title = "Clouds of the instance catalog (self_host.clouds, --clouds)",
      .columns = {"cloud", "instances", "date", "date_estimated", "volatile", "in_all", "file"}};
  const std::vector<std::string> all =
      resolve_cloud_names("clouds", {std::string(kAllClouds)}, catalog);
  for (const InstanceSource& s : catalog.sources) {
    if (!contains_any_case(s.cloud, search) && !contains_any_case(s.origin, search)) continue;
    const auto instances = std::count_if(catalog.instances.begin(), catalog.instances.end(),
                                         [&](const Instance& i) { return i.cloud == s.cloud; });
    table.rows.push_back({s.cloud, static_cast<std::int64_t>(instances), text_cell(s.date),
                          s.date_estimated, s.volatile_offers,
                          std::find(all.begin(), all.end(), s.cloud) != all.end(), s.file});
    report.notes.push_back(source_note(s));
  }
  report.tables.push_back(std::move(table));
  std::vector<std::string> marketplaces;
  for (const InstanceSource& s : catalog.sources) {
    if (s.volatile_offers) marketplaces.push_back(s.cloud);
  }
  report.notes.insert(
      report.notes.begin(),
      fmt::format("'{}' in self_host.clouds or --clouds takes every cloud listed but the "
                  "marketplaces with volatile offers ({}); naming one adds it (e.g. {},vast).",
                  kAllClouds,
                  marketplaces.empty() ? "none" : fmt::format("{}", fmt::join(marketplaces, ", ")),
                  kAllClouds));
}

// The API price table, with the dates and sources of the prices as notes.
void add_apis(Report& report, const CatalogRequest& r, const ApiCatalog& catalog) {
  Table table{.id = "apis",
              .title = "API prices (USD per 1M tokens; training per 1M training tokens, x epochs)",
              .columns = {"id", "provider", "input_usd_per_1m", "output_usd_per_1m",
                          "cached_input_usd_per_1m", "cache_write_input_usd_per_1m",
                          "batch_input_usd_per_1m", "batch_output_usd_per_1m",
                          "long_context_threshold_tokens", "long_context_input_usd_per_1m",
                          "long_context_output_usd_per_1m", "training_usd_per_1m", "fine_tuned",
                          "max_input_tokens"}};
  for (const ApiPrice& p : catalog.prices) {
    if (!contains_any_case(p.id, r.search) && !contains_any_case(p.provider, r.search)) continue;
    Cell max_input;
    if (p.max_input_tokens) max_input = *p.max_input_tokens;
    Cell tier_threshold, tier_input, tier_output;
    if (const auto& tier = p.long_context) {  // an output price it lacks stays the base one
      tier_threshold = tier->threshold_tokens;
      tier_input = tier->input_usd_per_1m;
      tier_output = tier->output_usd_per_1m.value_or(p.output_usd_per_1m);
    }
    table.rows.push_back(
        {p.id, p.provider, p.input_usd_per_1m, p.output_usd_per_1m,
         optional_cell(p.cached_input_usd_per_1m), optional_cell(p.cache_write_input_usd_per_1m),
         optional_cell(p.batch_input_usd_per_1m), optional_cell(p.batch_output_usd_per_1m),
         tier_threshold, tier_input, tier_output, optional_cell(p.training_usd_per_1m),
         p.fine_tuned, max_input});
  }
  report.tables.push_back(std::move(table));
  report.notes.push_back(fmt::format("Token prices of {}: {}.", catalog.date, catalog.source));
  report.notes.push_back(
      fmt::format("Training prices of {}: {}", catalog.training_date, catalog.training_source));
}

// The entries hosting one catalog model, cheapest blend first, with how each matched.
void add_hosted(Report& report, const CatalogRequest& r, const Catalogs& catalogs) {
  resolve_model(catalogs, "model", r.model);  // throws for an unknown name
  const CatalogModel& model = *find_catalog_model(catalogs, r.model);
  Table table{.id = "apis",
              .title = fmt::format("Hosted APIs serving {} (USD per 1M tokens; cheapest first by "
                                   "the 3:1 blend, (3 x input + output) / 4)",
                                   model.id),
              .columns = {"id", "provider", "input_usd_per_1m", "output_usd_per_1m",
                          "blended_usd_per_1m", "matched_name", "normalised_name", "variant"}};
  for (const HostedOffer& o : hosted_offers(catalogs.api, model)) {
    const ApiPrice& p = *o.price;
    if (!contains_any_case(p.id, r.search) && !contains_any_case(p.provider, r.search)) continue;
    table.rows.push_back({p.id, p.provider, p.input_usd_per_1m, p.output_usd_per_1m,
                          blended_usd_per_1m(p), o.matched_name, o.hosted_name,
                          o.variant.empty() ? Cell() : Cell(o.variant)});
  }
  report.tables.push_back(std::move(table));
  report.notes.push_back(
      "Matched by normalised model name, serving suffixes (instruct, turbo, fp8, ...) set aside; "
      "free tiers, zero prices and fine-tunes left out (docs/catalog.md, apis --model).");
  report.notes.push_back(
      fmt::format("Token prices of {}: {}.", catalogs.api.date, catalogs.api.source));
}

void check_request(const CatalogRequest& r) {
  detail::check_choice("kind", "catalog", r.kind, kKinds);
  if (r.kind != "instances" && !r.clouds.empty()) {
    throw FieldError("clouds", fmt::format("only applies to 'instances' (got '{}')", r.kind));
  }
  if (r.kind != "apis" && !r.model.empty()) {
    throw FieldError("model", fmt::format("only applies to 'apis' (got '{}')", r.kind));
  }
  if (r.kind != "instances" && !r.gpu.empty()) {
    throw FieldError("gpu", fmt::format("only applies to 'instances' (got '{}')", r.kind));
  }
}

}  // namespace

Report catalog_report(const Catalogs& catalogs, const CatalogRequest& r) {
  check_request(r);
  Report report{.command = "catalog", .title = r.kind};
  if (r.kind == "models") add_models(report, catalogs.models, r.search);
  if (r.kind == "gpus") report.tables.push_back(gpus_table(catalogs.gpus, r.search));
  if (r.kind == "instances") add_instances(report, r, catalogs);
  if (r.kind == "clouds") add_clouds(report, catalogs.instances, r.search);
  if (r.kind == "apis" && r.model.empty()) add_apis(report, r, catalogs.api);
  if (r.kind == "apis" && !r.model.empty()) add_hosted(report, r, catalogs);
  if (report.tables.front().rows.empty()) {
    report.notes.insert(report.notes.begin(),
                        !r.search.empty()  ? fmt::format("No {} match '{}'.", r.kind, r.search)
                        : !r.model.empty() ? fmt::format("No apis host '{}'.", r.model)
                                           : fmt::format("No {} match the filters.", r.kind));
  }
  return report;
}

}  // namespace llmtco
