// The usage export readers: format detection from the content, the records of each
// example file (tests/data/usage_exports/, constructed examples), combining pages,
// and the one-line errors, word for word.
#include "llmtco/usage_export.h"

#include <gtest/gtest.h>

#include <string>

#include "llmtco/error.h"

namespace llmtco {
namespace {

const std::string kData = std::string(LLMTCO_SOURCE_DIR) + "/tests/data/usage_exports/";

std::string error_of(const std::vector<UsageFile>& files) {
  try {
    parse_usage_files(files);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string error_of(const std::string& name, const std::string& content) {
  return error_of(std::vector<UsageFile>{{name, content}});
}

// A one-bucket OpenAI usage page with `results` inside.
std::string openai_page(const std::string& results, std::int64_t start = 1784505600,
                        std::int64_t end = 1784509200) {
  return R"({"object": "page", "data": [{"object": "bucket", "start_time": )" +
         std::to_string(start) + R"(, "end_time": )" + std::to_string(end) + R"(, "results": [)" +
         results + "]}]}";
}

const char* kResult =
    R"({"object": "organization.usage.completions.result", "input_tokens": 100,
        "input_cached_tokens": 40, "output_tokens": 10, "num_model_requests": 2,
        "model": "gpt-4.1-mini-2025-04-14", "batch": false})";

TEST(UsageExport, DetectsEachFormatFromTheContent) {
  EXPECT_EQ(detect_usage_format(openai_page(kResult), "a"), UsageFormat::kOpenAiUsage);
  EXPECT_EQ(
      detect_usage_format(
          openai_page(R"({"object": "organization.costs.result", "amount": {"value": 1}})"), "a"),
      UsageFormat::kOpenAiCosts);
  EXPECT_EQ(detect_usage_format(
                R"({"data": [{"starting_at": "2026-07-20T00:00:00Z", "results": []}]})", "a"),
            UsageFormat::kAnthropicUsage);
  EXPECT_EQ(detect_usage_format(R"([{"request_id": "x"}])", "a"), UsageFormat::kLiteLlm);
  EXPECT_EQ(detect_usage_format(R"({"data": [{"request_id": "x"}], "total": 1})", "a"),
            UsageFormat::kLiteLlm);
  EXPECT_EQ(detect_usage_format("request_id,startTime,model\n", "logs.txt"), UsageFormat::kLiteLlm);
}

TEST(UsageExport, ReadsTheOpenAiExample) {
  const UsageData data = load_usage_files({kData + "openai_usage_completions_1h.json"});
  // 48 buckets; the 2026-07-21T04:00Z one is empty, the others hold gpt-4.1 and
  // gpt-4.1-mini, and gpt-4.1-mini batch where the nightly job ran.
  ASSERT_FALSE(data.records.empty());
  const UsageRecord& first = data.records[0];
  // data[0].results[0]: input_tokens 127679 = uncached 91199 + cached 36480 + write 0.
  EXPECT_EQ(first.model, "gpt-4.1-2025-04-14");
  EXPECT_EQ(first.start_s, 1784505600);
  EXPECT_EQ(first.end_s, 1784509200);
  EXPECT_EQ(first.uncached_input_tokens, 91199);
  EXPECT_EQ(first.cached_input_tokens, 36480);
  EXPECT_EQ(first.output_tokens, 22656);
  EXPECT_EQ(first.requests, 37);
  EXPECT_FALSE(first.batch);
}

TEST(UsageExport, OldFieldSetPricesInputMinusCached) {
  // Without input_uncached_tokens: uncached = input_tokens - input_cached_tokens = 100 - 40.
  const UsageData data = parse_usage_files({{"old.json", openai_page(kResult)}});
  ASSERT_EQ(data.records.size(), 1u);
  EXPECT_EQ(data.records[0].uncached_input_tokens, 60);
  EXPECT_EQ(data.records[0].cached_input_tokens, 40);
}

TEST(UsageExport, ReadsTheAnthropicExample) {
  const UsageData data = load_usage_files({kData + "anthropic_usage_messages_1h.json"});
  ASSERT_GE(data.records.size(), 2u);
  // data[0].results[1]: claude-sonnet-4-6, 2026-07-20T00:00Z = 1784505600; writes
  // 158455 (5m) + 0 (1h); no request count in this report.
  const UsageRecord& r = data.records[1];
  EXPECT_EQ(r.model, "claude-sonnet-4-6");
  EXPECT_EQ(r.start_s, 1784505600);
  EXPECT_EQ(r.end_s, 1784509200);
  EXPECT_EQ(r.uncached_input_tokens, 71344);
  EXPECT_EQ(r.cached_input_tokens, 1617019);
  EXPECT_EQ(r.cache_write_input_tokens, 158455);
  EXPECT_EQ(r.output_tokens, 78447);
  EXPECT_FALSE(r.requests.has_value());
}

TEST(UsageExport, ReadsTheLiteLlmExample) {
  const UsageData data = load_usage_files({kData + "litellm_spend_logs.csv"});
  ASSERT_EQ(data.records.size(), 300u);
  // Row 2: claude-sonnet-4-6, prompt 16887 = uncached 3925 + reads 9781 + writes 3181,
  // spend 0.03406305.
  const UsageRecord& r = data.records[1];
  EXPECT_EQ(r.model, "claude-sonnet-4-6");
  EXPECT_EQ(r.uncached_input_tokens, 3925);
  EXPECT_EQ(r.cached_input_tokens, 9781);
  EXPECT_EQ(r.cache_write_input_tokens, 3181);
  EXPECT_EQ(r.output_tokens, 495);
  EXPECT_DOUBLE_EQ(*r.stated_cost_usd, 0.03406305);
  // 2026-07-20 00:03:41.507 = 1784505600 + 3 x 60 + 41.
  EXPECT_EQ(r.start_s, 1784505821);
  EXPECT_TRUE(r.per_request);
}

TEST(UsageExport, ReadsLiteLlmJsonRows) {
  const std::string row =
      R"({"request_id": "a", "model": "gpt-4.1-mini", "startTime": "2026-07-20T00:00:01",
          "endTime": "2026-07-20T00:00:02", "prompt_tokens": 30, "completion_tokens": 5,
          "spend": 0.001, "status": "failure", "metadata": {"additional_usage_values":
          {"prompt_tokens_details": {"cached_tokens": 10}}}})";
  for (const std::string& text : {"[" + row + "]", R"({"data": [)" + row + "]}"}) {
    const UsageData data = parse_usage_files({{"rows.json", text}});
    ASSERT_EQ(data.records.size(), 1u);
    EXPECT_EQ(data.records[0].uncached_input_tokens, 20);  // 30 - 10 cached
    EXPECT_EQ(data.records[0].cached_input_tokens, 10);
    EXPECT_TRUE(data.records[0].failed);
  }
}

