// The catalogs built into the binary (data/, embedded), parsed once per process:
// GPUs, number formats, serving engines, models, cloud instances, API prices and
// the calibration benchmarks; and Catalogs values made of them for the shells.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <vector>

#include "llmtco/catalogs.h"

namespace llmtco {

const std::vector<Gpu>& gpu_catalog();
const std::vector<Precision>& precision_catalog();
const std::vector<EngineProfile>& engine_catalog();
const std::vector<SpotReclaimRate>& spot_reclaim_catalog();
const std::vector<ServerPrice>& server_catalog();  // data/servers/servers.csv

// The parts a command needs beyond GPUs, formats, engines and models, which every
// value has: the instance and API price snapshots each take tens of milliseconds
// to parse. The instances come with the bought servers' prices.
struct CatalogParts {
  bool instances = true;
  bool api = true;
  bool rate_limits = true;
  bool benchmarks = true;
};

// A copy of the built-in catalogs, with the parts asked for.
Catalogs builtin_catalogs(const CatalogParts& parts = {});

// All of them, built once (the server, the tests).
const Catalogs& all_builtin_catalogs();

}  // namespace llmtco
