// llmtco catalog models|gpus|instances|apis [--search TEXT]: what the built-in
// catalogs hold. Instances can be narrowed by cloud and GPU; instances and API
// prices can be read from newer upstream files.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "commands.h"
#include "llmtco/api_price.h"
#include "llmtco/catalogs.h"
#include "llmtco/error.h"
#include "llmtco/instance_catalog.h"
#include "llmtco/model_catalog.h"
#include "llmtco/nearest.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct CatalogOptions {
  std::string kind;
  std::string search;
  std::vector<std::string> clouds;     // instances only
  std::string gpu;                     // instances only
  std::vector<std::string> instances;  // instances only: files or directories to read
  std::string api_prices;              // apis only: a LiteLLM price map to read
  OutputOptions output;
};

bool contains_any_case(const std::string& text, const std::string& needle) {
  return ascii_lowercase(text).find(ascii_lowercase(needle)) != std::string::npos;
}

// True if `needle` (any case) is in the id, short name or an alias.
bool matches(const CatalogModel& m, const std::string& needle) {
  return contains_any_case(m.id, needle) || contains_any_case(m.short_name, needle) ||
         std::any_of(m.aliases.begin(), m.aliases.end(),
                     [&](const std::string& alias) { return contains_any_case(alias, needle); });
}

Table models_table(const std::string& search) {
  Table table{.id = "models",
              .title = "Models (data/models/: Hugging Face config.json files)",
              .columns = {"id", "short", "architecture", "params_total", "params_active",
                          "published_params_total", "aliases"}};
  for (const CatalogModel& entry : model_catalog()) {
    if (!matches(entry, search)) continue;
    const ModelArch m = load_model(entry.id);
    const ParamCounts c = count_params(m);
    Cell published;
    if (entry.published_params_total) published = *entry.published_params_total;
    table.rows.push_back({entry.id, entry.short_name, m.architecture, c.total(), c.active(),
                          published, fmt::format("{}", fmt::join(entry.aliases, ", "))});
  }
  return table;
}

Cell optional_cell(const std::optional<double>& value) {
  return value ? Cell(*value) : Cell();
}

