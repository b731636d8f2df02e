// Gpu: an accelerator's datasheet specs (data/gpus.csv, from
// ../shared/data/gpus.csv with its sources). Rates are dense, not sparse.
#pragma once

#include <optional>
#include <string>

#include "llmtco/number_format.h"
#include "llmtco/units.h"

namespace llmtco {

struct Gpu {
  std::string id;      // catalog id, e.g. "h100-sxm"
  std::string name;    // "H100 SXM"
  std::string vendor;  // "NVIDIA"
  // Memory as sold: an "80 GB" H100 has 80 GiB of HBM (nvidia-smi: 81,559 MiB), so
  // the catalog's figure is read as GiB and converted to bytes once, here.
  double memory_gib = 0;
  double memory_bandwidth_tb_per_s = 0;  // TB/s, decimal
  double bf16_dense_tflops = 0;          // FP16 tensor for GPUs without BF16 (T4, V100)
  std::optional<double> fp8_dense_tflops;
  std::optional<double> fp4_dense_tflops;  // NVFP4 / MXFP4 tensor rate (Blackwell)
  std::optional<double> int8_dense_tops;
  std::string interconnect;
  double interconnect_gb_per_s = 0;  // GPU-to-GPU, bidirectional aggregate, GB/s
  double tdp_watts =
      0;  // the board's thermal design power, W (bought servers' power); 0: not listed

  double memory_bytes() const { return memory_gib * kBytesPerGib; }
  // The size as the datasheet names it: "80 GB" for an H100 (80 GiB).
  std::string memory_label() const { return format_number(memory_gib) + " GB"; }
};

}  // namespace llmtco
