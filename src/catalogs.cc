#include "llmtco/catalogs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <utility>

#include "llmtco/error.h"
#include "llmtco/nearest.h"

namespace llmtco {
namespace {

// The entry of `entries` that `matches` `name` (lowercased); throws InputError
// naming the nearest id and listing them all.
template <typename T, typename Matches>
const T& find_listed(const std::vector<T>& entries, const std::string& name, const char* what,
                     Matches matches) {
  const std::string key = ascii_lowercase(name);
  std::vector<std::string_view> ids;
  for (const T& entry : entries) {
    if (matches(entry, key)) return entry;
    ids.push_back(entry.id);
  }
  throw InputError(fmt::format("unknown {} '{}' (nearest known: '{}'; known: {})", what, name,
                               nearest_name(key, ids), fmt::join(ids, ", ")));
}

}  // namespace

const Gpu& find_gpu(const Catalogs& catalogs, const std::string& id) {
  const std::string key = ascii_lowercase(id);
  std::vector<std::string_view> ids;
  for (const Gpu& gpu : catalogs.gpus) {
    if (gpu.id == key) return gpu;
    ids.push_back(gpu.id);
  }
  throw InputError(
      fmt::format("unknown GPU '{}' (nearest known GPU: '{}')", id, nearest_name(key, ids)));
}

const Gpu* gpu_spec(const Catalogs& catalogs, const std::string& id) {
  for (const Gpu& gpu : catalogs.gpus) {
    if (gpu.id == id) return &gpu;
  }
  return nullptr;
}

const Precision& find_precision(const Catalogs& catalogs, const std::string& name) {
  return find_listed(
      catalogs.precisions, name, "precision", [](const Precision& p, const std::string& key) {
        return p.id == key || std::find(p.aliases.begin(), p.aliases.end(), key) != p.aliases.end();
      });
}

const Precision& default_kv_precision(const Catalogs& catalogs, const Precision& weights) {
  return find_precision(catalogs, weights.compute == MathRate::kFp8 ? "fp8" : "bf16");
}

namespace {

// "0.14.0", "v1.0", "1.0.0rc3", "0.6.3.post1": dotted numbers after an optional
// v, then anything that does not start with a digit or a dot (a pre-release,
// post-release or build tag, compared as the release it belongs to).
std::string_view version_numbers(std::string_view v) {
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  std::size_t end = 0;
  while (end < v.size() && (std::isdigit(static_cast<unsigned char>(v[end])) || v[end] == '.')) {
    ++end;
  }
  return v.substr(0, end);
}

bool is_version(std::string_view v) {
  const std::string_view numbers = version_numbers(v);
  return !numbers.empty() && std::isdigit(static_cast<unsigned char>(numbers.front())) &&
         numbers.find("..") == std::string_view::npos;
}

}  // namespace

int compare_versions(const std::string& a, const std::string& b) {
  auto parts = [](std::string_view v) {
    std::vector<long> out;
    const std::string numbers(version_numbers(v));
    std::size_t at = 0;
    while (at < numbers.size()) {
      const std::size_t dot = std::min(numbers.find('.', at), numbers.size());
      out.push_back(std::strtol(numbers.substr(at, dot - at).c_str(), nullptr, 10));
      at = dot + 1;
    }
    return out;
  };
  const std::vector<long> x = parts(a), y = parts(b);
  for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const long p = i < x.size() ? x[i] : 0, q = i < y.size() ? y[i] : 0;
    if (p != q) return p < q ? -1 : 1;
  }
  return 0;
}

const EngineProfile& find_engine_profile(std::span<const EngineProfile> engines,
                                         const std::string& id, const std::string& version) {
  const std::string key = ascii_lowercase(id);
  const EngineProfile* best = nullptr;
  std::vector<std::string_view> ids;
  std::vector<std::string> covers;
  for (const EngineProfile& e : engines) {
    if (std::find(ids.begin(), ids.end(), e.id) == ids.end()) ids.push_back(e.id);
    if (e.id != key) continue;
    covers.push_back(e.min_version.empty() ? e.version : e.min_version + "+");
    const bool fits = version.empty() || compare_versions(e.min_version, version) <= 0;
    if (fits && (best == nullptr || compare_versions(e.min_version, best->min_version) > 0)) {
      best = &e;
    }
  }
  if (covers.empty()) {
    throw InputError(fmt::format("unknown engine '{}' (nearest known: '{}'; known: {})", id,
                                 nearest_name(key, ids), fmt::join(ids, ", ")));
  }
  if (!version.empty() && !is_version(version)) {
    throw InputError(fmt::format(
        "engine version '{}' must be dotted numbers, e.g. 0.14 or 1.0.0rc3 (profiles of {}: {})",
        version, key, fmt::join(covers, ", ")));
  }
  if (best == nullptr) {
    throw InputError(fmt::format("no {} profile for version '{}' (profiles: {})", key, version,
                                 fmt::join(covers, ", ")));
  }
  return *best;
}

