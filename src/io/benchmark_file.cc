#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "io/csv.h"
#include "io/read_file.h"
#include "llmtco/benchmark.h"
#include "llmtco/error.h"

namespace llmtco {
namespace {

struct Cursor {
  const std::string& source;
  int line;
  [[noreturn]] void fail(std::string_view column, const std::string& value,
                         std::string_view valid) const {
    throw InputError(fmt::format("{}:{}: column '{}' must be {} (got '{}')", source, line, column,
                                 valid, value));
  }
};

double number(const Cursor& at, std::string_view column, const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value <= 0) {
    at.fail(column, text, "a finite number > 0");
  }
  return value;
}

std::int64_t count(const Cursor& at, std::string_view column, const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1) {
    at.fail(column, text, "a whole number >= 1");
  }
  return value;
}

int small_count(const Cursor& at, std::string_view column, const std::string& text) {
  const std::int64_t value = count(at, column, text);
  if (value > 4096) at.fail(column, text, "a whole number from 1 to 4096");
  return static_cast<int>(value);
}

}  // namespace

std::vector<BenchmarkRow> parse_benchmarks(std::string_view text, const std::string& source) {
  const detail::CsvTable table = detail::parse_csv(text, source);
  auto col = [&](std::string_view name) { return detail::csv_column(table, name, source); };
  const std::size_t model = col("model"), gpu = col("gpu"), num_gpus = col("num_gpus"),
                    tp = col("tp"), pp = col("pp"), precision = col("precision"),
                    engine = col("engine"), version = col("engine_version"), mode = col("mode"),
                    input = col("input_len"), output = col("output_len"), batch = col("batch"),
                    rate = col("request_rate"), metric = col("metric"), value = col("value"),
                    src = col("source");
  std::vector<BenchmarkRow> rows;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& r = table.rows[i];
    const Cursor at{source, static_cast<int>(table.row_lines[i])};
    BenchmarkRow row{.line = at.line,
                     .model = r[model],
                     .gpu = r[gpu],
                     .precision = r[precision],
                     .engine = r[engine],
                     .engine_version = r[version],
                     .num_gpus = small_count(at, "num_gpus", r[num_gpus]),
                     .tp = small_count(at, "tp", r[tp]),
                     .pp = small_count(at, "pp", r[pp]),
                     .mode = r[mode],
                     .input_len = count(at, "input_len", r[input]),
                     .output_len = count(at, "output_len", r[output]),
                     .metric = r[metric],
                     .value = number(at, "value", r[value]),
                     .source = r[src]};
    if (row.mode != "offline" && row.mode != "static" && row.mode != "online") {
      at.fail("mode", row.mode, "one of offline, static, online");
    }
    if (row.num_gpus % (row.tp * row.pp) != 0) {
      at.fail("num_gpus", r[num_gpus], fmt::format("a multiple of tp x pp = {}", row.tp * row.pp));
    }
    if (r[batch] != "max" && !(r[batch].empty() && row.mode != "static")) {
      row.batch = count(at, "batch", r[batch]);
    }
    if (row.mode == "static" && !row.batch)
      at.fail("batch", r[batch], "a whole number >= 1 in static mode");
    if (row.mode == "online") {
      row.request_rate = r[rate] == "inf" ? INFINITY : number(at, "request_rate", r[rate]);
    }
    if (std::find(std::begin(kBenchmarkMetrics), std::end(kBenchmarkMetrics), row.metric) ==
        std::end(kBenchmarkMetrics)) {
      at.fail("metric", row.metric, fmt::format("one of {}", fmt::join(kBenchmarkMetrics, ", ")));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<BenchmarkRow> load_benchmark_file(const std::string& path) {
  return parse_benchmarks(detail::read_text_file(path, "benchmark file"), path);
}

}  // namespace llmtco
