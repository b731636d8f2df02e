#include "llmtco/api_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "llmtco/error.h"

namespace llmtco {
namespace {

const std::string kTraining = "model,usd_per_1m_training_tokens,note\nbase-model,8.00,x\n";

std::vector<ApiPrice> parse(const std::string& json) {
  return parse_api_prices(json, "prices.json", kTraining, "training.csv");
}

std::string error_of(const std::string& json) {
  try {
    parse(json);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// USD per 1M tokens = LiteLLM's USD per token x 1e6 (../shared/data/SOURCES.md, §1,
// "Sample values").
TEST(ApiCatalog, BuiltInPricesMatchThePublishedSamples) {
  const ApiCatalog& c = api_catalog();
  EXPECT_EQ(c.date, "2026-07-24");
  const ApiPrice& mini = find_api(c, "gpt-4o-mini");
  EXPECT_EQ(mini.provider, "openai");
  EXPECT_DOUBLE_EQ(mini.input_usd_per_1m, 0.15);
  EXPECT_DOUBLE_EQ(mini.output_usd_per_1m, 0.60);
  EXPECT_DOUBLE_EQ(*mini.batch_input_usd_per_1m, 0.075);
  EXPECT_DOUBLE_EQ(*mini.batch_output_usd_per_1m, 0.30);
  EXPECT_DOUBLE_EQ(*mini.cached_input_usd_per_1m, 0.075);
  EXPECT_FALSE(mini.fine_tuned);
  const ApiPrice& ft = find_api(c, "FT:gpt-4o-mini-2024-07-18");
  EXPECT_TRUE(ft.fine_tuned);
  EXPECT_DOUBLE_EQ(ft.input_usd_per_1m, 0.30);
  EXPECT_DOUBLE_EQ(ft.output_usd_per_1m, 1.20);
  EXPECT_DOUBLE_EQ(*ft.training_usd_per_1m, 3.00);
  const ApiPrice& ft35 = find_api(c, "ft:gpt-3.5-turbo");
  EXPECT_DOUBLE_EQ(ft35.input_usd_per_1m, 3.00);
  EXPECT_DOUBLE_EQ(ft35.output_usd_per_1m, 6.00);
  // The seed article's training price: $0.008 per 1K tokens = $8 per 1M.
  EXPECT_DOUBLE_EQ(*ft35.training_usd_per_1m, 8.00);
  EXPECT_DOUBLE_EQ(find_api(c, "gpt-4o").output_usd_per_1m, 10.00);
  EXPECT_DOUBLE_EQ(find_api(c, "gpt-3.5-turbo").input_usd_per_1m, 0.50);
}

TEST(ApiCatalog, SkipsWhatIsNotATextModelWithPrices) {
  const auto prices = parse(R"({
    "sample_spec": {"mode": "chat", "input_cost_per_token": 0, "output_cost_per_token": 0},
    "fallback_generalizations": [],
    "embedder": {"mode": "embedding", "input_cost_per_token": 1e-7, "output_cost_per_token": 0},
    "free-form": {"mode": "chat", "input_cost_per_token": 1e-7},
    "base-model": {"mode": "chat", "litellm_provider": "acme", "input_cost_per_token": 2e-6,
                   "output_cost_per_token": 6e-6, "max_input_tokens": 8192},
    "ft:base-model": {"mode": "chat", "input_cost_per_token": 4e-6, "output_cost_per_token": 1.2e-5},
    "deepseek-like": {"mode": "completion", "input_cost_per_token": 2.7e-7,
                      "input_cost_per_token_cache_hit": 7e-8, "output_cost_per_token": 1.1e-6}
  })");
  ASSERT_EQ(prices.size(), 3u);
  EXPECT_EQ(prices[0].id, "base-model");
  EXPECT_EQ(prices[0].provider, "acme");
  EXPECT_DOUBLE_EQ(prices[0].input_usd_per_1m, 2.0);
  EXPECT_EQ(*prices[0].max_input_tokens, 8192);
  EXPECT_DOUBLE_EQ(*prices[0].training_usd_per_1m, 8.0);
  EXPECT_DOUBLE_EQ(*prices[1].training_usd_per_1m, 8.0);  // ft: carries its base's
  EXPECT_DOUBLE_EQ(prices[1].output_usd_per_1m, 12.0);
  EXPECT_DOUBLE_EQ(*prices[2].cached_input_usd_per_1m, 0.07);
  EXPECT_FALSE(prices[2].training_usd_per_1m);
}

// The cache-write price and the long-context tier, the threshold from the key's
// name: "_above_200k_tokens" is 200,000 input tokens. A tier price the entry does
// not list stays absent (the offer then bills the base price).
TEST(ApiCatalog, ReadsCacheWritesAndTheLongContextTier) {
  const auto prices = parse(R"({
    "long": {"mode": "chat", "input_cost_per_token": 3e-6, "output_cost_per_token": 1.5e-5,
             "cache_creation_input_token_cost": 3.75e-6,
             "input_cost_per_token_above_272k_tokens": 9e-6,
             "input_cost_per_token_above_200k_tokens": 6e-6,
             "output_cost_per_token_above_200k_tokens": 2.25e-5,
             "cache_creation_input_token_cost_above_200k_tokens": 7.5e-6,
             "input_cost_per_token_above_200k_tokens_priority": 1e-5},
    "short": {"mode": "chat", "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6},
    "base-model-2024-07-18": {"mode": "chat", "input_cost_per_token": 1e-6,
                              "output_cost_per_token": 2e-6}
  })");
  ASSERT_EQ(prices.size(), 3u);
  EXPECT_DOUBLE_EQ(*prices[0].cache_write_input_usd_per_1m, 3.75);
  ASSERT_TRUE(prices[0].long_context);
  const ApiLongContextTier& tier = *prices[0].long_context;
  EXPECT_EQ(tier.threshold_tokens, 200'000);  // the lowest threshold listed
  EXPECT_DOUBLE_EQ(tier.input_usd_per_1m, 6.0);
  EXPECT_DOUBLE_EQ(*tier.output_usd_per_1m, 22.5);
  EXPECT_DOUBLE_EQ(*tier.cache_write_input_usd_per_1m, 7.5);
  EXPECT_FALSE(tier.cached_input_usd_per_1m);
  EXPECT_FALSE(prices[1].cache_write_input_usd_per_1m);
  EXPECT_FALSE(prices[1].long_context);
  // Training prices go by family: the dated key of base-model trains at its $8.
  EXPECT_DOUBLE_EQ(*prices[2].training_usd_per_1m, 8.0);
  EXPECT_FALSE(prices[1].training_usd_per_1m);
}

// The shipped map: claude-sonnet-4-20250514 (cache write $3.75, above 200k $6 /
// $22.50, cache read $0.60) and gpt-4o, undated, in gpt-4o's $25 training family.
TEST(ApiCatalog, BuiltInCacheWritesTiersAndFamilies) {
  const ApiCatalog& c = api_catalog();
  const ApiPrice& sonnet = find_api(c, "claude-sonnet-4-20250514");
  EXPECT_DOUBLE_EQ(*sonnet.cache_write_input_usd_per_1m, 3.75);
  ASSERT_TRUE(sonnet.long_context);
  EXPECT_EQ(sonnet.long_context->threshold_tokens, 200'000);
  EXPECT_DOUBLE_EQ(sonnet.long_context->input_usd_per_1m, 6.0);
  EXPECT_DOUBLE_EQ(*sonnet.long_context->output_usd_per_1m, 22.5);
  EXPECT_DOUBLE_EQ(*sonnet.long_context->cached_input_usd_per_1m, 0.6);
  EXPECT_FALSE(sonnet.training_usd_per_1m);
  EXPECT_DOUBLE_EQ(*find_api(c, "gpt-4o").training_usd_per_1m, 25.0);
  EXPECT_DOUBLE_EQ(*find_api(c, "gpt-4o-mini").training_usd_per_1m, 3.0);
  EXPECT_DOUBLE_EQ(*find_api(c, "gpt-4.1-nano").training_usd_per_1m, 1.5);
  EXPECT_FALSE(find_api(c, "ft:o4-mini-2025-04-16").training_usd_per_1m);  // priced per hour
  const ApiPrice* ft = find_fine_tuned_api(c, find_api(c, "gpt-4o-mini"));
  ASSERT_NE(ft, nullptr);
  EXPECT_EQ(ft->id, "ft:gpt-4o-mini-2024-07-18");
  EXPECT_EQ(find_fine_tuned_api(c, sonnet), nullptr);
}

TEST(ApiCatalog, ErrorsNameTheKeyFieldAndValue) {
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": -1e-6,
                              "output_cost_per_token": 1e-6}})"),
            "prices.json: 'm'.input_cost_per_token must be a number >= 0 (got -1e-06)");
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": 1e-6,
                              "output_cost_per_token": 1e-6,
                              "input_cost_per_token_above_200k_tokens": -2e-6}})"),
            "prices.json: 'm'.input_cost_per_token_above_200k_tokens must be a number >= 0 (got "
            "-2e-06)");
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": 1e-6,
                              "output_cost_per_token": 1e-6,
                              "cache_creation_input_token_cost": "x"}})"),
            "prices.json: 'm'.cache_creation_input_token_cost must be a number >= 0 (got \"x\")");
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": "cheap",
                              "output_cost_per_token": 1e-6}})"),
            "prices.json: 'm'.input_cost_per_token must be a number >= 0 (got \"cheap\")");
  EXPECT_EQ(error_of("[1, 2]"),
            "prices.json: must be a JSON object of model ids (LiteLLM's price map)");
  EXPECT_EQ(error_of("{"),
            "prices.json:1:2: malformed JSON: syntax error while parsing object key - unexpected "
            "end of input; expected string literal");
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat"}, "m": {}})"), "prices.json: duplicate key 'm'");
  // Ids and providers are printed: no terminal escape in them.
  EXPECT_EQ(error_of(R"({"m\u001b[2J": {"mode": "chat", "input_cost_per_token": 1e-6,
                                        "output_cost_per_token": 1e-6}})"),
            "prices.json: a model id has a control character at byte 1 (got 'm\\x1b[2J')");
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": 1e-6,
                              "output_cost_per_token": 1e-6, "litellm_provider": "a\nb"}})"),
            "prices.json: 'm'.litellm_provider has a control character at byte 1 (got 'a\\nb')");
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": 1e-6,
                              "output_cost_per_token": 1e-6, "litellm_provider": 7}})"),
            "prices.json: 'm'.litellm_provider must be text (got 7)");
  // Found by the api_prices fuzz target: the overflow escaped as nlohmann's out_of_range.
  // Column 32: the number follows `{"m": {` (7), the quoted key (22) and `: ` (2).
  EXPECT_EQ(error_of(R"({"m": {"input_cost_per_token": 2e999999997}})"),
            "prices.json:1:32: malformed JSON: m.input_cost_per_token: number overflow parsing "
            "'2e999999997'");
  try {
    find_api(api_catalog(), "gpt-4o-minni");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "unknown API model 'gpt-4o-minni' (nearest known: 'gpt-4o-mini')");
  }
}

// The snapshot keeps every text model of the upstream map it was cut from.
TEST(ApiCatalog, SnapshotLosesNothingFromUpstream) {
  const std::filesystem::path upstream = std::filesystem::path(LLMTCO_SOURCE_DIR) /
                                         "../shared/data/api_prices/"
                                         "model_prices_and_context_window.json";
  if (!std::filesystem::exists(upstream)) GTEST_SKIP() << "no " << upstream;
  const ApiCatalog full = load_api_catalog(upstream.string());
  ASSERT_EQ(full.prices.size(), api_catalog().prices.size());
  for (std::size_t i = 0; i < full.prices.size(); ++i) {
    EXPECT_EQ(full.prices[i].id, api_catalog().prices[i].id);
    EXPECT_EQ(full.prices[i].output_usd_per_1m, api_catalog().prices[i].output_usd_per_1m);
    EXPECT_EQ(full.prices[i].cache_write_input_usd_per_1m,
              api_catalog().prices[i].cache_write_input_usd_per_1m);
    EXPECT_EQ(full.prices[i].long_context.has_value(),
              api_catalog().prices[i].long_context.has_value())
        << full.prices[i].id;
  }
}

}  // namespace
}  // namespace llmtco
