#include "llmtco/hosted.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "llmtco/nearest.h"

namespace llmtco {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_letter(char c) {
  return c >= 'a' && c <= 'z';
}

// The end of the run of digits starting at `i`.
std::size_t digits_end(const std::string& s, std::size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

bool boundary(const std::string& s, std::size_t i) {
  return i == s.size() || s[i] == '-';
}

// Bedrock's keys: a cross-region prefix ("us.meta.llama3-3-...") and a revision
// suffix: "-v1:0" is Bedrock's first revision of an id that names no version of
// its own (Meta's), any other "-vX:Y" the model's version ("mistral-7b-instruct-v0:2"
// is Mistral-7B-Instruct-v0.2).
void drop_bedrock_parts(std::string& s) {
  constexpr std::array<std::string_view, 7> kRegions = {"us-gov.", "us.", "eu.",    "apac.",
                                                        "au.",     "jp.", "global."};
  for (std::string_view region : kRegions) {
    if (s.starts_with(region)) {
      s.erase(0, region.size());
      break;
    }
  }
  if (s.ends_with("-v1:0")) {
    s.erase(s.size() - 5);
    return;
  }
  const std::size_t v = s.rfind("-v");
  if (v == std::string::npos) return;
  const std::size_t major_end = digits_end(s, v + 2);
  if (major_end == v + 2 || major_end >= s.size() || s[major_end] != ':') return;
  if (digits_end(s, major_end + 1) == s.size() && major_end + 1 < s.size()) s[major_end] = '.';
}

// A leading organisation: "meta." / "mistral." / "qwen." (Bedrock, OCI), "meta-"
// before "llama" (Meta-Llama-3.1-8B), "databricks-" (Databricks' endpoint names).
void drop_org_prefix(std::string& s) {
  std::size_t letters = 0;
  while (letters < s.size() && is_letter(s[letters])) ++letters;
  if (letters > 0 && letters + 1 < s.size() && s[letters] == '.' && is_letter(s[letters + 1])) {
    s.erase(0, letters + 1);
  }
  if (s.starts_with("databricks-")) s.erase(0, 11);
  if (s.starts_with("meta-llama")) s.erase(0, 5);
}

// Fireworks writes a decimal point as 'p' between digits: "qwen2p5", "llama-v3p3".
void fireworks_decimals(std::string& s) {
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == 'p' && is_digit(s[i - 1]) && is_digit(s[i + 1])) s[i] = '.';
  }
  if (s.starts_with("llama-v") && s.size() > 7 && is_digit(s[7])) s.erase(6, 1);
}

// The family name and its generation as "family-N" or "family-N.M": llama3,
// Llama-3, llama-3 -> llama-3; llama3-3, llama-3-3, llama3.3 -> llama-3.3; qwen2.5
// -> qwen-2.5. A minor version is one run of digits ended by '-' or the end, so
// "llama-3-70b" keeps its size and "pythia-6.9b" is left alone.
void family_generation(std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && is_letter(s[i])) ++i;
  if (i == 0) return;
  const std::string family = s.substr(0, i);
  std::size_t j = i < s.size() && s[i] == '-' ? i + 1 : i;
  const std::size_t major_end = digits_end(s, j);
  if (major_end == j) return;
  std::string out = family + "-" + s.substr(j, major_end - j);
  std::size_t rest = major_end;
  if (major_end < s.size() && (s[major_end] == '-' || s[major_end] == '.')) {
    const std::size_t minor_end = digits_end(s, major_end + 1);
    if (minor_end > major_end + 1 && boundary(s, minor_end)) {
      out += "." + s.substr(major_end + 1, minor_end - major_end - 1);
      rest = minor_end;
    } else if (s[major_end] == '.') {
      return;
    }
  } else if (!boundary(s, major_end)) {
    return;
  }
  s = out + s.substr(rest);
}

std::vector<std::string> tokens_of(const std::string& name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('-', start), name.size());
    if (end > start) out.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A suffix that names how the weights are served, not which weights: instruct,
// chat and it (the instruct model of a base id, or the id's own); Together's
// turbo (FP8 of the same weights); Groq's versatile and instant; hf, Vertex's
// maas; fp8 with Cloudflare's fast and OCI's dynamic after it.
bool serving_token(const std::vector<std::string>& tokens, std::size_t i) {
  constexpr std::array<std::string_view, 9> kServing = {
      "instruct", "chat", "it", "turbo", "versatile", "instant", "hf", "maas", "fp8"};
  const std::string& t = tokens[i];
  if (std::find(kServing.begin(), kServing.end(), t) != kServing.end()) return true;
  return (t == "fast" || t == "dynamic") && i > 0 && tokens[i - 1] == "fp8";
}

// The tokens that name the weights.
std::vector<std::string> core_of(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!serving_token(tokens, i)) out.push_back(tokens[i]);
  }
  return out;
}

