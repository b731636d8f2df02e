#include "request_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "llmtco/number_format.h"

namespace llmtco::detail {

void check_whole(const char* field, std::int64_t value, std::int64_t min, std::int64_t max) {
  if (value < min || value > max) {
    throw FieldError(
        field, fmt::format("must be {} to {} (got {})", format_number(static_cast<double>(min)),
                           format_number(static_cast<double>(max)), value));
  }
}

void check_number(const char* field, double value, double min, bool min_inclusive, double max) {
  const std::string low = fmt::format("{} {}", min_inclusive ? ">=" : ">", format_bound(min));
  const std::string valid =
      !std::isfinite(max) ? low
      : min_inclusive     ? fmt::format("between {} and {}", format_bound(min), format_bound(max))
                          : fmt::format("{} and <= {}", low, format_bound(max));
  if (!std::isfinite(value)) {
    throw FieldError(field, fmt::format("must be a finite number {} (got {})", valid, value));
  }
  if (value < min || (value == min && !min_inclusive) || value > max) {
    throw FieldError(field, fmt::format("must be {} (got {})", valid, value));
  }
}

void check_choice(const char* field, std::string_view what, std::string_view value,
                  std::span<const std::string_view> choices) {
  if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
    throw FieldError(
        field, fmt::format("unknown {} '{}' (valid: {})", what, value, fmt::join(choices, ", ")));
  }
}

}  // namespace llmtco::detail
