// Benchmark files (data/benchmarks/README.md's CSV format) and the result files of
// vLLM's benchmark_serving.py that their rows name (data/benchmarks/vllm-serving/
// README.md lists the fields).
#include "llmtco/benchmark_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>

#include "io/csv.h"
#include "io/json_text.h"
#include "io/read_file.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/units.h"

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

constexpr std::int64_t kMaxRequests = 1'000'000;
// One request in 11.6 days: below it arrival times leave the range of doubles
// long before a run ends, and no benchmark sends that slowly.
constexpr double kMinRequestRate = 1e-6;

int small_count(const Cursor& at, std::string_view column, const std::string& text) {
  const std::int64_t value = count(at, column, text);
  if (value > 4096) at.fail(column, text, "a whole number from 1 to 4096");
  return static_cast<int>(value);
}

// The optional columns: an absent column reads as an empty cell, "not given".
struct OptionalColumns {
  const detail::CsvTable& table;
  std::optional<std::size_t> index(std::string_view name) const {
    const auto it = std::find(table.header.begin(), table.header.end(), name);
    if (it == table.header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - table.header.begin());
  }
};

const std::string kEmpty;

const std::string& cell(const std::vector<std::string>& row, std::optional<std::size_t> column) {
  return column ? row[*column] : kEmpty;
}

void read_server_flags(const Cursor& at, const std::string& seqs, const std::string& memory,
                       const std::string& steps, const std::string& chunked, ServerFlags& flags) {
  if (!seqs.empty()) flags.max_num_seqs = count(at, "max_num_seqs", seqs);
  if (!memory.empty()) {
    const double share = number(at, "gpu_memory_utilization", memory);
    if (share > 1) at.fail("gpu_memory_utilization", memory, "a number in (0, 1]");
    flags.gpu_memory_utilization = share;
  }
  if (!steps.empty()) {
    const std::int64_t value = count(at, "scheduler_steps", steps);
    if (value > 1024) at.fail("scheduler_steps", steps, "a whole number from 1 to 1024");
    flags.scheduler_steps = static_cast<int>(value);
  }
  if (chunked == "true") {
    flags.chunked_prefill = true;
  } else if (chunked == "false") {
    flags.chunked_prefill = false;
  } else if (!chunked.empty()) {
    at.fail("chunked_prefill", chunked, "true or false");
  }
}

// Python's json module writes infinite and undefined floats as the bare tokens
// Infinity, -Infinity and NaN, which are not JSON (statistics of no requests come
// out so); outside strings Infinity becomes the string "inf" (benchmark_serving's
// own spelling of an unlimited request rate), -Infinity null and NaN 0, each
// padded to the token's width so that a syntax error's column stays the file's.
std::string with_python_floats_as_json(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out += c;
        out += text[++i];
        continue;
      }
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (text.substr(i).starts_with("-Infinity")) {
      out += "null     ";  // an ignored statistic of nothing; a read field then says so
      i += std::string_view("-Infinity").size() - 1;
      continue;
    } else if (text.substr(i).starts_with("Infinity")) {
      out += "\"inf\"   ";
      i += std::string_view("Infinity").size() - 1;
      continue;
    } else if (text.substr(i).starts_with("NaN")) {
      out += "0e0";  // 0, which every field read from a trace refuses or reads as absent
      i += std::string_view("NaN").size() - 1;
      continue;
    }
    out += c;
  }
  return out;
}

struct Fields {
  const nlohmann::json& json;
  const std::string& path;

  [[noreturn]] void fail(const std::string& field, const nlohmann::json& value,
                         std::string_view valid) const {
    throw InputError(
        fmt::format("{}: field '{}' must be {} (got {})", path, field, valid, value.dump()));
  }
  [[noreturn]] void missing(const std::string& field, std::string_view valid) const {
    throw InputError(fmt::format("{}: missing field '{}' ({})", path, field, valid));
  }

