// A request struct's errors in the CLI's words: a FieldError names the struct's
// member ("context_tokens"); the CLI names the flag that sets it ("--context").
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "llmtco/error.h"

namespace llmtco::cli {

// A member whose flag is not "--" and its name with '-' for '_'. An empty flag
// stands for the positional argument: its errors name the value already, so they
// are the problem alone ("unknown model 'llama-2-70' (nearest known ...)").
struct FieldFlag {
  std::string_view field;
  std::string_view flag;
};

// "--flag: problem".
std::string flag_message(const FieldError& error, std::span<const FieldFlag> renamed);

// A count flag from 0 to `max`: "--top: must be 0 to 100,000 (got 200000)".
void check_count_flag(std::string_view flag, std::size_t value, std::size_t max);

// Runs `build` (a report builder of the core) and returns what it does; a
// FieldError it throws becomes an InputError naming the flag.
template <typename Build>
auto with_flag_errors(std::span<const FieldFlag> renamed, Build&& build) {
  try {
    return build();
  } catch (const FieldError& e) {
    throw InputError(flag_message(e, renamed));
  }
}

}  // namespace llmtco::cli
