// The API offer as the providers bill it: fine-tunes at their "ft:" prices and
// per-family training prices, no fine-tuning where none is offered, batch and
// cache-write shares, and long-context tiers. Every price below is LiteLLM's map
// (data/api_prices/model_prices.json, USD per token x 1e6) or
// data/api_prices/finetune_training_prices.csv.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// 1M tokens a day of 1,000 input + 500 output tokens (2/3 input), Llama 3.1 8B on AWS.
Scenario scenario_with(const std::string& api_model) {
  Scenario s;
  s.name = "offer";
  s.workload.tokens_per_day = 1e6;
  s.api.model = api_model;
  s.self_host.model = "meta-llama/Llama-3.1-8B";
  s.self_host.clouds = "aws";
  return s;
}

const Figure& figure(const Report& r, const std::string& id) {
  const auto it = std::find_if(r.figures.begin(), r.figures.end(), [&](const Figure& f) {
    return f.id == id && f.method == "physics";
  });
  EXPECT_NE(it, r.figures.end()) << id;
  return *it;
}

double input_of(const Figure& f, const std::string& name) {
  for (const FigureInput& in : f.inputs) {
    if (in.name == name) return in.value;
  }
  ADD_FAILURE() << f.id << " has no input " << name;
  return 0;
}

std::string all_notes(const Report& r) {
  std::string text;
  for (const std::string& n : r.notes) text += n + "\n";
  return text;
}

Report compare(const Scenario& s) {
  return compare_report(shipped(), s, CompareSettings{.article = false, .samples = 100});
}

TEST(ApiFamily, StripsFtAndATrailingDate) {
  EXPECT_EQ(api_family("gpt-4o-mini"), "gpt-4o-mini");
  EXPECT_EQ(api_family("gpt-4o-mini-2024-07-18"), "gpt-4o-mini");
  EXPECT_EQ(api_family("FT:gpt-4o-mini-2024-07-18"), "gpt-4o-mini");
  EXPECT_EQ(api_family("gpt-3.5-turbo-0125"), "gpt-3.5-turbo-0125");  // not a date
  EXPECT_EQ(api_family("claude-sonnet-4-20250514"), "claude-sonnet-4-20250514");
}

// ft:gpt-4o-mini-2024-07-18: $0.30 input, $1.20 output, $0.15 cached per 1M (the
// map); gpt-4o-mini's family trains at $3 per 1M (the CSV's gpt-4o-mini-2024-07-18).
TEST(ApiOffer, FineTuningABaseModelBillsItsFtKey) {
  Scenario s = scenario_with("gpt-4o-mini");
  s.fine_tune.dataset_tokens = 20e6;
  const ApiOffer a = api_offer(shipped(), s);
  EXPECT_EQ(a.id, "ft:gpt-4o-mini-2024-07-18");
  EXPECT_EQ(a.fine_tuned_from, "gpt-4o-mini");
  EXPECT_DOUBLE_EQ(a.input_usd_per_1m, 0.30);
  EXPECT_DOUBLE_EQ(a.output_usd_per_1m, 1.20);
  EXPECT_DOUBLE_EQ(a.cached_input_usd_per_1m, 0.15);
  EXPECT_TRUE(a.offers_fine_tuning);
  EXPECT_DOUBLE_EQ(a.training_usd_per_1m, 3.00);
  EXPECT_THAT(a.source, HasSubstr("; ft:gpt-4o-mini-2024-07-18 prices a fine-tune of "
                                  "gpt-4o-mini"));
  // Without a data set the base model's prices: $0.15 / $0.60.
  s.fine_tune.dataset_tokens = 0;
  EXPECT_EQ(api_offer(shipped(), s).id, "gpt-4o-mini");
  EXPECT_DOUBLE_EQ(api_offer(shipped(), s).input_usd_per_1m, 0.15);
}

// ft:gpt-4o-2024-08-06 is $3.75 / $15 per 1M against gpt-4o's $2.50 / $10; the
// family trains at $25 per 1M.
TEST(ApiOffer, GptFourOFineTuneBillsTheFirstFtKeyOfItsFamily) {
  Scenario s = scenario_with("gpt-4o");
  s.fine_tune.dataset_tokens = 1e6;
  const ApiOffer a = api_offer(shipped(), s);
  EXPECT_EQ(a.id, "ft:gpt-4o-2024-08-06");
  EXPECT_DOUBLE_EQ(a.input_usd_per_1m, 3.75);
  EXPECT_DOUBLE_EQ(a.output_usd_per_1m, 15.00);
  EXPECT_DOUBLE_EQ(a.training_usd_per_1m, 25.00);
}