  const nlohmann::json& list(const std::string& field) const {
    const auto it = json.find(field);
    if (it == json.end()) missing(field, "a list with one entry per request");
    if (!it->is_array() || it->empty()) fail(field, *it, "a list with one entry per request");
    return *it;
  }

  std::vector<std::int64_t> lengths(const std::string& field, std::int64_t least) const {
    std::vector<std::int64_t> out;
    const nlohmann::json& values = list(field);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const nlohmann::json& v = values[i];
      const double x = v.is_number() ? v.get<double>() : NAN;
      if (!std::isfinite(x) || x != std::floor(x) || x < static_cast<double>(least) || x > 1e12) {
        fail(fmt::format("{}[{}]", field, i), v,
             fmt::format("a whole number of tokens >= {}", least));
      }
      out.push_back(static_cast<std::int64_t>(x));
    }
    return out;
  }

  std::vector<double> seconds(const std::string& field) const {
    std::vector<double> out;
    const nlohmann::json& values = list(field);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const nlohmann::json& v = values[i];
      const double x = v.is_number() ? v.get<double>() : NAN;
      if (!std::isfinite(x) || x < 0) {
        fail(fmt::format("{}[{}]", field, i), v, "a finite number of seconds >= 0");
      }
      out.push_back(x);
    }
    return out;
  }

  // A finite number >= 0 (> 0 if `positive`); absent: `absent`, or an error if none.
  double number(const std::string& field, bool positive, std::optional<double> absent) const {
    const auto it = json.find(field);
    const std::string_view valid = positive ? "a finite number > 0" : "a finite number >= 0";
    if (it == json.end()) {
      if (!absent) missing(field, valid);
      return *absent;
    }
    const double x = it->is_number() ? it->get<double>() : NAN;
    if (!std::isfinite(x) || x < 0 || (positive && x == 0)) fail(field, *it, valid);
    return x;
  }

  void same_length(const std::string& field, std::size_t length, std::size_t requests) const {
    if (length != requests) {
      throw InputError(
          fmt::format("{}: field '{}' must have one entry per request, {} as in input_lens "
                      "(got {})",
                      path, field, requests, length));
    }
  }
};

std::int64_t rounded_mean(const std::vector<std::int64_t>& lengths) {
  const double sum = std::accumulate(lengths.begin(), lengths.end(), 0.0);
  return std::max<std::int64_t>(1, std::llround(sum / static_cast<double>(lengths.size())));
}

}  // namespace

TraceResolver disk_trace_resolver(const std::string& benchmark_path) {
  const std::filesystem::path directory = std::filesystem::path(benchmark_path).parent_path();
  return [directory](const std::string& relative_path) {
    return detail::read_text_file((directory / relative_path).string(), "benchmark trace");
  };
}

TraceResolver embedded_trace_resolver(const std::string& directory) {
  return [directory](const std::string& relative_path) {
    const std::string path = directory + "/" + relative_path;
    const auto text = embedded_file(path);
    if (!text) throw InputError(fmt::format("no built-in benchmark trace '{}'", path));
    return std::string(*text);
  };
}

