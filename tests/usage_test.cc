// summarize_usage, usage_report and apply_usage on the constructed example exports
// (tests/data/usage_exports/; sums worked from the files' values in the comments).
#include "llmtco/usage.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "llmtco/api_catalog.h"
#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/usage_export.h"
#include "llmtco/usage_report.h"

namespace llmtco {
namespace {

const std::string kData = std::string(LLMTCO_SOURCE_DIR) + "/tests/data/usage_exports/";

UsageSummary summary_of(const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const std::string& n : names) paths.push_back(kData + n);
  return summarize_usage(load_usage_files(paths), api_catalog());
}

double value(const UsageModelSummary& s, const std::string& id) {
  const Figure* f = find_figure(s.figures, id);
  EXPECT_NE(f, nullptr) << s.model << " has no " << id;
  return f ? f->value : -1;
}

const UsageModelSummary& model(const UsageSummary& s, const std::string& name) {
  const UsageModelSummary* m = find_usage_model(s, name);
  EXPECT_NE(m, nullptr) << name;
  return *m;
}

// Relative closeness for sums of large counts.
void expect_close(double got, double want) {
  EXPECT_NEAR(got, want, std::abs(want) * 1e-9);
}

TEST(Usage, OpenAiExampleVolumeMixAndBill) {
  const UsageSummary s = summary_of({"openai_usage_completions_1h.json", "openai_costs_1d.json"});
  const UsageModelSummary& t = s.total;
  // 48 hourly buckets: 1784505600 to 1784678400 = 172800 s = 2 days.
  EXPECT_EQ(s.window_days, 2);
  // Sums over the 48 buckets (input_tokens, output_tokens):
  //   gpt-4.1               10,511,478 + 2,006,682 = 12,518,160
  //   gpt-4.1-mini          33,114,963 + 5,495,566 = 38,610,529
  //   gpt-4.1-mini batch    13,363,934 + 2,178,343 = 15,542,277
  // tokens = 66,670,966; a day: / 2 = 33,335,483.
  expect_close(value(t, "tokens"), 66670966);
  expect_close(value(t, "tokens_per_day"), 33335483);
  // input = 10,511,478 + 33,114,963 + 13,363,934 = 56,990,375; / 66,670,966.
  expect_close(value(t, "input_share"), 56990375.0 / 66670966);
  // cached = 2,984,832 + 14,368,000 + 0 = 17,352,832; / input.
  expect_close(value(t, "cached_input_share"), 17352832.0 / 56990375);
  EXPECT_EQ(value(t, "cache_write_share"), 0);
  expect_close(value(t, "batch_share"), 15542277.0 / 66670966);
  // requests = 3,051 + 17,616 + 14,836 = 35,503; a day: 17,751.5.
  expect_close(value(t, "requests_per_day"), 17751.5);
  expect_close(value(t, "input_tokens_per_request"), 56990375.0 / 35503);
  expect_close(value(t, "output_tokens_per_request"), (66670966.0 - 56990375) / 35503);
  // At catalog prices (USD per 1M: gpt-4.1 2 / 0.5 cached / 8; gpt-4.1-mini 0.4 / 0.1 /
  // 1.6, batch 0.2 / 0.8), from input_uncached_tokens (the new field set):
  //   gpt-4.1: 7,526,646 x 2 + 2,984,832 x 0.5 + 2,006,682 x 8 = 32.599164 USD
  //   mini:   18,746,963 x 0.4 + 14,368,000 x 0.1 + 5,495,566 x 1.6 = 17.7284908
  //   batch:  13,363,934 x 0.2 + 2,178,343 x 0.8 = 4.4154612
  // total 54.743116; a month: / 2 days x 30.4167 (730 / 24) = 832.5516.
  expect_close(value(model(s, "gpt-4.1-2025-04-14"), "implied_usd"), 32.599164);
  expect_close(value(model(s, "gpt-4.1-mini-2025-04-14"), "implied_usd"), 17.7284908 + 4.4154612);
  expect_close(value(t, "implied_usd"), 54.743116);
  expect_close(value(t, "implied_usd_per_month"), 54.743116 / 2 * 730 / 24);
  // Stated: the costs buckets of 07-20 and 07-21 (inside the window): 26.551056 +
  // 28.19206 = 54.743116, the same (the example was priced at list prices).
  expect_close(value(t, "stated_usd"), 54.743116);
  EXPECT_NEAR(value(t, "bill_difference"), 0, 1e-12);
  // 2 days < 7: no token trend; the costs export's 7 days are fitted instead.
  EXPECT_FALSE(t.monthly_growth);
  EXPECT_EQ(value({.figures = s.costs_figures}, "costs_growth_fit_days"), 7);
  // Costs, 7 days: 27.266634 + 28.59543 + 25.894233 + 11.051673 + 9.902359 +
  // 26.551056 + 28.19206 = 157.453445; a day: / 7 = 22.493349.
  expect_close(value({.figures = s.costs_figures}, "costs_usd_per_day"), 157.453445 / 7);
  // The nightly batch job 01:00-03:59 makes 01:00 the busiest hour: on 07-20 99,438 +
  // 283,081 + 2,639,865, on 07-21 99,112 + 360,474 + 2,406,370: 5,888,340 tokens;
  // peak to average = 5,888,340 / 66,670,966 x 24 = 2.1197.
  EXPECT_TRUE(t.has_hourly);
  expect_close(t.hourly_share[1], 5888340.0 / 66670966);
  expect_close(value(t, "peak_to_average"), 5888340.0 / 66670966 * 24);
  EXPECT_EQ(t.hourly_share[4] < t.hourly_share[15], true);  // trough near 04, peak near 15
  // Hourly buckets: no busiest minute.
  EXPECT_EQ(find_figure(t.figures, "busiest_minute_tokens_per_min"), nullptr);
  EXPECT_NE(std::find(s.notes.begin(), s.notes.end(),
                      "peak_minute_factor is left 0 (derived from arrivals): the buckets are "
                      "wider than a minute, so the busiest minute is not measured"),
            s.notes.end());
  EXPECT_EQ(default_usage_model(s), "gpt-4.1-2025-04-14");  // 32.60 > 22.14 USD
}

TEST(Usage, AnthropicExampleCachingAndBill) {
  const UsageSummary s = summary_of({"anthropic_usage_messages_1h.json"});
  EXPECT_EQ(s.window_days, 1);  // 24 hourly buckets of 2026-07-20
  const UsageModelSummary& sonnet = model(s, "claude-sonnet-4-6");
  // Sonnet standard: uncached 2,902,004, reads 69,051,648, writes 6,793,487 (5m) +
  // 110,628 (1h), output 3,235,932; batch: uncached 12,250,707, output 1,728,736.
  // tokens = 82,093,699 + 13,979,443 = 96,073,142 in one day.
  expect_close(value(sonnet, "tokens_per_day"), 96073142);
  // input = 96,073,142 - 3,235,932 - 1,728,736 = 91,108,474.
  expect_close(value(sonnet, "cached_input_share"), 69051648.0 / 91108474);
  expect_close(value(sonnet, "cache_write_share"), (6793487.0 + 110628) / 91108474);
  expect_close(value(sonnet, "batch_share"), 13979443.0 / 96073142);
  // No request counts in this report.
  EXPECT_EQ(find_figure(sonnet.figures, "requests_per_day"), nullptr);
  // Catalog (USD per 1M): 3 input, 0.3 read, 3.75 write (5m), 15 output; 1h writes at
  // 2 x 3 = 6; no batch price in the catalog: batch at list prices.
  //   2,902,004 x 3 + 69,051,648 x 0.3 + 6,793,487 x 3.75 + 110,628 x 6 + 3,235,932 x 15
  //   + 12,250,707 x 3 + 1,728,736 x 15 = 166.78299165 USD.
  expect_close(value(sonnet, "implied_usd"), 166.78299165);
  EXPECT_NE(std::find(s.notes.begin(), s.notes.end(),
                      "claude-sonnet-4-6: the catalog has no batch price; its batch tokens are "
                      "priced at list prices, an upper bound"),
            s.notes.end());
  // Haiku: 10,309,644 x 1 + 13,858,673 x 0.1 + 50,402 x 1.25 + 676,181 x 5 = 15.1394188.
  expect_close(value(model(s, "claude-haiku-4-5-20251001"), "implied_usd"), 15.1394188);
  expect_close(value(s.total, "implied_usd"), 166.78299165 + 15.1394188);
  EXPECT_EQ(find_figure(s.total.figures, "stated_usd"), nullptr);  // no cost file given
}

TEST(Usage, LiteLlmExampleRequestsLengthsFailuresAndSpend) {
  const UsageSummary s = summary_of({"litellm_spend_logs.csv"});
  EXPECT_EQ(s.window_days, 1);  // rows of 2026-07-20, widened to the whole day
  const UsageModelSummary& t = s.total;
  // 300 rows: 7 failures (429), 4 LiteLLM cache hits; 289 served.
  EXPECT_EQ(value(t, "failed_requests"), 7);
  expect_close(value(t, "failure_share"), 7.0 / 300);
  EXPECT_EQ(value(t, "proxy_cache_hits"), 4);
  EXPECT_EQ(s.notes.front(),
            "7 of 300 requests failed (2.33%): 429 RateLimitError x 7; a 429 is the provider's "
            "rate limit");
  EXPECT_EQ(value(t, "requests_per_day"), 289);
  // Served prompt + completion tokens: claude 836,398 + 57,542; gpt-4.1-mini 263,937 +
  // 42,808; llama 55,662 + 8,860; embeddings 30,121 + 0: 1,295,328.
  expect_close(value(t, "tokens_per_day"), 1295328);
  const UsageModelSummary& mini = model(s, "gpt-4.1-mini");
  // 138 rows - 2 failures - 4 cache hits = 132; 263,937 / 132 input tokens a request.
  expect_close(value(mini, "input_tokens_per_request"), 263937.0 / 132);
  // Nearest rank of the 132 sorted prompts: P50 the 66th (1,471), P90 the 119th
  // (3,782), P99 the 131st (8,941).
  EXPECT_EQ(value(mini, "input_tokens_p50"), 1471);
  EXPECT_EQ(value(mini, "input_tokens_p90"), 3782);
  EXPECT_EQ(value(mini, "input_tokens_p99"), 8941);
  // Bill: claude (3925-style rows) at 3 / 0.3 / 3.75 / 15: uncached 836,398 - 497,716 -
  // 134,198 = 204,484 -> 204,484 x 3 + 497,716 x 0.3 + 134,198 x 3.75 + 57,542 x 15 =
  // 2.1291393 USD, the spend column's sum; gpt-4.1-mini (263,937 - 97,408) x 0.4 +
  // 97,408 x 0.1 + 42,808 x 1.6 = 0.1448452, the spend column's sum.
  const UsageModelSummary& claude = model(s, "claude-sonnet-4-6");
  expect_close(value(claude, "implied_usd"), 2.1291393);
  expect_close(value(claude, "stated_usd"), 2.1291393);
  expect_close(value(mini, "implied_usd"), 0.1448452);
  // Self-hosted llama and embeddings: volume, no implied bill.
  const UsageModelSummary& llama = model(s, "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_FALSE(llama.implied_usd);
  expect_close(value(llama, "tokens_per_day"), 55662 + 8860);
  expect_close(value(t, "implied_usd"), 2.1291393 + 0.1448452);
  // The busiest minute, 20:02: 44,888 tokens; its hour has too few requests for a factor.
  EXPECT_EQ(value(t, "busiest_minute_tokens_per_min"), 44888);
  EXPECT_FALSE(t.peak_minute_factor);
  EXPECT_TRUE(mini.input_cv.has_value());
}

TEST(Usage, ScenarioYamlParsesBackAndIsApplyUsage) {
  const UsageSummary s = summary_of({"litellm_spend_logs.csv"});
  const std::string yaml = usage_scenario_yaml(s, "");
  EXPECT_NE(yaml.find("# llmtco usage: the workload of claude-sonnet-4-6 (the model with the "
                      "largest implied bill)"),
            std::string::npos);
  const Scenario parsed = parse_scenario_yaml(yaml, "usage.yaml");
  Scenario applied;
  apply_usage(s, "claude-sonnet-4-6", applied);
  // 836,398 + 57,542 = 893,940 tokens in the day.
  EXPECT_EQ(parsed.workload.tokens_per_day, 893940);
  EXPECT_EQ(parsed.workload.tokens_per_day, applied.workload.tokens_per_day);
  EXPECT_DOUBLE_EQ(parsed.workload.input_tokens_per_request,
                   applied.workload.input_tokens_per_request);
  EXPECT_DOUBLE_EQ(parsed.workload.cached_input_share, applied.workload.cached_input_share);
  EXPECT_EQ(parsed.workload.request_shape.input_length, "lognormal");
  EXPECT_EQ(parsed.api.model, "claude-sonnet-4-6");
  EXPECT_THROW(apply_usage(s, "gpt-5", applied), InputError);
}

// 1-minute buckets measure the busiest minute against its hour.
TEST(Usage, OneMinuteBucketsGivePeakMinuteFactor) {
  // 12:00 (1784548800) with 300 tokens, 12:01 with 60, in 2 and 1 requests: the hour
  // has 360 tokens, 6 a minute on average; the busiest minute 300 / 6 = 50x.
  const std::string page = R"({"data": [
      {"start_time": 1784548800, "end_time": 1784548860, "results": [{"input_tokens": 200,
       "output_tokens": 100, "num_model_requests": 2, "model": "gpt-4.1-mini"}]},
      {"start_time": 1784548860, "end_time": 1784548920, "results": [{"input_tokens": 50,
       "output_tokens": 10, "num_model_requests": 1, "model": "gpt-4.1-mini"}]}]})";
  const UsageSummary s =
      summarize_usage(parse_usage_files({{"minutes.json", page}}), api_catalog());
  EXPECT_EQ(value(s.total, "busiest_minute_tokens_per_min"), 300);
  EXPECT_EQ(value(s.total, "busiest_minute_requests_per_min"), 2);
  EXPECT_DOUBLE_EQ(*s.total.peak_minute_factor, 50);
  Scenario scenario;
  apply_usage(s, "gpt-4.1-mini", scenario);
  EXPECT_DOUBLE_EQ(scenario.workload.peak_minute_factor, 50);
  // All in hour 12: the profile is 1 there, 0 elsewhere.
  EXPECT_EQ(scenario.workload.hourly_profile, "0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0");
  // 2 minutes = 120 s: 360 tokens / (120 / 86,400) days = 259,200 tokens a day.
  EXPECT_DOUBLE_EQ(scenario.workload.tokens_per_day, 259200);
}

