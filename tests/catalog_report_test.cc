// catalog_report: the CLI's listings from a CatalogRequest, and a FieldError
// naming the member for each kind of bad input.
#include "llmtco/catalog_report.h"

#include <gtest/gtest.h>

#include "field_error.h"
#include "llmtco/builtin_catalogs.h"

namespace llmtco {
namespace {

Report listing(const CatalogRequest& request) {
  return catalog_report(all_builtin_catalogs(), request);
}

TEST(CatalogReport, ListingsAreTheCli) {
  const Report models = listing({.kind = "models", .search = "mixtral"});
  ASSERT_EQ(models.tables.at(0).rows.size(), 2u);
  // Mixtral 8x7B: 2 of 8 experts a token, 12,879,925,248 active params (the CLI's).
  EXPECT_EQ(models.tables[0].rows[0][0], Cell(std::string("mistralai/Mixtral-8x7B-v0.1")));
  EXPECT_EQ(models.tables[0].rows[0][4], Cell(std::int64_t{12879925248}));
  const Report instances = listing({.kind = "instances", .clouds = {"aws"}, .gpu = "h100-sxm"});
  ASSERT_FALSE(instances.tables.at(0).rows.empty());
  for (const auto& row : instances.tables[0].rows) {
    EXPECT_EQ(row[0], Cell(std::string("aws")));
    EXPECT_EQ(row[2], Cell(std::string("h100-sxm")));
  }
  const Report none = listing({.kind = "apis", .search = "no such api"});
  EXPECT_EQ(none.notes.at(0), "No apis match 'no such api'.");
}

TEST(CatalogReport, BadInputsNameTheMember) {
  auto with = [](CatalogRequest r) { return field_error([&] { listing(r); }); };
  EXPECT_EQ(
      with({.kind = "fpgas"}),
      (Caught{"kind", "unknown catalog 'fpgas' (valid: models, gpus, instances, clouds, apis)"}));
  EXPECT_EQ(with({.kind = "instances", .clouds = {"oracle"}}),
            (Caught{"clouds",
                    "unknown cloud 'oracle' (valid: "
                    "aws, azure, cudo, do, fluidstack, gcp, hyperbolic, lambda, nebius, oci, "
                    "paperspace, primeintellect, runpod, shadeform, vast, verda, all)"}));
  EXPECT_EQ(with({.kind = "gpus", .clouds = {"aws"}}),
            (Caught{"clouds", "only applies to 'instances' (got 'gpus')"}));
  EXPECT_EQ(with({.kind = "instances", .gpu = "h10"}),
            (Caught{"gpu", "unknown GPU 'h10' (nearest known GPU: 'h100-sxm')"}));
  EXPECT_EQ(with({.kind = "gpus", .model = "llama-3.3-70b"}),
            (Caught{"model", "only applies to 'apis' (got 'gpus')"}));
  EXPECT_EQ(with({.kind = "apis", .model = "llama-3.3-7b"}),
            (Caught{"model",
                    "unknown model 'llama-3.3-7b' (nearest known model: 'llama-3.3-70b'; see "
                    "llmtco catalog models)"}));
}

// The hosted offers of one model: the hosted.h matches, narrowed by --search.
TEST(CatalogReport, HostedApisOfAModel) {
  const Report groq = listing({.kind = "apis", .search = "groq", .model = "llama-3.3-70b"});
  ASSERT_EQ(groq.tables.at(0).rows.size(), 1u);
  const auto& row = groq.tables[0].rows[0];
  EXPECT_EQ(row[0], Cell(std::string("groq/llama-3.3-70b-versatile")));
  // (3 x 0.59 + 0.79) / 4 = 0.64 USD per 1M tokens.
  EXPECT_EQ(row[4], Cell(0.64));
  EXPECT_EQ(row[7], Cell(std::string("versatile")));
  const Report none = listing({.kind = "apis", .model = "gpt-j-6b"});
  EXPECT_EQ(none.notes.at(0), "No apis host 'gpt-j-6b'.");
}

// The model listing: one line a model with what is published of it; the names
// and sources in a table for programs only.
TEST(CatalogReport, ModelsListPublishedFiguresAndNamesForPrograms) {
  const Report all = listing({.kind = "models"});
  ASSERT_EQ(all.tables.size(), 2u);
  EXPECT_GE(all.tables[0].rows.size(), 50u);
  EXPECT_EQ(all.tables[1].id, "model_names");
  EXPECT_TRUE(all.tables[1].json_only);
  EXPECT_EQ(all.tables[1].rows.size(), all.tables[0].rows.size());
  const Report qwen3 = listing({.kind = "models", .search = "qwen3-30b-a3b"});
  ASSERT_EQ(qwen3.tables[0].rows.size(), 1u);
  // Qwen3-30B-A3B: 30,532,122,624 exact (recalled, equals the count); "3.3B" active.
  EXPECT_EQ(qwen3.tables[0].rows[0][5], Cell(std::int64_t{30532122624}));
  EXPECT_EQ(qwen3.tables[0].rows[0][6], Cell());
  EXPECT_EQ(qwen3.tables[0].rows[0][7], Cell(std::string("3.3B")));
  EXPECT_EQ(qwen3.tables[1].rows[0][1],
            Cell(std::string("Qwen/Qwen3-30B-A3B-Base, qwen3-30b-a3b-base, qwen3-30b")));
  // Qwen3-4B: only the model card's rounded "4.0B" is published.
  const Report small = listing({.kind = "models", .search = "qwen3-4b"});
  ASSERT_EQ(small.tables[0].rows.size(), 1u);
  EXPECT_EQ(small.tables[0].rows[0][5], Cell());
  EXPECT_EQ(small.tables[0].rows[0][6], Cell(std::string("4.0B")));
}

}  // namespace
}  // namespace llmtco