std::vector<BenchmarkRow> parse_benchmarks(std::string_view text, const std::string& source,
                                           const TraceResolver& resolve_trace) {
  const detail::CsvTable table = detail::parse_csv(text, source);
  auto col = [&](std::string_view name) { return detail::csv_column(table, name, source); };
  const std::size_t model = col("model"), gpu = col("gpu"), num_gpus = col("num_gpus"),
                    tp = col("tp"), pp = col("pp"), precision = col("precision"),
                    engine = col("engine"), version = col("engine_version"), mode = col("mode"),
                    input = col("input_len"), output = col("output_len"), batch = col("batch"),
                    rate = col("request_rate"), metric = col("metric"), value = col("value"),
                    src = col("source");
  const OptionalColumns optional{table};
  const auto trace_col = optional.index("trace"), kv = optional.index("kv_precision"),
             requests = optional.index("num_requests"), seqs = optional.index("max_num_seqs"),
             memory = optional.index("gpu_memory_utilization"),
             steps = optional.index("scheduler_steps"), chunked = optional.index("chunked_prefill");
  std::map<std::string, std::shared_ptr<const BenchmarkTrace>> traces;
  std::vector<BenchmarkRow> rows;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& r = table.rows[i];
    const Cursor at{source, static_cast<int>(table.row_lines[i])};
    std::shared_ptr<const BenchmarkTrace> trace;
    if (const std::string& name = cell(r, trace_col); !name.empty()) {
      auto& shared = traces[name];
      if (!shared) {
        try {
          shared = std::make_shared<const BenchmarkTrace>(
              parse_benchmark_trace(resolve_trace(name), name));
        } catch (const InputError& e) {
          throw InputError(fmt::format("{}:{}: column 'trace': {}", source, at.line, e.what()));
        }
      }
      trace = shared;
    }
    // A row with a trace takes its lengths from the trace's requests where its
    // cells are empty: their means, for the code that reads one length.
    auto length = [&](std::string_view column, const std::string& given, bool of_inputs) {
      if (trace && given.empty()) {
        return rounded_mean(of_inputs ? trace->input_lens : trace->output_lens);
      }
      return count(at, column, given);
    };
    BenchmarkRow row{.file = source,
                     .line = at.line,
                     .model = r[model],
                     .gpu = r[gpu],
                     .precision = r[precision],
                     .engine = r[engine],
                     .engine_version = r[version],
                     .num_gpus = small_count(at, "num_gpus", r[num_gpus]),
                     .tp = small_count(at, "tp", r[tp]),
                     .pp = small_count(at, "pp", r[pp]),
                     .mode = r[mode],
                     .input_len = length("input_len", r[input], true),
                     .output_len = length("output_len", r[output], false),
                     .metric = r[metric],
                     .value = number(at, "value", r[value]),
                     .source = r[src],
                     .kv_precision = cell(r, kv),
                     .trace = trace};
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
      if (trace && r[rate].empty()) {
        row.request_rate = trace->request_rate;
      } else {
        row.request_rate = r[rate] == "inf" ? INFINITY : number(at, "request_rate", r[rate]);
      }
      if (row.request_rate < kMinRequestRate) {
        at.fail("request_rate", r[rate], "inf or a number of requests/s from 1e-6");
      }
    }
    if (std::find(std::begin(kBenchmarkMetrics), std::end(kBenchmarkMetrics), row.metric) ==
        std::end(kBenchmarkMetrics)) {
      at.fail("metric", row.metric, fmt::format("one of {}", fmt::join(kBenchmarkMetrics, ", ")));
    }
    if (const std::string& n = cell(r, requests); !n.empty()) {
      row.num_requests = count(at, "num_requests", n);
      // A replay goes through every request; a million is a long benchmark run.
      if (*row.num_requests > kMaxRequests) {
        at.fail("num_requests", n, "a whole number from 1 to 1,000,000");
      }
    } else if (trace) {
      row.num_requests = static_cast<std::int64_t>(trace->input_lens.size());
    }
    if (trace && *row.num_requests != static_cast<std::int64_t>(trace->input_lens.size())) {
      at.fail("num_requests", cell(r, requests),
              fmt::format("the trace's {} requests or empty", trace->input_lens.size()));
    }
    read_server_flags(at, cell(r, seqs), cell(r, memory), cell(r, steps), cell(r, chunked),
                      row.server);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<BenchmarkRow> parse_benchmarks(std::string_view text, const std::string& source) {
  return parse_benchmarks(text, source, disk_trace_resolver(source));
}

std::vector<BenchmarkRow> load_benchmark_file(const std::string& path) {
  return parse_benchmarks(detail::read_text_file(path, "benchmark file"), path);
}

