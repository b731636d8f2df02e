// InputError: the one error type. It is thrown only where outside input enters
// (files, flags, HTTP bodies) and caught by the shells, which print its one-line
// message; the core does not throw on validated input.
#pragma once

#include <stdexcept>
#include <string>

namespace llmtco {

class InputError : public std::runtime_error {
 public:
  // `message` names the source, the field, the bad value and what would be valid,
  // e.g. "scenario.yaml:12:5: workload.tokens_per_word must be > 0 (got -3)".
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace llmtco
