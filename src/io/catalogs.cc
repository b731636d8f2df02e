#include "llmtco/catalogs.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "io/csv.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/nearest.h"

namespace llmtco {
namespace {

std::optional<double> optional_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return std::stod(text);
}

std::vector<Gpu> parse_gpus() {
  const std::string source = "data/gpus.csv";
  const detail::CsvTable table = detail::parse_csv(*embedded_file(source), source);
  auto col = [&](std::string_view name) { return detail::csv_column(table, name, source); };
  const std::size_t id = col("id"), name = col("name"), vendor = col("vendor"),
                    memory = col("memory_gb"), bandwidth = col("mem_bw_tbps"),
                    bf16 = col("bf16_dense_tflops"), fp8 = col("fp8_dense_tflops"),
                    int8 = col("int8_dense_tops"), link = col("interconnect"),
                    link_rate = col("interconnect_gbps");
  std::vector<Gpu> gpus;
  for (const auto& row : table.rows) {
    gpus.push_back({.id = row[id],
                    .name = row[name],
                    .vendor = row[vendor],
                    .memory_gib = std::stod(row[memory]),
                    .memory_bandwidth_tb_per_s = std::stod(row[bandwidth]),
                    .bf16_dense_tflops = std::stod(row[bf16]),
                    .fp8_dense_tflops = optional_number(row[fp8]),
                    .int8_dense_tops = optional_number(row[int8]),
                    .interconnect = row[link],
                    .interconnect_gb_per_s = std::stod(row[link_rate])});
  }
  return gpus;
}

std::vector<Precision> parse_precisions() {
  const auto json = nlohmann::json::parse(*embedded_file("data/precisions.json"));
  std::vector<Precision> out;
  for (const auto& entry : json.at("precisions")) {
    Precision p;
    p.id = entry.at("id").get<std::string>();
    p.aliases = entry.value("aliases", std::vector<std::string>{});
    p.value_bits = entry.at("value_bits").get<double>();
    for (const auto& level : entry.at("scales")) {
      p.scales.push_back({level.at("bits").get<double>(), level.at("block").get<double>()});
    }
    p.quantizes =
        entry.at("quantizes") == "linear" ? QuantizedWeights::kLinear : QuantizedWeights::kAll;
    p.note = entry.value("note", "");
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

// The catalogs are built into the binary and checked by the tests, so parsing
// them cannot fail on a built binary.
const std::vector<Gpu>& gpu_catalog() {
  static const std::vector<Gpu> kGpus = parse_gpus();
  return kGpus;
}

const Gpu& find_gpu(const std::string& id) {
  const std::string key = ascii_lowercase(id);
  std::vector<std::string_view> ids;
  for (const Gpu& gpu : gpu_catalog()) {
    if (gpu.id == key) return gpu;
    ids.push_back(gpu.id);
  }
  throw InputError(
      fmt::format("unknown GPU '{}' (nearest known GPU: '{}')", id, nearest_name(key, ids)));
}

const std::vector<Precision>& precision_catalog() {
  static const std::vector<Precision> kPrecisions = parse_precisions();
  return kPrecisions;
}

const Precision& find_precision(const std::string& name) {
  const std::string key = ascii_lowercase(name);
  std::vector<std::string_view> ids;
  for (const Precision& p : precision_catalog()) {
    if (p.id == key || std::find(p.aliases.begin(), p.aliases.end(), key) != p.aliases.end()) {
      return p;
    }
    ids.push_back(p.id);
  }
  throw InputError(fmt::format("unknown precision '{}' (nearest known: '{}'; known: {})", name,
                               nearest_name(key, ids), fmt::join(ids, ", ")));
}

}  // namespace llmtco
