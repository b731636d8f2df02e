// LiteLLM spend logs (docs/usage.md, "LiteLLM"): one row per request of the
// LiteLLM_SpendLogs table, as psql's CSV or as JSON rows with the same names.
// prompt_tokens includes the cache reads and writes that metadata's
// additional_usage_values breaks out (OpenAI semantics; an older LiteLLM added only
// the reads for Anthropic, so a writes count that does not fit is taken as excluded).
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "io/csv.h"
#include "io/json_text.h"
#include "io/usage_parse.h"
#include "llmtco/error.h"

namespace llmtco::detail {
namespace {

using nlohmann::json;

// A row's cells by column name, from CSV or JSON.
struct Row {
  const json* object = nullptr;     // JSON rows
  const CsvTable* table = nullptr;  // CSV rows
  std::size_t index = 0;
  UsagePlace at;

  // The text of `column`: "" where absent or null.
  std::string text(std::string_view column) const {
    if (object) {
      const auto it = object->find(std::string(column));
      if (it == object->end() || it->is_null()) return "";
      if (it->is_string()) return it->get<std::string>();
      return it->dump();
    }
    for (std::size_t c = 0; c < table->header.size(); ++c) {
      if (table->header[c] == column) return table->rows[index][c];
    }
    return "";
  }

  double count(std::string_view column) const {
    if (object) {
      const auto it = object->find(std::string(column));
      if (it != object->end() && !it->is_string()) return usage_count(*object, column, at, true);
    }
    const std::string value = text(column);
    if (value.empty()) at.fail(column, "is missing (required: a whole number >= 0)");
    return usage_count_text(value, column, at);
  }

  // metadata: a JSON object, or its text (CSV, or a JSON string).
  json metadata() const {
    if (object) {
      const auto it = object->find("metadata");
      if (it != object->end() && it->is_object()) return *it;
    }
    const std::string value = text("metadata");
    if (value.empty() || value == "{}") return json::object();
    json parsed;
    try {
      parsed = parse_json_text(value, "");
    } catch (const InputError& e) {
      at.fail("metadata", fmt::format("must be a JSON object ({})", e.what()));
    }
    if (!parsed.is_object()) at.fail("metadata", "must be a JSON object");
    return parsed;
  }
};

double usage_value(const json& usage, std::string_view key, std::string_view inner,
                   const UsagePlace& at) {
  if (!usage.is_object()) return 0;
  if (inner.empty()) return usage_count(usage, key, at, false);
  const auto it = usage.find(std::string(key));
  if (it == usage.end() || !it->is_object()) return 0;
  return usage_count(*it, inner, at, false);
}

void parse_row(const Row& row, const std::string& file, UsageSeen& seen, UsageData& out) {
  const UsagePlace& at = row.at;
  const std::string id = row.text("request_id");
  if (id.empty()) at.fail("request_id", "is missing (required: the request's id)");
  seen.request(id, at);
  UsageRecord rec{.format = UsageFormat::kLiteLlm, .source = file, .model = row.text("model")};
  if (rec.model.empty()) at.fail("model", "is missing (required: the model sent to the provider)");
  rec.per_request = true;
  rec.requests = 1;
  const std::string start = row.text("startTime");
  if (start.empty()) at.fail("startTime", "is missing (required: a UTC time)");
  rec.start_s = usage_time_text(start, "startTime", at);
  const std::string end = row.text("endTime");
  rec.end_s = end.empty() ? rec.start_s : usage_time_text(end, "endTime", at);
  check_usage_span(rec.start_s, rec.end_s, at, "startTime", false);
  const double prompt = row.count("prompt_tokens");
  rec.output_tokens = row.count("completion_tokens");
  const json meta = row.metadata();
  const json usage =
      meta.contains("additional_usage_values") ? meta["additional_usage_values"] : json::object();
  const UsagePlace inner{file, at.record + ".metadata.additional_usage_values"};
  double reads = usage_value(usage, "cache_read_input_tokens", "", inner);
  if (reads == 0) reads = usage_value(usage, "prompt_tokens_details", "cached_tokens", inner);
  double writes = usage_value(usage, "cache_creation_input_tokens", "", inner);
  if (reads > prompt) {
    at.fail("prompt_tokens",
            fmt::format("must be at least the cache reads ({}) (got {})", reads, prompt));
  }
  if (reads + writes > prompt) writes = 0;  // an older LiteLLM left the writes out
  rec.cached_input_tokens = reads;
  rec.cache_write_input_tokens = writes;
  rec.uncached_input_tokens = prompt - reads - writes;
  const std::string status = row.text("status");
  if (!status.empty() && status != "success" && status != "failure") {
    at.fail("status", fmt::format("must be success or failure (got '{}')", status));
  }
  rec.failed = status == "failure";
  if (const auto info = meta.find("error_information");
      rec.failed && info != meta.end() && info->is_object()) {
    for (const char* key : {"error_code", "error_class"}) {
      const auto v = info->find(key);
      if (v != info->end() && v->is_string() && !v->get_ref<const std::string&>().empty()) {
        rec.error += (rec.error.empty() ? "" : " ") + v->get<std::string>();
      }
    }
  }
  const std::string hit = row.text("cache_hit");
  rec.proxy_cache_hit = hit == "True" || hit == "true";
  if (const std::string spend = row.text("spend"); !spend.empty()) {
    double v = -1;
    const auto [ptr, ec] = std::from_chars(spend.data(), spend.data() + spend.size(), v);
    if (ec != std::errc() || ptr != spend.data() + spend.size() || !(v >= 0) || !std::isfinite(v)) {
      at.fail("spend", fmt::format("must be a number of USD >= 0 (got '{}')", spend));
    }
    rec.stated_cost_usd = v;
  }
  out.records.push_back(std::move(rec));
}

}  // namespace

void parse_litellm_csv(std::string_view text, const std::string& file, UsageSeen& seen,
                       UsageData& out) {
  const CsvTable table = parse_csv(text, file);
  for (std::string_view column :
       {"request_id", "model", "startTime", "prompt_tokens", "completion_tokens"}) {
    csv_column(table, column, file);
  }
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const Row row{.table = &table, .index = i, .at = {file, fmt::format("row {}", i + 1)}};
    parse_row(row, file, seen, out);
  }
}

void parse_litellm_json(const json& root, const std::string& file, UsageSeen& seen,
                        UsageData& out) {
  const bool envelope = root.is_object();
  const json& rows = envelope ? root.at("data") : root;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string record = fmt::format("{}[{}]", envelope ? "data" : "", i);
    if (!rows[i].is_object()) {
      throw InputError(fmt::format("{}: {}: must be a row object (got {})", file, record,
                                   rows[i].dump().substr(0, 40)));
    }
    const Row row{.object = &rows[i], .at = {file, record}};
    parse_row(row, file, seen, out);
  }
}

}  // namespace llmtco::detail
