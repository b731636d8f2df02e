// finetune_report: the CLI's figures from a FinetuneRequest, and a FieldError
// naming the member for each kind of bad input.
#include "llmtco/finetune_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "field_error.h"
#include "llmtco/instance_catalog.h"
#include "shipped.h"

namespace llmtco {
namespace {

double figure(const Report& r, const std::string& id) {
  return find_figure(r.figures, id)->value;
}

TEST(FinetuneReport, FiguresAreTheCli) {
  const Report r =
      finetune_report(shipped(), {.model = "meta-llama/Llama-2-7b-hf", .dataset_tokens = 1e7});
  // 1e7 tokens x 3 epochs.
  EXPECT_EQ(figure(r, "finetune_training_tokens"), 3e7);
  // LoRA with gradient checkpointing: (4 + 2) x 6,738,415,616 params.
  EXPECT_EQ(figure(r, "finetune_flops_per_token"), 40430493696);
  // gpt-3.5-turbo trains at 8 USD per 1M tokens: 30 x 8.
  EXPECT_DOUBLE_EQ(figure(r, "api_finetune_cost_usd"), 240);
  ASSERT_FALSE(r.tables.at(0).rows.empty());
  const Report given = finetune_report(
      shipped(), {.model = "llama-2-7b", .dataset_tokens = 1e7, .api_training_usd_per_1m = 5.0});
  EXPECT_DOUBLE_EQ(figure(given, "api_finetune_cost_usd"), 150);
  EXPECT_EQ(find_figure(given.figures, "api_finetune_cost_usd")->source, "as given by the user");
}

TEST(FinetuneReport, BadInputsNameTheMember) {
  auto with = [](FinetuneRequest r) { return field_error([&] { finetune_report(shipped(), r); }); };
  EXPECT_EQ(with({.model = "llama-2-7b", .dataset_tokens = -5}),
            (Caught{"dataset_tokens", "must be > 0 and <= 1e15 (got -5)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .epochs = std::numeric_limits<double>::infinity()}),
            (Caught{"epochs", "must be a finite number > 0 and <= 1,000 (got inf)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .method = "dpo"}),
            (Caught{"method", "unknown method 'dpo' (valid: full, lora, qlora)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .micro_batch = 0}),
            (Caught{"micro_batch", "must be 1 to 1,000,000 (got 0)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .clouds = {"aws", "moon"}}),
            (Caught{"clouds",
                    "unknown cloud 'moon' (valid: "
                    "aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, nebius, oci, "
                    "paperspace, primeintellect, runpod, shadeform, vast, verda, all)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .pricing = "cheap"}).field, "pricing");
  EXPECT_EQ(with({.model = "llama-2-7b", .api_training_usd_per_1m = std::nan("")}),
            (Caught{"api_training_usd_per_1m",
                    "must be a finite number between 0 and 1,000,000 (got nan)"}));
  EXPECT_EQ(with({.model = "llama-2-7b", .api_model = "gpt-5x"}),
            (Caught{"api_model", "unknown API model 'gpt-5x' (nearest known: 'gpt-5')"}));
  // No training price for Claude's family (gpt-4o's family now has one, $25).
  EXPECT_EQ(with({.model = "llama-2-7b", .api_model = "claude-sonnet-4-20250514"}).field,
            "api_model");
  EXPECT_EQ(with({.model = "llama-2-7"}).field, "model");
}

}  // namespace
}  // namespace llmtco
