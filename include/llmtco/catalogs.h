// Catalogs: everything a name is looked up in (GPUs, number formats, serving
// engines, models, cloud instances, API prices and rate limits, benchmark rows) as one value. The
// shells build it (src/io: the built-in snapshot, user files, model paths) and hand
// it by const reference to every report builder and core function that needs one;
// the core reads no file. Lookups accept any case and name the nearest known entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/api_price.h"
#include "llmtco/benchmark.h"
#include "llmtco/engine.h"
#include "llmtco/gpu.h"
#include "llmtco/instance.h"
#include "llmtco/model.h"
#include "llmtco/precision.h"
#include "llmtco/rate_limits.h"

namespace llmtco {

// A model and the names it answers to: a config.json of data/models/, or one a
// shell read from a path (its id is then the path as given).
struct CatalogModel {
  std::string id;                    // Hugging Face id, e.g. "meta-llama/Llama-2-70b-hf"
  std::string short_name;            // e.g. "llama-2-70b"; empty for a path
  std::vector<std::string> aliases;  // chat/instruct ids and names sharing the architecture
  std::string config_source;         // where the config.json came from
  ModelArch arch;                    // parsed from it
  std::optional<std::int64_t> published_params_total;  // as published, where known
  std::string params_source;                           // where that total is published
};

struct Catalogs {
  std::vector<Gpu> gpus;
  std::vector<Precision> precisions;
  std::vector<EngineProfile> engines;
  std::vector<CatalogModel> models;  // a model read from a path comes first
  InstanceCatalog instances;
  ApiCatalog api;
  RateLimitCatalog rate_limits;  // the APIs' published usage tiers
  std::vector<BenchmarkRow> benchmarks;
  std::string benchmarks_source;  // where the benchmark rows come from
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

// The entry `name` resolves to (id, short name or alias, any case), or nullptr.
const CatalogModel* find_catalog_model(const Catalogs& catalogs, const std::string& name);

// The architecture of `name`. Throws InputError naming the nearest known model,
// then `other_model_names`.
const ModelArch& find_model(const Catalogs& catalogs, const std::string& name);

}  // namespace llmtco
