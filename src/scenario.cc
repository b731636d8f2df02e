#include "llmtco/scenario.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "llmtco/number_format.h"
#include "llmtco/simulate.h"
#include "llmtco/spot.h"
#include "llmtco/text.h"

namespace llmtco {
namespace {

// (min, max] and [min, max].
constexpr Range above(double min, double max) {
  return {.min = min, .min_inclusive = false, .max = max};
}
constexpr Range between(double min, double max) {
  return {.min = min, .min_inclusive = true, .max = max};
}

// The upper bounds, each far past real use (docs/compare.md gives the same reasons).
// A request carries a token at least, and 10M at most: the longest context window
// offered (Llama 4 Scout), and perf's bound.
constexpr double kMaxTokensPerRequest = 1e7;
// $1 a token: over 1,000 times the dearest list price (o1-pro output, $600 per 1M);
// a tenth of the cheapest ($0.001 per 1M, data/api_prices/).
constexpr Range kUsdPer1m = between(1e-4, 1e6);
// 10,000 times the clouds' list prices (EBS gp3 $0.08/GB-month, egress $0.09/GB).
constexpr double kMaxUsdPerGb = 1000;
// 1,000 times an 8-GPU H100 instance (about $100 an hour on demand); a cent, a 40th
// of the cheapest GPU instance listed ($0.40): the rules of thumb divide by them.
constexpr double kMaxUsdPerHour = 1e5;
constexpr double kMinUsdPerHour = 0.01;

constexpr Range kShare = between(0, 1);

constexpr std::array<std::string_view, 4> kPricings = {"on_demand", "spot", "reserved_1y",
                                                       "reserved_3y"};
constexpr std::array<std::string_view, 3> kRedundancies = {"none", "n_plus_1", "2n"};
constexpr std::array<std::string_view, 3> kMethods = {"full", "lora", "qlora"};
constexpr std::array<std::string_view, 2> kArrivals = {"poisson", "gamma"};
constexpr std::array<std::string_view, 3> kLengths = {"fixed", "uniform", "lognormal"};
constexpr std::array<std::string_view, 2> kStatistics = {"percentile", "mean"};
constexpr std::array<std::string_view, 2> kSwitch = {"false", "true"};

// A length's spread: 4 is a lognormal whose 99th percentile is 12 times its mean.
constexpr Range kLengthCv = between(0, 4);

// clang-format off
// Each numeric field's upper bound is on the line above it, with its reason.
const std::array<ScenarioField, 77> kFields = {{
  {"name", "", "a title for the report", {},
   +[](Scenario& s) -> std::string& { return s.name; }},
  // kMaxTokensPerDay: about 30 times Google's reported volume (scenario.h); a token a
  // day at least (the months to break-even divide by it).
  {"workload.tokens_per_day", "tokens/day", "input plus output tokens a day",
   between(1, kMaxTokensPerDay), +[](Scenario& s) -> double& { return s.workload.tokens_per_day; }},
  // As many requests or words as tokens: a token a request, or a word, at least.
  {"workload.requests_per_day", "requests/day",
   "requests a day, instead of tokens_per_day (x tokens per request); 0: not given",
   between(0, kMaxTokensPerDay),
   +[](Scenario& s) -> double& { return s.workload.requests_per_day; }},
  {"workload.words_per_day", "words/day",
   "words of text a day, instead of tokens_per_day (x tokens_per_word); 0: not given",
   between(0, kMaxTokensPerDay), +[](Scenario& s) -> double& { return s.workload.words_per_day; }},
  // 100: a 30-letter word spelt out byte by byte in any script; 0.01: 100 words a token.
  {"workload.tokens_per_word", "tokens/word", "tokens per word of text", between(0.01, 100),
   +[](Scenario& s) -> double& { return s.workload.tokens_per_word; }},
  // 10,000: ten times the densest printed page (about 1,000 words).
  {"workload.words_per_page", "words/page", "words per printed page", between(1, 10'000),
   +[](Scenario& s) -> double& { return s.workload.words_per_page; }},
  {"workload.input_tokens_per_request", "tokens", "input (prompt) tokens per request",
   between(1, kMaxTokensPerRequest),
   +[](Scenario& s) -> double& { return s.workload.input_tokens_per_request; }},
  {"workload.output_tokens_per_request", "tokens", "output (generated) tokens per request",
   between(1, kMaxTokensPerRequest),
   +[](Scenario& s) -> double& { return s.workload.output_tokens_per_request; }},
  // 24: the whole day's traffic in one hour.
  {"workload.peak_to_average", "x", "busiest hour's traffic over the day's average",
   between(1, kMaxPeakToAverage), +[](Scenario& s) -> double& { return s.workload.peak_to_average; }},
  {"workload.hourly_profile", "",
   "traffic in each UTC hour 0-23, 24 comma-separated weights; empty: a raised cosine", {},
   +[](Scenario& s) -> std::string& { return s.workload.hourly_profile; }, {},
   &hourly_profile_problem},
  // 60: the busiest hour's traffic all in one of its minutes.
  {"workload.peak_minute_factor", "x",
   "busiest minute over its hour's average minute (rate limits); 0: from the arrivals",
   between(0, 60), +[](Scenario& s) -> double& { return s.workload.peak_minute_factor; }},
  {"workload.cached_input_share", "fraction", "input tokens billed at the API's cached price",
   kShare, +[](Scenario& s) -> double& { return s.workload.cached_input_share; }},
  {"workload.cache_write_share", "fraction",
   "input tokens written to the API's prompt cache, billed at its cache-write price", kShare,
   +[](Scenario& s) -> double& { return s.workload.cache_write_share; }},
  {"workload.batch_share", "fraction", "tokens sent through the API's batch interface", kShare,
   +[](Scenario& s) -> double& { return s.workload.batch_share; }},
  // 10: elevenfold traffic every month.
  {"workload.monthly_growth", "fraction/month", "traffic growth per month (0.1 = 10%)",
   above(-1, 10), +[](Scenario& s) -> double& { return s.workload.monthly_growth; }},
  // Ten years: past any GPU's service life.
  {"workload.horizon_months", "months", "months the growth view covers", between(1, 120),
   +[](Scenario& s) -> int& { return s.workload.horizon_months; }},
  // 1,000: the longest tokens of real vocabularies are a few dozen bytes.
  {"workload.bytes_per_token", "bytes/token", "bytes of text per token (egress)", above(0, 1000),
   +[](Scenario& s) -> double& { return s.workload.bytes_per_token; }},
  {"workload.request_shape.arrivals", "", "how requests arrive: poisson, or gamma gaps", {},
   +[](Scenario& s) -> std::string& { return s.workload.request_shape.arrivals; }, kArrivals},
  // kMinBurstinessCv (0.01): gaps all but equal, a gamma of shape 10,000; kMaxBurstinessCv
  // (20): gaps whose gamma shape is 1/400, the traffic in rare bursts.
  {"workload.request_shape.burstiness_cv", "x",
   "gamma arrivals: the gaps' coefficient of variation (1 = Poisson)",
   between(kMinBurstinessCv, kMaxBurstinessCv),
   +[](Scenario& s) -> double& { return s.workload.request_shape.burstiness_cv; }},
  {"workload.request_shape.input_length", "", "how input lengths vary around their mean", {},
   +[](Scenario& s) -> std::string& { return s.workload.request_shape.input_length; }, kLengths},
  {"workload.request_shape.input_cv", "x", "input lengths: standard deviation over mean",
   kLengthCv, +[](Scenario& s) -> double& { return s.workload.request_shape.input_cv; }},
  {"workload.request_shape.output_length", "", "how output lengths vary around their mean", {},
   +[](Scenario& s) -> std::string& { return s.workload.request_shape.output_length; }, kLengths},
  {"workload.request_shape.output_cv", "x", "output lengths: standard deviation over mean",
   kLengthCv, +[](Scenario& s) -> double& { return s.workload.request_shape.output_cv; }},
  {"api.model", "", "API price catalog key (llmtco catalog apis); empty: the prices below", {},
   +[](Scenario& s) -> std::string& { return s.api.model; }},
  {"api.input_usd_per_1m", "USD/1M tokens", "API price of input tokens (api.model empty)",
   kUsdPer1m,
   +[](Scenario& s) -> double& { return s.api.input_usd_per_1m; }},
  {"api.output_usd_per_1m", "USD/1M tokens", "API price of output tokens (api.model empty)",
   kUsdPer1m,
   +[](Scenario& s) -> double& { return s.api.output_usd_per_1m; }},
  {"api.fine_tune_usd_per_1m", "USD/1M tokens",
   "API price of fine-tuning (training) tokens (api.model empty)", kUsdPer1m, +[](Scenario& s) -> double& { return s.api.fine_tune_usd_per_1m; }},
  // $1 trillion a month: twice the world's IT spending (about $5 trillion a year).
  {"api.monthly_spend_usd", "USD/month",
   "the month's API bill for tokens, instead of tokens_per_day; 0: not given", between(0, 1e12),
   +[](Scenario& s) -> double& { return s.api.monthly_spend_usd; }},
  {"self_host.model", "",
   "open model: catalog name, Hugging Face id or config.json path; auto: by rule", {},
   +[](Scenario& s) -> std::string& { return s.self_host.model; }},
  {"self_host.precision", "", "weight format (llmtco catalog precisions); auto: search; checkpoint (default): the "
   "checkpoint's own, bf16 unless its config.json has a quantization_config", {},
   +[](Scenario& s) -> std::string& { return s.self_host.precision; }},
  {"self_host.engine", "", "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast", {},
   +[](Scenario& s) -> std::string& { return s.self_host.engine; }},
  {"self_host.clouds", "",
   "clouds to rent from, comma-separated: aws, azure, cudo, do, fluidstack, gcp, hyperbolic, "
   "lambda, nebius, oci, paperspace, primeintellect, runpod, shadeform, vast, verda; 'all' for "
   "every cloud but the volatile marketplaces (llmtco catalog clouds)",
   {}, +[](Scenario& s) -> std::string& { return s.self_host.clouds; }},
  {"self_host.regions", "",
   "regions to rent in, comma-separated patterns with * (us-*, europe-*); empty: all", {},
   +[](Scenario& s) -> std::string& { return s.self_host.regions; }},
  {"self_host.pricing", "", "how instances are paid for", {},
   +[](Scenario& s) -> std::string& { return s.self_host.pricing; }, kPricings},
  {"self_host.redundancy", "", "spare capacity: none, one spare replica, or twice the replicas",
   {}, +[](Scenario& s) -> std::string& { return s.self_host.redundancy; }, kRedundancies},
  {"self_host.latency.statistic", "", "what the latency targets hold: a percentile or the mean",
   {}, +[](Scenario& s) -> std::string& { return s.self_host.latency.statistic; }, kStatistics},
  // A percentile is below 100; 99.99 leaves one request in 10,000 outside the targets.
  {"self_host.latency.percentile", "%", "the percentile of the requests the targets hold",
   above(0, 99.99), +[](Scenario& s) -> double& { return s.self_host.latency.percentile; }},
  // An hour to the first token, a minute per output token: no interactive target.
  {"self_host.latency.ttft_ms", "ms", "latency target: time to first token at the peak",
   above(0, 3.6e6), +[](Scenario& s) -> double& { return s.self_host.latency.ttft_ms; }},
  {"self_host.latency.tpot_ms", "ms", "latency target: time per output token at the peak",
   above(0, 6e4), +[](Scenario& s) -> double& { return s.self_host.latency.tpot_ms; }},
  // 1,000: a fleet's worth of instances kept up at night.
  {"self_host.autoscale.min_instances", "instances",
   "scaling with the day: working instances kept up every hour", between(1, 1000),
   +[](Scenario& s) -> int& { return s.self_host.autoscale.min_instances; }},
  // Two hours: slower than any instance start and weight load.
  {"self_host.autoscale.lead_minutes", "minutes",
   "scaling with the day: an added instance starts (and bills) this early", between(0, 120),
   +[](Scenario& s) -> double& { return s.self_host.autoscale.lead_minutes; }},
  {"self_host.spot.reclaims_per_instance_hour", "",
   "spot: reclaims per instance-hour, how often the cloud takes an instance back; cloud: its "
   "row of data/instances/spot_reclaims.csv", {},
   +[](Scenario& s) -> std::string& { return s.self_host.spot.reclaims_per_instance_hour; }, {},
   &spot_reclaims_problem},
  // Two hours, as the autoscale lead: slower than any instance start and weight load.
  {"self_host.spot.replace_minutes", "minutes",
   "spot: a reclaimed instance's replacement boots and loads the weights this long",
   between(0, 120), +[](Scenario& s) -> double& { return s.self_host.spot.replace_minutes; }},
  // $10 billion a year: a hundred thousand engineers.
  {"self_host.staff_usd_per_year", "USD/year", "talent and maintenance for self-hosting",
   between(0, 1e10), +[](Scenario& s) -> double& { return s.self_host.staff_usd_per_year; }},
  {"self_host.storage_usd_per_gb_month", "USD/GB-month", "disk for each replica's weights",
   between(0, kMaxUsdPerGb),
   +[](Scenario& s) -> double& { return s.self_host.storage_usd_per_gb_month; }},
  {"self_host.egress_usd_per_gb", "USD/GB", "data transfer out of the cloud (the responses)",
   between(0, kMaxUsdPerGb), +[](Scenario& s) -> double& { return s.self_host.egress_usd_per_gb; }},
  {"self_host.purchase.enabled", "", "offer bought servers beside the rented instances", {},
   +[](Scenario& s) -> std::string& { return s.self_host.purchase.enabled; }, kSwitch},
  {"self_host.purchase.server", "",
   "bought server: an id of data/servers/servers.csv; auto: every one", {},
   +[](Scenario& s) -> std::string& { return s.self_host.purchase.server; }},
  // $100 million: over 200 times an 8-GPU B200 server's list price.
  {"self_host.purchase.price_usd", "USD", "one server's price, your own; 0: the catalog's",
   between(0, 1e8), +[](Scenario& s) -> double& { return s.self_host.purchase.price_usd; }},
  // 20 years: past any server's service life.
  {"self_host.purchase.amortisation_months", "months", "months the price is spread over",
   between(1, 240), +[](Scenario& s) -> int& { return s.self_host.purchase.amortisation_months; }},
  {"self_host.purchase.residual_share", "fraction", "value left at the end, of the price",
   kShare, +[](Scenario& s) -> double& { return s.self_host.purchase.residual_share; }},
  // 100% a year: past any lender's rate.
  {"self_host.purchase.financing_rate_per_year", "fraction/year",
   "interest on the price, or the cost of the cash; 0: straight-line", kShare,
   +[](Scenario& s) -> double& { return s.self_host.purchase.financing_rate_per_year; }},
  {"self_host.purchase.financed", "",
   "true: borrowed, repaid as the capital line; false: the price paid up front", {},
   +[](Scenario& s) -> std::string& { return s.self_host.purchase.financed; }, kSwitch},
  // 1: all the power reaches the IT load; 5: worse than any surveyed data centre.
  {"self_host.purchase.pue", "x", "power usage effectiveness: facility over IT power",
   between(1, 5), +[](Scenario& s) -> double& { return s.self_host.purchase.pue; }},
  // $10 a kWh: 25 times the dearest retail electricity.
  {"self_host.purchase.usd_per_kwh", "USD/kWh", "price of electricity", between(0, 10),
   +[](Scenario& s) -> double& { return s.self_host.purchase.usd_per_kwh; }},
  // $10,000: 50 times the colocation market's asking rates.
  {"self_host.purchase.colocation_usd_per_kw_month", "USD/kW-month",
   "rack space and cooling per kW provisioned (0: your own building)", between(0, 1e4),
   +[](Scenario& s) -> double& { return s.self_host.purchase.colocation_usd_per_kw_month; }},
  {"self_host.purchase.support_share_per_year", "fraction/year",
   "hardware support a year, of the price", kShare,
   +[](Scenario& s) -> double& { return s.self_host.purchase.support_share_per_year; }},
  {"self_host.purchase.gpu_idle_share", "fraction", "an idle GPU's draw, of its TDP", kShare,
   +[](Scenario& s) -> double& { return s.self_host.purchase.gpu_idle_share; }},
  // 1e15: 60 times Llama 3's pre-training set (15T tokens); llmtco finetune's bound.
  {"fine_tune.dataset_tokens", "tokens", "tokens in the fine-tuning set; 0: no fine-tuning",
   between(0, 1e15), +[](Scenario& s) -> double& { return s.fine_tune.dataset_tokens; }},
  // 1,000 epochs: llmtco finetune's bound.
  {"fine_tune.epochs", "epochs", "passes over the fine-tuning set", above(0, 1000),
   +[](Scenario& s) -> double& { return s.fine_tune.epochs; }},
  {"fine_tune.method", "", "how the open model is fine-tuned", {},
   +[](Scenario& s) -> std::string& { return s.fine_tune.method; }, kMethods},
  // About 7 hours to a century: llmtco finetune's bounds.
  {"fine_tune.retune_months", "months", "months between re-tunings (amortisation period)",
   between(0.01, 1200), +[](Scenario& s) -> double& { return s.fine_tune.retune_months; }},
  // 1e15: 500 times the largest published models (about 2 trillion); 1e6: a toy model.
  {"article.params", "params", "model parameters", between(1e6, 1e15),
   +[](Scenario& s) -> double& { return s.article.params; }},
  // 8: fp64, the widest number format; 0.125: one bit.
  {"article.bytes_per_param", "bytes", "bytes per parameter (2 for bf16)", between(0.125, 8),
   +[](Scenario& s) -> double& { return s.article.bytes_per_param; }},
  {"article.lora_fraction", "fraction", "share of the parameters LoRA trains", kShare,
   +[](Scenario& s) -> double& { return s.article.lora_fraction; }},
  // 100: mixed-precision Adam needs 8 times a 2-byte weight.
  {"article.lora_training_multiplier", "x", "training memory per byte of trainable weights",
   between(0, 100), +[](Scenario& s) -> double& { return s.article.lora_training_multiplier; }},
  // 100: the article's 1.5 sixty-fold.
  {"article.serving_headroom", "x", "serving memory per byte of weights", between(1, 100),
   +[](Scenario& s) -> double& { return s.article.serving_headroom; }},
  {"article.finetune_usd_per_hour", "USD/hour", "price of the fine-tuning instance",
   between(kMinUsdPerHour, kMaxUsdPerHour),
   +[](Scenario& s) -> double& { return s.article.finetune_usd_per_hour; }},
  {"article.serving_usd_per_hour", "USD/hour", "price of one serving replica",
   between(kMinUsdPerHour, kMaxUsdPerHour),
   +[](Scenario& s) -> double& { return s.article.serving_usd_per_hour; }},
  // The length of a day, a month and a year; at least an hour, a day.
  {"article.hours_per_day", "hours/day", "hours an instance runs each day", between(1, 24),
   +[](Scenario& s) -> double& { return s.article.hours_per_day; }},
  {"article.days_per_month", "days/month", "days in a month", between(1, 31),
   +[](Scenario& s) -> double& { return s.article.days_per_month; }},
  {"article.days_per_year", "days/year", "days in a year", between(1, 366),
   +[](Scenario& s) -> double& { return s.article.days_per_year; }},
  // A million: more than the GPUs of the largest clusters (about 200,000).
  {"article.replicas", "replicas", "serving replicas, the spare included", between(1, 1e6),
   +[](Scenario& s) -> int& { return s.article.replicas; }},
  {"article.tokens_per_word", "tokens/word", "tokens per word of text", between(0.01, 100),
   +[](Scenario& s) -> double& { return s.article.tokens_per_word; }},
  {"article.api_input_usd_per_1m", "USD/1M tokens", "the article's API price of input tokens",
   kUsdPer1m, +[](Scenario& s) -> double& { return s.article.api_input_usd_per_1m; }},
  {"article.api_output_usd_per_1m", "USD/1M tokens", "the article's API price of output tokens",
   kUsdPer1m, +[](Scenario& s) -> double& { return s.article.api_output_usd_per_1m; }},
  {"article.api_fine_tune_usd_per_1m", "USD/1M tokens",
   "the article's API price of fine-tuning (training) tokens", kUsdPer1m,
   +[](Scenario& s) -> double& { return s.article.api_fine_tune_usd_per_1m; }},
}};
// clang-format on

// Lower-case key words of the providers' small tiers (gpt-4o-mini, gpt-4.1-nano,
// claude-3-5-haiku, gemini-2.0-flash, flash-lite, mistral-small).
constexpr std::array<std::string_view, 6> kSmallTierWords = {"mini",  "nano", "haiku",
                                                             "flash", "lite", "small"};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The article's API family: gpt-3.5-turbo, fine-tuned or not, any snapshot.
bool is_article_api(std::string_view api_model) {
  return lower(api_model).find("gpt-3.5-turbo") != std::string::npos;
}

}  // namespace

std::string default_open_model(std::string_view api_model) {
  if (is_article_api(api_model)) return std::string(kArticleOpenModel);
  // Whole words of the key only: "gemini" holds "mini" but is not a small tier.
  std::string key = lower(api_model);
  for (char& c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = ' ';
  }
  const std::string padded = " " + key + " ";
  for (std::string_view word : kSmallTierWords) {
    if (padded.find(" " + std::string(word) + " ") != std::string::npos) {
      return "meta-llama/Llama-3.1-8B-Instruct";
    }
  }
  return "meta-llama/Llama-3.3-70B-Instruct";
}

Scenario with_open_model(Scenario scenario) {
  if (scenario.self_host.model == kAutoOpenModel) {
    scenario.self_host.model = default_open_model(scenario.api.model);
  }
  return scenario;
}

bool is_article_decision(const Scenario& scenario) {
  return scenario.api.model == kArticleApiModel &&
         with_open_model(scenario).self_host.model == kArticleOpenModel;
}

std::span<const ScenarioField> scenario_fields() {
  return kFields;
}

std::optional<std::string> moved_field(std::string_view path) {
  for (std::string_view name : {"ttft_ms", "tpot_ms"}) {
    if (path == fmt::format("self_host.{}", name)) {
      return fmt::format(
          "self_host.{0} moved to self_host.latency.{0} (and self_host.latency.percentile, "
          "default 95)",
          name);
    }
  }
  return std::nullopt;
}

const ScenarioField* find_scenario_field(std::string_view path) {
  for (const ScenarioField& field : kFields) {
    if (field.path == path) return &field;
  }
  return nullptr;
}

double field_number(const Scenario& scenario, const ScenarioField& field) {
  // The accessors hand out references for writing; reading through them does not
  // modify the scenario.
  auto& s = const_cast<Scenario&>(scenario);
  if (const auto* number = std::get_if<ScenarioField::NumberRef>(&field.ref)) return (*number)(s);
  if (const auto* integer = std::get_if<ScenarioField::IntegerRef>(&field.ref)) {
    return (*integer)(s);
  }
  return 0;
}

std::string field_valid_values(const ScenarioField& field) {
  const Range& r = field.range;
  const std::string low = format_bound(r.min), high = format_bound(r.max);
  if (std::holds_alternative<ScenarioField::IntegerRef>(field.ref)) {
    return fmt::format("a whole number between {} and {}", low, high);
  }
  if (r.min_inclusive) return fmt::format("between {} and {}", low, high);
  return fmt::format("> {} and <= {}", low, high);
}

std::optional<std::string> check_field_value(const ScenarioField& field, double value) {
  const Range& r = field.range;
  const bool integer = std::holds_alternative<ScenarioField::IntegerRef>(field.ref);
  if (!std::isfinite(value)) {
    return (integer ? "must be " : "must be a finite number ") + field_valid_values(field);
  }
  const bool ok = (r.min_inclusive ? value >= r.min : value > r.min) && value <= r.max &&
                  (!integer || value == std::floor(value));
  if (ok) return std::nullopt;
  return "must be " + field_valid_values(field);
}

std::optional<std::string> check_field_text(const ScenarioField& field, std::string_view value) {
  if (auto problem = text_problem(value)) return problem;
  if (field.check_text) return field.check_text(value);
  if (field.choices.empty()) return std::nullopt;
  for (std::string_view choice : field.choices) {
    if (choice == value) return std::nullopt;
  }
  return fmt::format("must be one of: {}", fmt::join(field.choices, ", "));
}

namespace {

// The comma-separated items of `text`, each trimmed of spaces.
std::vector<std::string_view> split_items(std::string_view text) {
  std::vector<std::string_view> items;
  while (true) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    items.push_back(item);
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

std::optional<double> parse_weight(std::string_view item) {
  double value = 0;
  const char* end = item.data() + item.size();
  const auto [ptr, ec] = std::from_chars(item.data(), end, value);
  if (item.empty() || ptr != end || ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  return value;
}

constexpr std::string_view kProfileValid =
    "must be 24 comma-separated weights >= 0 (UTC hours 0 to 23), not all 0";

}  // namespace

std::optional<std::string> hourly_profile_problem(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::vector<std::string_view> items = split_items(text);
  if (items.size() != 24) return fmt::format("{}; {} given", kProfileValid, items.size());
  double largest = 0;
  for (std::size_t h = 0; h < items.size(); ++h) {
    const std::optional<double> weight = parse_weight(items[h]);
    if (!weight || *weight < 0) {
      return fmt::format("{}; hour {} is '{}'", kProfileValid, h, escape_text(items[h]));
    }
    largest = std::max(largest, *weight);
  }
  if (!(largest > 0)) return std::string(kProfileValid);
  return std::nullopt;
}

std::array<double, 24> hourly_profile_weights(std::string_view text) {
  std::array<double, 24> weights{};
  const std::vector<std::string_view> items = split_items(text);
  for (std::size_t h = 0; h < weights.size(); ++h) weights[h] = parse_weight(items[h]).value_or(0);
  // Over the largest first: any finite weights, however small or large, then sum
  // to between 1 and 24.
  const double largest = *std::max_element(weights.begin(), weights.end());
  double sum = 0;
  for (double& w : weights) sum += (w /= largest);
  for (double& w : weights) w *= 24.0 / sum;
  return weights;
}

void replace_given_groups(Scenario& s, std::span<const std::string> given) {
  const auto gives = [&](std::string_view path) {
    return std::find(given.begin(), given.end(), path) != given.end();
  };
  const std::array<std::pair<std::string_view, double*>, 4> volume = {{
      {"workload.tokens_per_day", &s.workload.tokens_per_day},
      {"workload.requests_per_day", &s.workload.requests_per_day},
      {"workload.words_per_day", &s.workload.words_per_day},
      {"api.monthly_spend_usd", &s.api.monthly_spend_usd},
  }};
  const bool new_volume =
      std::any_of(volume.begin(), volume.end(), [&](const auto& v) { return gives(v.first); });
  for (const auto& [path, value] : volume) {
    if (new_volume && !gives(path)) *value = 0;
  }
  const bool peak = gives("workload.peak_to_average");
  const bool profile = gives("workload.hourly_profile");
  if (peak && !profile) s.workload.hourly_profile.clear();
  if (profile && !peak && !s.workload.hourly_profile.empty()) s.workload.peak_to_average = 0;
}

void set_field_number(Scenario& scenario, const ScenarioField& field, double value) {
  if (const auto* number = std::get_if<ScenarioField::NumberRef>(&field.ref)) {
    (*number)(scenario) = value;
  } else if (const auto* integer = std::get_if<ScenarioField::IntegerRef>(&field.ref)) {
    (*integer)(scenario) = static_cast<int>(value);
  }
}

}  // namespace llmtco