// A week of daily buckets doubling each day fits exactly.
TEST(Usage, SevenDaysFitTheGrowth) {
  std::string buckets;
  double tokens = 1000;
  for (int d = 0; d < 7; ++d, tokens *= 2) {
    const std::int64_t start = 1784505600 + d * 86400;
    buckets += fmt::format(
        R"({}{{"start_time": {}, "end_time": {}, "results": [{{"input_tokens": {},
            "output_tokens": 0, "num_model_requests": 1, "model": "m"}}]}})",
        d ? "," : "", start, start + 86400, std::round(tokens));
  }
  const UsageSummary s = summarize_usage(
      parse_usage_files({{"week.json", R"({"data": [)" + buckets + "]}"}}), api_catalog());
  // 1,000 to 64,000 tokens: ln 2 a day, 2^(730 / 24) - 1 a month; R^2 = 1.
  expect_close(*s.total.monthly_growth, std::pow(2.0, 730.0 / 24) - 1);
  EXPECT_NEAR(value(s.total, "growth_r2"), 1, 1e-6);
  EXPECT_EQ(value(s.total, "growth_fit_days"), 7);
}

// LiteLLM's spend 10% over the catalog's price: a note says so.
TEST(Usage, ABillOffByMoreThanFivePercentIsNoted) {
  // gpt-4.1-mini: 1,000,000 uncached input x 0.4 + 100,000 output x 1.6 = 0.56 USD at
  // the catalog's prices; the row states 0.616 = 0.56 x 1.1.
  const std::string rows =
      R"([{"request_id": "a", "model": "gpt-4.1-mini", "startTime": "2026-07-20T10:00:00Z",
           "prompt_tokens": 1000000, "completion_tokens": 100000, "spend": 0.616}])";
  const UsageSummary s = summarize_usage(parse_usage_files({{"rows.json", rows}}), api_catalog());
  expect_close(value(s.total, "implied_usd"), 0.56);
  expect_close(value(s.total, "bill_difference"), 0.56 / 0.616 - 1);
  EXPECT_NE(std::find(s.notes.begin(), s.notes.end(),
                      "total: the bill at catalog prices ($0.56) and the stated bill ($0.62) "
                      "differ by -9.1%, more than 5%"),
            s.notes.end());
}

