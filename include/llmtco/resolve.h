// Name resolution for the commands: the names a request or a scenario gives
// (models, GPUs, formats, engines, API models) looked up in the catalogs, each
// error naming the field that held the bad name; and the scenario's API offer,
// deployment search and cost model, resolved once.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <string>

#include "llmtco/api_price.h"
#include "llmtco/catalogs.h"
#include "llmtco/plan.h"
#include "llmtco/scenario.h"
#include "llmtco/verdict.h"

namespace llmtco {

// Each throws FieldError(field, the lookup's message) for a name the catalogs lack.
const ModelArch& resolve_model(const Catalogs& catalogs, const char* field,
                               const std::string& name);
const Gpu& resolve_gpu(const Catalogs& catalogs, const char* field, const std::string& id);
// The weight-format name meaning the checkpoint's own format: the model's
// checkpoint_precision (from its quantization_config), else bf16.
inline constexpr const char* kCheckpointPrecision = "checkpoint";

// `name`, or for kCheckpointPrecision the format `model`'s checkpoint is stored in.
const Precision& resolve_weight_precision(const Catalogs& catalogs, const char* field,
                                          const std::string& name, const ModelArch& model);

const Precision& resolve_precision(const Catalogs& catalogs, const char* field,
                                   const std::string& name);
// An unknown engine is an error of `field`, a version no profile covers one of
// `version_field`.
const EngineProfile& resolve_engine(const Catalogs& catalogs, const char* field,
                                    const std::string& id, const std::string& version = "",
                                    const char* version_field = "engine_version");
const ApiPrice& resolve_api(const Catalogs& catalogs, const char* field, const std::string& id);

// The names of one deployment as perf and simulate take them.
struct DeploymentNames {
  const std::string& model;
  const std::string& gpu;
  const std::string& precision;
  const std::string& kv_precision;  // empty: the default for the weights
  const std::string& engine;
  const std::string& engine_version;
  int tp = 1;
};

// The deployment the names pick, each name resolved as its member (FieldError
// "model", "gpu", "precision", "kv_precision", "engine", "engine_version"), and
// "tp" refused when it does not divide the model's heads.
Deployment resolve_deployment(const Catalogs& catalogs, const DeploymentNames& names);

// The API's prices for the scenario, USD per 1M tokens: from the API price catalog
// when api.model is set (missing cached, cache-write or batch prices fall back to
// the regular ones), else the scenario's api.* prices. When the scenario fine-tunes
// (fine_tune.dataset_tokens > 0) a base model whose family has an "ft:" key, the
// offer bills that key's prices; a family with neither a training price nor an
// "ft:" key offers no fine-tuning. Throws FieldError naming api.model for a key the
// catalog does not have, and naming workload.cached_input_share and
// workload.cache_write_share when the two sum to more than 1.
ApiOffer api_offer(const Catalogs& catalogs, const Scenario& scenario);

// The scenario's request shape: workload.request_shape's arrivals and length
// distributions around workload.input_tokens_per_request and
// output_tokens_per_request; Poisson arrivals ignore burstiness_cv, fixed lengths
// their cv. Throws FieldError naming a request_shape cv above 1/sqrt(3) with
// uniform lengths (the lowest draw would fall below 0).
RequestShape scenario_request_shape(const Scenario& scenario);

// The latency target of self_host.latency, in seconds.
LatencyTarget scenario_latency_target(const Scenario& scenario);

// The DeploymentSearch of the scenario's self_host section, with the shell's price
// checks; throws FieldError naming the field (self_host.model, .precision, .engine,
// .clouds, .regions, .pricing, workload.request_shape.*).
DeploymentSearch deployment_search(const Catalogs& catalogs, const Scenario& scenario,
                                   const PriceChecks& checks = {});

// The scenario as a report shows it: self_host.model "auto" resolved, and the API
// offer's list prices in api.* (the fine-tuning price where the offer has one).
Scenario scenario_as_used(const Scenario& scenario, const ApiOffer& offer);

// The hosted offers of m.scenario's open model (hosted.h), each billed as its
// provider bills (api_offer of its key, no fine-tuned variant), cheapest at the
// scenario's mix first into m.hosted_keys; the cheapest in m.hosted. An offer whose
// context is shorter than a request, or (unless `include_flagged`) whose price is
// under a third or over ten times the matched offers' median, is left out, named
// in m.hosted_left_out. Uses only m.scenario of `m`.
void add_hosted_offers(const Catalogs& catalogs, CostModel& m, bool include_flagged = false);

// build_cost_model() of the scenario's resolved offer and search, with the open
// model's cheapest hosted offer (CostModel::hosted).
CostModel resolve_cost_model(const Catalogs& catalogs, const Scenario& scenario,
                             const PriceChecks& checks = {});

// Region patterns (self_host.regions) as a list; throws FieldError(field) for an
// empty or unprintable pattern.
std::vector<std::string> parse_region_patterns(const char* field, const std::string& text);

}  // namespace llmtco
