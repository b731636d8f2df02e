#include "llmtco/scenario.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

namespace llmtco {
namespace {

const ScenarioField& field(std::string_view path) {
  const ScenarioField* f = find_scenario_field(path);
  EXPECT_NE(f, nullptr) << path;
  return *f;
}

// Every input of the article's chain (issue 2's list) is a field.
TEST(ScenarioFields, TheArticlesInputsAreAllFields) {
  for (std::string_view path :
       {"article.params", "article.bytes_per_param", "article.lora_fraction",
        "article.lora_training_multiplier", "article.serving_headroom",
        "article.finetune_usd_per_hour", "article.serving_usd_per_hour", "article.hours_per_day",
        "article.days_per_month", "article.replicas", "api.fine_tune_usd_per_1m",
        "api.input_usd_per_1m", "api.output_usd_per_1m", "workload.input_tokens_per_request",
        "workload.output_tokens_per_request", "workload.tokens_per_word", "workload.words_per_page",
        "self_host.staff_usd_per_year"}) {
    EXPECT_NE(find_scenario_field(path), nullptr) << path;
  }
  EXPECT_EQ(find_scenario_field("article"), nullptr);
  EXPECT_EQ(find_scenario_field("nonsense"), nullptr);
}

TEST(ScenarioFields, PathsAreUniqueAndEveryNumberHasAUnit) {
  std::set<std::string_view> paths;
  for (const ScenarioField& f : scenario_fields()) {
    EXPECT_TRUE(paths.insert(f.path).second) << f.path;
    EXPECT_FALSE(f.description.empty()) << f.path;
    const bool text = std::holds_alternative<ScenarioField::TextRef>(f.ref);
    EXPECT_EQ(f.unit.empty(), text) << f.path;
  }
}

TEST(ScenarioFields, ReadAndWriteThroughTheSchema) {
  Scenario s;
  set_field_number(s, field("article.serving_usd_per_hour"), 4.1);
  set_field_number(s, field("article.replicas"), 3);
  EXPECT_EQ(s.article.serving_usd_per_hour, 4.1);
  EXPECT_EQ(s.article.replicas, 3);
  EXPECT_EQ(field_number(s, field("article.replicas")), 3.0);
  EXPECT_EQ(field_number(s, field("workload.words_per_page")), 300.0);
}

TEST(CheckFieldValue, RangesSayWhatWouldBeValid) {
  EXPECT_EQ(check_field_value(field("workload.tokens_per_word"), 0),
            "must be between 0.01 and 100");
  EXPECT_EQ(check_field_value(field("workload.tokens_per_word"), 1.3), std::nullopt);
  EXPECT_EQ(check_field_value(field("self_host.staff_usd_per_year"), -1),
            "must be between 0 and 1e10");
  EXPECT_EQ(check_field_value(field("self_host.staff_usd_per_year"), 0), std::nullopt);
  EXPECT_EQ(check_field_value(field("article.lora_fraction"), 1.5), "must be between 0 and 1");
  EXPECT_EQ(check_field_value(field("article.serving_headroom"), 0.9), "must be between 1 and 100");
  EXPECT_EQ(check_field_value(field("article.hours_per_day"), 25), "must be between 1 and 24");
  EXPECT_EQ(check_field_value(field("article.hours_per_day"), 24), std::nullopt);
  EXPECT_EQ(check_field_value(field("fine_tune.epochs"), 0), "must be > 0 and <= 1,000");
  EXPECT_EQ(check_field_value(field("article.replicas"), 2.5),
            "must be a whole number between 1 and 1,000,000");
  EXPECT_EQ(check_field_value(field("article.replicas"), 0),
            "must be a whole number between 1 and 1,000,000");
  EXPECT_EQ(check_field_value(field("article.replicas"), 4), std::nullopt);
}

// Issue 12, D7: no upper bounds let 1e300 through to a 300-digit dollar amount.
TEST(CheckFieldValue, UpperBoundsAreRefused) {
  EXPECT_EQ(check_field_value(field("fine_tune.dataset_tokens"), 1e300),
            "must be between 0 and 1e15");
  EXPECT_EQ(check_field_value(field("fine_tune.dataset_tokens"), 1e15), std::nullopt);
  EXPECT_EQ(check_field_value(field("article.bytes_per_param"), 1e300),
            "must be between 0.125 and 8");
  EXPECT_EQ(check_field_value(field("api.input_usd_per_1m"), 1e308),
            "must be between 0.0001 and 1,000,000");
  EXPECT_EQ(check_field_value(field("workload.bytes_per_token"), 1e308),
            "must be > 0 and <= 1,000");
  EXPECT_EQ(check_field_value(field("article.replicas"), 1e9 + 1),
            "must be a whole number between 1 and 1,000,000");
}

// Issue 12, D6: a subnormal tokens_per_day reached the formatter's std::stod.
TEST(CheckFieldValue, SubnormalVolumesAreRefused) {
  EXPECT_EQ(check_field_value(field("workload.tokens_per_day"), 1e-310),
            "must be between 1 and 1e15");
}

// Every numeric field has a finite upper bound above its lower one, so that no
// input can overflow a product (the verdict tests render the scenario at them).
TEST(ScenarioFields, EveryNumberHasAFiniteMax) {
  for (const ScenarioField& f : scenario_fields()) {
    if (std::holds_alternative<ScenarioField::TextRef>(f.ref)) continue;
    EXPECT_TRUE(std::isfinite(f.range.max)) << f.path;
    EXPECT_GT(f.range.max, f.range.min) << f.path;
    EXPECT_EQ(check_field_value(f, f.range.max), std::nullopt) << f.path;
    EXPECT_NE(check_field_value(f, std::nextafter(f.range.max, 2 * f.range.max)), std::nullopt)
        << f.path;
  }
}

TEST(CheckFieldValue, NonFiniteNumbersAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(check_field_value(field("article.params"), nan),
            "must be a finite number between 1,000,000 and 1e15");
  EXPECT_EQ(check_field_value(field("article.params"), inf),
            "must be a finite number between 1,000,000 and 1e15");
  EXPECT_EQ(check_field_value(field("self_host.staff_usd_per_year"), -inf),
            "must be a finite number between 0 and 1e10");
  EXPECT_EQ(check_field_value(field("article.replicas"), inf),
            "must be a whole number between 1 and 1,000,000");
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

// The stated rule of "auto" (scenario.h): the article's model against its API, the
// 8B against a small tier, the 70B otherwise; a named model is kept.
TEST(ScenarioOpenModel, AutoPicksByTheStatedRule) {
  EXPECT_EQ(default_open_model("ft:gpt-3.5-turbo"), "meta-llama/Llama-2-70b-hf");
  EXPECT_EQ(default_open_model("gpt-3.5-turbo-0125"), "meta-llama/Llama-2-70b-hf");
  EXPECT_EQ(default_open_model("gpt-4o-mini"), "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(default_open_model("claude-3-5-haiku-20241022"), "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(default_open_model("gemini-2.0-flash"), "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(default_open_model("gpt-4o"), "meta-llama/Llama-3.3-70B-Instruct");
  // Whole words: "gemini" is not "mini", "gemini-2.0-flash-lite" is a small tier.
  EXPECT_EQ(default_open_model("gemini-2.5-pro"), "meta-llama/Llama-3.3-70B-Instruct");
  EXPECT_EQ(default_open_model("gemini-2.0-flash-lite"), "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(default_open_model("claude-sonnet-4-20250514"), "meta-llama/Llama-3.3-70B-Instruct");
  Scenario s;
  EXPECT_EQ(s.self_host.model, "auto");
  EXPECT_TRUE(is_article_decision(s));
  s.api.model = "gpt-4o";
  EXPECT_EQ(with_open_model(s).self_host.model, "meta-llama/Llama-3.3-70B-Instruct");
  EXPECT_FALSE(is_article_decision(s));
  s.self_host.model = "qwen2.5-72b";
  EXPECT_EQ(with_open_model(s).self_host.model, "qwen2.5-72b");
}

// The physics method counts 1.33 tokens a word (OpenAI's rule); the article's two
// tokens a word and its API prices are its own inputs.
TEST(ScenarioOpenModel, TheArticleKeepsItsOwnInputs) {
  const Scenario s;
  EXPECT_DOUBLE_EQ(s.workload.tokens_per_word, 1.33);
  EXPECT_DOUBLE_EQ(s.article.tokens_per_word, 2.0);
  EXPECT_DOUBLE_EQ(s.article.api_input_usd_per_1m, 3.0);
  EXPECT_DOUBLE_EQ(s.article.api_output_usd_per_1m, 6.0);
  EXPECT_DOUBLE_EQ(s.article.api_fine_tune_usd_per_1m, 8.0);
}

}  // namespace
}  // namespace llmtco