// Laws: a page split in two gives the same figures; every share is within 0..1 and
// the hourly shares add up to 1.
TEST(Usage, SplitPagesGiveTheSameFiguresAndSharesAreShares) {
  std::ifstream in(kData + "openai_usage_completions_1h.json");
  std::ostringstream text;
  text << in.rdbuf();
  const nlohmann::json page = nlohmann::json::parse(text.str());
  nlohmann::json first = page, second = page;
  first["data"] = nlohmann::json(page["data"].begin(), page["data"].begin() + 24);
  second["data"] = nlohmann::json(page["data"].begin() + 24, page["data"].end());
  const UsageSummary whole =
      summarize_usage(parse_usage_files({{"page.json", text.str()}}), api_catalog());
  const UsageSummary split = summarize_usage(
      parse_usage_files({{"p2.json", second.dump()}, {"p1.json", first.dump()}}), api_catalog());
  ASSERT_EQ(whole.total.figures.size(), split.total.figures.size());
  for (std::size_t i = 0; i < whole.total.figures.size(); ++i) {
    EXPECT_EQ(whole.total.figures[i].id, split.total.figures[i].id);
    expect_close(split.total.figures[i].value, whole.total.figures[i].value);
  }
  const std::vector<UsageSummary> all = {whole, summary_of({"anthropic_usage_messages_1h.json"}),
                                         summary_of({"litellm_spend_logs.csv"})};
  for (const UsageSummary& s : all) {
    for (const UsageModelSummary& m : s.models) {
      for (const Figure& f : m.figures) {
        if (f.id.ends_with("_share")) {
          EXPECT_GE(f.value, 0) << m.model << " " << f.id;
          EXPECT_LE(f.value, 1) << m.model << " " << f.id;
        }
      }
      double sum = 0;
      for (double share : m.hourly_share) sum += share;
      EXPECT_NEAR(sum, 1, 1e-9) << m.model;
    }
  }
}

