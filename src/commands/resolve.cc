#include "llmtco/resolve.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "llmtco/error.h"
#include "llmtco/hosted.h"
#include "llmtco/number_format.h"
#include "llmtco/purchase.h"
#include "llmtco/text.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {

using detail::for_field;

const ModelArch& resolve_model(const Catalogs& catalogs, const char* field,
                               const std::string& name) {
  return for_field(field, [&]() -> const ModelArch& { return find_model(catalogs, name); });
}

const Gpu& resolve_gpu(const Catalogs& catalogs, const char* field, const std::string& id) {
  return for_field(field, [&]() -> const Gpu& { return find_gpu(catalogs, id); });
}

const Precision& resolve_precision(const Catalogs& catalogs, const char* field,
                                   const std::string& name) {
  return for_field(field, [&]() -> const Precision& { return find_precision(catalogs, name); });
}

const Precision& resolve_weight_precision(const Catalogs& catalogs, const char* field,
                                          const std::string& name, const ModelArch& model) {
  const Precision& p =
      name != kCheckpointPrecision
          ? resolve_precision(catalogs, field, name)
          : resolve_precision(
                catalogs, field,
                model.checkpoint_precision.empty() ? "bf16" : model.checkpoint_precision);
  if (p.quantizes == QuantizedWeights::kExperts && model.num_experts == 0) {
    throw FieldError(field, fmt::format("{} stores only the routed experts of a mixture of "
                                        "experts, and {} has none (valid: a format of the whole "
                                        "model, e.g. nvfp4, fp8, int4)",
                                        p.id, model.id));
  }
  return p;
}

const EngineProfile& resolve_engine(const Catalogs& catalogs, const char* field,
                                    const std::string& id, const std::string& version,
                                    const char* version_field) {
  for_field(field, [&]() -> const EngineProfile& { return find_engine(catalogs, id); });
  return for_field(version_field,
                   [&]() -> const EngineProfile& { return find_engine(catalogs, id, version); });
}

const ApiPrice& resolve_api(const Catalogs& catalogs, const char* field, const std::string& id) {
  return for_field(field, [&]() -> const ApiPrice& { return find_api(catalogs.api, id); });
}

Deployment resolve_deployment(const Catalogs& catalogs, const DeploymentNames& names) {
  Deployment d;
  d.model = resolve_model(catalogs, "model", names.model);
  d.gpu = resolve_gpu(catalogs, "gpu", names.gpu);
  d.weights = resolve_weight_precision(catalogs, "precision", names.precision, d.model);
  d.kv = names.kv_precision.empty()
             ? default_kv_precision(catalogs, d.weights)
             : resolve_precision(catalogs, "kv_precision", names.kv_precision);
  d.engine = resolve_engine(catalogs, "engine", names.engine, names.engine_version);
  d.tp = names.tp;
  if (const std::string problem = tp_problem(d.model, d.tp); !problem.empty()) {
    throw FieldError("tp", problem);
  }
  return d;
}

std::vector<std::string> parse_region_patterns(const char* field, const std::string& text) {
  std::vector<std::string> patterns = split_region_patterns(text);
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (const auto problem = region_pattern_problem(patterns[i])) {
      throw FieldError(field,
                       fmt::format("pattern {} {} (got '{}'; valid: comma-separated region names "
                                   "or patterns with '*', e.g. us-*,europe-*)",
                                   i + 1, *problem, escape_text(text)));
    }
  }
  return patterns;
}

