// Scenario: the inputs of one rent-or-own decision. The in-class defaults are the
// seed article's scenario (examples/seed-article.yaml holds the same values; a
// test keeps the two equal). scenario_fields() is the schema: every field with its
// dotted path, unit and valid range, which the YAML reader, --set and the JSON
// output all use.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace llmtco {

// The traffic and how text is measured.
struct WorkloadSpec {
  double tokens_per_word = 2.0;   // article: "most words are two tokens"; > 0
  double words_per_page = 300.0;  // article: words on an A4 page; > 0
  // Tokens per request, in and out; the article fixes only their 2:1 ratio.
  double input_tokens_per_request = 1000.0;  // > 0
  double output_tokens_per_request = 500.0;  // > 0
};

// The API offer: token prices in USD per million tokens (> 0).
struct ApiSpec {
  double input_usd_per_1m = 3.00;      // fine-tuned GPT-3.5 Turbo input, $0.003 per 1K
  double output_usd_per_1m = 6.00;     // fine-tuned GPT-3.5 Turbo output, $0.006 per 1K
  double fine_tune_usd_per_1m = 8.00;  // GPT-3.5 Turbo fine-tuning (training), $0.008 per 1K
};

// Self-hosting costs that are not compute.
struct SelfHostSpec {
  // Talent and maintenance; ours, chosen so that owning lands in the article's
  // $200k-250k+ range. >= 0.
  double staff_usd_per_year = 150000.0;
};

// The seed article's rules of thumb: the inputs of the "article" method only.
struct ArticleRules {
  double params = 70e9;                   // "70B" parameters; > 0
  double bytes_per_param = 2.0;           // bf16; > 0
  double lora_fraction = 0.001;           // LoRA trains 0.1% of the parameters; 0..1
  double lora_training_multiplier = 5.0;  // training memory = trainable memory x 5; >= 0
  double serving_headroom = 1.5;          // serving memory = weights x 1.5; >= 1
  double finetune_usd_per_hour = 2.80;    // AWS on-demand, fine-tuning; >= 0
  double serving_usd_per_hour = 3.70;     // AWS on-demand GPU, serving; >= 0
  double hours_per_day = 24.0;            // instances run all day; 0 < h <= 24
  double days_per_month = 30.0;           // 0 < d <= 31
  double days_per_year = 365.0;           // 0 < d <= 366
  int replicas = 2;                       // serving replicas including the spare; >= 1
};

struct Scenario {
  std::string name = "Seed article: LLaMA 2 70B vs fine-tuned GPT-3.5 Turbo";
  WorkloadSpec workload;
  ApiSpec api;
  SelfHostSpec self_host;
  ArticleRules article;
};

// The valid values of a numeric field.
struct Range {
  double min = 0;
  bool min_inclusive = true;
  std::optional<double> max;
  bool max_inclusive = true;
};

// One field of the schema. Exactly one accessor is set, by the field's type.
struct ScenarioField {
  using NumberRef = double& (*)(Scenario&);
  using IntegerRef = int& (*)(Scenario&);
  using TextRef = std::string& (*)(Scenario&);

  std::string_view path;  // "article.params"
  std::string_view unit;  // "params", "USD/hour", ... ("" for text)
  std::string_view description;
  Range range;
  std::variant<NumberRef, IntegerRef, TextRef> ref;
};

// Every field, in the order of the seed file.
std::span<const ScenarioField> scenario_fields();

// The field at `path`, or nullptr.
const ScenarioField* find_scenario_field(std::string_view path);

// The value of a numeric or integer field as a double (text fields: 0).
double field_number(const Scenario& scenario, const ScenarioField& field);

// Checks a value against the field's type and range: nullopt if valid, else what
// would be valid, e.g. "must be > 0" or "must be a whole number >= 1".
std::optional<std::string> check_field_value(const ScenarioField& field, double value);

// Stores a value already checked by check_field_value.
void set_field_number(Scenario& scenario, const ScenarioField& field, double value);

}  // namespace llmtco
