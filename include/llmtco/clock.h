// The day of the run, read from the system clock by the shells (the core is given
// it: PriceChecks::today_iso), so that a price's age is counted from today.
#pragma once

#include <string>

namespace llmtco {

// Today in UTC, YYYY-MM-DD.
std::string today_utc_iso();

}  // namespace llmtco
