#include "llmtco/catalogs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>

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

const CatalogModel* find_catalog_model(const Catalogs& catalogs, const std::string& name) {
  const std::string key = ascii_lowercase(name);
  for (const CatalogModel& m : catalogs.models) {
    if (m.id == name || ascii_lowercase(m.id) == key || m.short_name == key) return &m;
    for (const std::string& alias : m.aliases) {
      if (ascii_lowercase(alias) == key) return &m;
    }
  }
  return nullptr;
}

const ModelArch& find_model(const Catalogs& catalogs, const std::string& name) {
  if (const CatalogModel* m = find_catalog_model(catalogs, name)) return m->arch;
  std::vector<std::string_view> names;
  for (const CatalogModel& m : catalogs.models) {
    names.push_back(m.id);
    if (!m.short_name.empty()) names.push_back(m.short_name);
  }
  throw InputError(fmt::format("unknown model '{}' (nearest known model: '{}'; {})", name,
                               nearest_name(name, names), catalogs.other_model_names));
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