const EngineProfile& find_engine(const Catalogs& catalogs, const std::string& id,
                                 const std::string& version) {
  return find_engine_profile(catalogs.engines, id, version);
}

namespace {

// The suffixes of quantized repositories on Hugging Face, as their publishers name
// them: Qwen "-AWQ", "-GPTQ-Int4", "-GPTQ-Int8", "-FP8"; Neural Magic / Red Hat
// "-FP8", "-FP8-dynamic", "-quantized.w4a16", "-quantized.w8a16", "-W4A16";
// unsloth "-bnb-4bit", "-unsloth-bnb-4bit"; NVIDIA ModelOpt "-FP4" and "-NVFP4";
// hugging-quants "-AWQ-INT4", "-GPTQ-INT4"; TheBloke "-AWQ" and "-GPTQ" (4-bit
// unless the name says otherwise).
// AWQ and 4-bit GPTQ store int4 weights with group scales (int4 of
// data/precisions.json); unsloth's bitsandbytes 4-bit checkpoints are NF4; NVIDIA's
// FP4 checkpoints are NVFP4.
constexpr NameFormat kNameFormats[] = {
    {"-FP8-dynamic", "fp8"},
    {"-FP8", "fp8"},
    {"-AWQ", "int4"},
    {"-GPTQ-Int4", "int4"},
    {"-GPTQ-Int8", "int8"},
    {"-quantized.w4a16", "int4"},
    {"-quantized.w8a16", "int8"},
    {"-W4A16", "int4"},
    {"-W8A16", "int8"},
    {"-unsloth-bnb-4bit", "nf4"},
    {"-bnb-4bit", "nf4"},
    {"-bnb-8bit", "int8-llm-int8"},
    {"-NVFP4", "nvfp4"},
    {"-FP4", "nvfp4"},
    {"-AWQ-INT4", "int4"},
    {"-GPTQ", "int4"},
};

// A repository id without its organisation: "Llama-3.3-70B-Instruct".
std::string_view repo_name(std::string_view id) {
  const std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

// `key` (lowercased) less the format suffix it ends in, and the suffix's index in
// kNameFormats; -1 for none.
std::pair<std::string, std::ptrdiff_t> without_format(const std::string& key) {
  for (std::size_t i = 0; i < std::size(kNameFormats); ++i) {
    const std::string suffix = ascii_lowercase(kNameFormats[i].suffix);
    if (key.size() > suffix.size() && key.ends_with(suffix)) {
      return {key.substr(0, key.size() - suffix.size()), static_cast<std::ptrdiff_t>(i)};
    }
  }
  return {key, -1};
}

// True if m's id, short name or an alias is `key` (lowercased); with `any_org`,
// true also if one has key's repository name under another organisation (catalog
// entries only: a path is its own name).
bool answers_to(const CatalogModel& m, const std::string& key, bool any_org) {
  if (any_org && m.short_name.empty()) return false;
  auto same = [&](std::string_view name) {
    const std::string lower = ascii_lowercase(name);
    return any_org ? repo_name(lower) == repo_name(key) : lower == key;
  };
  return same(m.id) || (!m.short_name.empty() && same(m.short_name)) ||
         std::any_of(m.aliases.begin(), m.aliases.end(), same);
}

const CatalogModel* find_by_name(const Catalogs& catalogs, const std::string& key) {
  for (const bool any_org : {false, true}) {
    for (const CatalogModel& m : catalogs.models) {
      if (answers_to(m, key, any_org)) return &m;
    }
  }
  return nullptr;
}

// The entry `name` resolves to and the index of the format its suffix names (-1:
// the entry's own), or nullptr. A path is matched as written, before any name.
std::pair<const CatalogModel*, std::ptrdiff_t> resolve_name(const Catalogs& catalogs,
                                                            const std::string& name) {
  for (const CatalogModel& m : catalogs.models) {
    if (m.id == name) return {&m, -1};
  }
  const std::string key = ascii_lowercase(name);
  if (const CatalogModel* m = find_by_name(catalogs, key)) return {m, -1};
  const auto [base, format] = without_format(key);
  const CatalogModel* m = format < 0 ? nullptr : find_by_name(catalogs, base);
  if (m == nullptr || m->formats.size() != std::size(kNameFormats)) return {nullptr, -1};
  return {m, format};
}

// What an unknown `name` most likely meant: the nearest of the short names and the
// ids' repository names, any case, the organisation and a format suffix set aside
// ("unsloth/DeepSeek-V4-bnb-4bit" is compared as "deepseek-v4"). Shown as written
// in the catalog: the short name, or the whole id.
std::string nearest_model(const Catalogs& catalogs, const std::string& name) {
  const std::string query = without_format(ascii_lowercase(repo_name(name))).first;
  std::vector<std::string> keys;
  std::vector<std::string_view> shown;
  for (const CatalogModel& m : catalogs.models) {
    if (!m.short_name.empty()) {  // before the id: the shorter name of equals
      keys.push_back(m.short_name);
      shown.push_back(m.short_name);
    }
    keys.push_back(ascii_lowercase(repo_name(m.id)));
    shown.push_back(m.id);
  }
  const std::vector<std::string_view> views(keys.begin(), keys.end());
  const std::string_view best = nearest_name(query, views);
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (views[i].data() == best.data()) return std::string(shown[i]);
  }
  return "";
}

}  // namespace

