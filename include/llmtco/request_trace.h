// Reading a request trace for `llmtco simulate --trace`: one request a row, its
// arrival time and its prompt and output lengths (docs/formats.md, "Request
// traces"), from a CSV file or from a vLLM benchmark_serving result file.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llmtco/benchmark.h"
#include "llmtco/simulate.h"

namespace llmtco {

// The most requests one trace may hold.
inline constexpr std::size_t kMaxTraceRequests = 1'000'000;

struct RequestTrace {
  std::string path;                  // the file read
  std::vector<SimRequest> requests;  // in arrival order (ties: the file's order)
  // Where the arrival times came from, for a note: "the file" for CSV, or how
  // they were drawn for a result file, which records no arrival times.
  std::string arrivals;
};

// Parses CSV text with the header columns arrival_s, input_tokens and
// output_tokens (others are ignored). Throws InputError naming `source`, the line,
// the column, the value and what is valid: arrival_s a finite number >= 0,
// input_tokens a whole number >= 1, output_tokens one >= 0; at least one row and
// at most kMaxTraceRequests.
RequestTrace parse_request_trace_csv(std::string_view text, const std::string& source);

// The requests of a benchmark_serving result: its lengths, with arrival times
// drawn as a Poisson process at the file's request_rate from `seed`
// (generate_requests; an infinite rate: all at t = 0). Throws InputError naming
// the path for more than kMaxTraceRequests.
RequestTrace request_trace_of(const BenchmarkTrace& trace, std::uint64_t seed);

// Reads `path`: a result file (JSON) if it ends in ".json" or, with any other
// extension but ".csv", if its first character other than white space is '{';
// CSV otherwise. `seed` draws a result file's arrivals. Throws InputError if it
// cannot be read or parsed.
RequestTrace load_request_trace(const std::string& path, std::uint64_t seed);

}  // namespace llmtco
