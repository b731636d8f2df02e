#include "llmtco/instance_catalog.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "io/csv.h"
#include "io/json_text.h"
#include "io/read_file.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/instance_checks.h"
#include "llmtco/number_format.h"

namespace llmtco {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSnapshotDir = "data/instances/";
constexpr const char* kNamesPath = "data/instances/accelerator_names.csv";
constexpr const char* kHostsPath = "data/instances/gcp_gpu_hosts.csv";

// A row of accelerator_names.csv. The first rule whose cloud, accelerator name and
// instance type patterns (shell wildcards) match gives the GPU id; an empty id
// means the name is known but not mapped, for the reason in `note`.
struct NameRule {
  std::string cloud;
  std::string accelerator_name;
  std::string instance_type;
  std::string gpu_id;
  std::string note;
};

// A row of gcp_gpu_hosts.csv: GCP sells these GPUs attached to this machine type.
struct GcpHost {
  std::string accelerator_name;
  double accelerator_count = 0;
  std::string instance_type;
};

// The built-in tables are embedded and checked by the tests, so they parse.
const std::vector<NameRule>& name_rules() {
  static const std::vector<NameRule> kRules = [] {
    const detail::CsvTable table = detail::parse_csv(*embedded_file(kNamesPath), kNamesPath);
    std::vector<NameRule> rules;
    for (const auto& r : table.rows) rules.push_back({r[0], r[1], r[2], r[3], r[4]});
    return rules;
  }();
  return kRules;
}

const std::vector<GcpHost>& gcp_hosts() {
  static const std::vector<GcpHost> kHosts = [] {
    const detail::CsvTable table = detail::parse_csv(*embedded_file(kHostsPath), kHostsPath);
    std::vector<GcpHost> hosts;
    for (const auto& r : table.rows) hosts.push_back({r[0], std::stod(r[1]), r[2]});
    return hosts;
  }();
  return kHosts;
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// One CSV row with its numbers read.
struct Row {
  std::size_t line = 0;
  std::string instance_type;
  std::string accelerator_name;
  std::optional<double> accelerator_count;
  std::optional<double> vcpus;
  std::optional<double> ram_gib;
  std::string region;
  std::string zone;
  double price = 0;        // 0 where spot_only
  bool spot_only = false;  // Price empty, SpotPrice given: a spot offer alone
  std::optional<double> spot;
  std::optional<double> reserved;
  std::vector<std::string> notes;  // suspicious parts, without the instance's label
};

// Reads the columns of a price file by name.
class RowReader {
 public:
  RowReader(const detail::CsvTable& table, const std::string& file) : table_(table), file_(file) {
    for (const char* name : {"InstanceType", "AcceleratorName", "AcceleratorCount", "vCPUs",
                             "MemoryGiB", "Price", "Region"}) {
      detail::csv_column(table, name, file);  // throws if absent
    }
    for (std::size_t c = 0; c < table.header.size(); ++c) columns_[table.header[c]] = c;
  }

  Row read(std::size_t r) const {
    Row row;
    row.line = table_.row_lines[r];
    row.instance_type = text(r, "InstanceType");
    row.accelerator_name = text(r, "AcceleratorName");
    row.accelerator_count = optional_number(r, "AcceleratorCount");
    row.vcpus = optional_number(r, "vCPUs");
    row.ram_gib = optional_number(r, "MemoryGiB");
    row.region = text(r, "Region");
    row.zone = text(r, "AvailabilityZone");
    const std::optional<double> price = optional_number(r, "Price");
    row.spot = optional_number(r, "SpotPrice");
    if (!price && !row.spot) throw not_a_number(r, "Price", "a number");
    row.price = price.value_or(0);
    row.spot_only = !price;
    row.reserved = optional_number(r, "ReservedPrice");
    return row;
  }

 private:
  // The cell, or "" where the file has no such column.
  std::string text(std::size_t r, std::string_view column) const {
    const auto it = columns_.find(column);
    return it == columns_.end() ? "" : table_.rows[r][it->second];
  }

  std::optional<double> optional_number(std::size_t r, std::string_view column) const {
    const std::string cell = text(r, column);
    if (cell.empty()) return std::nullopt;
    double value = 0;
    const char* end = cell.data() + cell.size();
    const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
      throw not_a_number(r, column, column == "Price" ? "a number" : "a number or empty");
    }
    return value;
  }

  InputError not_a_number(std::size_t r, std::string_view column, std::string_view valid) const {
    return InputError(fmt::format("{}:{}: column '{}' must be {} (got '{}')", file_,
                                  table_.row_lines[r], column, valid, text(r, column)));
  }

  const detail::CsvTable& table_;
  const std::string& file_;
  std::map<std::string, std::size_t, std::less<>> columns_;
};

// Rows left out, counted by cloud and reason: "aws: unknown accelerator 'X'".
using Skips = std::map<std::string, std::size_t>;

// The rule that maps `name`, or nullptr (the row is counted in `skips`).
const NameRule* gpu_rule(const std::string& cloud, const Row& row, Skips& skips) {
  for (const NameRule& rule : name_rules()) {
    if (rule.cloud == cloud && glob_match(rule.accelerator_name, row.accelerator_name) &&
        glob_match(rule.instance_type, row.instance_type)) {
      if (!rule.gpu_id.empty()) return &rule;
      ++skips[fmt::format("{}: accelerator '{}' not mapped ({})", cloud, rule.accelerator_name,
                          rule.note)];
      return nullptr;
    }
  }
  ++skips[fmt::format("{}: unknown accelerator '{}'", cloud, row.accelerator_name)];
  return nullptr;
}

// The offer a row is of: its instance type without the "__SPOT" that Prime
// Intellect's catalog appends to the type of a spot offer listed on its own row.
std::string offer_type(const std::string& instance_type) {
  constexpr std::string_view kSpotSuffix = "__SPOT";
  return instance_type.ends_with(kSpotSuffix)
             ? instance_type.substr(0, instance_type.size() - kSpotSuffix.size())
             : instance_type;
}

// The rows with an on-demand price. A spot-only row (Price empty) gives its spot
// price to the on-demand row of the same offer (type, GPUs, region and zone) that
// lacks one, or the lower of the two; one without such a row is skipped and counted.
std::vector<Row> pair_spot_only_rows(std::vector<Row> rows, const std::string& cloud,
                                     Skips& skips) {
  using Key = std::tuple<std::string, std::string, std::optional<double>, std::string, std::string>;
  auto key = [](const Row& row) {
    return Key(offer_type(row.instance_type), row.accelerator_name, row.accelerator_count,
               row.region, row.zone);
  };
  std::map<Key, std::size_t> on_demand;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].spot_only) on_demand.try_emplace(key(rows[i]), i);
  }
  for (const Row& row : rows) {
    if (!row.spot_only || row.accelerator_name.empty()) continue;
    const auto it = on_demand.find(key(row));
    if (it == on_demand.end()) {
      ++skips[fmt::format("{}: a spot price with no Price and no on-demand row of the same offer",
                          cloud)];
      continue;
    }
    std::optional<double>& spot = rows[it->second].spot;
    spot = spot ? std::min(*spot, *row.spot) : row.spot;
  }
  std::erase_if(rows, [](const Row& row) { return row.spot_only; });
  return rows;
}

