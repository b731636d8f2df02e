// Usage exports (docs/usage.md, "Formats"): format detection, the OpenAI Usage and
// Costs pages, Anthropic's usage_report/messages pages, and the checks every
// reader shares. LiteLLM rows are in usage_litellm.cc.
#include "llmtco/usage_export.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "io/json_text.h"
#include "io/read_file.h"
#include "io/usage_parse.h"
#include "llmtco/error.h"
#include "llmtco/nearest.h"

namespace llmtco {
namespace detail {
namespace {

using nlohmann::json;

constexpr const char* kCount = "a whole number >= 0";
// The latest time read, 9999-12-31T23:59:59Z; the earliest is 1970-01-01T00:00:00Z.
constexpr std::int64_t kLatestTime = 253'402'300'799;
// The largest count a double holds exactly (2^53).
constexpr double kMaxCount = 9'007'199'254'740'992.0;

std::string shown(const json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

const json* member(const json& object, std::string_view field) {
  const auto it = object.find(std::string(field));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

const json& array_of(const json& object, std::string_view field, const UsagePlace& at) {
  const json* value = object.is_object() ? member(object, field) : nullptr;
  if (!value) at.fail(field, "is missing (required: an array)");
  if (!value->is_array()) at.fail(field, fmt::format("must be an array (got {})", shown(*value)));
  return *value;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Digits [pos, pos + n) of `text` as a number, or -1.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::optional<std::int64_t> parse_time(std::string_view t) {
  const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
  const int h = digits(t, 11, 2), mi = digits(t, 14, 2), s = digits(t, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
      s < 0 || s > 60 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) ++pos;
  }
  std::int64_t offset = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    const int oh = digits(t, pos + 1, 2), om = digits(t, pos + 4, 2);
    if (oh < 0 || om < 0 || t.size() < pos + 6 || t[pos + 3] != ':') return std::nullopt;
    offset = (t[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    pos += 6;
  }
  if (pos != t.size()) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + s - offset;
}

}  // namespace

void UsagePlace::fail(std::string_view field, const std::string& problem) const {
  throw InputError(fmt::format("{}: {}: {} {}", file, record, field, problem));
}

double usage_count(const json& object, std::string_view field, const UsagePlace& at,
                   bool required) {
  const json* value = member(object, field);
  if (!value) {
    if (required) at.fail(field, fmt::format("is missing (required: {})", kCount));
    return 0;
  }
  const bool number = value->is_number() && !value->is_boolean();
  const double v = number ? value->get<double>() : -1;
  if (!number || !(v >= 0) || v > kMaxCount || std::floor(v) != v) {
    at.fail(field, fmt::format("must be {} (got {})", kCount, shown(*value)));
  }
  return v;
}

double usage_count_text(const std::string& text, std::string_view field, const UsagePlace& at) {
  double v = -1;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !(v >= 0) || v > kMaxCount ||
      std::floor(v) != v) {
    at.fail(field, fmt::format("must be {} (got '{}')", kCount, text));
  }
  return v;
}

std::int64_t usage_unix_seconds(const json& object, std::string_view field, const UsagePlace& at) {
  const json* value = member(object, field);
  if (!value) at.fail(field, "is missing (required: Unix seconds, a whole number)");
  if (!value->is_number_integer() || value->get<double>() < 0 ||
      value->get<double>() > static_cast<double>(kLatestTime)) {
    at.fail(field, fmt::format("must be Unix seconds, a whole number from 0 to {} (got {})",
                               kLatestTime, shown(*value)));
  }
  return value->get<std::int64_t>();
}

std::int64_t usage_time_text(const std::string& text, std::string_view field,
                             const UsagePlace& at) {
  if (const auto t = parse_time(text); t && *t >= 0 && *t <= kLatestTime) return *t;
  at.fail(field, fmt::format("must be a UTC time like 2026-07-20T00:00:00Z or 2026-07-20 "
                             "14:03:12.345 (got '{}')",
                             text.size() > 40 ? text.substr(0, 37) + "..." : text));
}

std::string usage_string(const json& object, std::string_view field, const UsagePlace& at,
                         bool required) {
  const json* value = member(object, field);
  if (!value) {
    if (required) at.fail(field, "is missing (required: a string)");
    return "";
  }
  if (!value->is_string()) at.fail(field, fmt::format("must be a string (got {})", shown(*value)));
  return value->get<std::string>();
}

void check_usage_span(std::int64_t start, std::int64_t end, const UsagePlace& at,
                      std::string_view start_field, bool bucket) {
  if (bucket && start >= end) {
    at.fail(start_field, fmt::format("is not before the end ({} >= {}; a bucket must end after "
                                     "its start)",
                                     start, end));
  }
  if (start > end) {
    at.fail(start_field, fmt::format("is after the end ({} > {}; a request must end at or "
                                     "after its start)",
                                     start, end));
  }
}

void UsageSeen::bucket(UsageFormat format, std::int64_t start, std::int64_t end,
                       const UsagePlace& at) {
  const std::string here = at.file + " " + at.record;
  const auto [it, added] = buckets.emplace(std::tuple{format, start, end}, here);
  if (!added) {
    throw InputError(fmt::format("{}: {}: the bucket {} to {} is also at {} (give each page once)",
                                 at.file, at.record, start, end, it->second));
  }
}

void UsageSeen::request(const std::string& id, const UsagePlace& at) {
  const auto [it, added] = requests.emplace(id, at.file + " " + at.record);
  if (!added) {
    throw InputError(fmt::format("{}: {}: request_id '{}' is also at {} (give each row once)",
                                 at.file, at.record, id, it->second));
  }
}

namespace {

// A page's buckets, each with its place; `start` and `end` name the time fields.
template <typename Each>
void each_bucket(const json& page, const std::string& file, Each each) {
  const json& data = array_of(page, "data", UsagePlace{file, "the page"});
  for (std::size_t i = 0; i < data.size(); ++i) {
    const UsagePlace at{file, fmt::format("data[{}]", i)};
    if (!data[i].is_object()) {
      throw InputError(
          fmt::format("{}: {}: must be a bucket object (got {})", file, at.record, shown(data[i])));
    }
    each(data[i], at);
  }
}

template <typename Each>
void each_result(const json& bucket, const UsagePlace& at, Each each) {
  const json& results = array_of(bucket, "results", at);
  for (std::size_t j = 0; j < results.size(); ++j) {
    const UsagePlace place{at.file, fmt::format("{}.results[{}]", at.record, j)};
    if (!results[j].is_object()) {
      throw InputError(fmt::format("{}: {}: must be a result object (got {})", at.file,
                                   place.record, shown(results[j])));
    }
    each(results[j], place);
  }
}

}  // namespace

// OpenAI completions results, priced by the README's rule: with input_uncached_tokens
// the new field set (input = uncached + cached + cache-write), else the old one
// (uncached = input - cached).
void parse_openai_usage(const json& page, const std::string& file, UsageSeen& seen,
                        UsageData& out) {
  each_bucket(page, file, [&](const json& bucket, const UsagePlace& at) {
    const std::int64_t start = usage_unix_seconds(bucket, "start_time", at);
    const std::int64_t end = usage_unix_seconds(bucket, "end_time", at);
    check_usage_span(start, end, at, "start_time", true);
    seen.bucket(UsageFormat::kOpenAiUsage, start, end, at);
    each_result(bucket, at, [&](const json& r, const UsagePlace& place) {
      UsageRecord rec{.format = UsageFormat::kOpenAiUsage,
                      .source = file,
                      .model = usage_string(r, "model", place, false),
                      .start_s = start,
                      .end_s = end};
      if (rec.model.empty()) rec.model = "(all models)";
      const double input = usage_count(r, "input_tokens", place, true);
      rec.output_tokens = usage_count(r, "output_tokens", place, true);
      rec.requests = static_cast<std::int64_t>(usage_count(r, "num_model_requests", place, true));
      rec.cached_input_tokens = usage_count(r, "input_cached_tokens", place, false);
      if (member(r, "input_uncached_tokens")) {
        rec.uncached_input_tokens = usage_count(r, "input_uncached_tokens", place, true);
        rec.cache_write_input_tokens = usage_count(r, "input_cache_write_tokens", place, false);
      } else {
        if (rec.cached_input_tokens > input) {
          place.fail("input_cached_tokens",
                     fmt::format("must be at most input_tokens ({}) (got {})", input,
                                 rec.cached_input_tokens));
        }
        rec.uncached_input_tokens = input - rec.cached_input_tokens;
      }
      if (const json* batch = member(r, "batch")) {
        if (!batch->is_boolean()) {
          place.fail("batch", fmt::format("must be true, false or null (got {})", shown(*batch)));
        }
        rec.batch = batch->get<bool>();
      }
      out.records.push_back(std::move(rec));
    });
  });
}

// An amount: a number or a decimal string ("0.0000045", "0E-6176"), >= 0.
double cost_amount(const json& result, const UsagePlace& at) {
  const json* amount = member(result, "amount");
  if (!amount || !amount->is_object()) {
    at.fail("amount",
            amount ? fmt::format("must be an object {{value, currency}} (got {})", shown(*amount))
                   : std::string("is missing (required: {value, currency})"));
  }
  const std::string currency = usage_string(*amount, "currency", at, false);
  if (!currency.empty() && ascii_lowercase(currency) != "usd") {
    at.fail("amount.currency", fmt::format("must be usd (got '{}')", currency));
  }
  const json* value = member(*amount, "value");
  double v = -1;
  if (value && value->is_number() && !value->is_boolean()) {
    v = value->get<double>();
  } else if (value && value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) v = -1;
  }
  if (!value) at.fail("amount.value", "is missing (required: a number of USD >= 0)");
  if (!(v >= 0) || !std::isfinite(v)) {
    at.fail("amount.value", fmt::format("must be a number of USD >= 0 (got {})", shown(*value)));
  }
  return v;
}

void parse_openai_costs(const json& page, const std::string& file, UsageSeen& seen,
                        UsageData& out) {
  each_bucket(page, file, [&](const json& bucket, const UsagePlace& at) {
    const std::int64_t start = usage_unix_seconds(bucket, "start_time", at);
    const std::int64_t end = usage_unix_seconds(bucket, "end_time", at);
    check_usage_span(start, end, at, "start_time", true);
    seen.bucket(UsageFormat::kOpenAiCosts, start, end, at);
    each_result(bucket, at, [&](const json& r, const UsagePlace& place) {
      UsageCostLine line{.source = file,
                         .start_s = start,
                         .end_s = end,
                         .line_item = usage_string(r, "line_item", place, false)};
      line.amount_usd = cost_amount(r, place);
      // "<model>, input": the model is the text before the last comma, after any
      // product prefix ("evals | gpt-4o-mini-2024-07-18").
      if (const auto comma = line.line_item.rfind(','); comma != std::string::npos) {
        std::string model = line.line_item.substr(0, comma);
        if (const auto bar = model.rfind(" | "); bar != std::string::npos) {
          model = model.substr(bar + 3);
        }
        line.model = model;
      }
      out.costs.push_back(std::move(line));
    });
  });
}

void parse_anthropic_usage(const json& page, const std::string& file, UsageSeen& seen,
                           UsageData& out) {
  each_bucket(page, file, [&](const json& bucket, const UsagePlace& at) {
    const std::int64_t start =
        usage_time_text(usage_string(bucket, "starting_at", at, true), "starting_at", at);
    const std::int64_t end =
        usage_time_text(usage_string(bucket, "ending_at", at, true), "ending_at", at);
    check_usage_span(start, end, at, "starting_at", true);
    seen.bucket(UsageFormat::kAnthropicUsage, start, end, at);
    each_result(bucket, at, [&](const json& r, const UsagePlace& place) {
      UsageRecord rec{.format = UsageFormat::kAnthropicUsage,
                      .source = file,
                      .model = usage_string(r, "model", place, false),
                      .start_s = start,
                      .end_s = end};
      if (rec.model.empty()) rec.model = "(all models)";
      rec.uncached_input_tokens = usage_count(r, "uncached_input_tokens", place, true);
      rec.cached_input_tokens = usage_count(r, "cache_read_input_tokens", place, true);
      rec.output_tokens = usage_count(r, "output_tokens", place, true);
      if (const json* cache = member(r, "cache_creation")) {
        const UsagePlace inner{file, place.record + ".cache_creation"};
        if (!cache->is_object()) {
          place.fail("cache_creation", fmt::format("must be an object (got {})", shown(*cache)));
        }
        rec.cache_write_1h_input_tokens =
            usage_count(*cache, "ephemeral_1h_input_tokens", inner, false);
        rec.cache_write_input_tokens =
            usage_count(*cache, "ephemeral_5m_input_tokens", inner, false) +
            rec.cache_write_1h_input_tokens;
      }
      rec.batch = usage_string(r, "service_tier", place, false) == "batch";
      out.records.push_back(std::move(rec));
    });
  });
}

}  // namespace detail

namespace {

using nlohmann::json;

// The first result of any bucket of `data`, or nullptr.
const json* first_result(const json& data) {
  for (const json& bucket : data) {
    if (!bucket.is_object()) continue;
    const auto it = bucket.find("results");
    if (it != bucket.end() && it->is_array() && !it->empty()) return &(*it)[0];
  }
  return nullptr;
}

std::optional<UsageFormat> json_format(const json& root) {
  if (root.is_array()) return UsageFormat::kLiteLlm;
  if (!root.is_object()) return std::nullopt;
  const auto data = root.find("data");
  if (data == root.end() || !data->is_array()) return std::nullopt;
  if (data->empty()) return UsageFormat::kOpenAiUsage;  // an empty page holds no usage
  const json& first = (*data)[0];
  if (!first.is_object()) return std::nullopt;
  if (first.contains("starting_at")) return UsageFormat::kAnthropicUsage;
  if (first.contains("request_id") || first.contains("startTime")) return UsageFormat::kLiteLlm;
  if (!first.contains("start_time")) return std::nullopt;
  const json* result = first_result(*data);
  if (!result || !result->is_object()) return UsageFormat::kOpenAiUsage;
  const std::string object = result->value("object", "");
  if (object == "organization.costs.result" || result->contains("amount")) {
    return UsageFormat::kOpenAiCosts;
  }
  return UsageFormat::kOpenAiUsage;
}

std::string_view trimmed(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  return text;
}

[[noreturn]] void unknown_format(const std::string& name) {
  throw InputError(fmt::format(
      "{}: unknown usage export format (expected an OpenAI usage/completions or costs page, an "
      "Anthropic usage_report/messages page, or LiteLLM spend logs as CSV or JSON)",
      name));
}

bool litellm_header(std::string_view text) {
  const std::string_view line = text.substr(0, text.find('\n'));
  return line.find("request_id") != std::string_view::npos &&
         line.find("startTime") != std::string_view::npos;
}

}  // namespace

UsageFormat detect_usage_format(std::string_view content, const std::string& name) {
  const std::string_view text = trimmed(content);
  if (text.starts_with('{') || text.starts_with('[')) {
    if (const auto format = json_format(detail::parse_json_text(text, name))) return *format;
    unknown_format(name);
  }
  if (litellm_header(text)) return UsageFormat::kLiteLlm;
  unknown_format(name);
}

UsageData parse_usage_files(const std::vector<UsageFile>& files) {
  UsageData data;
  detail::UsageSeen seen;
  for (const UsageFile& file : files) {
    data.sources.push_back(file.name);
    const std::string_view text = trimmed(file.content);
    if (!text.starts_with('{') && !text.starts_with('[')) {
      if (!litellm_header(text)) unknown_format(file.name);
      detail::parse_litellm_csv(text, file.name, seen, data);
      continue;
    }
    const json root = detail::parse_json_text(text, file.name);
    const auto format = json_format(root);
    if (!format) unknown_format(file.name);
    switch (*format) {
      case UsageFormat::kOpenAiUsage:
        detail::parse_openai_usage(root, file.name, seen, data);
        break;
      case UsageFormat::kOpenAiCosts:
        detail::parse_openai_costs(root, file.name, seen, data);
        break;
      case UsageFormat::kAnthropicUsage:
        detail::parse_anthropic_usage(root, file.name, seen, data);
        break;
      case UsageFormat::kLiteLlm:
        detail::parse_litellm_json(root, file.name, seen, data);
        break;
    }
  }
  return data;
}

UsageData load_usage_files(const std::vector<std::string>& paths) {
  std::vector<UsageFile> files;
  for (const std::string& path : paths) {
    files.push_back({path, detail::read_text_file(path, "usage export")});
  }
  return parse_usage_files(files);
}

}  // namespace llmtco
