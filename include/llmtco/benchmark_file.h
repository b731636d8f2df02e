// Reading benchmark files (data/benchmarks/README.md's CSV format).
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>
#include <string_view>
#include <vector>

#include "llmtco/benchmark.h"

namespace llmtco {

// Parses the CSV text of a benchmark file. Throws InputError naming `source`, the
// line, the column, the value and what is valid, for a missing column or a value
// of the wrong kind (a name the catalogs do not know is not an error here).
std::vector<BenchmarkRow> parse_benchmarks(std::string_view text, const std::string& source);

// Reads and parses `path`; throws InputError if it cannot be read.
std::vector<BenchmarkRow> load_benchmark_file(const std::string& path);

}  // namespace llmtco