Table gpus_table(const std::string& search) {
  Table table{.id = "gpus",
              .title = "GPUs (data/gpus.csv: datasheet specs, dense rates; memory_gb read as GiB)",
              .columns = {"id", "name", "vendor", "memory_gb", "memory_bandwidth_tb_per_s",
                          "bf16_dense_tflops", "fp8_dense_tflops", "int8_dense_tops",
                          "interconnect", "interconnect_gb_per_s"}};
  for (const Gpu& gpu : gpu_catalog()) {
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
void add_instances(Report& report, const CatalogOptions& o) {
  const InstanceCatalog loaded =
      o.instances.empty() ? InstanceCatalog{} : load_instance_catalog(o.instances);
  const InstanceCatalog& catalog = o.instances.empty() ? instance_catalog() : loaded;
  const InstanceFilter filter{
      .search = o.search, .clouds = o.clouds, .gpu_id = o.gpu.empty() ? "" : find_gpu(o.gpu).id};
  Table table{.id = "instances",
              .title = "Cloud instances (whole-instance USD/hour; lowest zone of each region)",
              .columns = {"cloud", "instance", "gpu", "gpus", "vcpus", "ram_gib", "region",
                          "on_demand_usd_per_hour", "spot_usd_per_hour", "reserved_1y_usd_per_hour",
                          "usd_per_gpu_hour", "date"}};
  std::set<std::string> clouds_shown;
  std::vector<std::string> warnings;
  for (const Instance* i : select_instances(catalog, filter)) {
    table.rows.push_back(
        {i->cloud, i->instance_type, i->gpu_id, static_cast<std::int64_t>(i->gpu_count),
         positive_cell(i->vcpus), positive_cell(i->ram_gib), i->region, i->on_demand_usd_per_hour,
         optional_cell(i->spot_usd_per_hour), optional_cell(i->reserved_1y_usd_per_hour),
         i->on_demand_usd_per_gpu_hour(), i->date.empty() ? Cell() : i->date});
    clouds_shown.insert(i->cloud);
    for (const std::string& w : i->warnings) {
      if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
    }
  }
  report.tables.push_back(std::move(table));
  for (const InstanceSource& s : catalog.sources) {
    if (!clouds_shown.contains(s.cloud)) continue;
    report.notes.push_back(fmt::format("{} prices of {}: {}{}", s.cloud,
                                       s.date.empty() ? "unknown date" : s.date, s.file,
                                       s.origin.empty() ? "" : ", from " + s.origin));
  }
  // Rows left out on loading concern whole clouds: shown when a listing is not
  // narrowed to some instances or GPUs.
  if (o.search.empty() && o.gpu.empty()) {
    for (const std::string& w : catalog.warnings) {
      const std::string cloud = w.substr(0, w.find(':'));
      if (o.clouds.empty() || std::count(o.clouds.begin(), o.clouds.end(), cloud) > 0) {
        warnings.push_back(w);
      }
    }
  }
  for (const std::string& w : warnings) report.notes.push_back("warning: " + w);
}

// The API price table, with the dates and sources of the prices as notes.
void add_apis(Report& report, const CatalogOptions& o) {
  const ApiCatalog loaded = o.api_prices.empty() ? ApiCatalog{} : load_api_catalog(o.api_prices);
  const ApiCatalog& catalog = o.api_prices.empty() ? api_catalog() : loaded;
  Table table{
      .id = "apis",
      .title = "API prices (USD per 1M tokens; training per 1M training tokens, x epochs)",
      .columns = {"id", "provider", "input_usd_per_1m", "output_usd_per_1m",
                  "cached_input_usd_per_1m", "batch_input_usd_per_1m", "batch_output_usd_per_1m",
                  "training_usd_per_1m", "fine_tuned", "max_input_tokens"}};
  for (const ApiPrice& p : catalog.prices) {
    if (!contains_any_case(p.id, o.search) && !contains_any_case(p.provider, o.search)) continue;
    Cell max_input;
    if (p.max_input_tokens) max_input = *p.max_input_tokens;
    table.rows.push_back({p.id, p.provider, p.input_usd_per_1m, p.output_usd_per_1m,
                          optional_cell(p.cached_input_usd_per_1m),
                          optional_cell(p.batch_input_usd_per_1m),
                          optional_cell(p.batch_output_usd_per_1m),
                          optional_cell(p.training_usd_per_1m), p.fine_tuned, max_input});
  }
  report.tables.push_back(std::move(table));
  report.notes.push_back(fmt::format("Token prices of {}: {}.", catalog.date, catalog.source));
  report.notes.push_back(
      fmt::format("Training prices of {}: {}", catalog.training_date, catalog.training_source));
}

void check_options(const CatalogOptions& o) {
  if (o.kind != "apis" && !o.api_prices.empty()) {
    throw InputError(
        fmt::format("--api-prices applies to 'catalog apis' (got 'catalog {}')", o.kind));
  }
  if (o.kind != "instances" && (!o.clouds.empty() || !o.gpu.empty() || !o.instances.empty())) {
    throw InputError(fmt::format(
        "--cloud, --gpu and --instances apply to 'catalog instances' (got 'catalog {}')", o.kind));
  }
  for (const std::string& cloud : o.clouds) {
    if (std::find(kInstanceClouds.begin(), kInstanceClouds.end(), cloud) == kInstanceClouds.end()) {
      throw InputError(fmt::format("--cloud must be among {} (got '{}')",
                                   fmt::join(kInstanceClouds, ", "), cloud));
    }
  }
}

}  // namespace

std::function<int()> define_catalog(CLI::App& app) {
  auto o = std::make_shared<CatalogOptions>();
  app.add_option("kind", o->kind, "which catalog")
      ->required()
      ->check(CLI::IsMember({"models", "gpus", "instances", "apis"}));
  app.add_option("--search", o->search,
                 "only entries containing TEXT (any case): models by id, short name or alias; "
                 "GPUs by id, name or vendor; instances by type, GPU or region; APIs by id or "
                 "provider")
      ->type_name("TEXT");
  app.add_option("--cloud", o->clouds, "instances: only these clouds (aws,azure,gcp,lambda,vast)")
      ->delimiter(',')
      ->type_name("CLOUD[,CLOUD...]");
  app.add_option("--gpu", o->gpu, "instances: only those with this GPU id (e.g. h100-sxm)")
      ->type_name("ID");
  app.add_option("--instances", o->instances,
                 "instances: read these price files or directories (SkyPilot catalog CSVs) "
                 "instead of the built-in snapshot")
      ->type_name("FILE_OR_DIR");
  app.add_option("--api-prices", o->api_prices,
                 "apis: read this LiteLLM price map (model_prices_and_context_window.json) "
                 "instead of the built-in snapshot")
      ->type_name("FILE");
  add_output_options(app, o->output);
  return [o] {
    check_options(*o);
    Report report{.command = "catalog", .title = o->kind};
    if (o->kind == "models") report.tables.push_back(models_table(o->search));
    if (o->kind == "gpus") report.tables.push_back(gpus_table(o->search));
    if (o->kind == "instances") add_instances(report, *o);
    if (o->kind == "apis") add_apis(report, *o);
    if (report.tables.back().rows.empty()) {
      report.notes.insert(report.notes.begin(),
                          o->search.empty() ? fmt::format("No {} match the filters.", o->kind)
                                            : fmt::format("No {} match '{}'.", o->kind, o->search));
    }
    emit(report, o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