std::span<const NameFormat> name_formats() {
  return kNameFormats;
}

void add_name_formats(CatalogModel& m) {
  m.formats.clear();
  for (const NameFormat& format : kNameFormats) {
    ModelArch arch = m.arch;
    arch.checkpoint_precision = format.precision;
    arch.checkpoint_format_note = fmt::format("from the repo name suffix {}", format.suffix);
    m.formats.push_back(std::move(arch));
  }
}

const CatalogModel* find_catalog_model(const Catalogs& catalogs, const std::string& name) {
  return resolve_name(catalogs, name).first;
}

const ModelArch& find_model(const Catalogs& catalogs, const std::string& name) {
  const auto [m, format] = resolve_name(catalogs, name);
  if (m != nullptr) return format < 0 ? m->arch : m->formats[static_cast<std::size_t>(format)];
  throw InputError(fmt::format("unknown model '{}' (nearest known model: '{}'; {})", name,
                               nearest_model(catalogs, name), catalogs.other_model_names));
}

const ApiPrice& find_api(const ApiCatalog& catalog, const std::string& id) {
  const std::string key = ascii_lowercase(id);
  std::vector<std::string_view> ids;
  for (const ApiPrice& p : catalog.prices) {
    if (ascii_lowercase(p.id) == key) return p;
    ids.push_back(p.id);
  }
  throw InputError(
      fmt::format("unknown API model '{}' (nearest known: '{}')", id, nearest_name(key, ids)));
}

std::string api_family(const std::string& id) {
  std::string family = ascii_lowercase(id);
  if (family.starts_with("ft:")) family.erase(0, 3);
  // "-YYYY-MM-DD": 11 characters, a dash before each part.
  constexpr std::size_t kDateSuffix = 11;
  if (family.size() > kDateSuffix) {
    const std::string_view date = std::string_view(family).substr(family.size() - kDateSuffix);
    bool dated = true;
    for (std::size_t i = 0; i < date.size(); ++i) {
      const bool dash = i == 0 || i == 5 || i == 8;
      dated = dated && (dash ? date[i] == '-' : date[i] >= '0' && date[i] <= '9');
    }
    if (dated) family.resize(family.size() - kDateSuffix);
  }
  return family;
}

const ApiPrice* find_fine_tuned_api(const ApiCatalog& catalog, const ApiPrice& base) {
  const std::string exact = "ft:" + ascii_lowercase(base.id);
  const std::string family = api_family(base.id);
  const ApiPrice* first = nullptr;
  for (const ApiPrice& p : catalog.prices) {
    if (!p.fine_tuned) continue;
    if (ascii_lowercase(p.id) == exact) return &p;
    if (!first && api_family(p.id) == family) first = &p;
  }
  return first;
}

}  // namespace llmtco
