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

TEST(ApiCatalog, ErrorsNameTheKeyFieldAndValue) {
  EXPECT_EQ(error_of(R"({"m": {"mode": "chat", "input_cost_per_token": -1e-6,
                              "output_cost_per_token": 1e-6}})"),
            "prices.json: 'm'.input_cost_per_token must be a number >= 0 (got -1e-06)");
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
  }
}

}  // namespace
}  // namespace llmtco
