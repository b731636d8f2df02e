// The catalogs built into the binary, for the tests that compute with the shipped
// data (the datasheets, model configs and price snapshot of data/).
#pragma once

#include "llmtco/builtin_catalogs.h"
#include "llmtco/resolve.h"

namespace llmtco {

inline const Catalogs& shipped() {
  return all_builtin_catalogs();
}

// One made-up API offer, "api": $100 per 1M tokens in and out, for the tests whose
// catalogs are hand-made.
inline ApiCatalog fake_api_catalog() {
  return {.prices = {{.id = "api",
                      .provider = "test",
                      .mode = "chat",
                      .input_usd_per_1m = 100,
                      .output_usd_per_1m = 100}},
          .source = "fake",
          .date = "2026-12-01"};
}

}  // namespace llmtco