BenchmarkTrace parse_benchmark_trace(std::string_view json_text, const std::string& path) {
  const nlohmann::json json = detail::parse_json_text(with_python_floats_as_json(json_text), path);
  if (!json.is_object()) {
    throw InputError(fmt::format("{}: must be a JSON object, a benchmark_serving result (got {})",
                                 path, json.type_name()));
  }
  const Fields f{json, path};
  BenchmarkTrace trace{.path = path};
  trace.input_lens = f.lengths("input_lens", 1);
  const std::size_t requests = trace.input_lens.size();
  trace.output_lens = f.lengths("output_lens", 0);
  f.same_length("output_lens", trace.output_lens.size(), requests);
  trace.ttfts_s = f.seconds("ttfts");
  f.same_length("ttfts", trace.ttfts_s.size(), requests);
  if (const auto it = json.find("num_prompts"); it != json.end()) {
    if (!it->is_number_integer() ||
        it->get<std::int64_t>() != static_cast<std::int64_t>(requests)) {
      f.fail("num_prompts", *it,
             fmt::format("the number of requests, {} as in input_lens", requests));
    }
  }
  if (const auto it = json.find("request_rate"); it != json.end()) {
    const double rate = it->is_number() ? it->get<double>() : *it == "inf" ? INFINITY : NAN;
    if (std::isnan(rate) || rate < kMinRequestRate || (it->is_number() && !std::isfinite(rate))) {
      f.fail("request_rate", *it, "\"inf\" or a finite number of requests/s from 1e-6");
    }
    trace.request_rate = rate;
  }
  trace.duration_s = f.number("duration", true, std::nullopt);
  trace.mean_tpot_ms = f.number("mean_tpot_ms", false, 0.0);
  trace.output_tokens_per_s = f.number("output_throughput", false, 0.0);
  return trace;
}

std::shared_ptr<const BenchmarkTrace> load_benchmark_trace(const std::string& path) {
  return std::make_shared<const BenchmarkTrace>(
      parse_benchmark_trace(detail::read_text_file(path, "benchmark result file"), path));
}

std::vector<BenchmarkRow> trace_rows(std::shared_ptr<const BenchmarkTrace> trace,
                                     const TraceSetup& setup) {
  if (setup.tp < 1 || setup.pp < 1 || setup.num_gpus < 1 ||
      setup.num_gpus % (setup.tp * setup.pp) != 0) {
    throw InputError(fmt::format("num_gpus must be a multiple of tp x pp = {} (got {})",
                                 setup.tp * setup.pp, setup.num_gpus));
  }
  double ttft_sum_s = 0;
  int answered = 0;
  for (std::size_t i = 0; i < trace->ttfts_s.size(); ++i) {
    if (trace->output_lens[i] == 0) continue;
    ttft_sum_s += trace->ttfts_s[i];
    ++answered;
  }
  const BenchmarkRow base{.file = trace->path,
                          .model = setup.model,
                          .gpu = setup.gpu,
                          .precision = setup.precision,
                          .engine = setup.engine,
                          .engine_version = setup.engine_version,
                          .num_gpus = setup.num_gpus,
                          .tp = setup.tp,
                          .pp = setup.pp,
                          .mode = "online",
                          .input_len = rounded_mean(trace->input_lens),
                          .output_len = rounded_mean(trace->output_lens),
                          .request_rate = trace->request_rate,
                          .source = trace->path,
                          .kv_precision = setup.kv_precision,
                          .num_requests = static_cast<std::int64_t>(trace->input_lens.size()),
                          .server = setup.server,
                          .trace = trace};
  std::vector<BenchmarkRow> rows;
  auto add = [&](const char* metric, double value) {
    if (!(value > 0) || !std::isfinite(value)) return;
    BenchmarkRow row = base;
    row.line = static_cast<int>(rows.size()) + 1;
    row.metric = metric;
    row.value = value;
    rows.push_back(std::move(row));
  };
  if (answered > 0) add("ttft_ms_mean", ttft_sum_s / answered * kMsPerSecond);
  add("tpot_ms_mean", trace->mean_tpot_ms);
  add("output_tokens_per_s", trace->output_tokens_per_s);
  return rows;
}

}  // namespace llmtco
