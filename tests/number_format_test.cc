#include "llmtco/number_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace llmtco {
namespace {

TEST(FormatNumber, LargeValuesAreWholeWithSeparators) {
  EXPECT_EQ(format_number(4200000.0), "4,200,000");
  EXPECT_EQ(format_number(44399999.999999), "44,400,000");
  EXPECT_EQ(format_number(1000.0), "1,000");
  EXPECT_EQ(format_number(-214824.4), "-214,824");
  EXPECT_EQ(format_number(70e9), "70,000,000,000");
}

TEST(FormatNumber, SmallValuesKeepSixSignificantDigits) {
  EXPECT_EQ(format_number(140.14), "140.14");
  EXPECT_EQ(format_number(210.20999999999998), "210.21");
  EXPECT_EQ(format_number(88.8), "88.8");
  EXPECT_EQ(format_number(0.004), "0.004");
  EXPECT_EQ(format_number(0.0001234567), "0.000123457");
  EXPECT_EQ(format_number(2.0), "2");
  EXPECT_EQ(format_number(0.0), "0");
  EXPECT_EQ(format_number(-0.0), "0");
}

// Issue 12, D6: a subnormal input printed through a round trip of text that threw.
TEST(FormatNumber, TinyValuesInENotation) {
  EXPECT_EQ(format_number(1e-310), "1e-310");
  EXPECT_EQ(format_number(-4.9406564584124654e-324), "-4.94066e-324");
  EXPECT_EQ(format_number(2.5e-9), "0.0000000025");
}

TEST(FormatNumber, NeverPrintsNanOrInf) {
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "n/a");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "n/a");
}

TEST(FormatQuantity, AddsTheUnit) {
  EXPECT_EQ(format_quantity(140.7, "GB"), "140.7 GB");
  EXPECT_EQ(format_quantity(5.0, ""), "5");
}

TEST(FormatCompact, SuffixesAndThreeSignificantDigits) {
  EXPECT_EQ(format_compact(1e6), "1M");
  EXPECT_EQ(format_compact(1e7), "10M");
  EXPECT_EQ(format_compact(1e8), "100M");
  EXPECT_EQ(format_compact(1e9), "1B");
  EXPECT_EQ(format_compact(2.5e6), "2.5M");
  EXPECT_EQ(format_compact(1500), "1.5k");
  EXPECT_EQ(format_compact(999999), "1M");  // rounds into the next suffix
  EXPECT_EQ(format_compact(123456), "123k");
  EXPECT_EQ(format_compact(-2000), "-2k");
  EXPECT_EQ(format_compact(0.25), "0.25");
  EXPECT_EQ(format_compact(0.001), "0.001");
  EXPECT_EQ(format_compact(0.0), "0");
  EXPECT_EQ(format_compact(3e12), "3T");
  EXPECT_EQ(format_compact(4e15), "4000T");
  EXPECT_EQ(format_compact(std::numeric_limits<double>::infinity()), "n/a");
}

// Issue 12, D6: format_compact read its own printed digits back with std::stod,
// which throws out_of_range on a subnormal.
TEST(FormatCompact, NeverThrows) {
  EXPECT_EQ(format_compact(1e-310), "1e-310");
  EXPECT_EQ(format_compact(4.9406564584124654e-324), "4.94e-324");
  EXPECT_EQ(format_compact(999.4), "999");
  EXPECT_EQ(format_compact(999.5), "1k");
  EXPECT_EQ(format_compact(1.2345e15), "1230T");
  EXPECT_EQ(format_compact(-1e18), "-1000000T");
}

TEST(FormatPercent, SignedOneDecimal) {
  EXPECT_EQ(format_percent(1.2048), "+1.2%");
  EXPECT_EQ(format_percent(-1.3333), "-1.3%");
  EXPECT_EQ(format_percent(0.0), "0.0%");
  EXPECT_EQ(format_percent(-0.01), "0.0%");
}

}  // namespace
}  // namespace llmtco
