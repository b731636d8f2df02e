// Request traces (docs/formats.md, "Request traces"): CSV rows of arrival time and
// lengths, or the lengths of a benchmark_serving result with drawn arrivals.
#include "llmtco/request_trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "io/csv.h"
#include "io/read_file.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/error.h"
#include "llmtco/number_format.h"

namespace llmtco {
namespace {

// The longest prompt or reply of one request, as `llmtco perf` allows.
constexpr std::int64_t kMaxTokens = 10'000'000;

struct Row {
  const std::string& source;
  std::size_t line;
  [[noreturn]] void fail(std::string_view column, const std::string& value,
                         std::string_view valid) const {
    throw InputError(fmt::format("{}:{}: column '{}' must be {} (got '{}')", source, line, column,
                                 valid, value));
  }
};

double arrival_seconds(const Row& at, const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0) {
    at.fail("arrival_s", text, "a finite number of seconds >= 0");
  }
  return value;
}

std::int64_t tokens(const Row& at, std::string_view column, const std::string& text,
                    std::int64_t least) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < least || value > kMaxTokens) {
    at.fail(column, text,
            fmt::format("a whole number of tokens from {} to {}", least, format_bound(kMaxTokens)));
  }
  return value;
}

void check_count(std::size_t count, const std::string& source) {
  if (count == 0)
    throw InputError(fmt::format("{}: no requests (a trace needs at least one)", source));
  if (count > kMaxTraceRequests) {
    throw InputError(fmt::format("{}: {} requests, more than the {} a trace may hold", source,
                                 format_number(static_cast<double>(count)),
                                 format_number(static_cast<double>(kMaxTraceRequests))));
  }
}

void sort_by_arrival(std::vector<SimRequest>& requests) {
  std::stable_sort(requests.begin(), requests.end(), [](const SimRequest& a, const SimRequest& b) {
    return a.arrival_s < b.arrival_s;
  });
}

bool is_json(const std::string& path, std::string_view text) {
  if (path.ends_with(".json")) return true;
  if (path.ends_with(".csv")) return false;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

}  // namespace

RequestTrace parse_request_trace_csv(std::string_view text, const std::string& source) {
  const detail::CsvTable table = detail::parse_csv(text, source);
  const std::size_t arrival = detail::csv_column(table, "arrival_s", source);
  const std::size_t input = detail::csv_column(table, "input_tokens", source);
  const std::size_t output = detail::csv_column(table, "output_tokens", source);
  check_count(table.rows.size(), source);
  RequestTrace trace{.path = source, .arrivals = "the file"};
  trace.requests.reserve(table.rows.size());
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const std::vector<std::string>& r = table.rows[i];
    const Row at{source, table.row_lines[i]};
    trace.requests.push_back({.arrival_s = arrival_seconds(at, r[arrival]),
                              .input_tokens = tokens(at, "input_tokens", r[input], 1),
                              .output_tokens = tokens(at, "output_tokens", r[output], 0)});
  }
  sort_by_arrival(trace.requests);
  return trace;
}

RequestTrace request_trace_of(const BenchmarkTrace& trace, std::uint64_t seed) {
  check_count(trace.input_lens.size(), trace.path);
  const std::vector<double> arrivals_s =
      arrival_times(RequestShape{}, trace.request_rate, trace.input_lens.size(), seed);
  RequestTrace out{.path = trace.path};
  out.arrivals =
      std::isinf(trace.request_rate)
          ? "every request at t = 0, as the file's request rate is inf"
          : fmt::format("drawn as a Poisson process at the file's {} requests/s (seed {})",
                        format_number(trace.request_rate), seed);
  out.requests.reserve(arrivals_s.size());
  for (std::size_t i = 0; i < arrivals_s.size(); ++i) {
    out.requests.push_back({.arrival_s = arrivals_s[i],
                            .input_tokens = trace.input_lens[i],
                            .output_tokens = trace.output_lens[i]});
  }
  sort_by_arrival(out.requests);
  return out;
}

RequestTrace load_request_trace(const std::string& path, std::uint64_t seed) {
  const std::string text = detail::read_text_file(path, "request trace");
  if (is_json(path, text)) return request_trace_of(parse_benchmark_trace(text, path), seed);
  return parse_request_trace_csv(text, path);
}

}  // namespace llmtco
