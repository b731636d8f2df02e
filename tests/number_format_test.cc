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

// From $100 up, whole dollars: the seed article's $64,824 a year; 214,824.4 rounds
// down, 1,234.5 rounds half away from zero to 1,235, 100.4 to 100.
TEST(FormatUsd, WholeDollarsFromAHundred) {
  EXPECT_EQ(format_usd(64824.0), "$64,824");
  EXPECT_EQ(format_usd(214824.4), "$214,824");
  EXPECT_EQ(format_usd(1234.5), "$1,235");
  EXPECT_EQ(format_usd(100.4), "$100");
  EXPECT_EQ(format_usd(-12345.0), "-$12,345");
  EXPECT_EQ(format_usd(1e9), "$1,000,000,000");
}

// Whole amounts print no cents ($90, -$3); from 10 cents to $100, cents: 19.014 USD
// is $19.01, 0.6 is $0.60; below 10 cents, two significant digits: 0.00449 is
// $0.0045 (the article's $0.0045 per 1K tokens).
TEST(FormatUsd, CentsBelowAHundred) {
  EXPECT_EQ(format_usd(90.0), "$90");
  EXPECT_EQ(format_usd(-3.0), "-$3");
  EXPECT_EQ(format_usd(0.0), "$0");
  EXPECT_EQ(format_usd(-0.0), "$0");
  EXPECT_EQ(format_usd(19.014), "$19.01");
  EXPECT_EQ(format_usd(0.6), "$0.60");
  EXPECT_EQ(format_usd(99.99), "$99.99");
  EXPECT_EQ(format_usd(-0.126), "-$0.13");
  EXPECT_EQ(format_usd(0.00449), "$0.0045");
  EXPECT_EQ(format_usd(0.004), "$0.004");
  EXPECT_EQ(format_usd(-0.0999), "-$0.1");
  EXPECT_EQ(format_usd(1e-310), "$1e-310");
  EXPECT_EQ(format_usd(std::numeric_limits<double>::quiet_NaN()), "n/a");
}

// Hourly prices keep two decimals: the seed article's $3.70/h, $0.60/h, and a
// large instance's 1,234.5 -> $1,234.50/h; 6.994 rounds to 699 cents.
TEST(FormatUsdPerHour, TwoDecimals) {
  EXPECT_EQ(format_usd_per_hour(3.7), "$3.70/h");
  EXPECT_EQ(format_usd_per_hour(0.6), "$0.60/h");
  EXPECT_EQ(format_usd_per_hour(6.994), "$6.99/h");
  EXPECT_EQ(format_usd_per_hour(1234.5), "$1,234.50/h");
  EXPECT_EQ(format_usd_per_hour(98.32), "$98.32/h");
  EXPECT_EQ(format_usd_per_hour(0.0), "$0.00/h");
  EXPECT_EQ(format_usd_per_hour(std::numeric_limits<double>::infinity()), "n/a");
}

}  // namespace
}  // namespace llmtco
