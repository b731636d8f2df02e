// The verdict of the physics method: what renting (the API) and owning (the
// cheapest deployment with redundancy, staff, storage, egress and fine-tuning)
// cost a month at a traffic volume; the volumes at which owning is cheaper; the
// best mix of both; and how the answer moves with its uncertain inputs.
// docs/methodology.md, "Cost of renting and owning", gives every formula.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/api_price.h"
#include "llmtco/autoscale.h"
#include "llmtco/catalogs.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/finetune_plan.h"
#include "llmtco/plan.h"
#include "llmtco/scenario.h"
#include "llmtco/spot.h"

namespace llmtco {

// The API's prices for the scenario, USD per 1M tokens (api_offer() in resolve.h).
// A price the catalog does not list falls back to the regular one (lists_* false).
struct ApiOffer {
  std::string id;  // the catalog key billed, or "" for the scenario's own prices
  // api.model when the offer bills its family's "ft:" key instead (the scenario
  // fine-tunes a base model), else "".
  std::string fine_tuned_from;
  double input_usd_per_1m = 0;
  double output_usd_per_1m = 0;
  double cached_input_usd_per_1m = 0;
  double cache_write_input_usd_per_1m = 0;  // writing the prompt cache
  double batch_input_usd_per_1m = 0;
  double batch_output_usd_per_1m = 0;
  bool lists_batch = false;        // the catalog has batch prices
  bool lists_cache_write = false;  // the catalog has a cache-write price
  // Above a prompt length every token of the request bills at the tier's prices.
  std::optional<ApiLongContextTier> long_context;
  bool offers_fine_tuning = true;  // false: no training price and no "ft:" key in the family
  double training_usd_per_1m = 0;  // fine-tuning, per 1M training tokens; 0 when not offered
  std::string source;              // where the prices come from, with the date
  std::string training_source;
};

// The prices a request of the scenario's size bills at: the offer's, or its
// long-context tier's when workload.input_tokens_per_request exceeds the tier's
// threshold (a price the tier does not list stays the base price; the batch
// interface has no price above the tier and bills at the tier's full prices).
struct ApiRates {
  double input_usd_per_1m = 0;
  double output_usd_per_1m = 0;
  double cached_input_usd_per_1m = 0;
  double cache_write_input_usd_per_1m = 0;
  double batch_input_usd_per_1m = 0;
  double batch_output_usd_per_1m = 0;
  bool long_context = false;  // the tier's prices
};

ApiRates api_rates(const ApiOffer& offer, const Scenario& scenario);

// Input plus output tokens of one request.
double tokens_per_request(const Scenario& scenario);

// tokens_per_day / tokens_per_request / 86,400 x peak_to_average.
double peak_requests_per_s(const Scenario& scenario);

// Tokens a day one working instance of `option` carries with the busiest hour at
// its capacity: replica requests/s x tokens per request x 86,400 / peak_to_average.
double replica_tokens_per_day_at_peak(const Scenario& scenario, const Candidate& option);

// fine_tune.method's value as a method; throws InputError naming the valid ones.
FinetuneMethod finetune_method(const std::string& name);

// Traffic in each hour of the day over the day's average: a raised cosine
// (1 + cos)^k peaking at 14:00, k chosen so that the busiest hour is exactly
// `peak_to_average` times the mean (k = 0: flat). Mean 1.
std::array<double, 24> daily_profile(double peak_to_average);

// The workload's day, each UTC hour's traffic over the day's average (mean 1): its
// hourly_profile's weights when given, else daily_profile(peak_to_average).
std::array<double, 24> hourly_profile(const WorkloadSpec& workload);

// Everything the costs depend on, resolved once from a scenario: the API offer,
// the deployment options that meet the latency target and the fine-tuning runs.
struct CostModel {
  Scenario scenario;
  ApiOffer api;
  DeploymentSearch search;
  Candidates candidates;
  // The options no other option beats on both price and capacity: the only ones
  // that can be cheapest at some volume.
  std::vector<Candidate> frontier;
  Redundancy redundancy = Redundancy::kNPlus1;
  std::array<double, 24> profile{};
  // self_host.autoscale, and whether the pricing lets instances stop (pricing_scales).
  Autoscale autoscale;
  // self_host.spot.*, the clouds' reclaim rates, and whether the pricing is spot.
  SpotPolicy spot;
  std::optional<FinetuneRun> finetune_run;  // the cheapest self-hosted run, if any fits
  std::string finetune_why_none;
  double training_tokens = 0;  // fine_tune.dataset_tokens x epochs
  // The third way: the scenario's open model rented from a hosted provider. The
  // cheapest of its hosted offers at the scenario's mix (hosted.h matches them),
  // billed like the API; none when the price map hosts the model nowhere.
  std::optional<ApiOffer> hosted;
  std::vector<std::string> hosted_keys;  // every offer priced, cheapest first
  // Offers matched but left out, one line each: "KEY (why)" (resolve.h).
  std::vector<std::string> hosted_left_out;
};

// The options are searched over the catalogs' instances and GPUs.
// Its options point into `catalogs`, which must outlive it.
CostModel build_cost_model(const Catalogs& catalogs, const Scenario& scenario, ApiOffer api,
                           DeploymentSearch search);

// Multipliers on the uncertain inputs (1: the scenario's value), for the tornado
// and the Monte Carlo. peak_to_average = 0 keeps the scenario's.
struct Scales {
  double tokens = 1;
  double api_price = 1;
  double gpu_price = 1;
  double capacity = 1;  // replica throughput, the speed model's error
  double staff = 1;
  double peak_to_average = 0;
};

struct ApiCost {
  // Per 1M tokens of the mix: cached, cache-write and batch shares applied, at the
  // long-context tier's prices when the requests are above its threshold.
  double blended_usd_per_1m = 0;
  double tokens_usd_per_month = 0;
  double finetune_usd_per_month = 0;  // training x epochs / retune months; 0 if not offered
  double total_usd_per_month = 0;
};

ApiCost api_cost(const CostModel& model, double tokens_per_day, const Scales& scales = {});

// `offer`'s price of 1M tokens of the scenario's mix: input and output shares,
// cached, cache-write and batch shares, at the rates api_rates() picks.
double blended_usd_per_1m(const ApiOffer& offer, const Scenario& scenario);

// `offer`'s bill for the scenario's mix at the volume (api_cost is the API's).
ApiCost offer_cost(const CostModel& model, const ApiOffer& offer, double tokens_per_day,
                   const Scales& scales = {});

// The hosted open model a month (model.hosted must be set): its tokens, and when the
// scenario fine-tunes, the cheapest self-hosted run amortised (hosted providers'
// fine-tuning is not in the price map; the tuned weights are served at the base
// model's price).
ApiCost hosted_cost(const CostModel& model, double tokens_per_day, const Scales& scales = {});

// One way of billing the owned instances at a volume: always on (730 hours a
// month) or following the day (autoscale.h), on the option cheapest that way.
struct OwnFleet {
  const Candidate* option = nullptr;  // null: no deployment meets the target
  int working_replicas = 0;           // in the busiest hour
  int replicas = 0;  // in the busiest hour, spares included: the copies of the weights kept
  std::array<int, 24> hourly_working{};   // working instances up in each hour
  std::array<int, 24> hourly_replicas{};  // instances up in each hour, spares included
  double instance_hours_per_day = 0;      // billed
  double compute_usd_per_month = 0;       // instance-hours a day x USD/hour x days_per_month
  double storage_usd_per_month = 0;       // replicas x weights_gb x USD/GB-month, always kept
};

struct OwnCost {
  const Candidate* option = nullptr;  // null: no deployment meets the target
  double peak_requests_per_s = 0;
  int working_replicas = 0;  // the chosen fleet's, in the busiest hour
  int replicas = 0;
  OwnFleet always_on;
  std::optional<OwnFleet> scaled;    // none when the pricing is a reserved term
  bool scaled_chosen = false;        // the scaled fleet's compute and storage cost less
  double compute_usd_per_month = 0;  // the chosen fleet's
  double storage_usd_per_month = 0;
  double egress_usd_per_month = 0;
  double staff_usd_per_month = 0;
  double finetune_usd_per_month = 0;
  // Spot only: the chosen fleet's reclaims, extra spares and API fallback
  // (spot_cost, spot.h); its spares and fallback are in the total.
  std::optional<SpotCost> spot;
  double total_usd_per_month = 0;  // the sum; meaningful only with an option
};

// The cheapest option of the frontier at the volume's peak, with every cost line:
// billed always on, and (on-demand and spot) following the day; the cheaper of the
// two fleets' compute plus storage is chosen. With spot pricing the chosen fleet's
// reclaims are then priced (spot_cost): extra spares and the API's fallback.
OwnCost own_cost(const CostModel& model, double tokens_per_day, const Scales& scales = {});

// A range of daily volumes (tokens) where owning is cheaper: (from, to].
struct VolumeRange {
  double from_tokens_per_day = 0;
  double to_tokens_per_day = 0;
};

struct Breakeven {
  double from_tokens_per_day = 0;  // the range searched
  double to_tokens_per_day = 0;
  std::vector<VolumeRange> ranges;  // where owning is cheaper, in order, merged
  // The lowest volume from which owning is cheaper (the first range's start), if any.
  std::optional<double> breakeven_tokens_per_day;
};

// Exact: between two consecutive steps of the frontier's replica counts (always
// on: at the peak; scaled: in any hour) both costs are linear in volume, so each
// crossing is solved, not sampled.
Breakeven breakeven(const CostModel& model, double from_tokens_per_day, double to_tokens_per_day);

// The default range searched: 10 thousand to 1 trillion tokens a day. A search may
// span 1 token a day to kMaxTokensPerDay (scenario.h).
inline constexpr double kBreakevenFromTokensPerDay = 1e4;
inline constexpr double kBreakevenToTokensPerDay = 1e12;
inline constexpr double kBreakevenMinTokensPerDay = 1;

// Own k working instances (plus the scenario's redundancy) for the base of the
// daily profile, send each hour's overflow to the API; k from 0 (all API) to what
// carries the peak (all owned: pure owning, which is always a candidate).
struct Hybrid {
  const Candidate* option = nullptr;  // null when k = 0
  int owned_replicas = 0;             // k, the working instances; spares come on top
  double owned_token_share = 0;       // of the day's tokens
  double owned_usd_per_month = 0;     // instances, storage, egress, staff, fine-tuning
  double api_usd_per_month = 0;       // the overflow's tokens, and fine-tuning if any
  double total_usd_per_month = 0;
  bool rents_hosted = false;  // the overflow goes to the hosted open model, the cheaper renter
  // The owned base follows the day (at most k working an hour), cheaper than k always on.
  bool owned_scaled = false;
};

Hybrid best_hybrid(const CostModel& model, double tokens_per_day);

// The headline answer at the scenario's volume: keep the API, rent the open model
// from a hosted provider, own it (self-host), or mix (own the base, rent the peaks).
enum class Choice { kApi, kHosted, kSelfHost, kMix };
const char* choice_name(Choice choice);  // "api", "hosted", "self_host", "hybrid"

// A mix is the answer only when it saves at least this share of the cheaper pure
// option's monthly cost: a hybrid a hair cheaper than owning or renting is not
// worth running two systems for. Ours, a judgement, not a measurement.
inline constexpr double kMixMinSavingShare = 0.01;

// The fine-tuning reference of a verdict without a data set: what 1M training
// tokens (one epoch) cost on the cheapest instance that holds the run.
inline constexpr double kReferenceTrainingTokens = 1e6;

struct Decision {
  Choice choice = Choice::kApi;
  ApiCost api;
  std::optional<ApiCost> hosted;       // the hosted open model, where the map hosts it
  OwnCost own;                         // own.option null: owning cannot be costed (the API then)
  Hybrid hybrid;                       // the best mix at the volume
  Breakeven breakeven;                 // over the range searched
  double best_pure_usd_per_month = 0;  // min(API, hosted, owning)
  // When traffic grows (workload.monthly_growth > 0) and is below break-even:
  // ln(break-even / today) / ln(1 + growth).
  std::optional<double> months_to_breakeven;
  // The break-even search again with staff at zero, when staff costs anything.
  std::optional<Breakeven> breakeven_without_staff;
  // The scenario's fine-tuning run when it names a data set, else the cheapest run
  // of kReferenceTrainingTokens; none when no instance holds it.
  std::optional<FinetuneRun> reference_finetune;
  bool reference_is_scenario_run = false;
  // The closed form at the peak spread over own's working instances
  // (throughput_at_peak): the batch each copy carries.
  Throughput at_peak;
  // One copy's TTFT and TPOT at the target's statistic there (latency_at_peak).
  PeakLatency peak_latency;
  // LoRA on the model's bf16 weights with FinetuneOptions' defaults, on one GPU: the
  // rules of thumb's comparison with the article's 5x rule.
  FinetuneMemory reference_lora;
  // Spot pricing and owning chosen: owning the same scenario at on-demand prices
  // (spot_risk_own_usd_per_month), which says whether spot decides the verdict.
  std::optional<double> on_demand_own_usd_per_month;
};

// Spot decides the verdict: owning (self-host) wins at spot prices, and owning at
// on-demand prices costs at least as much as the cheaper way to rent.
bool spot_decides(const Decision& decision);

// The choice: a mix when the hybrid owns some but not all of the traffic and
// costs less than (1 - kMixMinSavingShare) x the cheapest pure option; else owning
// when it is cheaper than both ways of renting; else the cheaper of the hosted open
// model and the API. Break-even is searched over
// [from, to] tokens a day; `catalogs` give the reference fine-tuning run. The
// decision's options point into `model` and `catalogs`, which must outlive it.
Decision decide(const Catalogs& catalogs, const CostModel& model, double from_tokens_per_day,
                double to_tokens_per_day);

// What an uncertainty varies: traffic, API prices, GPU prices, replica throughput,
// the peak-to-average ratio (a value, not a multiplier) and staff.
enum class UncertainInput { kTraffic, kApiPrice, kGpuPrice, kThroughput, kPeakToAverage, kStaff };

// Its display and JSON text: a scenario path or what the multiplier scales
// ("workload.tokens_per_day", "API prices", "GPU prices", "replica throughput",
// "workload.peak_to_average", "self_host.staff_usd_per_year").
const char* uncertain_input_name(UncertainInput input);

// One uncertain input with the range the tornado and the Monte Carlo use.
struct Uncertainty {
  UncertainInput input = UncertainInput::kTraffic;
  double low = 1;  // multiplier (or peak-to-average value) at the low end
  double high = 1;
  bool log_uniform = false;  // Monte Carlo: uniform in log space (else uniform)
  std::string why;           // why this range
};

// Traffic, API prices, GPU prices, throughput, peak-to-average and staff.
std::vector<Uncertainty> uncertainties(const Scenario& scenario);

// Owning minus renting, USD a month (negative: owning is cheaper).
double owning_minus_renting_usd_per_month(const CostModel& model, const Scales& scales);

struct TornadoBar {
  Uncertainty input;
  double low_usd_per_month = 0;  // owning minus renting with the input at its low end
  double high_usd_per_month = 0;
};

// One bar per uncertainty, widest swing first.
std::vector<TornadoBar> tornado(const CostModel& model);

struct MonteCarlo {
  std::size_t samples = 0;
  std::uint64_t seed = 0;
  double owning_cheaper_probability = 0;
  std::array<double, 3> api_usd_per_month{};  // P10, P50, P90
  std::array<double, 3> own_usd_per_month{};
  std::array<double, 3> owning_minus_renting_usd_per_month{};
};

// Independent draws of every uncertainty (splitmix64 from `seed`, so the same
// seed gives the same numbers on every platform).
MonteCarlo monte_carlo(const CostModel& model, std::size_t samples, std::uint64_t seed);

}  // namespace llmtco
