#include "field_flags.h"

#include <fmt/format.h>

#include <algorithm>

#include "llmtco/number_format.h"

namespace llmtco::cli {

std::string flag_message(const FieldError& error, std::span<const FieldFlag> renamed) {
  const auto it = std::find_if(renamed.begin(), renamed.end(),
                               [&](const FieldFlag& f) { return f.field == error.field(); });
  std::string flag;
  if (it != renamed.end()) {
    if (it->flag.empty()) return error.problem();
    flag = it->flag;
  } else {
    flag = "--" + error.field();
    std::replace(flag.begin(), flag.end(), '_', '-');
  }
  return flag + ": " + error.problem();
}

void check_count_flag(std::string_view flag, std::size_t value, std::size_t max) {
  if (value > max) {
    throw InputError(fmt::format("{}: must be 0 to {} (got {})", flag,
                                 format_number(static_cast<double>(max)), value));
  }
}

}  // namespace llmtco::cli
