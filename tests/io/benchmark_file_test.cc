#include "llmtco/benchmark_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "llmtco/builtin_catalogs.h"
#include "llmtco/embedded.h"
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

// A benchmark_serving result of three requests, one of them an empty reply.
const std::string kTrace =
    R"({"num_prompts": 3, "request_rate": "inf", "duration": 2.0, "mean_tpot_ms": 7.5,
        "output_throughput": 150.0, "input_lens": [10, 20, 31], "output_lens": [100, 0, 201],
        "ttfts": [0.05, 0.0, 0.07], "itls": [[0.01], [], [0.02]], "errors": ["", "", ""]})";

std::string trace_error_of(const std::string& json) {
  try {
    parse_benchmark_trace(json, "run.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(BenchmarkFile, ReadsTheOptionalColumns) {
  const auto rows = parse_benchmarks(
      "model,gpu,num_gpus,tp,pp,precision,engine,engine_version,mode,input_len,output_len,batch,"
      "request_rate,metric,value,source,kv_precision,num_requests,max_num_seqs,"
      "gpu_memory_utilization,scheduler_steps,chunked_prefill\n"
      "m,h100-sxm,1,1,1,fp8,vllm,0.6.0,online,10,20,,inf,tpot_ms_mean,7,s,bf16,500,512,0.95,10,"
      "false\n"
      "m,h100-sxm,1,1,1,fp8,vllm,0.6.0,online,10,20,,2,ttft_ms_mean,7,s,,,,,,true\n"
      "m,h100-sxm,1,1,1,fp8,vllm,0.6.0,offline,10,20,max,,output_tokens_per_s,7,s,,,,,,\n",
      "bench.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].file, "bench.csv");
  EXPECT_EQ(rows[0].metric, "tpot_ms_mean");
  EXPECT_EQ(rows[0].kv_precision, "bf16");
  EXPECT_EQ(rows[0].num_requests, 500);
  EXPECT_EQ(rows[0].server.max_num_seqs, 512);
  EXPECT_EQ(rows[0].server.gpu_memory_utilization, 0.95);
  EXPECT_EQ(rows[0].server.scheduler_steps, 10);
  EXPECT_EQ(rows[0].server.chunked_prefill, false);
  EXPECT_FALSE(rows[0].trace);
  EXPECT_EQ(rows[1].kv_precision, "");
  EXPECT_FALSE(rows[1].num_requests);
  EXPECT_FALSE(rows[1].server.max_num_seqs);
  EXPECT_FALSE(rows[1].server.gpu_memory_utilization);
  EXPECT_FALSE(rows[1].server.scheduler_steps);
  EXPECT_EQ(rows[1].server.chunked_prefill, true);
  EXPECT_FALSE(rows[2].server.chunked_prefill);
}

TEST(BenchmarkFile, OptionalColumnErrorsNameTheValueAndWhatIsValid) {
  const std::string header = kHeader.substr(0, kHeader.size() - 1);
  const std::string row = "m,h100-sxm,1,1,1,bf16,vllm,,online,10,20,,inf,ttft_ms_mean,1,s,";
  auto with = [&](const std::string& column, const std::string& value) {
    return error_of(header + "," + column + "\n" + row + value + "\n");
  };
  EXPECT_EQ(with("num_requests", "0"),
            "bench.csv:2: column 'num_requests' must be a whole number >= 1 (got '0')");
  EXPECT_EQ(with("num_requests", "1000001"),
            "bench.csv:2: column 'num_requests' must be a whole number from 1 to 1,000,000 (got "
            "'1000001')");
  EXPECT_EQ(with("max_num_seqs", "many"),
            "bench.csv:2: column 'max_num_seqs' must be a whole number >= 1 (got 'many')");
  EXPECT_EQ(with("gpu_memory_utilization", "1.5"),
            "bench.csv:2: column 'gpu_memory_utilization' must be a number in (0, 1] (got '1.5')");
  EXPECT_EQ(with("gpu_memory_utilization", "0"),
            "bench.csv:2: column 'gpu_memory_utilization' must be a finite number > 0 (got '0')");
  EXPECT_EQ(with("scheduler_steps", "2000"),
            "bench.csv:2: column 'scheduler_steps' must be a whole number from 1 to 1024 (got "
            "'2000')");
  EXPECT_EQ(with("chunked_prefill", "yes"),
            "bench.csv:2: column 'chunked_prefill' must be true or false (got 'yes')");
}

// Rows that name one trace share it; their empty lengths are the trace's means,
// rounded: inputs (10 + 20 + 31) / 3 = 20.33 -> 20, outputs (100 + 0 + 201) / 3
// = 100.33 -> 100; their request count is the trace's 3, their rate its inf.
TEST(BenchmarkFile, RowsNamingATraceShareIt) {
  std::vector<std::string> asked;
  const TraceResolver resolve = [&](const std::string& path) {
    asked.push_back(path);
    if (path != "runs/a.json") throw InputError("cannot read '" + path + "'");
    return kTrace;
  };
  const std::string header = kHeader.substr(0, kHeader.size() - 1) + ",trace\n";
  const auto rows = parse_benchmarks(
      header + "m,h100-sxm,1,1,1,bf16,vllm,,online,,,,inf,ttft_ms_mean,60,s,runs/a.json\n" +
          "m,h100-sxm,1,1,1,bf16,vllm,,online,,,,,tpot_ms_mean,7.5,s,runs/a.json\n" +
          "m,h100-sxm,1,1,1,bf16,vllm,,online,5,6,,1,output_tokens_per_s,150,s,runs/a.json\n" +
          "m,h100-sxm,1,1,1,bf16,vllm,,offline,5,6,max,,output_tokens_per_s,150,s,\n",
      "bench.csv", resolve);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(asked, std::vector<std::string>{"runs/a.json"});
  ASSERT_TRUE(rows[0].trace);
  EXPECT_EQ(rows[0].trace, rows[1].trace);
  EXPECT_EQ(rows[0].trace, rows[2].trace);
  EXPECT_EQ(rows[0].trace->path, "runs/a.json");
  EXPECT_EQ(rows[0].input_len, 20);
  EXPECT_EQ(rows[0].output_len, 100);
  EXPECT_EQ(rows[0].num_requests, 3);
  EXPECT_TRUE(std::isinf(rows[1].request_rate));
  EXPECT_EQ(rows[2].input_len, 5);  // given cells win
  EXPECT_EQ(rows[2].output_len, 6);
  EXPECT_DOUBLE_EQ(rows[2].request_rate, 1.0);
  EXPECT_FALSE(rows[3].trace);
  EXPECT_FALSE(rows[3].num_requests);
  // A row without a trace still needs its lengths; a missing trace names the row.
  EXPECT_EQ(error_of(header + "m,h100-sxm,1,1,1,bf16,vllm,,online,,6,,1,ttft_ms_mean,1,s,\n"),
            "bench.csv:2: column 'input_len' must be a whole number >= 1 (got '')");
  try {
    parse_benchmarks(header + "m,h100-sxm,1,1,1,bf16,vllm,,online,,,,inf,ttft_ms_mean,1,s,b.json\n",
                     "bench.csv", resolve);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "bench.csv:2: column 'trace': cannot read 'b.json'");
  }
}

TEST(BenchmarkFile, TracesOnDiskAreRelativeToTheFile) {
  const auto rows = load_benchmark_file(std::string(LLMTCO_SOURCE_DIR) +
                                        "/data/benchmarks/vllm-serving/index.csv");
  ASSERT_EQ(rows.size(), 162u);
  EXPECT_EQ(rows[0].trace->path,
            "1xA100-80GB-SXM/Meta-Llama-3.1-70B-Instruct-FP8_tp1_len2048.json");
  try {
    parse_benchmarks(kHeader.substr(0, kHeader.size() - 1) + ",trace\n" +
                         "m,h100-sxm,1,1,1,bf16,vllm,,online,,,,inf,ttft_ms_mean,1,s,none.json\n",
                     "/nonexistent/bench.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "/nonexistent/bench.csv:2: column 'trace': cannot read benchmark trace "
                 "'/nonexistent/none.json': No such file or directory");
  }
}

// The built-in sets: calibration.csv (338 rows), calibration-2.csv (188) and the
// vLLM runs (162, each with its trace), in that order.
TEST(BenchmarkFile, TheBuiltInSets) {
  const Catalogs& c = all_builtin_catalogs();
  EXPECT_EQ(c.benchmarks_source,
            "data/benchmarks/calibration.csv, data/benchmarks/calibration-2.csv, "
            "data/benchmarks/vllm-serving/index.csv");
  std::map<std::string, int> per_file;
  std::set<const BenchmarkTrace*> traces;
  for (const BenchmarkRow& row : c.benchmarks) {
    ++per_file[row.file];
    if (row.file == "data/benchmarks/vllm-serving/index.csv") {
      ASSERT_TRUE(row.trace) << row.line;
      EXPECT_EQ(row.num_requests, 10) << row.line;
      EXPECT_EQ(row.server.scheduler_steps, 10) << row.line;
      EXPECT_EQ(row.kv_precision, "bf16") << row.line;
      traces.insert(row.trace.get());
    } else {
      EXPECT_FALSE(row.trace) << row.file << ":" << row.line;
    }
    if (row.file == "data/benchmarks/calibration-2.csv") {
      if (row.mode == "online") {
        EXPECT_EQ(row.num_requests, 500) << row.line;
      } else {
        EXPECT_FALSE(row.num_requests) << row.line;
      }
    }
  }
  EXPECT_EQ(c.benchmarks.size(), 338u + 188u + 162u);
  EXPECT_EQ(per_file["data/benchmarks/calibration.csv"], 338);
  EXPECT_EQ(per_file["data/benchmarks/calibration-2.csv"], 188);
  EXPECT_EQ(per_file["data/benchmarks/vllm-serving/index.csv"], 162);
  EXPECT_EQ(c.benchmarks.front().file, "data/benchmarks/calibration.csv");
  EXPECT_EQ(c.benchmarks.back().file, "data/benchmarks/vllm-serving/index.csv");
  EXPECT_EQ(traces.size(), 58u);  // one per result file, shared by its rows
}

TEST(BenchmarkTrace, ReadsTheFields) {
  const BenchmarkTrace t = parse_benchmark_trace(kTrace, "run.json");
  EXPECT_EQ(t.path, "run.json");
  EXPECT_TRUE(std::isinf(t.request_rate));
  EXPECT_EQ(t.input_lens, (std::vector<std::int64_t>{10, 20, 31}));
  EXPECT_EQ(t.output_lens, (std::vector<std::int64_t>{100, 0, 201}));
  EXPECT_EQ(t.ttfts_s, (std::vector<double>{0.05, 0.0, 0.07}));
  EXPECT_DOUBLE_EQ(t.duration_s, 2.0);
  EXPECT_DOUBLE_EQ(t.mean_tpot_ms, 7.5);
  EXPECT_DOUBLE_EQ(t.output_tokens_per_s, 150.0);
  // A finite rate, Python's bare Infinity, and no optional fields at all.
  const std::string lists = R"("input_lens": [1], "output_lens": [0], "ttfts": [0.0])";
  EXPECT_DOUBLE_EQ(
      parse_benchmark_trace(R"({"request_rate": 4, "duration": 1, )" + lists + "}", "r.json")
          .request_rate,
      4.0);
  EXPECT_TRUE(std::isinf(
      parse_benchmark_trace(R"({"request_rate": Infinity, "duration": 1, )" + lists + "}", "r.json")
          .request_rate));
  // Python's NaN and -Infinity in statistics llmtco ignores do not spoil the file.
  EXPECT_DOUBLE_EQ(
      parse_benchmark_trace(
          R"({"std_itl_ms": NaN, "min_x": -Infinity, "duration": 1, )" + lists + "}", "r.json")
          .duration_s,
      1.0);
  const BenchmarkTrace bare = parse_benchmark_trace(R"({"duration": 1, )" + lists + "}", "r.json");
  EXPECT_TRUE(std::isinf(bare.request_rate));
  EXPECT_EQ(bare.mean_tpot_ms, 0.0);
  EXPECT_EQ(bare.output_tokens_per_s, 0.0);
}

TEST(BenchmarkTrace, ErrorsNameTheFileFieldValueAndWhatIsValid) {
  EXPECT_EQ(
      trace_error_of("{\"duration\": "),
      "run.json:1:14: malformed JSON: duration: syntax error while parsing value - unexpected "
      "end of input; expected '[', '{', or a literal");
  // Infinity is read in place: the column is the file's (the "}" is byte 40).
  EXPECT_EQ(trace_error_of(R"({"request_rate": Infinity, "duration": })"),
            "run.json:1:40: malformed JSON: duration: syntax error while parsing value - "
            "unexpected '}'; expected '[', '{', or a literal");
  EXPECT_EQ(trace_error_of("[1, 2]"),
            "run.json: must be a JSON object, a benchmark_serving result (got array)");
  const std::string rest = R"("duration": 2.0, "ttfts": [0.1, 0.2])";
  EXPECT_EQ(trace_error_of(R"({"input_lens": [5, 6], "output_lens": [7], )" + rest + "}"),
            "run.json: field 'output_lens' must have one entry per request, 2 as in input_lens "
            "(got 1)");
  EXPECT_EQ(trace_error_of(R"({"input_lens": [5, 6], "output_lens": [7, -1], )" + rest + "}"),
            "run.json: field 'output_lens[1]' must be a whole number of tokens >= 0 (got -1)");
  EXPECT_EQ(trace_error_of(R"({"input_lens": [0, 6], "output_lens": [7, 1], )" + rest + "}"),
            "run.json: field 'input_lens[0]' must be a whole number of tokens >= 1 (got 0)");
  EXPECT_EQ(trace_error_of(R"({"input_lens": [5, 6.5], "output_lens": [7, 1], )" + rest + "}"),
            "run.json: field 'input_lens[1]' must be a whole number of tokens >= 1 (got 6.5)");
  const std::string lens = R"("input_lens": [5, 6], "output_lens": [7, 1], )";
  EXPECT_EQ(trace_error_of("{" + lens + R"("duration": 2.0, "ttfts": [0.1, -0.2]})"),
            "run.json: field 'ttfts[1]' must be a finite number of seconds >= 0 (got -0.2)");
  EXPECT_EQ(trace_error_of("{" + lens + R"("duration": 0, "ttfts": [0.1, 0.2]})"),
            "run.json: field 'duration' must be a finite number > 0 (got 0)");
  EXPECT_EQ(trace_error_of("{" + lens + R"("ttfts": [0.1, 0.2]})"),
            "run.json: missing field 'duration' (a finite number > 0)");
  EXPECT_EQ(trace_error_of("{" + lens + rest.substr(0, 15) + "}"),
            "run.json: missing field 'ttfts' (a list with one entry per request)");
  EXPECT_EQ(trace_error_of("{" + lens + rest + R"(, "num_prompts": 3})"),
            "run.json: field 'num_prompts' must be the number of requests, 2 as in input_lens "
            "(got 3)");
  EXPECT_EQ(
      trace_error_of("{" + lens + rest + R"(, "request_rate": "fast"})"),
      "run.json: field 'request_rate' must be \"inf\" or a finite number of requests/s from 1e-6 "
      "(got \"fast\")");
  EXPECT_EQ(trace_error_of("{" + lens + rest + R"(, "request_rate": 1e-320})"),
            "run.json: field 'request_rate' must be \"inf\" or a finite number of requests/s from "
            "1e-6 (got 1e-320)");
  EXPECT_EQ(trace_error_of("{" + lens + rest + R"(, "mean_tpot_ms": -1})"),
            "run.json: field 'mean_tpot_ms' must be a finite number >= 0 (got -1)");
  EXPECT_EQ(trace_error_of(R"({"input_lens": [], "output_lens": [], "duration": 1, "ttfts": []})"),
            "run.json: field 'input_lens' must be a list with one entry per request (got [])");
}

// Mean TTFT over the requests with output: (0.05 + 0.07) / 2 = 0.06 s = 60 ms.
TEST(BenchmarkTrace, TheRowsOfARun) {
  const auto trace =
      std::make_shared<const BenchmarkTrace>(parse_benchmark_trace(kTrace, "r.json"));
  const auto rows = trace_rows(trace, {.model = "m",
                                       .gpu = "h100-sxm",
                                       .precision = "bf16",
                                       .engine = "vllm",
                                       .num_gpus = 2,
                                       .tp = 2,
                                       .server = {.scheduler_steps = 10}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].metric, "ttft_ms_mean");
  EXPECT_NEAR(rows[0].value, 60.0, 1e-9);
  EXPECT_EQ(rows[1].metric, "tpot_ms_mean");
  EXPECT_DOUBLE_EQ(rows[1].value, 7.5);
  EXPECT_EQ(rows[2].metric, "output_tokens_per_s");
  EXPECT_DOUBLE_EQ(rows[2].value, 150.0);
  for (int i = 0; i < 3; ++i) {
    const BenchmarkRow& r = rows[i];
    EXPECT_EQ(r.line, i + 1);
    EXPECT_EQ(r.file, "r.json");
    EXPECT_EQ(r.source, "r.json");
    EXPECT_EQ(r.trace, trace);
    EXPECT_EQ(r.mode, "online");
    EXPECT_TRUE(std::isinf(r.request_rate));
    EXPECT_EQ(r.num_requests, 3);
    EXPECT_EQ(r.input_len, 20);
    EXPECT_EQ(r.output_len, 100);
    EXPECT_EQ(r.tp, 2);
    EXPECT_EQ(r.server.scheduler_steps, 10);
  }
  // No output at all: no TTFT row, and a zero metric is no row either.
  const auto silent = std::make_shared<const BenchmarkTrace>(parse_benchmark_trace(
      R"({"duration": 1, "input_lens": [4], "output_lens": [0], "ttfts": [0.0],
          "output_throughput": 0, "mean_tpot_ms": 0})",
      "s.json"));
  EXPECT_TRUE(trace_rows(silent, {.model = "m"}).empty());
  try {
    trace_rows(trace, {.num_gpus = 3, .tp = 2});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "num_gpus must be a multiple of tp x pp = 2 (got 3)");
  }
}

// The row built from a result file matches the row index.csv lists for it.
TEST(BenchmarkTrace, MatchesTheIndexOfTheVllmRuns) {
  const std::string dir = "data/benchmarks/vllm-serving/";
  const std::string name = "1xH100-80GB-SXM/Mistral-7B-Instruct-v0.3_tp1_len2048.json";
  const auto trace = std::make_shared<const BenchmarkTrace>(
      parse_benchmark_trace(*embedded_file(dir + name), name));
  const auto rows = trace_rows(trace, {});
  std::map<std::string, double> listed;
  for (const BenchmarkRow& row : all_builtin_catalogs().benchmarks) {
    if (row.trace && row.trace->path == name) listed[row.metric] = row.value;
  }
  ASSERT_EQ(listed.size(), rows.size());
  for (const BenchmarkRow& row : rows) {
    EXPECT_NEAR(row.value, listed[row.metric], 1e-4 * listed[row.metric]) << row.metric;
  }
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