ApiOffer api_offer(const Catalogs& catalogs, const Scenario& scenario) {
  const WorkloadSpec& w = scenario.workload;
  if (w.cached_input_share + w.cache_write_share > 1) {
    throw InputError(fmt::format(
        "workload.cached_input_share + workload.cache_write_share must be <= 1 (got {} + {})",
        format_number(w.cached_input_share), format_number(w.cache_write_share)));
  }
  const ApiSpec& a = scenario.api;
  if (a.model.empty()) {
    return {.input_usd_per_1m = a.input_usd_per_1m,
            .output_usd_per_1m = a.output_usd_per_1m,
            .cached_input_usd_per_1m = a.input_usd_per_1m,
            .cache_write_input_usd_per_1m = a.input_usd_per_1m,
            .batch_input_usd_per_1m = a.input_usd_per_1m,
            .batch_output_usd_per_1m = a.output_usd_per_1m,
            .training_usd_per_1m = a.fine_tune_usd_per_1m,
            .source = "the scenario's api.input_usd_per_1m and api.output_usd_per_1m",
            .training_source = "the scenario's api.fine_tune_usd_per_1m"};
  }
  const ApiCatalog& catalog = catalogs.api;
  const ApiPrice& named = resolve_api(catalogs, "api.model", a.model);
  // A fine-tune of a base model is called at its family's "ft:" prices.
  const ApiPrice* fine_tuned = named.fine_tuned ? &named : find_fine_tuned_api(catalog, named);
  const bool fine_tunes = scenario.fine_tune.dataset_tokens > 0;
  const ApiPrice& p = fine_tunes && fine_tuned ? *fine_tuned : named;
  ApiOffer offer{
      .id = p.id,
      .fine_tuned_from = &p == &named ? "" : named.id,
      .input_usd_per_1m = p.input_usd_per_1m,
      .output_usd_per_1m = p.output_usd_per_1m,
      .cached_input_usd_per_1m = p.cached_input_usd_per_1m.value_or(p.input_usd_per_1m),
      .cache_write_input_usd_per_1m = p.cache_write_input_usd_per_1m.value_or(p.input_usd_per_1m),
      .batch_input_usd_per_1m = p.batch_input_usd_per_1m.value_or(p.input_usd_per_1m),
      .batch_output_usd_per_1m = p.batch_output_usd_per_1m.value_or(p.output_usd_per_1m),
      .lists_batch = p.batch_input_usd_per_1m || p.batch_output_usd_per_1m,
      .lists_cache_write = p.cache_write_input_usd_per_1m.has_value(),
      .long_context = p.long_context,
      .offers_fine_tuning = p.training_usd_per_1m || fine_tuned,
      .training_usd_per_1m = p.training_usd_per_1m.value_or(a.fine_tune_usd_per_1m),
      .source = &p == &named ? fmt::format("{}, {}", catalog.source, catalog.date)
                             : fmt::format("{}, {}; {} prices a fine-tune of {}", catalog.source,
                                           catalog.date, p.id, named.id),
      .training_source =
          p.training_usd_per_1m
              ? fmt::format("{}, {}", catalog.training_source, catalog.training_date)
              : "the scenario's api.fine_tune_usd_per_1m (the catalog lists no training price "
                "for this model's family)"};
  if (!offer.offers_fine_tuning) {
    offer.training_usd_per_1m = 0;
    offer.training_source = fmt::format(
        "none: {} offers no fine-tuning (no training price in {} and no ft: key of its family in "
        "the price map)",
        named.id, "data/api_prices/finetune_training_prices.csv");
  }
  return offer;
}

namespace {

// A length of the shape: its distribution, the scenario's mean and its spread
// (none for fixed lengths); `name` is "input" or "output".
LengthSpec length_spec(const std::string& name, const std::string& dist, double mean_tokens,
                       double cv) {
  const LengthDist d = parse_length_dist(dist);
  const double uniform_max_cv = 1 / std::sqrt(3.0);  // the lowest draw at 0
  if (d == LengthDist::kUniform && cv > uniform_max_cv) {
    throw FieldError("workload.request_shape." + name + "_cv",
                     fmt::format("must be between 0 and {:.3f} for uniform lengths (got {})",
                                 uniform_max_cv, format_number(cv)));
  }
  return {.dist = d, .mean_tokens = mean_tokens, .cv = d == LengthDist::kFixed ? 0 : cv};
}

}  // namespace

RequestShape scenario_request_shape(const Scenario& scenario) {
  const WorkloadSpec& w = scenario.workload;
  const RequestShapeSpec& q = w.request_shape;
  const Arrivals arrivals = parse_arrivals(q.arrivals);
  const RequestShape shape{
      .arrivals = arrivals,
      .burstiness_cv = arrivals == Arrivals::kPoisson ? 1 : q.burstiness_cv,
      .input = length_spec("input", q.input_length, w.input_tokens_per_request, q.input_cv),
      .output = length_spec("output", q.output_length, w.output_tokens_per_request, q.output_cv)};
  if (const std::string problem = request_shape_problem(shape); !problem.empty()) {
    throw InputError(problem);
  }
  return shape;
}

LatencyTarget scenario_latency_target(const Scenario& scenario) {
  const LatencySpec& l = scenario.self_host.latency;
  return {.mean = l.statistic == "mean",
          .percentile = l.percentile,
          .ttft_s = l.ttft_ms / kMsPerSecond,
          .tpot_s = l.tpot_ms / kMsPerSecond};
}

