// Catalogs: everything a name is looked up in (GPUs, number formats, serving
// engines, models, cloud instances, API prices and rate limits, benchmark rows) as one value. The
// shells build it (src/io: the built-in snapshot, user files, model paths) and hand
// it by const reference to every report builder and core function that needs one;
// the core reads no file. Lookups accept any case and name the nearest known entry.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llmtco/api_price.h"
#include "llmtco/benchmark.h"
#include "llmtco/engine.h"
#include "llmtco/gpu.h"
#include "llmtco/instance.h"
#include "llmtco/model.h"
#include "llmtco/precision.h"
#include "llmtco/rate_limits.h"
#include "llmtco/server_price.h"
#include "llmtco/spot.h"

namespace llmtco {

// A weight format a repository name may end in: "Qwen/Qwen2.5-72B-Instruct-AWQ" is
// Qwen2.5-72B stored as 4-bit AWQ. `precision` is a precision id of data/precisions.json.
struct NameFormat {
  std::string_view suffix;  // as repositories write it; matched in any case
  std::string_view precision;
};

// The suffixes find_model reads, each before any suffix it ends with ("-unsloth-bnb-4bit"
// before "-bnb-4bit").
std::span<const NameFormat> name_formats();

// A model and the names it answers to: a config.json of data/models/, or one a
// shell read from a path (its id is then the path as given).
struct CatalogModel {
  std::string id;                    // Hugging Face id, e.g. "meta-llama/Llama-2-70b-hf"
  std::string short_name;            // e.g. "llama-2-70b"; empty for a path
  std::vector<std::string> aliases;  // chat/instruct ids and names sharing the architecture
  std::string config_source;         // where the config.json came from
  ModelArch arch;                    // parsed from it
  std::optional<std::int64_t> published_params_total;  // as published, exact, where known
  std::string published_params_rounded;  // e.g. "1T", where only a rounded total is published
  std::string published_params_active;   // e.g. "37B": the vendor's active figure, rounded
  std::string active_convention;         // who publishes it and what it counts
  std::string params_source;             // where the totals are published
  // `arch` stored in each format of name_formats(), in its order, with its
  // checkpoint_precision and checkpoint_format_note: what a quantized repository of
  // this model resolves to. Empty for a model read from a path (its config says).
  std::vector<ModelArch> formats;
};

// Fills m.formats from m.arch, once, when the catalog is built: find_model then
// hands out a reference into a const catalog for a quantized name too.
void add_name_formats(CatalogModel& m);

struct Catalogs {
  std::vector<Gpu> gpus;
  std::vector<Precision> precisions;
  std::vector<EngineProfile> engines;
  std::vector<CatalogModel> models;  // a model read from a path comes first
  InstanceCatalog instances;
  std::vector<ServerPrice> servers;  // bought servers' list prices (data/servers/servers.csv)
  ApiCatalog api;
  RateLimitCatalog rate_limits;  // the APIs' published usage tiers
  std::vector<BenchmarkRow> benchmarks;
  std::string benchmarks_source;  // where the benchmark rows come from
  // Spot reclaims per instance-hour by cloud (data/instances/spot_reclaims.csv).
  std::vector<SpotReclaimRate> spot_reclaims;
  // What an unknown model name could be instead, the end of its error message: the
  // command line reads paths, the server only catalog names.
  std::string other_model_names = "see llmtco catalog models";
};

// Throws InputError: "unknown GPU 'h10' (nearest known GPU: 'h100-sxm')".
const Gpu& find_gpu(const Catalogs& catalogs, const std::string& id);

// The GPU with exactly this catalog id (an instance's gpu_id), or nullptr.
const Gpu* gpu_spec(const Catalogs& catalogs, const std::string& id);

// By id or alias. Throws InputError naming the nearest id and listing the ids.
const Precision& find_precision(const Catalogs& catalogs, const std::string& name);

// The KV-cache format that goes with `weights` unless one is chosen: FP8 with FP8
// weights (as vLLM's and TensorRT-LLM's FP8 recipes run), else BF16.
const Precision& default_kv_precision(const Catalogs& catalogs, const Precision& weights);

// By id and version (empty: the newest profile); see find_engine_profile.
const EngineProfile& find_engine(const Catalogs& catalogs, const std::string& id,
                                 const std::string& version = "");

// The entry `name` resolves to, or nullptr: its id, short name or an alias, in any
// case; else the same with another organisation ("unsloth/Llama-3.3-70B-Instruct");
// else either after a format suffix of name_formats() is taken off.
const CatalogModel* find_catalog_model(const Catalogs& catalogs, const std::string& name);

// The architecture of `name` (see find_catalog_model); for a name with a format
// suffix, the entry's architecture in that format. Throws InputError naming the
// nearest known model, then `other_model_names`.
const ModelArch& find_model(const Catalogs& catalogs, const std::string& name);

}  // namespace llmtco
