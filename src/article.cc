#include "llmtco/article.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <string>

#include "llmtco/number_format.h"

namespace llmtco {
namespace {

// One step of the article's chain: how the figure is computed, and what the
// article prints for it (source: ../shared/seeds/README.md, "The calculation chain",
// our rendering of the article-zh.txt text; step numbers are that table's).
struct Rule {
  std::string_view id;
  std::string_view label;
  std::string_view unit;
  std::string_view formula;                 // in terms of `inputs`
  std::vector<std::string_view> inputs;     // scenario paths, earlier figure ids, unit_input names
  double (*eval)(std::span<const double>);  // inputs in the order listed
  int step;                                 // the article's step number
  std::string_view article_rule;            // the rule as the article states it
  std::string_view printed;                 // "" where the article prints no number
  double printed_low = 0;
  std::optional<double> printed_high = std::nullopt;
};

using V = std::span<const double>;

// clang-format off
const std::vector<Rule> kRules = {
  {"weights_memory_gb", "Model weights", "GB",
   "article.params * article.bytes_per_param / bytes_per_gb",
   {"article.params", "article.bytes_per_param", "bytes_per_gb"},
   [](V v) { return v[0] * v[1] / v[2]; },
   1, "70e9 params x 2 bytes (bf16)", "140 GB", 140},
  {"lora_trainable_params", "LoRA trainable parameters", "params",
   "article.params * article.lora_fraction",
   {"article.params", "article.lora_fraction"},
   [](V v) { return v[0] * v[1]; },
   2, "0.1% of 70e9", "70M params", 70e6},
  {"lora_weights_gb", "LoRA weights", "GB",
   "lora_trainable_params * article.bytes_per_param / bytes_per_gb",
   {"lora_trainable_params", "article.bytes_per_param", "bytes_per_gb"},
   [](V v) { return v[0] * v[1] / v[2]; },
   3, "70e6 x 2 bytes", "0.14 GB", 0.14},
  {"lora_training_overhead_gb", "LoRA training memory", "GB",
   "lora_weights_gb * article.lora_training_multiplier",
   {"lora_weights_gb", "article.lora_training_multiplier"},
   [](V v) { return v[0] * v[1]; },
   4, "trainable memory x 5", "0.7 GB", 0.7},
  {"finetune_memory_gb", "Fine-tuning memory", "GB",
   "weights_memory_gb + lora_training_overhead_gb",
   {"weights_memory_gb", "lora_training_overhead_gb"},
   [](V v) { return v[0] + v[1]; },
   5, "frozen weights + LoRA training memory", "~141 GB", 141},
  {"finetune_usd_per_day", "Fine-tuning cost per day", "USD/day",
   "article.finetune_usd_per_hour * article.hours_per_day",
   {"article.finetune_usd_per_hour", "article.hours_per_day"},
   [](V v) { return v[0] * v[1]; },
   7, "$2.80/h (AWS on-demand) x 24 h", "~$67/day", 67},
  {"serving_weights_gb", "Serving weights (base + LoRA)", "GB",
   "weights_memory_gb + lora_weights_gb",
   {"weights_memory_gb", "lora_weights_gb"},
   [](V v) { return v[0] + v[1]; },
   8, "140 GB + 0.14 GB", "140.14 GB", 140.14},
  {"serving_memory_gb", "Serving memory with headroom", "GB",
   "serving_weights_gb * article.serving_headroom",
   {"serving_weights_gb", "article.serving_headroom"},
   [](V v) { return v[0] * v[1]; },
   9, "serving weights x 1.5", "~210 GB", 210},
  {"serving_usd_per_day", "Serving cost per day, one replica", "USD/day",
   "article.serving_usd_per_hour * article.hours_per_day",
   {"article.serving_usd_per_hour", "article.hours_per_day"},
   [](V v) { return v[0] * v[1]; },
   11, "$3.70/h (AWS on-demand GPU) x 24 h", "~$90/day", 90},
  {"serving_usd_per_month", "Serving cost per month, one replica", "USD/month",
   "serving_usd_per_day * article.days_per_month",
   {"serving_usd_per_day", "article.days_per_month"},
   [](V v) { return v[0] * v[1]; },
   11, "cost per day x 30 days", "~$2,700/month", 2700},
  {"redundant_serving_usd_per_day", "Serving cost per day, with the spare", "USD/day",
   "serving_usd_per_day * article.replicas",
   {"serving_usd_per_day", "article.replicas"},
   [](V v) { return v[0] * v[1]; },
   12, "one replica's cost x 2", "~$180/day", 180},
  {"redundant_serving_usd_per_month", "Serving cost per month, with the spare", "USD/month",
   "serving_usd_per_month * article.replicas",
   {"serving_usd_per_month", "article.replicas"},
   [](V v) { return v[0] * v[1]; },
   12, "one replica's cost x 2", "~$5,400/month", 5400},
  {"api_blended_usd_per_1k_tokens", "API price per 1K tokens, input and output blended",
   "USD/1K tokens",
   "(article.api_input_usd_per_1m * workload.input_tokens_per_request + article.api_output_usd_per_1m * "
   "workload.output_tokens_per_request) / (workload.input_tokens_per_request + "
   "workload.output_tokens_per_request) / tokens_per_thousand",
   {"article.api_input_usd_per_1m", "workload.input_tokens_per_request", "article.api_output_usd_per_1m",
    "workload.output_tokens_per_request", "tokens_per_thousand"},
   [](V v) { return (v[0] * v[1] + v[2] * v[3]) / (v[1] + v[3]) / v[4]; },
   17, "input $0.003 and output $0.006 per 1K tokens, averaged", "$0.004 per 1K tokens", 0.004},
  {"finetune_breakeven_tokens_per_day", "Fine-tuning break-even, tokens", "tokens/day",
   "finetune_usd_per_day / article.api_fine_tune_usd_per_1m * tokens_per_million",
   {"finetune_usd_per_day", "article.api_fine_tune_usd_per_1m", "tokens_per_million"},
   [](V v) { return v[0] / v[1] * v[2]; },
   15, "tokens whose API fine-tuning costs as much as a day of fine-tuning", ""},
  {"finetune_breakeven_words_per_day", "Fine-tuning break-even, words", "words/day",
   "finetune_breakeven_tokens_per_day / article.tokens_per_word",
   {"finetune_breakeven_tokens_per_day", "article.tokens_per_word"},
   [](V v) { return v[0] / v[1]; },
   15, "$67/day at $0.008 per 1K tokens, 2 tokens a word", "~4.15M words/day", 4.15e6},
  {"finetune_breakeven_pages_per_day", "Fine-tuning break-even, pages", "pages/day",
   "finetune_breakeven_words_per_day / workload.words_per_page",
   {"finetune_breakeven_words_per_day", "workload.words_per_page"},
   [](V v) { return v[0] / v[1]; },
   16, "words / 300 words per A4 page", "~14,000 pages/day", 14000},
  {"serving_breakeven_tokens_per_day", "Serving break-even, tokens", "tokens/day",
   "redundant_serving_usd_per_day / api_blended_usd_per_1k_tokens * tokens_per_thousand",
   {"redundant_serving_usd_per_day", "api_blended_usd_per_1k_tokens", "tokens_per_thousand"},
   [](V v) { return v[0] / v[1] * v[2]; },
   18, "tokens whose API inference costs as much as a day of serving", ""},
  {"serving_breakeven_words_per_day", "Serving break-even, words", "words/day",
   "serving_breakeven_tokens_per_day / article.tokens_per_word",
   {"serving_breakeven_tokens_per_day", "article.tokens_per_word"},
   [](V v) { return v[0] / v[1]; },
   18, "$180/day at $0.004 per 1K tokens, 2 tokens a word", "~22.2M words/day", 22.2e6},
  {"serving_breakeven_pages_per_day", "Serving break-even, pages", "pages/day",
   "serving_breakeven_words_per_day / workload.words_per_page",
   {"serving_breakeven_words_per_day", "workload.words_per_page"},
   [](V v) { return v[0] / v[1]; },
   19, "words / 300 words per page", "74,000+ pages/day", 74000},
  {"owning_usd_per_year", "Owning cost per year", "USD/year",
   "redundant_serving_usd_per_day * article.days_per_year",
   {"redundant_serving_usd_per_day", "article.days_per_year"},
   [](V v) { return v[0] * v[1]; },
   20, "~$180/day over a year", "~$65,000/year", 65000},
  {"owning_with_staff_usd_per_year", "Owning cost per year, with staff", "USD/year",
   "owning_usd_per_year + self_host.staff_usd_per_year",
   {"owning_usd_per_year", "self_host.staff_usd_per_year"},
   [](V v) { return v[0] + v[1]; },
   21, "owning plus talent and maintenance", "$200,000-250,000+/year", 200000, 250000.0},
};
// clang-format on

// The ids, in order, as a span of views (built once from kRules).
const std::vector<std::string_view>& ids() {
  static const std::vector<std::string_view> kIds = [] {
    std::vector<std::string_view> out;
    for (const Rule& rule : kRules) out.push_back(rule.id);
    return out;
  }();
  return kIds;
}

const Rule* find_rule(std::string_view id) {
  const auto it =
      std::find_if(kRules.begin(), kRules.end(), [&](const Rule& r) { return r.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

// The scenario fields a figure depends on, directly or through earlier figures
// (unit constants are no field).
void collect_fields(const Rule& rule, std::set<std::string_view>& fields) {
  for (std::string_view input : rule.inputs) {
    if (const Rule* upstream = find_rule(input)) {
      collect_fields(*upstream, fields);
    } else if (!find_unit_input(input)) {
      fields.insert(input);
    }
  }
}

// "Serving cost" -> "serving cost" inside a sentence; "LoRA weights" stays.
std::string lowercase_first(std::string_view label) {
  std::string out(label);
  if (out.size() > 1 && std::isupper(static_cast<unsigned char>(out[0])) &&
      std::islower(static_cast<unsigned char>(out[1]))) {
    out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  }
  return out;
}

double difference_pct(double value, double low, std::optional<double> high) {
  if (high && value >= low && value <= *high) return 0.0;
  const double bound = high && value > *high ? *high : low;
  return (value - bound) / bound * 100.0;
}

bool within_one_percent(double value, double low, std::optional<double> high) {
  return std::fabs(difference_pct(value, low, high)) <= 1.0;
}

// Why a figure differs from the article's printed value by more than 1%.
std::string explain_difference(const Rule& rule, const Figure& figure, const Scenario& scenario) {
  // 1. The scenario is not the article's.
  const Scenario article_scenario;
  std::set<std::string_view> fields;
  collect_fields(rule, fields);
  std::vector<std::string> changed;
  for (std::string_view path : fields) {
    const ScenarioField& field = *find_scenario_field(path);
    const double ours = field_number(scenario, field);
    const double theirs = field_number(article_scenario, field);
    if (ours != theirs) {
      changed.push_back(
          fmt::format("{} is {} (article: {})", path, format_number(ours), format_number(theirs)));
    }
  }
  if (!changed.empty()) {
    return fmt::format("the scenario differs from the article's: {}", fmt::join(changed, "; "));
  }
  // 2. The article carries rounded upstream figures forward.
  std::vector<double> values;
  std::vector<std::string> carried;
  for (std::size_t i = 0; i < rule.inputs.size(); ++i) {
    const Rule* upstream = find_rule(rule.inputs[i]);
    double value = figure.inputs[i].value;
    if (upstream && !upstream->printed.empty() && !upstream->printed_high &&
        !within_one_percent(value, upstream->printed_low, std::nullopt)) {
      value = upstream->printed_low;
      carried.push_back(
          fmt::format("{} ({})", lowercase_first(upstream->label), upstream->printed));
    }
    values.push_back(value);
  }
  if (!carried.empty() &&
      within_one_percent(rule.eval(values), rule.printed_low, rule.printed_high)) {
    return fmt::format("the article carries its rounded {} forward", fmt::join(carried, ", "));
  }
  // 3. The article prints an approximation of its own rule.
  return fmt::format("the article prints {} where its own rule gives {}", rule.printed,
                     format_quantity(figure.value, figure.unit));
}

}  // namespace

std::span<const std::string_view> article_figure_ids() {
  return ids();
}

std::vector<Figure> article_figures(const Scenario& scenario) {
  std::vector<Figure> figures;
  figures.reserve(kRules.size());
  for (const Rule& rule : kRules) {
    Figure figure;
    figure.id = rule.id;
    figure.method = "article";
    figure.label = rule.label;
    figure.unit = rule.unit;
    figure.formula = rule.formula;
    figure.source = fmt::format("seed article, step {}: {}", rule.step, rule.article_rule);
    std::vector<double> values;
    for (std::string_view input : rule.inputs) {
      FigureInput in{.name = std::string(input)};
      if (const Figure* upstream = find_figure(figures, in.name)) {
        in.value = upstream->value;
        in.unit = upstream->unit;
      } else if (const std::optional<FigureInput> constant = find_unit_input(input)) {
        in = *constant;
      } else {
        const ScenarioField& field = *find_scenario_field(input);
        in.value = field_number(scenario, field);
        in.unit = field.unit;
      }
      values.push_back(in.value);
      figure.inputs.push_back(std::move(in));
    }
    figure.value = rule.eval(values);
    if (!rule.printed.empty()) {
      Reference ref{
          .printed = std::string(rule.printed), .low = rule.printed_low, .high = rule.printed_high};
      ref.difference_pct = difference_pct(figure.value, rule.printed_low, rule.printed_high);
      if (std::fabs(ref.difference_pct) > 1.0) {
        ref.reason = explain_difference(rule, figure, scenario);
      }
      figure.reference = std::move(ref);
    }
    figures.push_back(std::move(figure));
  }
  return figures;
}

}  // namespace llmtco
