// Instance: a cloud machine with GPUs and its hourly prices in one region, as a
// cloud's price catalog lists it; InstanceCatalog: all of them, with the files
// they came from, the dates of their prices and what looked wrong on loading.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmtco {

// The clouds whose price files the catalog reads (docs/catalog.md lists them).
inline constexpr std::array<std::string_view, 16> kInstanceClouds = {
    "aws",        "azure",     "cudo",   "do",   "fluidstack", "gcp",
    "hyperbolic", "lambda",    "nebius", "oci",  "paperspace", "primeintellect",
    "runpod",     "shadeform", "vast",   "verda"};

// The name that stands for every cloud of the catalog but the volatile
// marketplaces (InstanceSource::volatile_offers) in self_host.clouds and --clouds.
inline constexpr std::string_view kAllClouds = "all";

// "aws, gcp" -> {"aws", "gcp"}: a comma-separated list of cloud names, each
// trimmed of spaces, empty ones dropped; not checked against kInstanceClouds.
std::vector<std::string> split_cloud_list(std::string_view text);

struct Instance {
  std::string cloud;             // one of kInstanceClouds
  std::string instance_type;     // "p5.48xlarge"; on GCP the VM type the GPUs attach to
  std::string gpu_id;            // our GPU catalog id (data/gpus.csv), e.g. "h100-sxm"
  std::string accelerator_name;  // the upstream name, e.g. "H100", "A100-80GB"
  int gpu_count = 0;             // whole GPUs, >= 1
  double vcpus = 0;              // host vCPUs
  double ram_gib = 0;            // host memory, GiB
  std::string region;            // "us-east-1"; Vast: "City, CC, continent"
  // Whole-instance prices, USD per hour, > 0. Where the upstream file lists zones,
  // each is the lowest of the region's zones.
  double on_demand_usd_per_hour = 0;
  std::optional<double> spot_usd_per_hour;         // spot/preemptible; none if not sold
  std::optional<double> reserved_1y_usd_per_hour;  // AWS reserved price (1-year term)
  std::string date;                                // of the price data, YYYY-MM-DD; "" unknown
  bool date_estimated = false;   // `date` is its source's estimate (InstanceSource::date_basis)
  bool volatile_offers = false;  // listed by a marketplace whose offers come and go
  std::vector<std::string> warnings;  // why the prices look suspicious (kept, flagged)

  double on_demand_usd_per_gpu_hour() const { return on_demand_usd_per_hour / gpu_count; }
};

// The instance's price date: "2026-01-21", "about 2025-01-01 (estimated)" or
// "unknown date".
std::string instance_date_words(const Instance& instance);

// One price file the catalog was read from.
struct InstanceSource {
  std::string cloud;   // "gcp"
  std::string file;    // "data/instances/gcp.csv" or the user's path
  std::string origin;  // where its data comes from; "" for a user's file without catalog.json
  std::string date;    // of its price data, YYYY-MM-DD; "" unknown
  // The upstream file is undated: `date` is a conservative estimate (the earliest
  // the content allows), made on `date_basis`.
  bool date_estimated = false;
  std::string date_basis;
  // A marketplace whose rows are the offers free when its catalog was fetched: a
  // row may be gone and its price moved (Vast). kAllClouds leaves it out.
  bool volatile_offers = false;
};

// "2026-01-21", "about 2025-01-01 (estimated)" or "undated".
std::string source_date_words(const InstanceSource& source);

// "aws prices of 2026-01-21: FILE, from ORIGIN", with the basis of an estimated
// date and a word on volatile offers.
std::string source_note(const InstanceSource& source);

struct InstanceCatalog {
  std::vector<Instance> instances;  // sorted by cloud, instance type, region
  std::vector<InstanceSource> sources;
  // One line each, starting "CLOUD: ": skipped rows (unknown accelerators, fractional
  // GPUs, no price) and every flagged instance.
  std::vector<std::string> warnings;
};

// Which instances a listing shows; empty fields match everything.
struct InstanceFilter {
  std::string search;               // in instance type, GPU id, upstream name or region; any case
  std::vector<std::string> clouds;  // "aws", "gcp", ...
  std::string gpu_id;               // exact GPU catalog id
};

// How an instance is paid for: the price column a plan uses.
enum class Pricing { kOnDemand, kSpot, kReserved1y, kReserved3y };

// "on_demand", "spot", "reserved_1y", "reserved_3y".
const char* pricing_name(Pricing pricing);

// By name; throws InputError naming the valid names.
Pricing parse_pricing(const std::string& name);

// The instance's whole-instance price under `pricing`, or nullopt where its catalog
// lists none (every instance has on-demand; no snapshot lists a 3-year term).
std::optional<double> price_usd_per_hour(const Instance& instance, Pricing pricing);

std::vector<const Instance*> select_instances(const InstanceCatalog& catalog,
                                              const InstanceFilter& filter);

// The clouds `names` asks for, in its order, each once: names of kInstanceClouds,
// and kAllClouds for every cloud `catalog` has a source of, except the volatile
// marketplaces (naming one adds it: "all,vast"). No names: none (every cloud).
// Throws FieldError(field) for another name, naming the valid ones, and for an
// "all" that takes no cloud (the catalog holds only volatile marketplaces).
std::vector<std::string> resolve_cloud_names(const char* field,
                                             const std::vector<std::string>& names,
                                             const InstanceCatalog& catalog);

// Whether `catalog`'s source of `cloud` marks its offers volatile.
bool volatile_cloud(const InstanceCatalog& catalog, std::string_view cloud);

}  // namespace llmtco