// Hand-worked: 2/3 x 0.30 + 1/3 x 1.20 = 0.20 + 0.40 = $0.60 per 1M; 1M tokens a
// day x 730 / 24 days = 30.4167 x 0.60 = $18.25 a month. Training: 20M tokens x 3
// epochs x $3 / 1M, one run a month = $180.
TEST(ApiOffer, CompareOfAFineTunedGptFourOMini) {
  Scenario s = scenario_with("gpt-4o-mini");
  s.fine_tune.dataset_tokens = 20e6;
  const Report r = compare(s);
  const Figure& blended = figure(r, "api_usd_per_1m_tokens");
  EXPECT_NEAR(blended.value, 0.60, 1e-12);
  EXPECT_DOUBLE_EQ(input_of(blended, "input_usd_per_1m"), 0.30);
  EXPECT_DOUBLE_EQ(input_of(blended, "output_usd_per_1m"), 1.20);
  EXPECT_THAT(blended.source, HasSubstr("ft:gpt-4o-mini-2024-07-18"));
  EXPECT_NEAR(figure(r, "api_tokens_usd_per_month").value, 18.25, 1e-9);
  const Figure& training = figure(r, "api_finetune_usd_per_month");
  EXPECT_NEAR(training.value, 180.0, 1e-9);
  EXPECT_DOUBLE_EQ(input_of(training, "training_usd_per_1m"), 3.00);
  EXPECT_THAT(all_notes(r), HasSubstr("The fine-tuned gpt-4o-mini is called at "
                                      "ft:gpt-4o-mini-2024-07-18's prices ($0.30 input, $1.20 "
                                      "output per 1M), not the base model's."));
}

// Anthropic publishes no fine-tuning price and the map has no ft:claude key.
TEST(ApiOffer, ClaudeOffersNoFineTuning) {
  Scenario s = scenario_with("claude-sonnet-4-20250514");
  s.fine_tune.dataset_tokens = 20e6;
  const ApiOffer a = api_offer(shipped(), s);
  EXPECT_EQ(a.id, "claude-sonnet-4-20250514");
  EXPECT_FALSE(a.offers_fine_tuning);
  EXPECT_EQ(a.training_usd_per_1m, 0.0);
  const Report r = compare(s);
  EXPECT_EQ(figure(r, "api_finetune_usd_per_month").value, 0.0);
  EXPECT_THAT(figure(r, "api_finetune_usd_per_month").source, HasSubstr("offers no fine-tuning"));
  EXPECT_THAT(all_notes(r),
              HasSubstr("claude-sonnet-4-20250514 offers no fine-tuning (no training price and "
                        "no ft: key of its family in the catalog): keeping it bills the base "
                        "model's tokens and no training; the fine-tuning run is priced on rented "
                        "GPUs, for owning and for the hosted open model."));
}

// The seed's ft:gpt-3.5-turbo: $3 / $6 per 1M and $8 training, as before.
TEST(ApiOffer, TheSeedKeepsItsPrices) {
  Scenario s = default_scenario();
  s.fine_tune.dataset_tokens = 1e6;
  const ApiOffer a = api_offer(shipped(), s);
  EXPECT_EQ(a.id, "ft:gpt-3.5-turbo");
  EXPECT_EQ(a.fine_tuned_from, "");
  EXPECT_DOUBLE_EQ(a.input_usd_per_1m, 3.00);
  EXPECT_DOUBLE_EQ(a.output_usd_per_1m, 6.00);
  EXPECT_DOUBLE_EQ(a.training_usd_per_1m, 8.00);
  EXPECT_TRUE(a.offers_fine_tuning);
}

// gpt-3.5-turbo ($0.50 / $1.50) lists no batch price: half the traffic through the
// batch interface still bills 2/3 x 0.50 + 1/3 x 1.50 = $0.8333 per 1M.
TEST(ApiOffer, BatchShareWithoutABatchPriceBillsFullAndSaysSo) {
  Scenario s = scenario_with("gpt-3.5-turbo");
  s.workload.batch_share = 0.5;
  EXPECT_FALSE(api_offer(shipped(), s).lists_batch);
  const Report r = compare(s);
  EXPECT_NEAR(figure(r, "api_usd_per_1m_tokens").value, 2.5 / 3.0, 1e-12);
  EXPECT_THAT(all_notes(r), HasSubstr("gpt-3.5-turbo lists no batch price: workload.batch_share "
                                      "(50%) is billed at the full price."));
  s.api.model = "gpt-4o-mini";  // lists one: no note
  EXPECT_THAT(all_notes(compare(s)), Not(HasSubstr("lists no batch price")));
}

// claude-sonnet-4-20250514: input $3, output $15, cache read $0.30, cache write $3.75
// (1.25 x input). Half the input cached, a quarter written:
// input: 0.25 x 3 + 0.5 x 0.30 + 0.25 x 3.75 = 0.75 + 0.15 + 0.9375 = 1.8375;
// 2/3 x 1.8375 + 1/3 x 15 = 1.225 + 5 = $6.225 per 1M.
TEST(ApiOffer, CacheWritesBillAtTheCacheWritePrice) {
  Scenario s = scenario_with("claude-sonnet-4-20250514");
  s.workload.cached_input_share = 0.5;
  s.workload.cache_write_share = 0.25;
  const ApiOffer a = api_offer(shipped(), s);
  EXPECT_TRUE(a.lists_cache_write);
  EXPECT_DOUBLE_EQ(a.cache_write_input_usd_per_1m, 3.75);
  const Report r = compare(s);
  const Figure& blended = figure(r, "api_usd_per_1m_tokens");
  EXPECT_NEAR(blended.value, 6.225, 1e-12);
  EXPECT_DOUBLE_EQ(input_of(blended, "cache_write_input_usd_per_1m"), 3.75);
  EXPECT_DOUBLE_EQ(input_of(blended, "workload.cache_write_share"), 0.25);
}