TEST(Usage, ReportHasTheTables) {
  const UsageData data = load_usage_files({kData + "litellm_spend_logs.csv"});
  const Report r = usage_report(summarize_usage(data, api_catalog()), data);
  EXPECT_EQ(r.command, "usage");
  ASSERT_EQ(r.tables.size(), 3u);
  EXPECT_EQ(r.tables[0].id, "models");
  EXPECT_EQ(r.tables[0].rows.size(), 5u);  // 4 models and the total
  EXPECT_EQ(r.tables[1].id, "lengths");
  EXPECT_EQ(r.tables[2].id, "hourly_profile");
  EXPECT_EQ(r.tables[2].rows.size(), 24u);
  check_finite(r);
}

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string(LLMTCO_SOURCE_DIR) + "/docs/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every figure usage prints, on every example, is in the methodology's "Usage
// exports" and named in docs/usage.md.
TEST(Usage, DocsHaveEveryFigure) {
  const std::string methodology = read_doc("methodology.md");
  const std::size_t section = methodology.find("## Usage exports");
  ASSERT_NE(section, std::string::npos);
  const std::string outputs = methodology.substr(section);
  const std::string page = read_doc("usage.md");
  for (const std::vector<std::string>& files : std::vector<std::vector<std::string>>{
           {"openai_usage_completions_1h.json", "openai_costs_1d.json"},
           {"anthropic_usage_messages_1h.json"},
           {"litellm_spend_logs.csv"}}) {
    std::vector<std::string> paths;
    for (const std::string& f : files) paths.push_back(kData + f);
    const UsageData data = load_usage_files(paths);
    const Report report = usage_report(summarize_usage(data, api_catalog()), data);
    for (const Figure& f : report.figures) {
      EXPECT_NE(outputs.find("`" + f.id + "`"), std::string::npos) << f.id;
      EXPECT_NE(page.find("`" + f.id + "`"), std::string::npos) << f.id;
    }
  }
}

// Anthropic's report counts no requests: apply_usage keeps the scenario's request
// size (the seed's 1,000 + 500 = 1,500 tokens) and splits it as the export splits
// its tokens, so the bill keeps the measured mix instead of the seed's 2:1.
TEST(ApplyUsage, AnExportWithoutRequestCountsKeepsItsSplit) {
  const UsageSummary summary = summary_of({"anthropic_usage_messages_1h.json"});
  const UsageModelSummary* sonnet = find_usage_model(summary, "claude-sonnet-4-6");
  ASSERT_NE(sonnet, nullptr);
  const double share = find_figure(sonnet->figures, "input_share")->value;
  Scenario s;
  apply_usage(summary, "claude-sonnet-4-6", s);
  const WorkloadSpec& w = s.workload;
  EXPECT_DOUBLE_EQ(w.input_tokens_per_request + w.output_tokens_per_request, 1500);
  EXPECT_NEAR(w.input_tokens_per_request / 1500, share, 1e-12);
}

}  // namespace
}  // namespace llmtco
