#include "llmtco/scenario.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

namespace llmtco {
namespace {

constexpr Range kPositive{.min = 0, .min_inclusive = false};
constexpr Range kNonNegative{.min = 0, .min_inclusive = true};

// clang-format off
const std::array<ScenarioField, 20> kFields = {{
  {"name", "", "a title for the report", {},
   +[](Scenario& s) -> std::string& { return s.name; }},
  {"workload.tokens_per_word", "tokens/word", "tokens per word of text", kPositive,
   +[](Scenario& s) -> double& { return s.workload.tokens_per_word; }},
  {"workload.words_per_page", "words/page", "words per printed page", kPositive,
   +[](Scenario& s) -> double& { return s.workload.words_per_page; }},
  {"workload.input_tokens_per_request", "tokens", "input (prompt) tokens per request", kPositive,
   +[](Scenario& s) -> double& { return s.workload.input_tokens_per_request; }},
  {"workload.output_tokens_per_request", "tokens", "output (generated) tokens per request",
   kPositive, +[](Scenario& s) -> double& { return s.workload.output_tokens_per_request; }},
  {"api.input_usd_per_1m", "USD/1M tokens", "API price of input tokens", kPositive,
   +[](Scenario& s) -> double& { return s.api.input_usd_per_1m; }},
  {"api.output_usd_per_1m", "USD/1M tokens", "API price of output tokens", kPositive,
   +[](Scenario& s) -> double& { return s.api.output_usd_per_1m; }},
  {"api.fine_tune_usd_per_1m", "USD/1M tokens", "API price of fine-tuning (training) tokens",
   kPositive, +[](Scenario& s) -> double& { return s.api.fine_tune_usd_per_1m; }},
  {"self_host.staff_usd_per_year", "USD/year", "talent and maintenance for self-hosting",
   kNonNegative, +[](Scenario& s) -> double& { return s.self_host.staff_usd_per_year; }},
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

void set_field_number(Scenario& scenario, const ScenarioField& field, double value) {
  if (const auto* number = std::get_if<ScenarioField::NumberRef>(&field.ref)) {
    (*number)(scenario) = value;
  } else if (const auto* integer = std::get_if<ScenarioField::IntegerRef>(&field.ref)) {
    (*integer)(scenario) = static_cast<int>(value);
  }
}

}  // namespace llmtco