// GCP lists a GPU's price as its own row (no InstanceType) per zone; the machine
// type it attaches to is a VM row of the same zone. Each GPU row becomes one row per
// machine type that pairs with it (gcp_gpu_hosts.csv) and has a VM row in its zone.
std::vector<Row> join_gcp(const std::vector<Row>& rows, Skips& skips) {
  std::map<std::pair<std::string, std::string>, const Row*> vms;  // (type, zone)
  for (const Row& row : rows) {
    if (!row.instance_type.empty()) vms[{row.instance_type, row.zone}] = &row;
  }
  std::vector<Row> joined;
  for (const Row& gpu : rows) {
    if (!gpu.instance_type.empty() || gpu.accelerator_name.empty()) continue;
    std::vector<std::string> host_types;
    for (const GcpHost& host : gcp_hosts()) {
      if (host.accelerator_name == gpu.accelerator_name &&
          gpu.accelerator_count == host.accelerator_count) {
        host_types.push_back(host.instance_type);
      }
    }
    const std::string what =
        fmt::format("{} x {} GPU rows", gpu.accelerator_count.value_or(0), gpu.accelerator_name);
    if (host_types.empty()) {
      if (gpu_rule("gcp", gpu, skips)) {
        ++skips[fmt::format("gcp: {} with no machine type in {}", what, kHostsPath)];
      }
      continue;
    }
    const std::size_t before = joined.size();
    for (const std::string& type : host_types) {
      const auto vm = vms.find({type, gpu.zone});
      if (vm == vms.end()) continue;
      Row row = gpu;
      row.instance_type = type;
      row.vcpus = vm->second->vcpus;
      row.ram_gib = vm->second->ram_gib;
      row.price = vm->second->price + gpu.price;
      row.spot =
          vm->second->spot && gpu.spot ? *vm->second->spot + *gpu.spot : std::optional<double>();
      if (gpu.spot && *gpu.spot > gpu.price) {
        row.notes.push_back(fmt::format("the GPU row's spot {} is above its on-demand {}",
                                        format_usd_per_hour(gpu.spot.value()),
                                        format_usd_per_hour(gpu.price)));
      }
      joined.push_back(std::move(row));
    }
    if (joined.size() == before) {
      ++skips[fmt::format("gcp: {} with no {} VM row in their zone", what,
                          fmt::join(host_types, " or "))];
    }
  }
  return joined;
}

