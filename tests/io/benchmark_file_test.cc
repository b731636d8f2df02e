#include "llmtco/benchmark_file.h"

#include <gtest/gtest.h>

#include <cmath>

#include "llmtco/error.h"

namespace llmtco {
namespace {

const std::string kHeader =
    "model,gpu,num_gpus,tp,pp,precision,engine,engine_version,mode,input_len,output_len,batch,"
    "request_rate,metric,value,source\n";

std::string error_of(const std::string& text) {
  try {
    parse_benchmarks(text, "bench.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(BenchmarkFile, ReadsEveryColumn) {
  const auto rows = parse_benchmarks(
      kHeader +
          "meta-llama/Llama-3.1-8B,h100-sxm,2,1,1,fp8,vllm,0.6.0,online,1000,200,max,2.5,"
          "ttft_ms_mean,120.5,somewhere\n"
          "m,a10g,1,1,1,bf16,vllm,,offline,10,20,max,,output_tokens_per_s,7,s\n"
          "m,a10g,1,1,1,bf16,vllm,,online,10,20,max,inf,requests_per_s,7,s\n",
      "bench.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].num_gpus, 2);
  EXPECT_EQ(rows[0].input_len, 1000);
  EXPECT_FALSE(rows[0].batch);
  EXPECT_DOUBLE_EQ(rows[0].request_rate, 2.5);
  EXPECT_EQ(rows[0].metric, "ttft_ms_mean");
  EXPECT_DOUBLE_EQ(rows[0].value, 120.5);
  EXPECT_TRUE(std::isinf(rows[2].request_rate));
}

TEST(BenchmarkFile, ErrorsNameTheLineColumnValueAndWhatIsValid) {
  const std::string row = "m,h100-sxm,1,1,1,bf16,vllm,,offline,10,20,max,,output_tokens_per_s,";
  EXPECT_EQ(error_of(kHeader + row + "-3,s\n"),
            "bench.csv:2: column 'value' must be a finite number > 0 (got '-3')");
  EXPECT_EQ(error_of(kHeader + row + "nan,s\n"),
            "bench.csv:2: column 'value' must be a finite number > 0 (got 'nan')");
  EXPECT_EQ(error_of(kHeader + "m,h100-sxm,1,1,1,bf16,vllm,,fast,10,20,max,,ttft_ms,1,s\n"),
            "bench.csv:2: column 'mode' must be one of offline, static, online (got 'fast')");
  EXPECT_EQ(error_of(kHeader + "m,h100-sxm,1,1,1,bf16,vllm,,static,10,20,max,,ttft_ms,1,s\n"),
            "bench.csv:2: column 'batch' must be a whole number >= 1 in static mode (got 'max')");
  EXPECT_EQ(error_of(kHeader + "m,h100-sxm,3,2,1,bf16,vllm,,offline,10,20,max,,ttft_ms,1,s\n"),
            "bench.csv:2: column 'num_gpus' must be a multiple of tp x pp = 2 (got '3')");
  EXPECT_EQ(error_of(kHeader + "m,h100-sxm,1,1,1,bf16,vllm,,offline,1.5,20,max,,ttft_ms,1,s\n"),
            "bench.csv:2: column 'input_len' must be a whole number >= 1 (got '1.5')");
  EXPECT_EQ(error_of(kHeader + "m,h100-sxm,1,1,1,bf16,vllm,,offline,10,20,max,,speed,1,s\n"),
            "bench.csv:2: column 'metric' must be one of output_tokens_per_s, "
            "output_tokens_per_s_per_gpu, ttft_ms, ttft_ms_mean, itl_ms_mean, tpot_ms_mean, "
            "requests_per_s, "
            "decode_tokens_per_s_per_user (got 'speed')");
  EXPECT_EQ(error_of("model,gpu\nm,g\n"), "bench.csv: missing column 'num_gpus'");
}

TEST(BenchmarkFile, AMissingFileIsReported) {
  try {
    load_benchmark_file("/nonexistent/bench.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot read benchmark file '/nonexistent/bench.csv': No such file or directory");
  }
}

}  // namespace
}  // namespace llmtco
