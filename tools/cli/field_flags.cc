#include "field_flags.h"

#include <algorithm>

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

}  // namespace llmtco::cli
