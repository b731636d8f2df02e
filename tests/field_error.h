// What the report builders' checks throw: the FieldError's field and problem, so a
// test can say both in one comparison.
#pragma once

#include <ostream>
#include <string>

#include "llmtco/error.h"

namespace llmtco {

struct Caught {
  std::string field;
  std::string problem;
  bool operator==(const Caught&) const = default;
  friend void PrintTo(const Caught& c, std::ostream* os) { *os << c.field << ": " << c.problem; }
};

// The FieldError `build` throws, or {"(none)", ""} if it throws none.
template <typename Build>
Caught field_error(Build&& build) {
  try {
    build();
  } catch (const FieldError& e) {
    return {e.field(), e.problem()};
  }
  return {"(none)", ""};
}

// The InputError's message `build` throws, or "(no error)" if it throws none.
template <typename Build>
std::string input_error(Build&& build) {
  try {
    build();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace llmtco
