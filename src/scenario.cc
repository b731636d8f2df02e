#include "llmtco/scenario.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <cmath>

#include "llmtco/text.h"

namespace llmtco {
namespace {

constexpr Range kPositive{.min = 0, .min_inclusive = false};
constexpr Range kNonNegative{.min = 0, .min_inclusive = true};
constexpr Range kShare{.min = 0, .min_inclusive = true, .max = 1.0, .max_inclusive = true};

constexpr std::array<std::string_view, 4> kPricings = {"on_demand", "spot", "reserved_1y",
                                                       "reserved_3y"};
constexpr std::array<std::string_view, 3> kRedundancies = {"none", "n_plus_1", "2n"};
constexpr std::array<std::string_view, 3> kMethods = {"full", "lora", "qlora"};

// clang-format off
const std::array<ScenarioField, 41> kFields = {{
  {"name", "", "a title for the report", {},
   +[](Scenario& s) -> std::string& { return s.name; }},
  {"workload.tokens_per_day", "tokens/day", "input plus output tokens a day", kPositive,
   +[](Scenario& s) -> double& { return s.workload.tokens_per_day; }},
  {"workload.tokens_per_word", "tokens/word", "tokens per word of text", kPositive,
   +[](Scenario& s) -> double& { return s.workload.tokens_per_word; }},
  {"workload.words_per_page", "words/page", "words per printed page", kPositive,
   +[](Scenario& s) -> double& { return s.workload.words_per_page; }},
  {"workload.input_tokens_per_request", "tokens", "input (prompt) tokens per request", kPositive,
   +[](Scenario& s) -> double& { return s.workload.input_tokens_per_request; }},
  {"workload.output_tokens_per_request", "tokens", "output (generated) tokens per request",
   kPositive, +[](Scenario& s) -> double& { return s.workload.output_tokens_per_request; }},
  {"workload.peak_to_average", "x", "busiest hour's traffic over the day's average",
   {.min = 1, .min_inclusive = true, .max = 12.0, .max_inclusive = true},
   +[](Scenario& s) -> double& { return s.workload.peak_to_average; }},
  {"workload.cached_input_share", "fraction", "input tokens billed at the API's cached price",
   kShare, +[](Scenario& s) -> double& { return s.workload.cached_input_share; }},
  {"workload.batch_share", "fraction", "tokens sent through the API's batch interface", kShare,
   +[](Scenario& s) -> double& { return s.workload.batch_share; }},
  {"workload.monthly_growth", "fraction/month", "traffic growth per month (0.1 = 10%)",
   {.min = -1, .min_inclusive = false, .max = 10.0, .max_inclusive = true},
   +[](Scenario& s) -> double& { return s.workload.monthly_growth; }},
  {"workload.bytes_per_token", "bytes/token", "bytes of text per token (egress)", kPositive,
   +[](Scenario& s) -> double& { return s.workload.bytes_per_token; }},
  {"api.model", "", "API price catalog key (llmtco catalog apis); empty: the prices below", {},
   +[](Scenario& s) -> std::string& { return s.api.model; }},  {"api.input_usd_per_1m", "USD/1M tokens", "API price of input tokens", kPositive,
   +[](Scenario& s) -> double& { return s.api.input_usd_per_1m; }},
  {"api.output_usd_per_1m", "USD/1M tokens", "API price of output tokens", kPositive,
   +[](Scenario& s) -> double& { return s.api.output_usd_per_1m; }},
  {"api.fine_tune_usd_per_1m", "USD/1M tokens", "API price of fine-tuning (training) tokens",
   kPositive, +[](Scenario& s) -> double& { return s.api.fine_tune_usd_per_1m; }},
  {"self_host.model", "", "open model: catalog name, Hugging Face id or config.json path", {},
   +[](Scenario& s) -> std::string& { return s.self_host.model; }},
  {"self_host.precision", "", "weight format (llmtco catalog precisions); auto: search", {},
   +[](Scenario& s) -> std::string& { return s.self_host.precision; }},
  {"self_host.engine", "", "serving engine: vllm, trtllm, sglang, hf-transformers, gpt-fast", {},
   +[](Scenario& s) -> std::string& { return s.self_host.engine; }},
  {"self_host.clouds", "", "clouds to rent from, comma-separated: aws, azure, gcp, lambda, vast",
   {}, +[](Scenario& s) -> std::string& { return s.self_host.clouds; }},
  {"self_host.pricing", "", "how instances are paid for", {},
   +[](Scenario& s) -> std::string& { return s.self_host.pricing; }, kPricings},
  {"self_host.redundancy", "", "spare capacity: none, one spare replica, or twice the replicas",
   {}, +[](Scenario& s) -> std::string& { return s.self_host.redundancy; }, kRedundancies},
  {"self_host.ttft_ms", "ms", "latency target: time to first token at the peak", kPositive,
   +[](Scenario& s) -> double& { return s.self_host.ttft_ms; }},
  {"self_host.tpot_ms", "ms", "latency target: time per output token at the peak", kPositive,
   +[](Scenario& s) -> double& { return s.self_host.tpot_ms; }},
  {"self_host.staff_usd_per_year", "USD/year", "talent and maintenance for self-hosting",
   kNonNegative, +[](Scenario& s) -> double& { return s.self_host.staff_usd_per_year; }},
  {"self_host.storage_usd_per_gb_month", "USD/GB-month", "disk for each replica's weights",
   kNonNegative, +[](Scenario& s) -> double& { return s.self_host.storage_usd_per_gb_month; }},
  {"self_host.egress_usd_per_gb", "USD/GB", "data transfer out of the cloud (the responses)",
   kNonNegative, +[](Scenario& s) -> double& { return s.self_host.egress_usd_per_gb; }},
  {"fine_tune.dataset_tokens", "tokens", "tokens in the fine-tuning set; 0: no fine-tuning",
   kNonNegative, +[](Scenario& s) -> double& { return s.fine_tune.dataset_tokens; }},
  {"fine_tune.epochs", "epochs", "passes over the fine-tuning set", kPositive,
   +[](Scenario& s) -> double& { return s.fine_tune.epochs; }},
  {"fine_tune.method", "", "how the open model is fine-tuned", {},
   +[](Scenario& s) -> std::string& { return s.fine_tune.method; }, kMethods},
  {"fine_tune.retune_months", "months", "months between re-tunings (amortisation period)",
   kPositive, +[](Scenario& s) -> double& { return s.fine_tune.retune_months; }},
  {"article.params", "params", "model parameters", kPositive,
   +[](Scenario& s) -> double& { return s.article.params; }},
  {"article.bytes_per_param", "bytes", "bytes per parameter (2 for bf16)", kPositive,
   +[](Scenario& s) -> double& { return s.article.bytes_per_param; }},
  {"article.lora_fraction", "fraction", "share of the parameters LoRA trains",
   {.min = 0, .min_inclusive = true, .max = 1.0, .max_inclusive = true},
   +[](Scenario& s) -> double& { return s.article.lora_fraction; }},
  {"article.lora_training_multiplier", "x", "training memory per byte of trainable weights",
   kNonNegative, +[](Scenario& s) -> double& { return s.article.lora_training_multiplier; }},
  {"article.serving_headroom", "x", "serving memory per byte of weights",
   {.min = 1, .min_inclusive = true},
   +[](Scenario& s) -> double& { return s.article.serving_headroom; }},
  {"article.finetune_usd_per_hour", "USD/hour", "price of the fine-tuning instance",
   kNonNegative, +[](Scenario& s) -> double& { return s.article.finetune_usd_per_hour; }},
  {"article.serving_usd_per_hour", "USD/hour", "price of one serving replica", kNonNegative,
   +[](Scenario& s) -> double& { return s.article.serving_usd_per_hour; }},
  {"article.hours_per_day", "hours/day", "hours an instance runs each day",
   {.min = 0, .min_inclusive = false, .max = 24.0, .max_inclusive = true},
   +[](Scenario& s) -> double& { return s.article.hours_per_day; }},
  {"article.days_per_month", "days/month", "days in a month",
   {.min = 0, .min_inclusive = false, .max = 31.0, .max_inclusive = true},
   +[](Scenario& s) -> double& { return s.article.days_per_month; }},
  {"article.days_per_year", "days/year", "days in a year",
   {.min = 0, .min_inclusive = false, .max = 366.0, .max_inclusive = true},
   +[](Scenario& s) -> double& { return s.article.days_per_year; }},
  {"article.replicas", "replicas", "serving replicas, the spare included",
   {.min = 1, .min_inclusive = true},
   +[](Scenario& s) -> int& { return s.article.replicas; }},
}};
// clang-format on

std::string format_bound(double v) {
  return fmt::format("{:g}", v);
}

}  // namespace

std::span<const ScenarioField> scenario_fields() {
  return kFields;
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

std::optional<std::string> check_field_value(const ScenarioField& field, double value) {
  const Range& r = field.range;
  const bool integer = std::holds_alternative<ScenarioField::IntegerRef>(field.ref);
  const std::string low = fmt::format("{} {}", r.min_inclusive ? ">=" : ">", format_bound(r.min));
  std::string valid;
  if (integer) {
    valid = "a whole number " + low;
  } else if (!r.max) {
    valid = low;
  } else if (r.min_inclusive && r.max_inclusive) {
    valid = fmt::format("between {} and {}", format_bound(r.min), format_bound(*r.max));
  } else {
    valid = fmt::format("{} and {} {}", low, r.max_inclusive ? "<=" : "<", format_bound(*r.max));
  }
  if (!std::isfinite(value))
    return integer ? "must be " + valid : "must be a finite number " + valid;
  const bool ok = (r.min_inclusive ? value >= r.min : value > r.min) &&
                  (!r.max || (r.max_inclusive ? value <= *r.max : value < *r.max)) &&
                  (!integer || (value == std::floor(value) && value <= 1e9));
  if (ok) return std::nullopt;
  return "must be " + valid;
}

std::optional<std::string> check_field_text(const ScenarioField& field, std::string_view value) {
  if (auto problem = text_problem(value)) return problem;
  if (field.choices.empty()) return std::nullopt;
  for (std::string_view choice : field.choices) {
    if (choice == value) return std::nullopt;
  }
  return fmt::format("must be one of: {}", fmt::join(field.choices, ", "));
}

void set_field_number(Scenario& scenario, const ScenarioField& field, double value) {
  if (const auto* number = std::get_if<ScenarioField::NumberRef>(&field.ref)) {
    (*number)(scenario) = value;
  } else if (const auto* integer = std::get_if<ScenarioField::IntegerRef>(&field.ref)) {
    (*integer)(scenario) = static_cast<int>(value);
  }
}

}  // namespace llmtco
