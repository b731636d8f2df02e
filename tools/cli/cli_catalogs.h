// The catalogs a command of the command line hands to its report: the built-in
// ones it needs, with any model named by a path read from disk.
#pragma once

#include <string>

#include "llmtco/builtin_catalogs.h"

namespace llmtco::cli {

// builtin_catalogs(parts), with `model` added when it names a config.json or its
// directory (add_model_path); unknown model names suggest a path. A config.json
// that cannot be read is an error of `field` (the scenario field the model came
// from; empty for a MODEL argument).
Catalogs cli_catalogs(const CatalogParts& parts, const std::string& model,
                      const std::string& field = "");

}  // namespace llmtco::cli
