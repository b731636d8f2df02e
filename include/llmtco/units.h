// Unit conversions, each defined once. Memory in the article and on cloud price
// pages is decimal: 1 GB = 1e9 bytes.
#pragma once

namespace llmtco {

inline constexpr double kBytesPerGb = 1e9;
inline constexpr double kTokensPerThousand = 1e3;
inline constexpr double kTokensPerMillion = 1e6;

}  // namespace llmtco
