// Hosted open models: the API price entries (DeepInfra, Together, Groq, Bedrock,
// ...) that serve a catalog model's weights, found by comparing normalised model
// names; docs/catalog.md ("apis --model") gives the rules with examples.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "llmtco/api_price.h"
#include "llmtco/catalogs.h"

namespace llmtco {

// The share of input tokens in the blended price that orders the offers: 3 input
// tokens to 1 output token, the blend Artificial Analysis uses to compare API
// prices (artificialanalysis.ai, "Price: blended, 3:1").
inline constexpr double kBlendInputShare = 0.75;

// (3 x input + 1 x output) / 4, USD per 1M tokens.
double blended_usd_per_1m(const ApiPrice& price);

// A name as the matching compares it: the last '/' segment, lower case; Bedrock's
// region prefix ("us.") and revision ("-v1:0" dropped; "-v0:2" read as version
// v0.2); '_', ' ' and ':' as '-'; an org prefix dropped ("meta.", "mistral.",
// "qwen.", "meta-" before "llama", "databricks-"); Fireworks' "3p3" as "3.3" and
// "llama-v3" as "llama-3"; the family and its generation as "family-N[.M]"
// ("llama3-3", "Llama-3.3", "llama3.3" -> "llama-3.3"; "qwen2p5" -> "qwen-2.5").
// normalised_model_name("bedrock/us.meta.llama3-3-70b-instruct-v1:0") ==
// "llama-3.3-70b-instruct".
std::string normalised_model_name(std::string_view name);

// An API price entry that serves a catalog model.
struct HostedOffer {
  const ApiPrice* price = nullptr;  // the entry, in the ApiCatalog searched
  std::string matched_name;         // the model's name that matched, as the catalog spells it
  std::string hosted_name;  // the key's model name, normalised ("llama-3.3-70b-instruct-turbo")
  // The serving suffixes the key adds to the model's id, normalised and '-'-joined
  // ("instruct-turbo" for a base id hosted as its instruct model at FP8); empty: none.
  std::string variant;
};

// Every chat or completion entry of `catalog` whose normalised name is one of the
// model's names (the id's last segment, the aliases, and the short name unless it
// drops a version the id names) once serving suffixes that keep the weights are
// set aside on both sides: instruct, chat, it, turbo, versatile, instant, hf, maas,
// fp8, fp8-fast, fp8-dynamic. Left out: "free" tiers, entries priced 0 for both
// input and output, and fine-tunes ("ft:"). Cheapest blend first, then by key.
std::vector<HostedOffer> hosted_offers(const ApiCatalog& catalog, const CatalogModel& model);

}  // namespace llmtco
