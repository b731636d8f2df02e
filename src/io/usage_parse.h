// The usage export readers' shared pieces: one parser per format, and the checks
// of a count, a time and a text that name the file, the record and the field.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <tuple>

#include "llmtco/usage.h"

namespace llmtco::detail {

// Where a value sits: "FILE: data[3].results[1].input_tokens".
struct UsagePlace {
  const std::string& file;
  std::string record;  // "data[3].results[1]", "row 17"

  [[noreturn]] void fail(std::string_view field, const std::string& problem) const;
};

// A whole number >= 0 of `field` in `object` (0 when absent and not `required`;
// a null counts as absent).
double usage_count(const nlohmann::json& object, std::string_view field, const UsagePlace& at,
                   bool required);
// The same from a CSV cell ("596"; "596.0" is a whole number too).
double usage_count_text(const std::string& text, std::string_view field, const UsagePlace& at);
// A Unix-seconds integer of `field` (required), 1970 to 9999.
std::int64_t usage_unix_seconds(const nlohmann::json& object, std::string_view field,
                                const UsagePlace& at);
// RFC 3339 ("2026-07-20T00:00:00Z", "+02:00" offsets) or LiteLLM's UTC
// "2026-07-20 14:03:12.345" as Unix seconds (fractions dropped).
std::int64_t usage_time_text(const std::string& text, std::string_view field, const UsagePlace& at);
// A string of `field`; "" for null or absent unless `required`.
std::string usage_string(const nlohmann::json& object, std::string_view field, const UsagePlace& at,
                         bool required);
// Throws unless start < end (a bucket) or start <= end (a request).
void check_usage_span(std::int64_t start, std::int64_t end, const UsagePlace& at,
                      std::string_view start_field, bool bucket);

// The buckets and requests met so far, to refuse one given twice (a page or a file
// given twice, or overlapping pages).
struct UsageSeen {
  std::map<std::tuple<UsageFormat, std::int64_t, std::int64_t>, std::string> buckets;
  std::map<std::string, std::string> requests;  // LiteLLM request_id -> place

  void bucket(UsageFormat format, std::int64_t start, std::int64_t end, const UsagePlace& at);
  void request(const std::string& id, const UsagePlace& at);
};

void parse_openai_usage(const nlohmann::json& page, const std::string& file, UsageSeen& seen,
                        UsageData& out);
void parse_openai_costs(const nlohmann::json& page, const std::string& file, UsageSeen& seen,
                        UsageData& out);
void parse_anthropic_usage(const nlohmann::json& page, const std::string& file, UsageSeen& seen,
                           UsageData& out);
// LiteLLM rows: a CSV table, or JSON objects (an array, or {"data": [...]}).
void parse_litellm_csv(std::string_view text, const std::string& file, UsageSeen& seen,
                       UsageData& out);
void parse_litellm_json(const nlohmann::json& root, const std::string& file, UsageSeen& seen,
                        UsageData& out);

}  // namespace llmtco::detail
