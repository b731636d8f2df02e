// llmtco catalog models|gpus|instances|clouds|apis [--search TEXT]: what the built-in
// catalogs hold. Instances can be narrowed by cloud and GPU, API prices to the
// entries hosting one model (--model); both can be read from newer upstream files.
// clouds lists the instance catalog's price files, their dates and which 'all' takes.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "commands.h"
#include "field_flags.h"
#include "llmtco/api_catalog.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/catalog_report.h"
#include "llmtco/error.h"
#include "llmtco/instance_catalog.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct CatalogOptions {
  CatalogRequest request;
  std::vector<std::string> instances;  // instances only: files or directories to read
  std::string api_prices;              // apis only: a LiteLLM price map to read
  OutputOptions output;
};

constexpr FieldFlag kRenamed[] = {{"kind", ""}, {"clouds", "--cloud"}};

// The flags that read files, which the request does not know of.
void check_file_flags(const CatalogOptions& o) {
  const std::string& kind = o.request.kind;
  if (kind != "instances" && kind != "clouds" && !o.instances.empty()) {
    throw InputError(
        fmt::format("--instances: only applies to 'instances' and 'clouds' (got '{}')", kind));
  }
  if (kind != "apis" && !o.api_prices.empty()) {
    throw InputError(fmt::format("--api-prices: only applies to 'apis' (got '{}')", kind));
  }
}

}  // namespace

std::function<int()> define_catalog(CLI::App& app) {
  auto o = std::make_shared<CatalogOptions>();
  CatalogRequest& r = o->request;
  app.add_option("kind", r.kind, "which catalog: models, gpus, instances, clouds or apis")
      ->required();
  app.add_option("--search", r.search,
                 "only entries containing TEXT (any case): models by id, short name or alias; "
                 "GPUs by id, name or vendor; instances by type, GPU or region; APIs by id or "
                 "provider")
      ->type_name("TEXT");
  app.add_option("--model", r.model,
                 "apis: only the entries hosting this catalog model (id, short name or alias), "
                 "cheapest first")
      ->type_name("NAME");
  app.add_option("--cloud", r.clouds,
                 "instances: only these clouds (aws, azure, cudo, do, fluidstack, gcp, hyperbolic, "
                 "lambda, nebius, oci, paperspace, primeintellect, runpod, shadeform, vast, verda; "
                 "'all': all but the volatile marketplaces, see catalog clouds)")
      ->delimiter(',')
      ->type_name("CLOUD[,CLOUD...]");
  app.add_option("--gpu", r.gpu, "instances: only those with this GPU id (e.g. h100-sxm)")
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
    check_file_flags(*o);
    const std::string& kind = o->request.kind;
    const bool instances = kind == "instances" || kind == "clouds";
    Catalogs catalogs = builtin_catalogs({.instances = instances && o->instances.empty(),
                                          .api = kind == "apis" && o->api_prices.empty(),
                                          .benchmarks = false});
    if (!o->instances.empty()) catalogs.instances = load_instance_catalog(o->instances);
    if (!o->api_prices.empty()) catalogs.api = load_api_catalog(o->api_prices);
    emit(with_flag_errors(kRenamed, [&] { return catalog_report(catalogs, o->request); }),
         o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
