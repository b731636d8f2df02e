// Request traces (docs/formats.md, "Request traces"): CSV rows in arrival order,
// each bad cell one message naming the file, line, column, value and what is
// valid; a benchmark_serving result's lengths with arrivals drawn at its rate.
#include "llmtco/request_trace.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "llmtco/error.h"

namespace llmtco {
namespace {

const std::string kHeader = "arrival_s,input_tokens,output_tokens\n";

std::string error_of(const std::string& text) {
  try {
    parse_request_trace_csv(text, "t.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(RequestTrace, ReadsRowsInArrivalOrder) {
  // Ties keep the file's order; other columns are ignored; quoted cells are cells.
  const RequestTrace t = parse_request_trace_csv(
      "note,output_tokens,arrival_s,input_tokens\n"
      "a,10,2.5,100\nb,0,0,200\n\"c, quoted\",30,2.5,\"300\"\n",
      "t.csv");
  EXPECT_EQ(t.path, "t.csv");
  EXPECT_EQ(t.arrivals, "the file");
  ASSERT_EQ(t.requests.size(), 3u);
  EXPECT_EQ(t.requests[0].arrival_s, 0);
  EXPECT_EQ(t.requests[0].input_tokens, 200);
  EXPECT_EQ(t.requests[0].output_tokens, 0);  // an empty reply is a request
  EXPECT_EQ(t.requests[1].input_tokens, 100);
  EXPECT_EQ(t.requests[2].input_tokens, 300);
  EXPECT_EQ(t.requests[2].output_tokens, 30);
  EXPECT_EQ(t.requests[2].arrival_s, 2.5);
}

TEST(RequestTrace, BadCellsNameTheLineColumnValueAndWhatIsValid) {
  EXPECT_EQ(error_of(kHeader + "0,1,1\nsoon,1,1\n"),
            "t.csv:3: column 'arrival_s' must be a finite number of seconds >= 0 (got 'soon')");
  EXPECT_EQ(error_of(kHeader + "inf,1,1\n"),
            "t.csv:2: column 'arrival_s' must be a finite number of seconds >= 0 (got 'inf')");
  EXPECT_EQ(error_of(kHeader + "-0.5,1,1\n"),
            "t.csv:2: column 'arrival_s' must be a finite number of seconds >= 0 (got '-0.5')");
  EXPECT_EQ(error_of(kHeader + "0,1.5,1\n"),
            "t.csv:2: column 'input_tokens' must be a whole number of tokens from 1 to "
            "10,000,000 (got '1.5')");
  EXPECT_EQ(error_of(kHeader + "0,10000001,1\n"),
            "t.csv:2: column 'input_tokens' must be a whole number of tokens from 1 to "
            "10,000,000 (got '10000001')");
  EXPECT_EQ(error_of(kHeader + "0,1,-1\n"),
            "t.csv:2: column 'output_tokens' must be a whole number of tokens from 0 to "
            "10,000,000 (got '-1')");
  EXPECT_EQ(error_of(kHeader + "0,1,\n"),
            "t.csv:2: column 'output_tokens' must be a whole number of tokens from 0 to "
            "10,000,000 (got '')");
  EXPECT_EQ(error_of("arrival_s,input_tokens\n0,1\n"), "t.csv: missing column 'output_tokens'");
  EXPECT_EQ(error_of(kHeader), "t.csv: no requests (a trace needs at least one)");
}

BenchmarkTrace result(double rate, std::size_t requests) {
  BenchmarkTrace b{.path = "run.json", .request_rate = rate};
  for (std::size_t i = 0; i < requests; ++i) {
    b.input_lens.push_back(static_cast<std::int64_t>(100 + i));
    b.output_lens.push_back(static_cast<std::int64_t>(i % 3));
  }
  return b;
}

TEST(RequestTrace, AResultAtAnInfiniteRateArrivesAtOnce) {
  const RequestTrace t = request_trace_of(result(INFINITY, 5), 1);
  ASSERT_EQ(t.requests.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(t.requests[i].arrival_s, 0);
    EXPECT_EQ(t.requests[i].input_tokens, static_cast<std::int64_t>(100 + i));  // the file's order
    EXPECT_EQ(t.requests[i].output_tokens, static_cast<std::int64_t>(i % 3));
  }
  EXPECT_EQ(t.arrivals, "every request at t = 0, as the file's request rate is inf");
}

// Poisson at the file's rate: the mean gap of 10,000 arrivals is 1 / rate within
// 5% (its standard error is 1%), and the same seed draws the same times.
TEST(RequestTrace, AResultsArrivalsAreDrawnAtItsRate) {
  const RequestTrace t = request_trace_of(result(4, 10'000), 3);
  ASSERT_EQ(t.requests.size(), 10'000u);
  for (std::size_t i = 1; i < t.requests.size(); ++i) {
    EXPECT_LE(t.requests[i - 1].arrival_s, t.requests[i].arrival_s);
  }
  const double mean_gap_s = (t.requests.back().arrival_s - t.requests.front().arrival_s) / 9'999;
  EXPECT_NEAR(mean_gap_s, 0.25, 0.25 * 0.05);
  EXPECT_EQ(t.arrivals, "drawn as a Poisson process at the file's 4 requests/s (seed 3)");
  const RequestTrace again = request_trace_of(result(4, 10'000), 3);
  EXPECT_EQ(again.requests.back().arrival_s, t.requests.back().arrival_s);
}

TEST(RequestTrace, HoldsAtMostAMillionRequests) {
  try {
    request_trace_of(result(INFINITY, kMaxTraceRequests + 1), 1);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "run.json: 1,000,001 requests, more than the 1,000,000 a trace may hold");
  }
}

class TraceFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("llmtco-trace-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }
  std::filesystem::path dir_;
};

const std::string kResult =
    R"({"input_lens": [10, 20], "output_lens": [1, 2], "ttfts": [0.1, 0.2], "duration": 3,
        "request_rate": "inf"})";

TEST_F(TraceFiles, PicksTheFormatByExtensionThenContent) {
  EXPECT_EQ(load_request_trace(write("run.json", kResult), 1).requests.size(), 2u);
  EXPECT_EQ(load_request_trace(write("run.txt", "\n  " + kResult), 1).requests[1].input_tokens, 20);
  EXPECT_EQ(load_request_trace(write("rows.txt", kHeader + "0,5,6\n"), 1).requests[0].output_tokens,
            6);
  const std::string csv = write("braces.csv", "{" + kHeader);
  EXPECT_THROW(load_request_trace(csv, 1), InputError);  // read as CSV: no such column
  try {
    load_request_trace((dir_ / "missing.csv").string(), 1);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("cannot read request trace '")) << e.what();
  }
}

}  // namespace
}  // namespace llmtco
