#include "llmtco/model_catalog.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "io/read_file.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/hf_config.h"

namespace llmtco {
namespace {

constexpr const char* kCatalogPath = "data/models/catalog.json";

// A text field of a catalog entry; "" when it is absent or null.
std::string text_or_empty(const nlohmann::json& entry, const char* key) {
  return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>() : "";
}

std::vector<CatalogModel> parse_catalog() {
  const auto json = nlohmann::json::parse(*embedded_file(kCatalogPath));
  std::vector<CatalogModel> models;
  for (const auto& entry : json.at("models")) {
    CatalogModel m;
    m.id = entry.at("id").get<std::string>();
    m.short_name = entry.at("short").get<std::string>();
    m.aliases = entry.value("aliases", std::vector<std::string>{});
    m.config_source = "data/models/" + entry.at("config").get<std::string>();
    m.arch = parse_hf_config(*embedded_file(m.config_source), m.config_source, m.id);
    if (entry.contains("published_params_total") && !entry["published_params_total"].is_null()) {
      m.published_params_total = entry["published_params_total"].get<std::int64_t>();
    }
    m.published_params_rounded = text_or_empty(entry, "published_params_rounded");
    m.published_params_active = text_or_empty(entry, "published_params_active");
    m.active_convention = text_or_empty(entry, "active_convention");
    m.params_source = text_or_empty(entry, "params_source");
    add_name_formats(m);
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

void add_model_path(Catalogs& catalogs, const std::string& name) {
  std::error_code ec;
  std::filesystem::path path(name);
  const bool directory = std::filesystem::is_directory(path, ec);
  if (directory) path /= "config.json";
  if (!std::filesystem::exists(path, ec)) {
    if (directory && find_catalog_model(catalogs, name) == nullptr) {
      throw InputError(
          fmt::format("model '{}' is a directory without a config.json (valid: a "
                      "config.json, a directory holding one, or a catalog name)",
                      name));
    }
    return;
  }
  CatalogModel m{.id = name, .config_source = path.string()};
  m.arch =
      parse_hf_config(detail::read_text_file(path.string(), "model config"), path.string(), name);
  catalogs.models.insert(catalogs.models.begin(), std::move(m));
}

}  // namespace llmtco
