// InputError: the one error type. It is thrown only where outside input enters
// (files, flags, HTTP bodies) and caught by the shells, which print its one-line
// message; the core does not throw on validated input. FieldError is the kind a
// request struct's check throws: it names the member, so that each shell can say
// it its own way.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace llmtco {

class InputError : public std::runtime_error {
 public:
  // `message` names the source, the field, the bad value and what would be valid,
  // e.g. "scenario.yaml:12:5: workload.tokens_per_word must be > 0 (got -3)".
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// A bad value of one named input of a request struct. `field` is the member's name
// (snake_case, e.g. "tp", "lora_targets", "dataset_tokens"); each shell names it its
// own way: the CLI as its flag ("--tp"), the HTTP API as a JSON path ("options.tp").
class FieldError : public InputError {
 public:
  // `problem` says what is wrong, the value and what would be valid, e.g. "must be
  // 1 to 64 (got 0)" or "unknown module 'foo' (valid: q, k, v, o, gate, up, down)".
  // what() is field + ": " + problem.
  FieldError(std::string field, std::string problem)
      : InputError(field + ": " + problem),
        field_(std::move(field)),
        problem_(std::move(problem)) {}

  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string field_;
  std::string problem_;
};

}  // namespace llmtco
