// The model catalog: the config.json files shipped in data/models/ (embedded in
// the binary) and the names they answer to. A MODEL argument is a catalog id, a
// short name or alias (chat/instruct variants resolve to their base
// architecture), or a path to a config.json or to a directory holding one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmtco/model.h"

namespace llmtco {

struct CatalogModel {
  std::string id;                    // Hugging Face id, e.g. "meta-llama/Llama-2-70b-hf"
  std::string short_name;            // e.g. "llama-2-70b"
  std::vector<std::string> aliases;  // chat/instruct ids and names sharing the architecture
  std::string config_path;           // under data/models/
  std::optional<std::int64_t> published_params_total;  // as published, where known
  std::string params_source;                           // where that total is published
};

// Every catalog entry, in the catalog's order.
const std::vector<CatalogModel>& model_catalog();

// The catalog entry `name` resolves to (id, short name or alias, any case), or nullptr.
const CatalogModel* find_catalog_model(const std::string& name);

// The architecture of `name`: a path to an existing file or directory is read from
// disk, anything else is looked up in the catalog. Throws InputError for an unknown
// name (naming the nearest known one) or a bad config.json.
ModelArch load_model(const std::string& name);

// Whether load_model may read a path from disk: the command line does; the server,
// whose model names come from requests, takes catalog names only and reads no file.
// Process-wide, set once at start; the default reads.
enum class ModelFiles { kRead, kRefused };
void set_model_files(ModelFiles policy);

}  // namespace llmtco
