// Golden values of the article method, worked by hand from the seed article
// (../shared/seeds/README.md, "The calculation chain"; article-zh.txt).
#include "llmtco/article.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "llmtco/scenario_file.h"

namespace llmtco {
namespace {

class ArticleTest : public ::testing::Test {
 protected:
  double value(const std::string& id) const {
    const Figure* f = find_figure(figures_, id);
    EXPECT_NE(f, nullptr) << id;
    return f ? f->value : 0.0;
  }
  const Figure& figure(const std::string& id) const { return *find_figure(figures_, id); }

  std::vector<Figure> figures_ = article_figures(default_scenario());
};

// Step 1: 70e9 params x 2 bytes = 140e9 bytes = 140 GB.
TEST_F(ArticleTest, WeightsMemory) {
  EXPECT_DOUBLE_EQ(value("weights_memory_gb"), 140.0);
}

// Step 2: 0.1% of 70e9 = 70,000,000.
TEST_F(ArticleTest, LoraTrainableParams) {
  EXPECT_DOUBLE_EQ(value("lora_trainable_params"), 70e6);
}

// Step 3: 70e6 x 2 bytes = 140e6 bytes = 0.14 GB.
TEST_F(ArticleTest, LoraWeights) {
  EXPECT_DOUBLE_EQ(value("lora_weights_gb"), 0.14);
}

// Step 4: 0.14 GB x 5 = 0.7 GB.
TEST_F(ArticleTest, LoraTrainingOverhead) {
  EXPECT_DOUBLE_EQ(value("lora_training_overhead_gb"), 0.7);
}

// Step 5: 140 + 0.7 = 140.7 GB (the article: "about 141 GB").
TEST_F(ArticleTest, FinetuneMemory) {
  EXPECT_DOUBLE_EQ(value("finetune_memory_gb"), 140.7);
}

// Step 7: $2.80/h x 24 h = $67.20/day.
TEST_F(ArticleTest, FinetuneCostPerDay) {
  EXPECT_DOUBLE_EQ(value("finetune_usd_per_day"), 67.2);
}

// Step 8: 140 + 0.14 = 140.14 GB.
TEST_F(ArticleTest, ServingWeights) {
  EXPECT_DOUBLE_EQ(value("serving_weights_gb"), 140.14);
}

// Step 9: 140.14 x 1.5 = 210.21 GB.
TEST_F(ArticleTest, ServingMemory) {
  EXPECT_DOUBLE_EQ(value("serving_memory_gb"), 210.21);
}

// Step 11: $3.70/h x 24 h = $88.80/day.
TEST_F(ArticleTest, ServingCostPerDay) {
  EXPECT_DOUBLE_EQ(value("serving_usd_per_day"), 88.8);
}

// Step 11: $88.80 x 30 days = $2,664/month.
TEST_F(ArticleTest, ServingCostPerMonth) {
  EXPECT_DOUBLE_EQ(value("serving_usd_per_month"), 2664.0);
}

// Step 12: $88.80 x 2 replicas = $177.60/day.
TEST_F(ArticleTest, RedundantServingCostPerDay) {
  EXPECT_DOUBLE_EQ(value("redundant_serving_usd_per_day"), 177.6);
}

// Step 12: $2,664 x 2 replicas = $5,328/month.
TEST_F(ArticleTest, RedundantServingCostPerMonth) {
  EXPECT_DOUBLE_EQ(value("redundant_serving_usd_per_month"), 5328.0);
}

// Step 17: ($3/1M x 1000 + $6/1M x 500) / 1500 tokens = $4/1M = $0.004 per 1K.
TEST_F(ArticleTest, ApiBlendedPrice) {
  EXPECT_DOUBLE_EQ(value("api_blended_usd_per_1k_tokens"), 0.004);
}

// Step 15: $67.20 / ($8 per 1M tokens) = 8.4M tokens/day.
TEST_F(ArticleTest, FinetuneBreakevenTokens) {
  EXPECT_DOUBLE_EQ(value("finetune_breakeven_tokens_per_day"), 8.4e6);
}

// Step 15: 8.4M tokens / 2 tokens per word = 4.2M words/day (the article prints ~4.15M).
TEST_F(ArticleTest, FinetuneBreakevenWords) {
  EXPECT_DOUBLE_EQ(value("finetune_breakeven_words_per_day"), 4.2e6);
}

// Step 16: 4.2M words / 300 words per page = 14,000 pages/day.
TEST_F(ArticleTest, FinetuneBreakevenPages) {
  EXPECT_DOUBLE_EQ(value("finetune_breakeven_pages_per_day"), 14000.0);
}

// Step 18: $177.60 / $0.004 per 1K tokens = 44,400 x 1K = 44.4M tokens/day.
TEST_F(ArticleTest, ServingBreakevenTokens) {
  EXPECT_DOUBLE_EQ(value("serving_breakeven_tokens_per_day"), 44.4e6);
}

// Step 18: 44.4M tokens / 2 = 22.2M words/day (the article's ~22.2M).
TEST_F(ArticleTest, ServingBreakevenWords) {
  EXPECT_DOUBLE_EQ(value("serving_breakeven_words_per_day"), 22.2e6);
}

// Step 19: 22.2M words / 300 = 74,000 pages/day.
TEST_F(ArticleTest, ServingBreakevenPages) {
  EXPECT_DOUBLE_EQ(value("serving_breakeven_pages_per_day"), 74000.0);
}

// Step 20: $177.60/day x 365 days = $64,824/year (the article: ~$65,000).
TEST_F(ArticleTest, OwningCostPerYear) {
  EXPECT_DOUBLE_EQ(value("owning_usd_per_year"), 64824.0);
}

// Step 21: $64,824 + $150,000 staff = $214,824/year, inside the article's $200k-250k.
TEST_F(ArticleTest, OwningCostPerYearWithStaff) {
  EXPECT_DOUBLE_EQ(value("owning_with_staff_usd_per_year"), 214824.0);
  const Reference& ref = *figure("owning_with_staff_usd_per_year").reference;
  EXPECT_EQ(ref.low, 200000.0);
  EXPECT_EQ(*ref.high, 250000.0);
  EXPECT_EQ(ref.difference_pct, 0.0);
}

TEST_F(ArticleTest, AllTwentyOneFiguresInTheArticlesOrder) {
  const std::vector<std::string> expected = {"weights_memory_gb",
                                             "lora_trainable_params",
                                             "lora_weights_gb",
                                             "lora_training_overhead_gb",
                                             "finetune_memory_gb",
                                             "finetune_usd_per_day",
                                             "serving_weights_gb",
                                             "serving_memory_gb",
                                             "serving_usd_per_day",
                                             "serving_usd_per_month",
                                             "redundant_serving_usd_per_day",
                                             "redundant_serving_usd_per_month",
                                             "api_blended_usd_per_1k_tokens",
                                             "finetune_breakeven_tokens_per_day",
                                             "finetune_breakeven_words_per_day",
                                             "finetune_breakeven_pages_per_day",
                                             "serving_breakeven_tokens_per_day",
                                             "serving_breakeven_words_per_day",
                                             "serving_breakeven_pages_per_day",
                                             "owning_usd_per_year",
                                             "owning_with_staff_usd_per_year"};
  std::vector<std::string> ids;
  for (const Figure& f : figures_) ids.push_back(f.id);
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(article_figure_ids().size(), expected.size());
}

// Each formula names every one of its inputs, and each input's value is the one
// used: the explain trace is complete.
TEST_F(ArticleTest, EveryFigureExplainsItself) {
  for (const Figure& f : figures_) {
    EXPECT_EQ(f.method, "article");
    EXPECT_FALSE(f.label.empty()) << f.id;
    EXPECT_FALSE(f.unit.empty()) << f.id;
    EXPECT_THAT(f.source, ::testing::StartsWith("seed article, step ")) << f.id;
    ASSERT_FALSE(f.inputs.empty()) << f.id;
    for (const FigureInput& in : f.inputs) {
      EXPECT_THAT(f.formula, ::testing::HasSubstr(in.name)) << f.id;
      if (const Figure* upstream = find_figure(figures_, in.name)) {
        EXPECT_EQ(in.value, upstream->value) << f.id << " <- " << in.name;
      }
    }
  }
}

// The reasons, one per kind: the article's own rounding, a rounded figure carried
// forward, and figures inside 1% with no reason.
TEST_F(ArticleTest, ReasonsForDifferencesOverOnePercent) {
  // 88.8 against ~90: (88.8 - 90) / 90 = -1.333%.
  const Reference& day = *figure("serving_usd_per_day").reference;
  EXPECT_NEAR(day.difference_pct, -1.3333, 1e-3);
  EXPECT_EQ(day.reason, "the article prints ~$90/day where its own rule gives 88.80 USD/day");
  // 2,664 against ~2,700; the article's 2,700 is its rounded $90 x 30.
  EXPECT_EQ(figure("serving_usd_per_month").reference->reason,
            "the article carries its rounded serving cost per day, one replica (~$90/day) "
            "forward");
  // 4.2M against ~4.15M: (4.2 - 4.15) / 4.15 = +1.205%.
  const Reference& words = *figure("finetune_breakeven_words_per_day").reference;
  EXPECT_NEAR(words.difference_pct, 1.2048, 1e-3);
  EXPECT_EQ(words.reason,
            "the article prints ~4.15M words/day where its own rule gives 4,200,000 words/day");
  // 64,824 against ~65,000: -0.27%, no reason needed.
  const Reference& year = *figure("owning_usd_per_year").reference;
  EXPECT_NEAR(year.difference_pct, -0.2708, 1e-3);
  EXPECT_EQ(year.reason, "");
  // The article prints no token counts.
  EXPECT_FALSE(figure("serving_breakeven_tokens_per_day").reference.has_value());
}

// Serving at $4.10/h moves every figure downstream of the serving price and
// nothing upstream or beside it.
TEST(ArticlePropagation, ServingPriceMovesOnlyDownstreamFigures) {
  Scenario scenario = default_scenario();
  const std::vector<Figure> before = article_figures(scenario);
  apply_override(scenario, "article.serving_usd_per_hour=4.10");
  const std::vector<Figure> after = article_figures(scenario);
  std::set<std::string> changed;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i].value != after[i].value) changed.insert(before[i].id);
  }
  const std::set<std::string> downstream = {"serving_usd_per_day",
                                            "serving_usd_per_month",
                                            "redundant_serving_usd_per_day",
                                            "redundant_serving_usd_per_month",
                                            "serving_breakeven_tokens_per_day",
                                            "serving_breakeven_words_per_day",
                                            "serving_breakeven_pages_per_day",
                                            "owning_usd_per_year",
                                            "owning_with_staff_usd_per_year"};
  EXPECT_EQ(changed, downstream);
  // $4.10 x 24 = $98.40/day; x 2 = $196.80; / $0.004 per 1K = 49.2M tokens/day.
  EXPECT_DOUBLE_EQ(find_figure(after, "serving_breakeven_tokens_per_day")->value, 49.2e6);
  EXPECT_EQ(find_figure(after, "serving_usd_per_day")->reference->reason,
            "the scenario differs from the article's: article.serving_usd_per_hour is 4.1 "
            "(article: 3.7)");
}

