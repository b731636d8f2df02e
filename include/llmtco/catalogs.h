// The small catalogs shipped in data/ and embedded in the binary: GPUs and
// number formats. Lookups accept any case and report the nearest known name.
#pragma once

#include <string>
#include <vector>

#include "llmtco/gpu.h"
#include "llmtco/precision.h"

namespace llmtco {

const std::vector<Gpu>& gpu_catalog();
// Throws InputError: "unknown GPU 'h10' (nearest known GPU: 'h100-sxm')".
const Gpu& find_gpu(const std::string& id);

const std::vector<Precision>& precision_catalog();
// By id or alias. Throws InputError naming the nearest id and listing the ids.
const Precision& find_precision(const std::string& name);

}  // namespace llmtco
