// The catalogs built into the binary, for the tests that compute with the shipped
// data (the datasheets, model configs and price snapshot of data/).
#pragma once

#include "llmtco/builtin_catalogs.h"
#include "llmtco/resolve.h"

namespace llmtco {

inline const Catalogs& shipped() {
  return all_builtin_catalogs();
}

}  // namespace llmtco
