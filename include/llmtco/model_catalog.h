// The model catalog built into the binary (data/models/: config.json files and the
// names they answer to), and the models a shell reads from paths: a MODEL argument
// is a catalog id, a short name or alias, or a path to a config.json or to a
// directory holding one.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>
#include <vector>

#include "llmtco/catalogs.h"

namespace llmtco {

// Every built-in entry, in the catalog's order, its config.json parsed.
const std::vector<CatalogModel>& model_catalog();

// If `name` is an existing file, or a directory with a config.json, reads it and
// puts it first in catalogs.models under the id `name` (so it wins over a catalog
// name); anything else is left for find_model. Throws InputError for a config.json
// that cannot be read or parsed.
void add_model_path(Catalogs& catalogs, const std::string& name);

}  // namespace llmtco
