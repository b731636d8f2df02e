// perf_report: the CLI's figures from a PerfRequest, and a FieldError naming the
// member for each kind of bad input.
#include "llmtco/perf_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "field_error.h"
#include "shipped.h"

namespace llmtco {
namespace {

double figure(const Report& r, const std::string& id) {
  return find_figure(r.figures, id)->value;
}

TEST(PerfReport, ModesAreTheCli) {
  const Report offline =
      perf_report(shipped(), {.model = "meta-llama/Llama-2-70b-hf", .gpu = "h100-sxm", .tp = 4});
  EXPECT_EQ(offline.title,
            "meta-llama/Llama-2-70b-hf on 4 x h100-sxm (TP 4, PP 1), bf16, vLLM 0.6+, offline");
  // Offline, the batch is vLLM's 256-sequence limit: KV memory holds 381 (the CLI's).
  EXPECT_EQ(figure(offline, "batch_memory_cap"), 381);
  EXPECT_EQ(figure(offline, "batch"), 256);
  // Online at 2 requests a second of 300 output tokens: 600 tokens a second.
  const Report online =
      perf_report(shipped(), {.model = "llama-2-7b", .gpu = "a100-80gb-sxm", .rate_per_s = 2.0});
  EXPECT_DOUBLE_EQ(figure(online, "output_tokens_per_s"), 600);
  const Report fixed =
      perf_report(shipped(), {.model = "llama-2-7b", .gpu = "a100-80gb-sxm", .batch = 8});
  EXPECT_EQ(figure(fixed, "batch"), 8);
}

// Above capacity the wait for a first token grows without bound: no latency figure
// at all (it used to print a TTFT of 0 ms, and the idle server's TPOT), the title
// and a note say "overloaded".
TEST(PerfReport, AboveCapacityPrintsNoLatency) {
  const Report r = perf_report(
      shipped(),
      {.model = "llama-3.1-70b", .gpu = "h100-sxm", .precision = "fp8", .rate_per_s = 100});
  EXPECT_EQ(find_figure(r.figures, "ttft_ms"), nullptr);
  EXPECT_EQ(find_figure(r.figures, "tpot_ms"), nullptr);
  ASSERT_NE(find_figure(r.figures, "requests_per_s"), nullptr);
  EXPECT_TRUE(r.title.ends_with(", online, overloaded"));
  bool said = false;
  for (const std::string& note : r.notes)
    said |= note.starts_with("Overloaded: 100 requests/s exceeds the ") &&
            note.find("grows without bound") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(PerfReport, AnEngineVersionPicksItsProfile) {
  const PerfRequest r{.model = "llama-3.1-8b", .gpu = "h100-sxm", .engine = "trtllm"};
  PerfRequest old = r;
  old.engine_version = "0.14.0";
  EXPECT_NE(perf_report(shipped(), r).title.find("TensorRT-LLM (PyTorch backend) 1.0+"),
            std::string::npos);
  EXPECT_NE(perf_report(shipped(), old).title.find("TensorRT-LLM 0.14-0.21"), std::string::npos);
  old.engine_version = "0.9";
  EXPECT_THROW(perf_report(shipped(), old), FieldError);
}

TEST(PerfReport, BadInputsNameTheMember) {
  auto with = [](PerfRequest r) { return field_error([&] { perf_report(shipped(), r); }); };
  EXPECT_EQ(with({.model = "llama-2-7b"}).field, "gpu");
  EXPECT_EQ(with({.model = "llama-2-7b", .gpu = "h10"}),
            (Caught{"gpu", "unknown GPU 'h10' (nearest known GPU: 'h100-sxm')"}));
  EXPECT_EQ(with({.model = "llama-2-70b", .gpu = "h100-sxm", .tp = 3}),
            (Caught{"tp", "tensor parallelism 3 does not divide the 64 attention heads"}));
  // Llama-2-7B has 32 layers.
  EXPECT_EQ(with({.model = "llama-2-7b", .gpu = "h100-sxm", .pp = 33}),
            (Caught{"pp", "33 stages exceed the model's 32 layers (valid: 1 to 32)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .gpu = "h100-sxm", .output_tokens = 0}),
            (Caught{"output_tokens", "must be 1 to 10,000,000 (got 0)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .gpu = "h100-sxm", .rate_per_s = std::nan("")}),
            (Caught{"rate_per_s", "must be a finite number > 0 and <= 1,000,000 (got nan)"}));
  EXPECT_EQ(with({.model = "llama-2-7b",
                  .gpu = "h100-sxm",
                  .rate_per_s = std::numeric_limits<double>::infinity()})
                .field,
            "rate_per_s");
  EXPECT_EQ(with({.model = "llama-2-7b", .gpu = "h100-sxm", .batch = 2, .rate_per_s = 1.0}),
            (Caught{"rate_per_s", "excludes a static batch (got a batch of 2 too)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .gpu = "h100-sxm", .engine = "vlm"}).field, "engine");
  // A deployment the model does not fit is no one member's fault: an InputError.
  EXPECT_THROW(perf_report(shipped(), {.model = "llama-2-70b", .gpu = "h100-sxm"}), InputError);
}

}  // namespace
}  // namespace llmtco
