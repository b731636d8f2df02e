// Precision: how many bits a stored weight (or KV-cache value) takes, scales
// included, for the number formats in data/precisions.json.
#pragma once

#include <string>
#include <vector>

#include "llmtco/units.h"

namespace llmtco {

// One level of quantization scales: `bits` stored per `block` values.
struct ScaleLevel {
  double bits = 0;
  double block = 1;
};

enum class QuantizedWeights {
  kAll,      // every weight is stored in this format
  kLinear,   // only the transformer blocks' linear layers; embeddings, lm_head, norms
             // and biases stay 16-bit
  kExperts,  // only the routed experts' matrices (gpt-oss MXFP4); the rest 16-bit
};

// The tensor-core rate a format's matrix multiplies run at: weight-only formats
// dequantize to 16-bit and run at the BF16 rate; FP8 and FP4 run at their own
// rate where the GPU has one (else through weight-only kernels at the BF16 rate).
enum class MathRate { kBf16, kFp8, kInt8, kFp4 };

struct Precision {
  std::string id;  // "bf16", "int4", ...
  std::vector<std::string> aliases;
  double value_bits = 16;
  std::vector<ScaleLevel> scales;
  QuantizedWeights quantizes = QuantizedWeights::kAll;
  MathRate compute = MathRate::kBf16;
  std::string note;

  // value_bits + sum of scale bits / block: 4.15625 for int4 with group size 128.
  double bits_per_weight() const;
  double bytes_per_weight() const { return bits_per_weight() / kBitsPerByte; }
};

// 16-bit storage for what a weight-only format leaves unquantized.
inline constexpr double kUnquantizedBytes = 2.0;

}  // namespace llmtco