// The file's rows with an accelerator as instances, one per zone.
std::vector<Instance> read_instances(const InstanceFile& file, Skips& skips) {
  const std::string& cloud = file.source.cloud;
  const detail::CsvTable table = detail::parse_csv(
      file.text, file.source.file,
      cloud == "azure" ? detail::ExtraFields::kJoinIntoLast : detail::ExtraFields::kError);
  const RowReader reader(table, file.source.file);
  std::vector<Row> rows;
  for (std::size_t r = 0; r < table.rows.size(); ++r) rows.push_back(reader.read(r));
  rows = pair_spot_only_rows(std::move(rows), cloud, skips);
  if (cloud == "gcp") rows = join_gcp(rows, skips);

  std::vector<Instance> instances;
  for (const Row& row : rows) {
    if (row.accelerator_name.empty()) continue;  // CPU-only
    if (row.instance_type.empty()) {
      ++skips[fmt::format("{}: accelerator rows without an InstanceType", cloud)];
      continue;
    }
    const NameRule* rule = gpu_rule(cloud, row, skips);
    if (!rule) continue;
    const double count = row.accelerator_count.value_or(0);
    if (count < 1 || count != std::floor(count)) {
      ++skips[fmt::format("{}: {} with {} x {} (not a whole number of GPUs)", cloud,
                          row.instance_type, count, row.accelerator_name)];
      continue;
    }
    Instance instance{.cloud = cloud,
                      .instance_type = row.instance_type,
                      .gpu_id = rule->gpu_id,
                      .accelerator_name = row.accelerator_name,
                      .gpu_count = static_cast<int>(count),
                      .vcpus = row.vcpus.value_or(0),
                      .ram_gib = row.ram_gib.value_or(0),
                      .region = row.region,
                      .on_demand_usd_per_hour = row.price,
                      .spot_usd_per_hour = row.spot,
                      .reserved_1y_usd_per_hour = row.reserved,
                      .date = file.source.date,
                      .date_estimated = file.source.date_estimated,
                      .volatile_offers = file.source.volatile_offers};
    for (const std::string& note : row.notes) {
      instance.warnings.push_back(fmt::format("{}: {}", instance_label(instance), note));
    }
    instances.push_back(std::move(instance));
  }
  return instances;
}

