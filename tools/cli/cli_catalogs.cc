#include "cli_catalogs.h"

#include "llmtco/error.h"
#include "llmtco/model_catalog.h"

namespace llmtco::cli {

Catalogs cli_catalogs(const CatalogParts& parts, const std::string& model,
                      const std::string& field) {
  Catalogs catalogs = builtin_catalogs(parts);
  catalogs.other_model_names = "or give a path to a config.json";
  try {
    add_model_path(catalogs, model);
  } catch (const InputError& e) {
    if (field.empty()) throw;
    throw FieldError(field, e.what());
  }
  return catalogs;
}

}  // namespace llmtco::cli