TEST(UsageExport, PagesCombineAndARepeatedBucketIsRefused) {
  const UsageData two =
      parse_usage_files({{"p1.json", openai_page(kResult)},
                         {"p2.json", openai_page(kResult, 1784509200, 1784512800)}});
  EXPECT_EQ(two.records.size(), 2u);
  EXPECT_EQ(error_of({{"p1.json", openai_page(kResult)}, {"p2.json", openai_page(kResult)}}),
            "p2.json: data[0]: the bucket 1784505600 to 1784509200 is also at p1.json data[0] "
            "(give each page once)");
  const std::string csv =
      "request_id,model,startTime,endTime,prompt_tokens,completion_tokens\n"
      "a,m,2026-07-20 00:00:01.000,2026-07-20 00:00:02.000,10,5\n";
  EXPECT_EQ(error_of({{"a.csv", csv}, {"b.csv", csv}}),
            "b.csv: row 1: request_id 'a' is also at a.csv row 1 (give each row once)");
}

TEST(UsageExport, MalformedExportsNameFileRecordAndField) {
  // A page cut off after its first result: the bucket and the page never close.
  const std::string page = openai_page(kResult);
  EXPECT_EQ(error_of("truncated.json", page.substr(0, page.size() - 3)),
            "truncated.json:3:61: malformed JSON: data[0]: syntax error while parsing object - "
            "unexpected end of input; expected '}'");
  EXPECT_EQ(error_of("negative.json", openai_page(std::string(kResult) +
                                                  R"(, {"input_tokens": -5, "output_tokens": 1,
                                       "num_model_requests": 1})")),
            "negative.json: data[0].results[1]: input_tokens must be a whole number >= 0 (got -5)");
  EXPECT_EQ(
      error_of("missing.json", openai_page(R"({"input_tokens": 5, "num_model_requests": 1})")),
      "missing.json: data[0].results[0]: output_tokens is missing (required: a whole "
      "number >= 0)");
  EXPECT_EQ(error_of("fraction.json", openai_page(R"({"input_tokens": 5.5, "output_tokens": 1,
                                     "num_model_requests": 1})")),
            "fraction.json: data[0].results[0]: input_tokens must be a whole number >= 0 (got "
            "5.5)");
  EXPECT_EQ(error_of("backwards.json", openai_page("", 1784509200, 1784505600)),
            "backwards.json: data[0]: start_time is not before the end (1784509200 >= "
            "1784505600; a bucket must end after its start)");
  EXPECT_EQ(error_of("early.json", openai_page("", -60, 0)),
            "early.json: data[0]: start_time must be Unix seconds, a whole number from 0 to "
            "253402300799 (got -60)");
  EXPECT_EQ(error_of("a.json", R"({"data": [{"starting_at": "2026-07-20T00:00:00Z",
                                  "ending_at": "2026-07-20", "results": []}]})"),
            "a.json: data[0]: ending_at must be a UTC time like 2026-07-20T00:00:00Z or "
            "2026-07-20 14:03:12.345 (got '2026-07-20')");
  EXPECT_EQ(error_of("a.json", R"({"data": [{"starting_at": "2026-07-20T00:00:00Z",
                                  "ending_at": "2026-07-20T01:00:00Z", "results": [
                                  {"uncached_input_tokens": 1, "cache_read_input_tokens": "2",
                                   "output_tokens": 3}]}]})"),
            "a.json: data[0].results[0]: cache_read_input_tokens must be a whole number >= 0 "
            "(got \"2\")");
  EXPECT_EQ(error_of("costs.json", openai_page(R"({"object": "organization.costs.result",
                                                  "amount": {"value": "-1", "currency": "usd"}})")),
            "costs.json: data[0].results[0]: amount.value must be a number of USD >= 0 (got "
            "\"-1\")");
  EXPECT_EQ(error_of("unknown.csv", "hello,world\n1,2\n"),
            "unknown.csv: unknown usage export format (expected an OpenAI usage/completions or "
            "costs page, an Anthropic usage_report/messages page, or LiteLLM spend logs as CSV "
            "or JSON)");
  EXPECT_EQ(error_of("rows.csv",
                     "request_id,model,startTime,endTime,prompt_tokens,completion_tokens\n"
                     "a,m,2026-07-20 00:00:01.000,2026-07-20 00:00:02.000,10,5\n"
                     "b,m,2026-07-20 00:00:03.000,2026-07-20 00:00:04.000,ten,5\n"),
            "rows.csv: row 2: prompt_tokens must be a whole number >= 0 (got 'ten')");
  EXPECT_EQ(error_of("rows.csv",
                     "request_id,model,startTime,endTime,prompt_tokens,completion_tokens\n"
                     "a,m,2026-07-20 00:00:05.000,2026-07-20 00:00:02.000,10,5\n"),
            "rows.csv: row 1: startTime is after the end (1784505605 > 1784505602; a request "
            "must end at or after its start)");
}

}  // namespace
}  // namespace llmtco
