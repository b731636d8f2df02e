// The small catalogs shipped in data/ and embedded in the binary: GPUs, number
// formats and serving engines. Lookups accept any case and report the nearest known name.
#pragma once

#include <string>
#include <vector>

#include "llmtco/engine.h"
#include "llmtco/gpu.h"
#include "llmtco/precision.h"

namespace llmtco {

const std::vector<Gpu>& gpu_catalog();
// Throws InputError: "unknown GPU 'h10' (nearest known GPU: 'h100-sxm')".
const Gpu& find_gpu(const std::string& id);

const std::vector<Precision>& precision_catalog();
// By id or alias. Throws InputError naming the nearest id and listing the ids.
const Precision& find_precision(const std::string& name);

// The KV-cache format that goes with `weights` unless one is chosen: FP8 with FP8
// weights (as vLLM's and TensorRT-LLM's FP8 recipes run), else BF16.
const Precision& default_kv_precision(const Precision& weights);

const std::vector<EngineProfile>& engine_catalog();
// By id. Throws InputError naming the nearest id and listing the ids.
const EngineProfile& find_engine(const std::string& id);

}  // namespace llmtco
