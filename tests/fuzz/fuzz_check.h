// The oracle every fuzz target shares: what must hold of a report computed from
// any input that passed the input checks. A violation aborts with a line saying
// which, so that libFuzzer keeps the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "llmtco/report.h"
#include "llmtco/validate.h"
#include "llmtco/verdict_report.h"

namespace llmtco::fuzz {

// The compare report of a fuzzed scenario: 200 Monte Carlo draws (the CLI's
// default is 10,000) run the same code at a fiftieth of the time.
inline const CompareSettings kCompareSettings{.samples = 200};

// The fuzzer's bytes as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The text's lines, split at '\n' (no line for a final newline).
std::vector<std::string_view> lines_of(std::string_view text);

// The first line and the rest after its newline.
std::pair<std::string_view, std::string_view> split_first_line(std::string_view text);

// Runs `step`; an InputError (the one error type bad input may raise) ends it.
// Any other exception escapes and is a finding.
void unless_input_error(const std::function<void()>& step);

// Aborts, naming `what`, unless `value` is finite.
void expect_finite(double value, std::string_view what);

// Every prediction and error of a validation, and every summary figure, is finite.
void check_validation(const Validation& v);

// Every figure's value and inputs are finite, the tables and charts pass
// check_finite, and every renderer (text, JSON, Markdown, HTML; plain and
// explained) prints the report without throwing.
void check_report(const Report& report);

}  // namespace llmtco::fuzz