// "v0.1", "v3": a version token.
bool version_token(const std::string& t) {
  return t.size() > 1 && t[0] == 'v' && is_digit(t[1]) &&
         std::all_of(t.begin() + 1, t.end(), [](char c) { return is_digit(c) || c == '.'; });
}

// One of a model's names, as the catalog spells it and as matching compares it.
struct Name {
  const std::string* spelling;
  std::string normalised;
  std::vector<std::string> core;
};

std::vector<Name> names_of(const CatalogModel& model) {
  std::vector<Name> out;
  auto add = [&](const std::string& name) {
    if (name.empty()) return;
    std::string normalised = normalised_model_name(name);
    std::vector<std::string> core = core_of(tokens_of(normalised));
    out.push_back({&name, std::move(normalised), std::move(core)});
  };
  add(model.id);
  // A short name that drops the id's version (mistral-7b for Mistral-7B-v0.1) is
  // shorthand for the command line, not a claim about unversioned keys elsewhere.
  const std::vector<std::string>& id_core = out.empty() ? std::vector<std::string>{} : out[0].core;
  const std::string short_normalised = normalised_model_name(model.short_name);
  const std::vector<std::string> short_tokens = tokens_of(short_normalised);
  const bool drops_version = std::any_of(id_core.begin(), id_core.end(), [&](const std::string& t) {
    return version_token(t) &&
           std::find(short_tokens.begin(), short_tokens.end(), t) == short_tokens.end();
  });
  if (!drops_version) add(model.short_name);
  for (const std::string& alias : model.aliases) add(alias);
  return out;
}

// The serving suffixes of `hosted` that the id lacks, '-'-joined.
std::string variant_of(const std::vector<std::string>& hosted, const std::string& id_normalised) {
  const std::vector<std::string> id_tokens = tokens_of(id_normalised);
  std::string out;
  for (std::size_t i = 0; i < hosted.size(); ++i) {
    if (!serving_token(hosted, i)) continue;
    if (std::find(id_tokens.begin(), id_tokens.end(), hosted[i]) != id_tokens.end()) continue;
    out += (out.empty() ? "" : "-") + hosted[i];
  }
  return out;
}

// The name that `hosted` matches: one spelled the same, else the first of the same
// core; none if no core is the same.
const Name* matching_name(const std::vector<Name>& names, const std::string& hosted,
                          const std::vector<std::string>& core) {
  const Name* first = nullptr;
  for (const Name& name : names) {
    if (name.core != core) continue;
    if (name.normalised == hosted) return &name;
    if (first == nullptr) first = &name;
  }
  return first;
}

bool offered(const ApiPrice& p) {
  return (p.mode == "chat" || p.mode == "completion") && !p.fine_tuned &&
         (p.input_usd_per_1m > 0 || p.output_usd_per_1m > 0);
}

}  // namespace

double blended_usd_per_1m(const ApiPrice& price) {
  return kBlendInputShare * price.input_usd_per_1m +
         (1 - kBlendInputShare) * price.output_usd_per_1m;
}

std::string normalised_model_name(std::string_view name) {
  const std::size_t slash = name.rfind('/');
  std::string s = ascii_lowercase(slash == std::string_view::npos ? name : name.substr(slash + 1));
  drop_bedrock_parts(s);
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '_' || c == ' ' || c == ':'; }, '-');
  drop_org_prefix(s);
  fireworks_decimals(s);
  family_generation(s);
  std::string out;
  for (char c : s) {
    if (c == '-' && (out.empty() || out.back() == '-')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<HostedOffer> hosted_offers(const ApiCatalog& catalog, const CatalogModel& model) {
  const std::vector<Name> names = names_of(model);
  if (names.empty()) return {};
  std::vector<HostedOffer> out;
  for (const ApiPrice& p : catalog.prices) {
    if (!offered(p)) continue;
    std::string hosted = normalised_model_name(p.id);
    const std::vector<std::string> tokens = tokens_of(hosted);
    // A free tier (Together's "-Turbo-Free") is a rate-limited demo, not an offer.
    if (std::find(tokens.begin(), tokens.end(), "free") != tokens.end()) continue;
    const Name* name = matching_name(names, hosted, core_of(tokens));
    if (name == nullptr) continue;
    out.push_back({.price = &p,
                   .matched_name = *name->spelling,
                   .hosted_name = std::move(hosted),
                   .variant = variant_of(tokens, names[0].normalised)});
  }
  std::stable_sort(out.begin(), out.end(), [](const HostedOffer& a, const HostedOffer& b) {
    const double blend_a = blended_usd_per_1m(*a.price);
    const double blend_b = blended_usd_per_1m(*b.price);
    if (blend_a != blend_b) return blend_a < blend_b;
    return a.price->id < b.price->id;
  });
  return out;
}

}  // namespace llmtco
