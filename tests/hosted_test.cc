// hosted_offers: which API price entries serve a catalog model's weights, on a
// hand-made catalog (one entry per spelling rule) and on the shipped LiteLLM map.
#include "llmtco/hosted.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "shipped.h"

namespace llmtco {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;

ApiPrice price(std::string id, double input, double output, std::string mode = "chat") {
  return {.id = std::move(id),
          .provider = "test",
          .mode = std::move(mode),
          .input_usd_per_1m = input,
          .output_usd_per_1m = output};
}

std::vector<std::string> keys(const std::vector<HostedOffer>& offers) {
  std::vector<std::string> out;
  for (const HostedOffer& o : offers) out.push_back(o.price->id);
  return out;
}

const HostedOffer& offer(const std::vector<HostedOffer>& offers, const std::string& key) {
  const auto it = std::find_if(offers.begin(), offers.end(),
                               [&](const HostedOffer& o) { return o.price->id == key; });
  if (it != offers.end()) return *it;
  ADD_FAILURE() << "no offer " << key;
  static const HostedOffer kNone;
  return kNone;
}

const CatalogModel& shipped_model(const std::string& name) {
  if (const CatalogModel* m = find_catalog_model(shipped(), name)) return *m;
  ADD_FAILURE() << "no catalog model " << name;
  static const CatalogModel kNone;
  return kNone;
}

// The catalog's entries, as in data/models/catalog.json.
const CatalogModel kLlama33{.id = "meta-llama/Llama-3.3-70B-Instruct",
                            .short_name = "llama-3.3-70b",
                            .aliases = {"llama-3.3-70b-instruct", "meta-llama-3.3-70b-instruct"}};
const CatalogModel kMistral7b{
    .id = "mistralai/Mistral-7B-v0.1",
    .short_name = "mistral-7b",
    .aliases = {"mistralai/Mistral-7B-Instruct-v0.1", "mistral-7b-instruct-v0.1"}};

TEST(HostedNames, EachSpellingRule) {
  // The provider path goes, case folds.
  EXPECT_EQ(normalised_model_name("deepinfra/meta-llama/Llama-3.3-70B-Instruct"),
            "llama-3.3-70b-instruct");
  EXPECT_EQ(normalised_model_name("fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct"),
            "llama-3.3-70b-instruct");  // 3p3 is 3.3; llama-v3 is llama-3
  EXPECT_EQ(normalised_model_name("fireworks_ai/accounts/fireworks/models/qwen2p5-72b-instruct"),
            "qwen-2.5-72b-instruct");
  // Bedrock: region prefix, org, llama3-3, revision v1:0 dropped.
  EXPECT_EQ(normalised_model_name("us.meta.llama3-3-70b-instruct-v1:0"), "llama-3.3-70b-instruct");
  EXPECT_EQ(normalised_model_name("bedrock/us-east-1/meta.llama3-70b-instruct-v1:0"),
            "llama-3-70b-instruct");  // Llama 3, not 3.7: a minor version is ended by '-'
  // Any other Bedrock revision is the model's version: Mistral-7B-Instruct-v0.2.
  EXPECT_EQ(normalised_model_name("mistral.mistral-7b-instruct-v0:2"), "mistral-7b-instruct-v0.2");
  EXPECT_EQ(normalised_model_name("oci/meta.llama-3.3-70b-instruct-fp8-dynamic"),
            "llama-3.3-70b-instruct-fp8-dynamic");
  EXPECT_EQ(normalised_model_name("sambanova/Meta-Llama-3.3-70B-Instruct"),
            "llama-3.3-70b-instruct");
  EXPECT_EQ(normalised_model_name("ovhcloud/Meta-Llama-3_3-70B-Instruct"),
            "llama-3.3-70b-instruct");
  EXPECT_EQ(normalised_model_name("databricks/databricks-meta-llama-3-3-70b-instruct"),
            "llama-3.3-70b-instruct");
  EXPECT_EQ(normalised_model_name("cerebras/llama3.1-8b"), "llama-3.1-8b");
  EXPECT_EQ(normalised_model_name("fireworks_ai/accounts/fireworks/models/gemma2-9b-it"),
            "gemma-2-9b-it");
  // Sizes and decimals in sizes stay as they are.
  EXPECT_EQ(normalised_model_name("EleutherAI/pythia-6.9b"), "pythia-6.9b");
  EXPECT_EQ(normalised_model_name("mistralai/Mixtral-8x7B-Instruct-v0.1"),
            "mixtral-8x7b-instruct-v0.1");
}

TEST(HostedOffers, MatchesEachSpellingAndNoOtherWeights) {
  const ApiCatalog catalog{
      .prices = {
          price("deepinfra/meta-llama/Llama-3.3-70B-Instruct", 0.23, 0.40),
          price("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", 0.88, 0.88),
          price("groq/llama-3.3-70b-versatile", 0.59, 0.79),
          price("cerebras/llama-3.3-70b", 0.85, 1.20),
          price("us.meta.llama3-3-70b-instruct-v1:0", 0.72, 0.72),
          price("oci/meta.llama-3.3-70b-instruct-fp8-dynamic", 0.72, 0.72),
          price("cloudflare/@cf/meta/llama-3.3-70b-instruct-fp8-fast", 0.293, 2.253),
          price("fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct", 0.90, 0.90),
          price("ovhcloud/Meta-Llama-3_3-70B-Instruct", 0.67, 0.67),
          // Not these weights, or not an offer:
          price("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free", 0, 0),
          price("hosted/Llama-3.3-70B-Instruct-Free", 0.1, 0.1),  // a free tier
          price("local/llama-3.3-70b-instruct", 0, 0),            // priced 0
          price("nebius/meta-llama/Meta-Llama-3.1-70B-Instruct", 0.13, 0.40),
          price("deepinfra/meta-llama/Llama-3.2-3B-Instruct", 0.02, 0.02),
          price("snowflake/snowflake-llama-3.3-70b", 0.72, 0.72),  // SwiftKV
          price("x/llama-3.3-70b-instruct", 0.5, 0.5, "responses"),
          price("deepinfra/deepseek-ai/DeepSeek-R1-Distill-Llama-70B", 0.2, 0.6),
      }};
  const std::vector<HostedOffer> offers = hosted_offers(catalog, kLlama33);
  // Cheapest blend first, (3 x input + output) / 4: deepinfra (0.69 + 0.40) / 4 =
  // 0.2725; groq (1.77 + 0.79) / 4 = 0.64; ovhcloud 0.67; Bedrock and OCI 0.72
  // (tied, by key: "oci/" < "us."); cloudflare (0.879 + 2.253) / 4 = 0.783;
  // together 0.88; fireworks 0.90; cerebras (2.55 + 1.20) / 4 = 0.9375.
  EXPECT_EQ(keys(offers), (std::vector<std::string>{
                              "deepinfra/meta-llama/Llama-3.3-70B-Instruct",
                              "groq/llama-3.3-70b-versatile",
                              "ovhcloud/Meta-Llama-3_3-70B-Instruct",
                              "oci/meta.llama-3.3-70b-instruct-fp8-dynamic",
                              "us.meta.llama3-3-70b-instruct-v1:0",
                              "cloudflare/@cf/meta/llama-3.3-70b-instruct-fp8-fast",
                              "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo",
                              "fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct",
                              "cerebras/llama-3.3-70b",
                          }));
  EXPECT_DOUBLE_EQ(blended_usd_per_1m(*offers[0].price), 0.2725);
  const HostedOffer& together =
      offer(offers, "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo");
  EXPECT_EQ(together.matched_name, "meta-llama/Llama-3.3-70B-Instruct");
  EXPECT_EQ(together.hosted_name, "llama-3.3-70b-instruct-turbo");
  EXPECT_EQ(together.variant, "turbo");
  EXPECT_EQ(offer(offers, "groq/llama-3.3-70b-versatile").variant, "versatile");
  EXPECT_EQ(offer(offers, "oci/meta.llama-3.3-70b-instruct-fp8-dynamic").variant, "fp8-dynamic");
  // Cerebras' name is the short name, spelled the same.
  EXPECT_EQ(offer(offers, "cerebras/llama-3.3-70b").matched_name, "llama-3.3-70b");
  EXPECT_EQ(offer(offers, "cerebras/llama-3.3-70b").variant, "");
}

// A base id stands for its architecture: the hosted instruct model shares it, and
// the variant says it is the instruct one.
TEST(HostedOffers, BaseIdMatchesItsInstructModel) {
  const CatalogModel llama31{.id = "meta-llama/Llama-3.1-8B",
                             .short_name = "llama-3.1-8b",
                             .aliases = {"meta-llama/Llama-3.1-8B-Instruct"}};
  const ApiCatalog catalog{
      .prices = {
          price("together_ai/Meta-Llama-3.1-8B-Instruct-Turbo", 0.18, 0.18),
          price("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct", 0.03, 0.05),
          price("cerebras/llama3.1-70b", 0.6, 0.6),
          price("bedrock/us-east-1/meta.llama3-8b-instruct-v1:0", 0.3, 0.6)}};  // Llama 3, not 3.1
  const std::vector<HostedOffer> offers = hosted_offers(catalog, llama31);
  ASSERT_EQ(keys(offers),
            (std::vector<std::string>{"deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
                                      "together_ai/Meta-Llama-3.1-8B-Instruct-Turbo"}));
  EXPECT_EQ(offers[0].matched_name, "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(offers[0].variant, "instruct");
  EXPECT_EQ(offers[1].variant, "instruct-turbo");
}

// Mistral-7B-v0.1's short name "mistral-7b" drops the version, so an unversioned
// key is not taken for v0.1 (v0.2 and v0.3 share the name); a versioned one is.
TEST(HostedOffers, ShortNameWithoutTheIdsVersionIsNotMatched) {
  const ApiCatalog catalog{
      .prices = {price("openrouter/mistralai/mistral-7b-instruct", 0.13, 0.13),
                 price("mistral.mistral-7b-instruct-v0:2", 0.15, 0.2),
                 price("anyscale/mistralai/Mistral-7B-Instruct-v0.1", 0.15, 0.15)}};
  EXPECT_EQ(keys(hosted_offers(catalog, kMistral7b)),
            (std::vector<std::string>{"anyscale/mistralai/Mistral-7B-Instruct-v0.1"}));
}

// The shipped map (LiteLLM, data/api_prices/model_prices.json).
TEST(HostedOffers, ShippedLlama33) {
  const std::vector<HostedOffer> offers =
      hosted_offers(shipped().api, shipped_model("meta-llama/Llama-3.3-70B-Instruct"));
  const std::vector<std::string> found = keys(offers);
  EXPECT_THAT(found, IsSupersetOf(std::vector<std::string>{
                         "deepinfra/meta-llama/Llama-3.3-70B-Instruct",
                         "deepinfra/meta-llama/Llama-3.3-70B-Instruct-Turbo",
                         "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo",
                         "groq/llama-3.3-70b-versatile",
                         "cerebras/llama-3.3-70b",
                         "nebius/meta-llama/Llama-3.3-70B-Instruct",
                         "oci/meta.llama-3.3-70b-instruct",
                         "oci/meta.llama-3.3-70b-instruct-fp8-dynamic",
                         "sambanova/Meta-Llama-3.3-70B-Instruct",
                         "fireworks_ai/accounts/fireworks/models/llama-v3p3-70b-instruct",
                         "meta.llama3-3-70b-instruct-v1:0",
                         "us.meta.llama3-3-70b-instruct-v1:0",
                         "hyperbolic/meta-llama/Llama-3.3-70B-Instruct",
                         "azure_ai/Llama-3.3-70B-Instruct",
                         "databricks/databricks-meta-llama-3-3-70b-instruct",
                     }));
  EXPECT_THAT(found, Not(Contains("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo-Free")));
  for (const std::string& key : found) {
    const std::string name = normalised_model_name(key);
    EXPECT_EQ(name.find("llama-3.1"), std::string::npos) << key;
    EXPECT_EQ(name.find("llama-3.2"), std::string::npos) << key;
    EXPECT_EQ(name.find("405b"), std::string::npos) << key;
    EXPECT_EQ(name.find("free"), std::string::npos) << key;
  }
  EXPECT_THAT(found, Not(Contains("cerebras/llama3.1-70b")));
  EXPECT_THAT(found, Not(Contains("nebius/meta-llama/Meta-Llama-3.1-70B-Instruct")));
  EXPECT_THAT(found, Not(Contains("snowflake/snowflake-llama-3.3-70b")));
  EXPECT_EQ(offers.size(), 27u);
  // The cheapest: hyperbolic and lambda_ai at 0.12 / 0.30, blend (0.36 + 0.30) / 4
  // = 0.165; hyperbolic first by key.
  EXPECT_EQ(offers[0].price->id, "hyperbolic/meta-llama/Llama-3.3-70B-Instruct");
  EXPECT_DOUBLE_EQ(blended_usd_per_1m(*offers[0].price), 0.165);
}

TEST(HostedOffers, ShippedQwen25And3) {
  const std::vector<std::string> qwen72 =
      keys(hosted_offers(shipped().api, shipped_model("Qwen/Qwen2.5-72B")));
  EXPECT_THAT(qwen72, IsSupersetOf(std::vector<std::string>{
                          "deepinfra/Qwen/Qwen2.5-72B-Instruct",
                          "hyperbolic/Qwen/Qwen2.5-72B-Instruct",
                          "nebius/Qwen/Qwen2.5-72B-Instruct",
                          "fireworks_ai/accounts/fireworks/models/qwen2p5-72b-instruct",
                          "fireworks_ai/accounts/fireworks/models/qwen2p5-72b",
                      }));
  EXPECT_EQ(qwen72.size(), 6u);
  EXPECT_THAT(qwen72, Not(Contains("deepinfra/Qwen/Qwen2.5-7B-Instruct")));
  EXPECT_THAT(qwen72, Not(Contains("nebius/Qwen/Qwen2.5-VL-72B-Instruct")));
  EXPECT_THAT(qwen72, Not(Contains("fireworks_ai/accounts/fireworks/models/qwen2-72b-instruct")));
  const std::vector<std::string> qwen7 =
      keys(hosted_offers(shipped().api, shipped_model("Qwen/Qwen2.5-7B")));
  EXPECT_THAT(qwen7, Contains("deepinfra/Qwen/Qwen2.5-7B-Instruct"));
  EXPECT_THAT(qwen7, Not(Contains("deepinfra/Qwen/Qwen2.5-72B-Instruct")));
  // Qwen3-235B-A22B: the 2507 update is other weights.
  const std::vector<std::string> qwen3 =
      keys(hosted_offers(shipped().api, shipped_model("Qwen/Qwen3-235B-A22B")));
  EXPECT_THAT(qwen3, Contains("deepinfra/Qwen/Qwen3-235B-A22B"));
  EXPECT_THAT(qwen3, Not(Contains("deepinfra/Qwen/Qwen3-235B-A22B-Instruct-2507")));
}

TEST(HostedOffers, ShippedLlama31AndMixtral) {
  const std::vector<HostedOffer> llama8 =
      hosted_offers(shipped().api, shipped_model("meta-llama/Llama-3.1-8B"));
  EXPECT_EQ(llama8.size(), 25u);
  EXPECT_EQ(llama8[0].price->id, "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo");
  EXPECT_EQ(llama8[0].variant, "instruct-turbo");
  EXPECT_THAT(keys(llama8), Not(Contains("bedrock/us-east-1/meta.llama3-8b-instruct-v1:0")));
  const std::vector<HostedOffer> mixtral =
      hosted_offers(shipped().api, shipped_model("mistralai/Mixtral-8x7B-v0.1"));
  EXPECT_EQ(mixtral.size(), 14u);
  EXPECT_THAT(keys(mixtral), Contains("mistral.mixtral-8x7b-instruct-v0:1"));
  EXPECT_THAT(keys(mixtral), Not(Contains("anyscale/mistralai/Mixtral-8x22B-Instruct-v0.1")));
  // Perplexity at 0.07 / 0.28: (0.21 + 0.28) / 4 = 0.1225.
  EXPECT_EQ(mixtral[0].price->id, "perplexity/mixtral-8x7b-instruct");
  EXPECT_DOUBLE_EQ(blended_usd_per_1m(*mixtral[0].price), 0.1225);
}

}  // namespace
}  // namespace llmtco