// The staff cost moves only the last figure.
TEST(ArticlePropagation, StaffMovesOnlyTheTotalWithStaff) {
  Scenario scenario = default_scenario();
  scenario.self_host.staff_usd_per_year = 0;
  const std::vector<Figure> figures = article_figures(scenario);
  // $64,824 + 0 against the article's $200,000 floor: (64,824 - 200,000) / 200,000 = -67.588%.
  const Figure& total = *find_figure(figures, "owning_with_staff_usd_per_year");
  EXPECT_DOUBLE_EQ(total.value, 64824.0);
  EXPECT_NEAR(total.reference->difference_pct, -67.588, 1e-3);
  EXPECT_DOUBLE_EQ(find_figure(figures, "owning_usd_per_year")->value, 64824.0);
}

// More replicas never cost less, and the serving break-even grows with them.
TEST(ArticlePropagation, MoreReplicasNeverCostLess) {
  Scenario scenario = default_scenario();
  double last_cost = 0;
  for (int replicas = 1; replicas <= 8; ++replicas) {
    scenario.article.replicas = replicas;
    const std::vector<Figure> figures = article_figures(scenario);
    const double cost = find_figure(figures, "redundant_serving_usd_per_month")->value;
    EXPECT_GT(cost, last_cost);
    // $88.80 x replicas / $0.004 per 1K tokens.
    EXPECT_NEAR(find_figure(figures, "serving_breakeven_tokens_per_day")->value,
                88.8 * replicas / 0.004 * 1000, 1e-6);
    last_cost = cost;
  }
}

}  // namespace
}  // namespace llmtco