DeploymentSearch deployment_search(const Catalogs& catalogs, const Scenario& scenario,
                                   const PriceChecks& checks) {
  const SelfHostSpec& h = scenario.self_host;
  DeploymentSearch r;
  r.model = resolve_model(catalogs, "self_host.model", with_open_model(scenario).self_host.model);
  r.precisions = h.precision == "auto"
                     ? searched_precisions(catalogs)
                     : std::vector<Precision>{resolve_weight_precision(
                           catalogs, "self_host.precision", h.precision, r.model)};
  // "auto" also tries the checkpoint's own format (gpt-oss's MXFP4, an AWQ repo's int4).
  const std::string& own = r.model.checkpoint_precision;
  if (h.precision == "auto" && !own.empty() &&
      std::none_of(r.precisions.begin(), r.precisions.end(),
                   [&](const Precision& p) { return p.id == own; })) {
    r.precisions.push_back(resolve_precision(catalogs, "self_host.precision", own));
  }
  r.engine = resolve_engine(catalogs, "self_host.engine", h.engine);
  r.shape = scenario_request_shape(scenario);
  r.target = scenario_latency_target(scenario);
  r.clouds =
      resolve_cloud_names("self_host.clouds", split_cloud_list(h.clouds), catalogs.instances);
  r.regions = parse_region_patterns("self_host.regions", h.regions);
  r.pricing = for_field("self_host.pricing", [&] { return parse_pricing(h.pricing); });
  r.include_flagged = checks.include_flagged;
  r.today_iso = checks.today_iso;
  PurchaseSpec id_only = h.purchase;  // a bad server id fails even when purchase is off
  id_only.price_usd = 0;
  purchase_servers(catalogs, id_only);
  if (purchase_enabled(scenario)) {
    r.purchase =
        std::make_shared<const std::vector<Instance>>(purchase_instances(catalogs, scenario));
  }
  return r;
}

namespace {

// A hosted price below a third of the matched offers' median, or above ten times
// it, is more likely a placeholder or a stale row of the map than a real offer
// (ours; the map lists Hyperbolic's 3B to 405B at one price, W&B's 70B at $71,000
// per 1M). Judged only among three offers or more.
constexpr double kHostedLowShareOfMedian = 1.0 / 3.0;
constexpr double kHostedHighMultipleOfMedian = 10.0;
constexpr std::size_t kHostedMedianMinOffers = 3;

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

void add_hosted_offers(const Catalogs& catalogs, CostModel& m, bool include_flagged) {
  const CatalogModel* model =
      find_catalog_model(catalogs, with_open_model(m.scenario).self_host.model);
  if (!model) return;
  Scenario rent = m.scenario;
  rent.fine_tune.dataset_tokens = 0;
  const double request_tokens = tokens_per_request(m.scenario);
  std::vector<std::pair<double, ApiOffer>> priced;
  for (const HostedOffer& h : hosted_offers(catalogs.api, *model)) {
    if (h.price->max_input_tokens &&
        static_cast<double>(*h.price->max_input_tokens) < request_tokens) {
      m.hosted_left_out.push_back(
          fmt::format("{} (its context of {} tokens is shorter than a "
                      "request's {})",
                      h.price->id, *h.price->max_input_tokens, format_number(request_tokens)));
      continue;
    }
    rent.api.model = h.price->id;
    ApiOffer offer = api_offer(catalogs, rent);
    offer.offers_fine_tuning = false;
    priced.emplace_back(offer_cost(m, offer, 1).blended_usd_per_1m, std::move(offer));
  }
  if (priced.size() >= kHostedMedianMinOffers && !include_flagged) {
    std::vector<double> prices;
    for (const auto& p : priced) prices.push_back(p.first);
    const double median = median_of(prices);
    std::erase_if(priced, [&](const auto& p) {
      const bool low = p.first < median * kHostedLowShareOfMedian;
      if (!low && p.first <= median * kHostedHighMultipleOfMedian) return false;
      m.hosted_left_out.push_back(fmt::format(
          "{} ({} per 1M of the mix, {} the median {})", p.second.id, format_usd(p.first),
          low ? "under a third of" : "over ten times", format_usd(median)));
      return true;
    });
  }
  std::stable_sort(priced.begin(), priced.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& [usd, offer] : priced) m.hosted_keys.push_back(offer.id);
  if (!priced.empty()) m.hosted = priced.front().second;
}

CostModel resolve_cost_model(const Catalogs& catalogs, const Scenario& scenario,
                             const PriceChecks& checks) {
  CostModel m = build_cost_model(catalogs, scenario, api_offer(catalogs, scenario),
                                 deployment_search(catalogs, scenario, checks));
  add_hosted_offers(catalogs, m, checks.include_flagged);
  return m;
}

Scenario scenario_as_used(const Scenario& scenario, const ApiOffer& offer) {
  Scenario used = with_open_model(scenario);
  if (!offer.id.empty()) used.api.model = offer.id;  // the ft: key billed, where one is
  used.api.input_usd_per_1m = offer.input_usd_per_1m;
  used.api.output_usd_per_1m = offer.output_usd_per_1m;
  if (offer.offers_fine_tuning) used.api.fine_tune_usd_per_1m = offer.training_usd_per_1m;
  return used;
}

}  // namespace llmtco