// gpt-4o-mini lists no cache-write price: writes bill at input, $0.15 per 1M; with
// half the input written 2/3 x 0.15 + 1/3 x 0.60 = $0.30 per 1M, as with none.
TEST(ApiOffer, CacheWritesWithoutAPriceBillAtInputAndSaySo) {
  Scenario s = scenario_with("gpt-4o-mini");
  s.workload.cache_write_share = 0.5;
  const Report r = compare(s);
  EXPECT_NEAR(figure(r, "api_usd_per_1m_tokens").value, 0.30, 1e-12);
  EXPECT_THAT(all_notes(r), HasSubstr("gpt-4o-mini lists no cache-write price: "
                                      "workload.cache_write_share (50%) is billed at the input "
                                      "price."));
}

TEST(ApiOffer, CachedAndWrittenSharesAreAtMostTheInput) {
  Scenario s = scenario_with("claude-sonnet-4-20250514");
  s.workload.cached_input_share = 0.6;
  s.workload.cache_write_share = 0.5;
  try {
    api_offer(shipped(), s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "workload.cached_input_share + workload.cache_write_share must be <= 1 (got "
                 "0.6 + 0.5)");
  }
}

// claude-sonnet-4-20250514 above 200k input tokens: $6 input, $22.50 output (the
// map's *_above_200k_tokens). 300,000 in + 1,000 out a request, all at the tier:
// (300,000 x 6 + 1,000 x 22.5) / 301,000 = 1,822,500 / 301,000 = $6.0548 per 1M.
// At exactly 200,000 the base prices: (200,000 x 3 + 1,000 x 15) / 201,000 = $3.0597.
TEST(ApiOffer, LongContextTierBillsTheWholeRequest) {
  Scenario s = scenario_with("claude-sonnet-4-20250514");
  s.workload.input_tokens_per_request = 300'000;
  s.workload.output_tokens_per_request = 1'000;
  const ApiOffer a = api_offer(shipped(), s);
  ASSERT_TRUE(a.long_context);
  EXPECT_EQ(a.long_context->threshold_tokens, 200'000);
  const ApiRates rates = api_rates(a, s);
  EXPECT_TRUE(rates.long_context);
  EXPECT_DOUBLE_EQ(rates.input_usd_per_1m, 6.00);
  EXPECT_DOUBLE_EQ(rates.output_usd_per_1m, 22.50);
  EXPECT_DOUBLE_EQ(rates.cached_input_usd_per_1m, 0.60);
  EXPECT_DOUBLE_EQ(rates.cache_write_input_usd_per_1m, 7.50);
  const Report r = compare(s);
  const Figure& blended = figure(r, "api_usd_per_1m_tokens");
  EXPECT_NEAR(blended.value, 1'822'500.0 / 301'000.0, 1e-12);
  EXPECT_DOUBLE_EQ(input_of(blended, "long_context_threshold_tokens"), 200'000);
  EXPECT_DOUBLE_EQ(input_of(blended, "long_context_input_usd_per_1m"), 6.00);
  EXPECT_DOUBLE_EQ(input_of(blended, "long_context_output_usd_per_1m"), 22.50);
  EXPECT_THAT(blended.formula,
              HasSubstr("where workload.input_tokens_per_request > long_context_threshold_tokens"));
  EXPECT_THAT(all_notes(r), HasSubstr("Requests of 300,000 input tokens are above "
                                      "claude-sonnet-4-20250514's 200,000-token long-context "
                                      "threshold: every token of them bills at the higher prices "
                                      "($6 input, $22.50 output per 1M)."));
  s.workload.input_tokens_per_request = 200'000;
  EXPECT_FALSE(api_rates(a, s).long_context);
  EXPECT_NEAR(api_cost(resolve_cost_model(shipped(), s), 1e6).blended_usd_per_1m,
              615'000.0 / 201'000.0, 1e-12);
}

// gemini-2.5-pro (vertex_ai): $1.25 / $10 per 1M, above 200k $2.50 / $15.
TEST(ApiOffer, GeminiLongContextTier) {
  Scenario s = scenario_with("gemini-2.5-pro");
  s.workload.input_tokens_per_request = 250'000;
  const ApiRates rates = api_rates(api_offer(shipped(), s), s);
  EXPECT_TRUE(rates.long_context);
  EXPECT_DOUBLE_EQ(rates.input_usd_per_1m, 2.50);
  EXPECT_DOUBLE_EQ(rates.output_usd_per_1m, 15.00);
}

}  // namespace
}  // namespace llmtco
