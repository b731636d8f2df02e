#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "io/csv.h"
#include "llmtco/api_catalog.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/embedded.h"
#include "llmtco/instance_catalog.h"
#include "llmtco/model_catalog.h"
#include "llmtco/rate_limit_catalog.h"

namespace llmtco {
namespace {

// The built-in benchmark sets, in this order; a row's trace (the vLLM runs') is
// built in too, relative to its file's directory.
constexpr const char* kBenchmarkFiles[] = {"data/benchmarks/calibration.csv",
                                           "data/benchmarks/calibration-2.csv",
                                           "data/benchmarks/vllm-serving/index.csv"};

std::optional<double> optional_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return std::stod(text);
}

std::vector<Gpu> parse_gpus() {
  const std::string source = "data/gpus.csv";
  const detail::CsvTable table = detail::parse_csv(*embedded_file(source), source);
  auto col = [&](std::string_view name) { return detail::csv_column(table, name, source); };
  const std::size_t id = col("id"), name = col("name"), vendor = col("vendor"),
                    memory = col("memory_gib"), bandwidth = col("mem_bw_tbps"),
                    bf16 = col("bf16_dense_tflops"), fp8 = col("fp8_dense_tflops"),
                    fp4 = col("fp4_dense_tflops"), int8 = col("int8_dense_tops"),
                    link = col("interconnect"), link_rate = col("interconnect_gbps"),
                    tdp = col("tdp_w");
  std::vector<Gpu> gpus;
  for (const auto& row : table.rows) {
    gpus.push_back({.id = row[id],
                    .name = row[name],
                    .vendor = row[vendor],
                    .memory_gib = std::stod(row[memory]),
                    .memory_bandwidth_tb_per_s = std::stod(row[bandwidth]),
                    .bf16_dense_tflops = std::stod(row[bf16]),
                    .fp8_dense_tflops = optional_number(row[fp8]),
                    .fp4_dense_tflops = optional_number(row[fp4]),
                    .int8_dense_tops = optional_number(row[int8]),
                    .interconnect = row[link],
                    .interconnect_gb_per_s = std::stod(row[link_rate]),
                    .tdp_watts = optional_number(row[tdp]).value_or(0)});
  }
  return gpus;
}

// The bought servers' list prices; each names a GPU of data/gpus.csv (a test checks).
std::vector<ServerPrice> parse_servers() {
  const std::string source = "data/servers/servers.csv";
  const detail::CsvTable table = detail::parse_csv(*embedded_file(source), source);
  auto col = [&](std::string_view name) { return detail::csv_column(table, name, source); };
  const std::size_t id = col("id"), name = col("name"), gpu = col("gpu_id"),
                    count = col("gpu_count"), price = col("price_usd"), host = col("host_watts"),
                    most = col("max_system_watts"), date = col("date"), from = col("source");
  std::vector<ServerPrice> servers;
  for (const auto& row : table.rows) {
    servers.push_back({.id = row[id],
                       .name = row[name],
                       .gpu_id = row[gpu],
                       .gpu_count = std::stoi(row[count]),
                       .price_usd = std::stod(row[price]),
                       .host_watts = std::stod(row[host]),
                       .max_system_watts = std::stod(row[most]),
                       .date = row[date],
                       .source = row[from]});
  }
  return servers;
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
    const std::string quantizes = entry.at("quantizes").get<std::string>();
    p.quantizes = quantizes == "linear"    ? QuantizedWeights::kLinear
                  : quantizes == "experts" ? QuantizedWeights::kExperts
                                           : QuantizedWeights::kAll;
    const std::string compute = entry.at("compute").get<std::string>();
    p.compute = compute == "fp8"    ? MathRate::kFp8
                : compute == "fp4"  ? MathRate::kFp4
                : compute == "int8" ? MathRate::kInt8
                                    : MathRate::kBf16;
    p.note = entry.value("note", "");
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<EngineProfile> parse_engines() {
  const auto json = nlohmann::json::parse(*embedded_file("data/engines.json"));
  std::vector<EngineProfile> out;
  for (const auto& entry : json.at("engines")) {
    out.push_back({.id = entry.at("id"),
                   .name = entry.at("name"),
                   .version = entry.at("version"),
                   .min_version = entry.at("min_version"),
                   .continuous_batching = entry.at("continuous_batching"),
                   .compute_efficiency = entry.at("compute_efficiency"),
                   .fp8_compute_efficiency = entry.at("fp8_compute_efficiency"),
                   .fp4_compute_efficiency = entry.at("fp4_compute_efficiency"),
                   .bandwidth_efficiency = entry.at("bandwidth_efficiency"),
                   .int8_weight_efficiency = entry.at("int8_weight_efficiency"),
                   .int4_weight_efficiency = entry.at("int4_weight_efficiency"),
                   .step_overhead_ms = entry.at("step_overhead_ms"),
                   .host_overhead_ms = entry.at("host_overhead_ms"),
                   .overlaps_host = entry.at("overlaps_host"),
                   .layer_launch_us = entry.at("layer_launch_us"),
                   .request_overhead_ms = entry.at("request_overhead_ms"),
                   .allreduce_latency_us = entry.at("allreduce_latency_us"),
                   .interconnect_efficiency = entry.at("interconnect_efficiency"),
                   .max_num_seqs = entry.at("max_num_seqs"),
                   .max_batched_tokens = entry.at("max_batched_tokens"),
                   .kv_block_tokens = entry.at("kv_block_tokens"),
                   .scheduler_steps = entry.at("scheduler_steps"),
                   .mixed_prefill = entry.at("mixed_prefill"),
                   .gpu_memory_utilization = entry.at("gpu_memory_utilization"),
                   .runtime_overhead_gib = entry.at("runtime_overhead_gib"),
                   .basis = entry.at("basis")});
  }
  return out;
}

// data/instances/spot_reclaims.csv: each rate a number between 0 and 1.
std::vector<SpotReclaimRate> parse_spot_reclaims() {
  const std::string source = "data/instances/spot_reclaims.csv";
  const detail::CsvTable table = detail::parse_csv(*embedded_file(source), source);
  auto col = [&](std::string_view name) { return detail::csv_column(table, name, source); };
  const std::size_t cloud = col("cloud"), rate = col("reclaims_per_instance_hour"),
                    basis = col("basis"), from = col("source"), date = col("date");
  std::vector<SpotReclaimRate> out;
  for (const auto& row : table.rows) {
    out.push_back({.cloud = row[cloud],
                   .reclaims_per_instance_hour = std::stod(row[rate]),
                   .basis = row[basis],
                   .source = row[from],
                   .date = row[date]});
  }
  return out;
}

}  // namespace

const std::vector<SpotReclaimRate>& spot_reclaim_catalog() {
  static const std::vector<SpotReclaimRate> kRates = parse_spot_reclaims();
  return kRates;
}

// The catalogs are built into the binary and checked by the tests, so parsing
// them cannot fail on a built binary.
const std::vector<Gpu>& gpu_catalog() {
  static const std::vector<Gpu> kGpus = parse_gpus();
  return kGpus;
}

const std::vector<Precision>& precision_catalog() {
  static const std::vector<Precision> kPrecisions = parse_precisions();
  return kPrecisions;
}

const std::vector<EngineProfile>& engine_catalog() {
  static const std::vector<EngineProfile> kEngines = parse_engines();
  return kEngines;
}

const std::vector<ServerPrice>& server_catalog() {
  static const std::vector<ServerPrice> kServers = parse_servers();
  return kServers;
}

namespace {

const std::vector<BenchmarkRow>& calibration_rows() {
  static const std::vector<BenchmarkRow> kRows = [] {
    std::vector<BenchmarkRow> rows;
    for (const char* file : kBenchmarkFiles) {
      const TraceResolver traces =
          embedded_trace_resolver(std::filesystem::path(file).parent_path().string());
      for (BenchmarkRow& row : parse_benchmarks(*embedded_file(file), file, traces)) {
        rows.push_back(std::move(row));
      }
    }
    return rows;
  }();
  return kRows;
}

std::string benchmarks_source() {
  std::string joined;
  for (const char* file : kBenchmarkFiles) {
    if (!joined.empty()) joined += ", ";
    joined += file;
  }
  return joined;
}

}  // namespace

Catalogs builtin_catalogs(const CatalogParts& parts) {
  Catalogs c{.gpus = gpu_catalog(),
             .precisions = precision_catalog(),
             .engines = engine_catalog(),
             .models = model_catalog()};
  if (parts.instances) {
    c.instances = instance_catalog();
    c.spot_reclaims = spot_reclaim_catalog();
    c.servers = server_catalog();
  }
  if (parts.api) c.api = api_catalog();
  if (parts.rate_limits) c.rate_limits = rate_limit_catalog();
  if (parts.benchmarks) {
    c.benchmarks = calibration_rows();
    c.benchmarks_source = benchmarks_source();
  }
  return c;
}

const Catalogs& all_builtin_catalogs() {
  static const Catalogs kAll = builtin_catalogs();
  return kAll;
}

}  // namespace llmtco
