// The instance-catalog parser on any text, read as the price file of each cloud in
// turn (the cloud decides how rows are read), then the instance listing of the
// catalog it gives, rendered in every format; every price is finite.
#include <string>

#include "fuzz_check.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/catalog_report.h"
#include "llmtco/instance_catalog.h"

namespace {

void check_catalog(const llmtco::InstanceCatalog& catalog) {
  using llmtco::fuzz::expect_finite;
  for (const llmtco::Instance& i : catalog.instances) {
    expect_finite(i.vcpus, "vcpus of " + i.instance_type);
    expect_finite(i.ram_gib, "ram_gib of " + i.instance_type);
    expect_finite(i.on_demand_usd_per_hour, "on_demand_usd_per_hour of " + i.instance_type);
    if (i.spot_usd_per_hour) expect_finite(*i.spot_usd_per_hour, "spot of " + i.instance_type);
    if (i.reserved_1y_usd_per_hour) {
      expect_finite(*i.reserved_1y_usd_per_hour, "reserved_1y of " + i.instance_type);
    }
  }
  llmtco::Catalogs catalogs = llmtco::builtin_catalogs({.instances = false, .api = false});
  catalogs.instances = catalog;
  const llmtco::CatalogRequest request{.kind = "instances"};
  llmtco::fuzz::check_report(catalog_report(catalogs, request));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  const std::string text(fuzz::as_text(data, size));
  for (const std::string_view cloud : kInstanceClouds) {
    fuzz::unless_input_error([&] {
      const InstanceSource source{.cloud = std::string(cloud),
                                  .file = "fuzz/" + std::string(cloud)};
      check_catalog(parse_instance_files({InstanceFile{.source = source, .text = text}}));
    });
  }
  return 0;
}
