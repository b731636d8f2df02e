// Launch files for a plan's cheapest deployment (`llmtco plan --emit`): the
// engine's command line with the numbers the plan assumed (tensor parallel size,
// data-parallel copies, weight and KV formats, the longest request, the engine
// profile's batch and memory limits), and a SkyPilot task with a SkyServe service
// that runs it on the plan's instance type in its region. docs/plan.md, "Launch
// files".
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "llmtco/plan_search.h"

namespace llmtco {

enum class LaunchKind { kVllm, kSglang, kSkypilot };
inline constexpr std::array<std::string_view, 3> kLaunchKinds = {"vllm", "sglang", "skypilot"};

// By name; throws InputError naming the valid names.
LaunchKind parse_launch_kind(const std::string& name);

// The port both engines listen on in the launch files (vLLM's default).
inline constexpr int kLaunchPort = 8000;

// The engine settings that serve a plan: each the plan's own number.
struct EngineLaunch {
  std::string engine;   // "vllm" or "sglang": the plan's engine profile
  std::string model;    // the Hugging Face repository (or local directory) served
  int tp = 1;           // GPUs per copy: the plan's tensor-parallel size
  int dp = 1;           // copies per instance: data-parallel engines behind one port
  std::string weights;  // the plan's weight format, a precision id
  // The engine's --quantization: "fp8" to quantize a 16-bit checkpoint on loading;
  // "" when the checkpoint is stored in the plan's format (its config says so).
  std::string quantization;
  bool fp8_kv = false;                // the plan's KV cache is FP8
  std::int64_t max_model_len = 0;     // longest_capacity_request_tokens
  std::int64_t max_num_seqs = 0;      // the engine profile's
  double gpu_memory_utilization = 0;  // the engine profile's
  std::string min_version;            // the engine profile's, at least
  int port = kLaunchPort;
};

// Whether vLLM and SGLang serve `weights` from `model`'s checkpoint: in the
// checkpoint's own format, 16-bit from a 16-bit checkpoint, or FP8 quantized on
// loading (--quantization fp8). Other formats need a checkpoint stored in them.
bool engine_loads(const Precision& weights, const ModelArch& model);

// The search --emit launches: plan's, except that a search of every format
// (self_host.precision auto) tries only those the engine loads from the checkpoint
// named (engine_loads); its top plan only.
PlanSearch launch_search(const Catalogs& catalogs, const Scenario& scenario,
                         const PriceChecks& checks = {});

// The settings for the search's top plan, served from `model` (the name the
// scenario gave when it is a repository id, else the catalog's id). Throws
// InputError when there is no plan, when the plan's engine is not vLLM or SGLang,
// or when its weight format needs a pre-quantized checkpoint other than `model`'s.
EngineLaunch engine_launch(const PlanSearch& search, const std::string& model);

// The engine's command line, one line.
std::string engine_command(const EngineLaunch& launch);

// `kind` for the search's top plan: comment lines naming the plan, then the
// command line (vllm, sglang; the engine must be the plan's) or a SkyPilot task
// YAML (skypilot). Throws InputError as engine_launch does, and when `kind`
// names another engine than the plan's.
std::string launch_file(const PlanSearch& search, LaunchKind kind);

}  // namespace llmtco
