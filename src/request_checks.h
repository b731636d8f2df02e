// The checks of the request structs (memory_report.h, perf_report.h,
// finetune_report.h, catalog_report.h): each throws FieldError naming the member,
// the bad value and what would be valid.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "llmtco/error.h"

namespace llmtco::detail {

// A whole number from `min` to `max`: "must be 1 to 64 (got 0)".
void check_whole(const char* field, std::int64_t value, std::int64_t min, std::int64_t max);

// A finite number above `min` (or at it, if `min_inclusive`) and at most `max`:
// "must be > 0 and <= 1,000 (got 0)", "must be between 0.01 and 1 (got 1.5)",
// "must be a finite number > 0 (got inf)" (an infinite `max`: no upper bound).
void check_number(const char* field, double value, double min, bool min_inclusive,
                  double max = std::numeric_limits<double>::infinity());

// One of `choices`; `what` names the kind of thing: "unknown method 'x' (valid:
// full, lora, qlora)".
void check_choice(const char* field, std::string_view what, std::string_view value,
                  std::span<const std::string_view> choices);

// Runs `lookup`, a lookup by name in a catalog; the InputError it throws for an
// unknown name (naming the nearest known one) becomes a FieldError of `field`.
template <typename Lookup>
decltype(auto) for_field(const char* field, Lookup&& lookup) {
  try {
    return lookup();
  } catch (const InputError& e) {
    throw FieldError(field, e.what());
  }
}

}  // namespace llmtco::detail
