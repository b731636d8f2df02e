#include "cli_catalogs.h"

#include "llmtco/model_catalog.h"

namespace llmtco::cli {

Catalogs cli_catalogs(const CatalogParts& parts, const std::string& model) {
  Catalogs catalogs = builtin_catalogs(parts);
  catalogs.other_model_names = "or give a path to a config.json";
  add_model_path(catalogs, model);
  return catalogs;
}

}  // namespace llmtco::cli
