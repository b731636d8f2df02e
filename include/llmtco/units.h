// Unit conversions and calendar constants, each defined once, with its source.
// Memory in the article and on cloud price pages is decimal: 1 GB = 1e9 bytes; GPU
// memory is binary (GiB) though datasheets print it as "GB" (gpu.h).
#pragma once

namespace llmtco {

// Time.
inline constexpr double kHoursPerDay = 24.0;
inline constexpr double kMonthsPerYear = 12.0;
inline constexpr double kHoursPerYear = 8760.0;  // 365 days x 24 h, the year cloud prices use
// 730: the month of AWS, GCP and Azure price pages (8,760 / 12).
inline constexpr double kHoursPerMonth = kHoursPerYear / kMonthsPerYear;
inline constexpr double kDaysPerMonth = kHoursPerMonth / kHoursPerDay;  // 30.42 (730 / 24)
inline constexpr double kMinutesPerHour = 60.0;
inline constexpr double kSecondsPerHour = 3600.0;                         // 60 x 60 (SI)
inline constexpr double kSecondsPerDay = kSecondsPerHour * kHoursPerDay;  // 86,400
inline constexpr double kMsPerSecond = 1e3;                               // SI prefix milli
inline constexpr double kUsPerSecond = 1e6;                               // SI prefix micro

// Bytes and rates.
inline constexpr double kBitsPerByte = 8.0;
inline constexpr double kBytesPerGb = 1e9;            // SI giga
inline constexpr double kBytesPerTb = 1e12;           // SI tera (memory bandwidth in TB/s)
inline constexpr double kBytesPerGib = 1073741824.0;  // 2^30 (IEC gibi)
inline constexpr double kFlopsPerTflop = 1e12;        // SI tera (also TOPS: ops per tera-op)

// Tokens: API prices are quoted per 1K or per 1M tokens.
inline constexpr double kTokensPerThousand = 1e3;
inline constexpr double kTokensPerMillion = 1e6;

}  // namespace llmtco