std::optional<double> lowest(const std::optional<double>& a, const std::optional<double>& b) {
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

// One instance per (type, GPUs, region): the lowest price of each kind among the
// region's zones.
std::vector<Instance> merge_zones(std::vector<Instance> zones) {
  std::map<std::tuple<std::string, std::string, int, std::string>, Instance> regions;
  for (Instance& zone : zones) {
    const auto key = std::tuple(zone.instance_type, zone.gpu_id, zone.gpu_count, zone.region);
    const auto [it, added] = regions.try_emplace(key, zone);
    if (added) continue;
    Instance& region = it->second;
    region.on_demand_usd_per_hour =
        std::min(region.on_demand_usd_per_hour, zone.on_demand_usd_per_hour);
    region.spot_usd_per_hour = lowest(region.spot_usd_per_hour, zone.spot_usd_per_hour);
    region.reserved_1y_usd_per_hour =
        lowest(region.reserved_1y_usd_per_hour, zone.reserved_1y_usd_per_hour);
    for (std::string& warning : zone.warnings) {
      if (std::find(region.warnings.begin(), region.warnings.end(), warning) ==
          region.warnings.end()) {
        region.warnings.push_back(std::move(warning));
      }
    }
  }
  std::vector<Instance> out;
  for (auto& [key, instance] : regions) out.push_back(std::move(instance));
  return out;
}

bool is_cloud(std::string_view name) {
  return std::find(kInstanceClouds.begin(), kInstanceClouds.end(), name) != kInstanceClouds.end();
}

// The sources a catalog.json lists, their files under `dir`. Throws InputError,
// naming `json_path`, where an entry lacks a field or names no known cloud.
std::vector<InstanceSource> parse_catalog_json(std::string_view text, const std::string& dir,
                                               const std::string& json_path) {
  std::vector<InstanceSource> sources;
  try {
    const nlohmann::json json = detail::parse_json_text(text, json_path);
    for (const auto& entry : json.at("files")) {
      InstanceSource source{.cloud = entry.at("cloud").get<std::string>(),
                            .file = dir + entry.at("file").get<std::string>(),
                            .origin = entry.value("origin", ""),
                            .date = entry.value("date", ""),
                            .date_estimated = entry.value("date_estimated", false),
                            .date_basis = entry.value("date_basis", ""),
                            .volatile_offers = entry.value("volatile", false)};
      if (!is_cloud(source.cloud)) {
        throw InputError(fmt::format("{}: files[].cloud must be one of {} (got '{}')", json_path,
                                     fmt::join(kInstanceClouds, ", "), source.cloud));
      }
      sources.push_back(std::move(source));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: {}", json_path, e.what()));
  }
  return sources;
}

const std::vector<InstanceSource>& builtin_sources() {
  static const std::vector<InstanceSource> kSources = [] {
    const std::string json_path = std::string(kSnapshotDir) + "catalog.json";
    return parse_catalog_json(*embedded_file(json_path), std::string(kSnapshotDir), json_path);
  }();
  return kSources;
}

// Whether the built-in catalog.json marks `cloud`'s offers volatile: a file read
// without a catalog.json of its own keeps its cloud's mark.
bool builtin_volatile(const std::string& cloud) {
  return std::any_of(
      builtin_sources().begin(), builtin_sources().end(),
      [&](const InstanceSource& s) { return s.cloud == cloud && s.volatile_offers; });
}

// The cloud a file is for, from its name or its directory's (see the header).
InstanceFile file_from_disk(const fs::path& path) {
  const std::string name = path.filename().string();
  const std::string stem = name.substr(0, name.find_first_of("._-"));
  const std::string dir = path.parent_path().filename().string();
  const std::string cloud = is_cloud(stem) ? stem : is_cloud(dir) ? dir : "";
  if (cloud.empty()) {
    throw InputError(fmt::format(
        "{}: cannot tell which cloud the prices are for; name the file CLOUD.csv or put it in "
        "a directory named CLOUD (CLOUD: {})",
        path.string(), fmt::join(kInstanceClouds, ", ")));
  }
  return {{.cloud = cloud, .file = path.string(), .volatile_offers = builtin_volatile(cloud)},
          detail::read_text_file(path.string(), "price file")};
}

}  // namespace

InstanceCatalog parse_instance_files(const std::vector<InstanceFile>& files) {
  InstanceCatalog catalog;
  Skips skips;
  for (const InstanceFile& file : files) {
    std::vector<Instance> zones = read_instances(file, skips);
    for (std::string& warning : drop_nonpositive_prices(zones)) {
      catalog.warnings.push_back(std::move(warning));
    }
    for (Instance& instance : merge_zones(std::move(zones))) {
      catalog.instances.push_back(std::move(instance));
    }
    catalog.sources.push_back(file.source);
  }
  for (const auto& [what, rows] : skips) {
    catalog.warnings.push_back(
        fmt::format("{} in {} row{}; skipped", what, rows, rows == 1 ? "" : "s"));
  }
  std::stable_sort(catalog.instances.begin(), catalog.instances.end(),
                   [](const Instance& a, const Instance& b) {
                     return std::tie(a.cloud, a.instance_type, a.gpu_count, a.region) <
                            std::tie(b.cloud, b.instance_type, b.gpu_count, b.region);
                   });
  flag_suspicious_prices(catalog.instances);
  return catalog;
}

const InstanceCatalog& instance_catalog() {
  static const InstanceCatalog kCatalog = [] {
    std::vector<InstanceFile> files;
    for (const InstanceSource& source : builtin_sources()) {
      files.push_back({source, std::string(*embedded_file(source.file))});
    }
    return parse_instance_files(files);
  }();
  return kCatalog;
}

InstanceCatalog load_instance_catalog(const std::vector<std::string>& paths) {
  std::vector<InstanceFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(fmt::format("cannot read '{}'", path));
    if (!fs::is_directory(path, ec)) {
      files.push_back(file_from_disk(path));
      continue;
    }
    const fs::path json = fs::path(path) / "catalog.json";
    if (fs::exists(json, ec)) {
      const std::string dir = (fs::path(path) / "").string();
      for (InstanceSource& source : parse_catalog_json(
               detail::read_text_file(json.string(), "price catalog"), dir, json.string())) {
        std::string text = detail::read_text_file(source.file, "price file");
        files.push_back({std::move(source), std::move(text)});
      }
      continue;
    }
    std::vector<fs::path> csvs;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".csv") {
        csvs.push_back(entry.path());
      }
    }
    if (csvs.empty()) throw InputError(fmt::format("{}: no .csv files in this directory", path));
    std::sort(csvs.begin(), csvs.end());
    for (const fs::path& csv : csvs) files.push_back(file_from_disk(csv));
  }
  return parse_instance_files(files);
}

}  // namespace llmtco
