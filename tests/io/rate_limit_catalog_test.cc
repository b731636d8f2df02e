// Reading the rate-limit catalog (rate_limit_catalog.h): the built-in rows as the
// file gives them, empty cells as not published, and malformed rows refused with
// the file, row, line, column and value.
#include "llmtco/rate_limit_catalog.h"

#include <gtest/gtest.h>

#include "llmtco/error.h"

namespace llmtco {
namespace {

const std::string kHeader =
    "provider,tier,qualification_usd_paid,qualification_days,monthly_cap_usd,model,rpm,tpm,"
    "itpm,otpm,rpd,tpd,batch_queue_tpd,source,as_of\n";

std::string error_of(const std::string& csv) {
  try {
    parse_rate_limits(csv, "limits.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// data/rate_limits/rate_limits.csv: 93 rows; gpt-4o Tier 4 is "250,14,5000,gpt-4o,
// 10000,2000000,,,,,200000000" (OpenAI's gpt-4o page, copy dated 2026-09-24).
TEST(RateLimitCatalog, BuiltInRowsAsPublished) {
  const RateLimitCatalog& c = rate_limit_catalog();
  EXPECT_EQ(c.rows.size(), 93u);
  EXPECT_EQ(c.source, "data/rate_limits/rate_limits.csv");
  const RateLimitRow& t4 = c.rows[4];
  EXPECT_EQ(t4.provider, "openai");
  EXPECT_EQ(t4.tier, "Tier 4");
  EXPECT_EQ(t4.model, "gpt-4o");
  EXPECT_EQ(*t4.qualification_usd_paid, 250);
  EXPECT_EQ(*t4.qualification_days, 14);
  EXPECT_EQ(*t4.monthly_cap_usd, 5000);
  EXPECT_EQ(*t4.requests_per_min, 10000);
  EXPECT_EQ(*t4.tokens_per_min, 2000000);
  EXPECT_EQ(*t4.batch_queue_tokens, 200000000);
  EXPECT_FALSE(t4.input_tokens_per_min.has_value());
  EXPECT_EQ(t4.as_of, "2026-09-24");
  // The Free row publishes no limits: every limit empty, none zero.
  const RateLimitRow& free = c.rows[0];
  EXPECT_EQ(free.tier, "Free");
  EXPECT_FALSE(free.requests_per_min || free.tokens_per_min || free.batch_queue_tokens);
}

TEST(RateLimitCatalog, EmptyCellsAreNotPublished) {
  const RateLimitCatalog c = parse_rate_limits(
      kHeader + "anthropic,Monthly Invoicing / Custom,,,,*,,,,,,,,contact sales,2026-04-23\n",
      "limits.csv");
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_FALSE(c.rows[0].qualification_usd_paid.has_value());
  EXPECT_FALSE(c.rows[0].monthly_cap_usd.has_value());
}

TEST(RateLimitCatalog, MalformedRowsNameFileRowColumnAndValue) {
  const std::string ok = "openai,Tier 1,5,0,100,gpt-4o,500,30000,,,,,90000,src,2026\n";
  EXPECT_EQ(error_of(kHeader + ok + "openai,Tier 2,50,7,500,gpt-4o,abc,450000,,,,,,src,2026\n"),
            "limits.csv: row 2 (line 3), column 'rpm': must be a number > 0 or empty (got 'abc')");
  EXPECT_EQ(error_of(kHeader + "openai,Tier 1,5,0,100,gpt-4o,500,0,,,,,,src,2026\n"),
            "limits.csv: row 1 (line 2), column 'tpm': must be a number > 0 or empty (got '0')");
  EXPECT_EQ(error_of(kHeader + "openai,Tier 1,-5,0,100,gpt-4o,500,1,,,,,,src,2026\n"),
            "limits.csv: row 1 (line 2), column 'qualification_usd_paid': must be a number >= 0 "
            "or empty (got '-5')");
  EXPECT_EQ(error_of(kHeader + "mistral,Tier 1,5,0,100,large,500,1,,,,,,src,2026\n"),
            "limits.csv: row 1 (line 2), column 'provider': must be openai, anthropic or google "
            "(got 'mistral')");
  EXPECT_EQ(error_of(kHeader + "openai,Tier 1,5,0,100,,500,1,,,,,,src,2026\n"),
            "limits.csv: row 1 (line 2), column 'model': must not be empty (got '')");
  EXPECT_EQ(error_of(kHeader + "openai,Tier 1,5,0,1e999,gpt-4o,500,1,,,,,,src,2026\n"),
            "limits.csv: row 1 (line 2), column 'monthly_cap_usd': must be a number > 0 or empty "
            "(got '1e999')");
  EXPECT_EQ(error_of("provider,tier\nopenai,Tier 1\n"),
            "limits.csv: missing column 'qualification_usd_paid'");
}

}  // namespace
}  // namespace llmtco
