#include "llmtco/precision.h"

namespace llmtco {

double Precision::bits_per_weight() const {
  double bits = value_bits;
  for (const ScaleLevel& level : scales) bits += level.bits / level.block;
  return bits;
}

}  // namespace llmtco
