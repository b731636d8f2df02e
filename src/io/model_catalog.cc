#include "llmtco/model_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "io/read_file.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/hf_config.h"
#include "llmtco/nearest.h"

namespace llmtco {
namespace {

constexpr const char* kCatalogPath = "data/models/catalog.json";

std::vector<CatalogModel> parse_catalog() {
  const auto json = nlohmann::json::parse(*embedded_file(kCatalogPath));
  std::vector<CatalogModel> models;
  for (const auto& entry : json.at("models")) {
    CatalogModel m;
    m.id = entry.at("id").get<std::string>();
    m.short_name = entry.at("short").get<std::string>();
    m.aliases = entry.value("aliases", std::vector<std::string>{});
    m.config_path = "data/models/" + entry.at("config").get<std::string>();
    if (entry.contains("published_params_total") && !entry["published_params_total"].is_null()) {
      m.published_params_total = entry["published_params_total"].get<std::int64_t>();
    }
    if (entry.contains("params_source") && entry["params_source"].is_string()) {
      m.params_source = entry["params_source"].get<std::string>();
    }
    models.push_back(std::move(m));
  }
  return models;
}

}  // namespace

const std::vector<CatalogModel>& model_catalog() {
  // The catalog is built into the binary and checked by the tests, so parsing it
  // cannot fail on a built binary.
  static const std::vector<CatalogModel> kModels = parse_catalog();
  return kModels;
}

const CatalogModel* find_catalog_model(const std::string& name) {
  const std::string key = ascii_lowercase(name);
  for (const CatalogModel& m : model_catalog()) {
    if (ascii_lowercase(m.id) == key || m.short_name == key) return &m;
    for (const std::string& alias : m.aliases) {
      if (ascii_lowercase(alias) == key) return &m;
    }
  }
  return nullptr;
}

namespace {

std::atomic<ModelFiles> model_files = ModelFiles::kRead;

}  // namespace

void set_model_files(ModelFiles policy) {
  model_files = policy;
}

ModelArch load_model(const std::string& name) {
  const bool read_files = model_files == ModelFiles::kRead;
  std::error_code ec;
  std::filesystem::path path(name);
  if (read_files && std::filesystem::is_directory(path, ec)) path /= "config.json";
  if (read_files && std::filesystem::exists(path, ec)) {
    return parse_hf_config(detail::read_text_file(path.string(), "model config"), path.string(),
                           name);
  }
  if (const CatalogModel* m = find_catalog_model(name)) {
    return parse_hf_config(*embedded_file(m->config_path), m->config_path, m->id);
  }
  std::vector<std::string_view> names;
  for (const CatalogModel& m : model_catalog()) {
    names.push_back(m.id);
    names.push_back(m.short_name);
  }
  throw InputError(fmt::format("unknown model '{}' (nearest known model: '{}'; {})", name,
                               nearest_name(name, names),
                               read_files ? "or give a path to a config.json"
                                          : "this server reads no files: a catalog name, see "
                                            "llmtco catalog models"));
}

}  // namespace llmtco
