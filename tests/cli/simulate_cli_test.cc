// End-to-end tests of `llmtco simulate` (issue 16): the done-when run prints the
// percentiles, throughput and goodput; the JSON's numbers obey the laws between
// them; every format writes; bad flags and trace rows are one line and exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

double figure(const nlohmann::json& json, const std::string& id) {
  for (const auto& f : json["figures"]) {
    if (f["id"] == id) return f["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << id;
  return 0;
}

const std::vector<std::string> kDoneWhen = {
    "simulate", "llama-3.1-8b", "--gpu", "h100-sxm",   "--rate", "10",     "--input",
    "1000",     "--output",     "300",   "--requests", "5000",   "--seed", "1"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

class SimulateCli : public Cli {
 protected:
  nlohmann::json json_of(const std::vector<std::string>& args) {
    const Result r = run(with(args, {"--format", "json"}));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

TEST_F(SimulateCli, DoneWhenPrintsPercentilesThroughputAndGoodput) {
  const Result r = run(kDoneWhen);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, StartsWith("llmtco simulate: meta-llama/Llama-3.1-8B on 1 x h100-sxm"));
  for (const char* text :
       {"P50 (ms)", "P95 (ms)", "P99 (ms)", "\nTTFT ", "\nTPOT ", "\nITL ", "\nE2E ",
        "Output tokens per second", "Requests completed per second",
        "Goodput: requests within both targets per second", "Goodput: ", "Latency CDF"}) {
    EXPECT_THAT(r.out, HasSubstr(text));
  }
}

// Percentiles never fall with the rank; the rates are counts over the duration.
TEST_F(SimulateCli, JsonFiguresObeyTheirFormulas) {
  const nlohmann::json j = json_of(kDoneWhen);
  EXPECT_EQ(j["summary"]["requests"], 5000);
  EXPECT_EQ(j["summary"]["seed"], 1);
  for (const auto& row : j["latency"]) {
    EXPECT_LE(row["p50_ms"].get<double>(), row["p90_ms"].get<double>()) << row["metric"];
    EXPECT_LE(row["p90_ms"].get<double>(), row["p95_ms"].get<double>()) << row["metric"];
    EXPECT_LE(row["p95_ms"].get<double>(), row["p99_ms"].get<double>()) << row["metric"];
    EXPECT_GT(row["p50_ms"].get<double>(), 0) << row["metric"];
  }
  EXPECT_EQ(j["latency"][0]["metric"], "TTFT");
  EXPECT_EQ(j["latency"][0]["count"], 5000);  // every request has output
  EXPECT_DOUBLE_EQ(j["latency"][0]["p95_ms"].get<double>(), figure(j, "ttft_ms"));  // p95 target
  EXPECT_DOUBLE_EQ(j["latency"][1]["p95_ms"].get<double>(), figure(j, "tpot_ms"));
  const double duration_s = figure(j, "duration_s");
  ASSERT_GT(duration_s, 0);
  EXPECT_NEAR(figure(j, "output_tokens_per_s"), 5000 * 300 / duration_s, 1e-9);
  EXPECT_NEAR(figure(j, "requests_per_s"), 5000 / duration_s, 1e-9);
  const double share = figure(j, "goodput_share");
  EXPECT_GE(share, 0);
  EXPECT_LE(share, 1);
  EXPECT_NEAR(figure(j, "goodput_requests_per_s"), share * 5000 / duration_s, 1e-9);
  const nlohmann::json& run = j["run"];
  EXPECT_GE(run["max_batch"].get<double>(), 1);
  EXPECT_LE(run["max_batch"].get<double>(), 256);  // vLLM's max_num_seqs
  // A step decodes at most one token of each sequence in it.
  EXPECT_GE(run["steps"].get<double>() * run["max_batch"].get<double>(), 5000.0 * 300);
  EXPECT_GE(run["preemptions"].get<double>(), 0);
}

TEST_F(SimulateCli, ChartsAreCdfsAndABoundedTimeline) {
  const nlohmann::json j = json_of(kDoneWhen);
  for (const char* id : {"latency_cdf", "tpot_cdf"}) {
    for (const auto& series : j["charts"][id]["series"]) {
      const auto& points = series["points"];
      ASSERT_FALSE(points.empty()) << id;
      EXPECT_LE(points.size(), 200u) << id;
      for (std::size_t i = 1; i < points.size(); ++i) {
        EXPECT_LE(points[i - 1][0].get<double>(), points[i][0].get<double>()) << id;
        EXPECT_LT(points[i - 1][1].get<double>(), points[i][1].get<double>()) << id;
      }
      EXPECT_EQ(points.back()[1].get<double>(), 1.0) << id;
    }
  }
  for (const auto& series : j["charts"]["queue"]["series"]) {
    EXPECT_GT(series["points"].size(), 1u);
    EXPECT_LE(series["points"].size(), 300u);
  }
}

TEST_F(SimulateCli, TheSameSeedGivesTheSameReportAndAnotherSeedAnother) {
  const std::string once = run(with(kDoneWhen, {"--format", "json"})).out;
  EXPECT_EQ(run(with(kDoneWhen, {"--format", "json"})).out, once);
  std::vector<std::string> other = kDoneWhen;
  other.back() = "2";
  EXPECT_NE(figure(json_of(other), "duration_s"),
            figure(nlohmann::json::parse(once), "duration_s"));
}

// Targets every request meets give a goodput of 1; targets none meets, of 0.
TEST_F(SimulateCli, GoodputCountsTheRequestsWithinTheTargets) {
  const std::vector<std::string> run100 = {
      "simulate", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "5", "--requests", "100"};
  EXPECT_EQ(
      figure(json_of(with(run100, {"--ttft-ms", "1e9", "--tpot-ms", "1e9"})), "goodput_share"),
      1.0);
  EXPECT_EQ(figure(json_of(with(run100, {"--ttft-ms", "1e-6"})), "goodput_share"), 0.0);
  const nlohmann::json mean = json_of(with(run100, {"--percentile", "mean"}));
  EXPECT_DOUBLE_EQ(figure(mean, "ttft_ms"), mean["latency"][0]["mean_ms"].get<double>());
}

TEST_F(SimulateCli, DurationDrawsRateTimesSecondsRequests) {
  const nlohmann::json j = json_of(
      {"simulate", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "4", "--duration", "2.6"});
  EXPECT_EQ(j["summary"]["requests"], 11);  // ceil(4 x 2.6)
}

TEST_F(SimulateCli, ReadsACsvTrace) {
  const auto trace = write("trace.csv",
                           "arrival_s,input_tokens,output_tokens\n"
                           "0.5,200,10\n0,100,20\n1.25,300,0\n");
  const nlohmann::json j =
      json_of({"simulate", "llama-3.1-8b", "--gpu", "h100-sxm", "--trace", trace.string()});
  EXPECT_EQ(j["summary"]["requests"], 3);
  EXPECT_EQ(j["latency"][0]["count"], 2);  // TTFT: the two requests with output
  EXPECT_EQ(j["latency"][3]["count"], 3);  // E2E: all three
  EXPECT_NEAR(figure(j, "output_tokens_per_s"), 30 / figure(j, "duration_s"), 1e-9);
}

// A benchmark_serving result: its lengths, every request at t = 0 at its rate of inf.
TEST_F(SimulateCli, ReadsABenchmarkServingResult) {
  const std::string path = std::string(LLMTCO_SOURCE_DIR) +
                           "/data/benchmarks/vllm-serving/1xH100-80GB-SXM/"
                           "Meta-Llama-3.1-70B-Instruct-FP8_tp1_len2048.json";
  const nlohmann::json file = nlohmann::json::parse(read_file(path));
  ASSERT_EQ(file["request_rate"], "inf");
  const nlohmann::json j =
      json_of({"simulate", "llama-3.1-8b", "--gpu", "h100-sxm", "--trace", path});
  EXPECT_EQ(j["summary"]["requests"], file["input_lens"].size());
  double output_tokens = 0;
  for (const auto& n : file["output_lens"]) output_tokens += n.get<double>();
  EXPECT_NEAR(figure(j, "output_tokens_per_s"), output_tokens / figure(j, "duration_s"), 1e-9);
  for (const auto& f : j["figures"]) {
    if (f["id"] != "duration_s") continue;
    EXPECT_EQ(f["inputs"][1]["name"], "first_arrival_s");
    EXPECT_EQ(f["inputs"][1]["value"], 0.0);
  }
  EXPECT_THAT(j["notes"][2].get<std::string>(),
              HasSubstr("arrival times: every request at t = 0, as the file's request rate is "
                        "inf."));
  expect_input_error({"simulate", "llama-3.1-8b", "--gpu", "h100-sxm", "--trace", "nowhere.csv"},
                     "cannot read request trace 'nowhere.csv': No such file or directory");
}

TEST_F(SimulateCli, EveryFormatWrites) {
  const std::vector<std::string> small = {"simulate", "llama-3.1-8b", "--gpu",      "h100-sxm",
                                          "--rate",   "10",           "--requests", "200"};
  const auto path = dir_ / "sim.html";
  const Result html = run(with(small, {"--format", "html", "-o", path.string()}));
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_EQ(html.out, "");
  const std::string page = read_file(path);
  EXPECT_THAT(page, StartsWith("<!DOCTYPE html>\n"));
  EXPECT_THAT(page, HasSubstr("Latency CDF: time to first token and end to end"));
  EXPECT_THAT(page, HasSubstr("<polyline "));
  const Result md = run(with(small, {"--format", "markdown"}));
  ASSERT_EQ(md.exit_code, 0) << md.err;
  EXPECT_THAT(md.out, HasSubstr("| TTFT |"));
}

TEST_F(SimulateCli, BadFlagsAreOneLine) {
  const std::vector<std::string> base = {"simulate", "llama-3.1-8b", "--gpu", "h100-sxm"};
  expect_input_error(with(base, {"--rate", "0"}), "--rate: must be > 0 and <= 1,000,000 (got 0)");
  expect_input_error(with(base, {}), "--rate: is required without a trace (requests/s)");
  expect_input_error(with(base, {"--rate", "1", "--requests", "1000001"}),
                     "--requests: must be 1 to 1,000,000 (got 1000001)");
  expect_input_error(with(base, {"--rate", "1", "--duration", "2e6"}),
                     "--duration: gives 2,000,000 requests at 1 requests/s, more than the "
                     "1,000,000 allowed (got 2000000 s)");
  expect_input_error(with(base, {"--rate", "1", "--percentile", "100"}),
                     "--percentile: must be mean or a number in (0, 100), e.g. 95 (got '100')");
  expect_input_error(with(base, {"--rate", "1", "--burstiness", "3"}),
                     "--burstiness: applies to gamma arrivals only (got 3 with poisson "
                     "arrivals)");
  expect_input_error(with(base, {"--rate", "1", "--input-cv", "0.3"}),
                     "--input-cv: needs a length distribution, uniform or lognormal (got 0.3 "
                     "with fixed lengths)");
  expect_input_error(with(base, {"--rate", "1", "--ttft-ms", "0"}),
                     "--ttft-ms: must be > 0 (got 0)");
  expect_input_error(with(base, {"--rate", "1", "--replicas", "0"}),
                     "--replicas: must be 1 to 1,000 (got 0)");
  expect_input_error(with(base, {"--rate", "1", "--requests", "10", "--warmup", "10"}),
                     "--warmup: must be 0 to 9 (got 10)");
  expect_input_error(with(base, {"--trace", "t.csv", "--rate", "3"}),
                     "--trace excludes --rate (see 'llmtco --help')");
}

TEST_F(SimulateCli, BadTraceRowsNameTheFileLineAndColumn) {
  const std::vector<std::string> base = {"simulate", "llama-3.1-8b", "--gpu", "h100-sxm",
                                         "--trace"};
  const auto negative = write("neg.csv", "arrival_s,input_tokens,output_tokens\n0,1,1\n-1,1,1\n");
  expect_input_error(with(base, {negative.string()}),
                     negative.string() +
                         ":3: column 'arrival_s' must be a finite number of seconds >= 0 "
                         "(got '-1')");
  const auto empty_prompt = write("zero.csv", "arrival_s,input_tokens,output_tokens\n0,0,1\n");
  expect_input_error(with(base, {empty_prompt.string()}),
                     empty_prompt.string() +
                         ":2: column 'input_tokens' must be a whole number of tokens from 1 to "
                         "10,000,000 (got '0')");
  const auto no_column = write("cols.csv", "arrival_s,input_tokens\n0,1\n");
  expect_input_error(with(base, {no_column.string()}),
                     no_column.string() + ": missing column 'output_tokens'");
  const auto none = write("none.csv", "arrival_s,input_tokens,output_tokens\n");
  expect_input_error(with(base, {none.string()}),
                     none.string() + ": no requests (a trace needs at least one)");
}

// docs/simulate.md documents every flag --help lists.
TEST_F(SimulateCli, EveryFlagIsDocumented) {
  const Result help = run({"simulate", "--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::string page = read_file(std::string(LLMTCO_SOURCE_DIR) + "/docs/simulate.md");
  const std::regex flag(R"(  (--[a-z][a-z-]+))");
  int flags = 0;
  for (auto it = std::sregex_iterator(help.out.begin(), help.out.end(), flag);
       it != std::sregex_iterator(); ++it, ++flags) {
    const std::string name = (*it)[1];
    if (name == "--help" || name == "--format" || name == "--explain") continue;  // every command's
    EXPECT_NE(page.find("`" + name), std::string::npos) << name;
  }
  EXPECT_GE(flags, 20);
}

}  // namespace
}  // namespace llmtco_test
