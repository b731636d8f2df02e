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

// Below 1,000, three significant digits, as the web page's number(): 140.14 is
// 140, 210.21 is 210, 0.685185 (the seed article's peak requests a second,
// 44.4M / 1,500 / 86,400 x 2 = 0.6852) is 0.685, 0.0001234567 is 0.000123.
TEST(FormatNumber, SmallValuesKeepThreeSignificantDigits) {
  EXPECT_EQ(format_number(140.14), "140");
  EXPECT_EQ(format_number(210.20999999999998), "210");
  EXPECT_EQ(format_number(88.8), "88.8");
  EXPECT_EQ(format_number(0.685185), "0.685");
  EXPECT_EQ(format_number(0.004), "0.004");
  EXPECT_EQ(format_number(0.0001234567), "0.000123");
  EXPECT_EQ(format_number(2.0), "2");
  EXPECT_EQ(format_number(0.0), "0");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(-1.333), "-1.33");
  EXPECT_EQ(format_number(99.96), "100");    // rounds to 100.0, the zeros dropped
  EXPECT_EQ(format_number(999.7), "1,000");  // carries into the thousands
}

// From 1e12 a whole number would print more than fifteen characters: e notation with
// three significant digits. 65,435,583,283,200,000,000 (a 70B model's training FLOP:
// 6 x 70e9 x 155.8e9 tokens) is 6.54e19; 999,999,999,999 is the longest grouped.
TEST(FormatNumber, HugeValuesInENotation) {
  EXPECT_EQ(format_number(999'999'999'999.0), "999,999,999,999");
  EXPECT_EQ(format_number(1e12), "1e12");
  EXPECT_EQ(format_number(6.54355832832e19), "6.54e19");
  EXPECT_EQ(format_number(-2.5e15), "-2.5e15");
}

// Issue 12, D6: a subnormal input printed through a round trip of text that threw.
TEST(FormatNumber, TinyValuesInENotation) {
  EXPECT_EQ(format_number(1e-310), "1e-310");
  EXPECT_EQ(format_number(-4.9406564584124654e-324), "-4.94e-324");
  EXPECT_EQ(format_number(2.5e-9), "0.0000000025");
}

TEST(FormatNumber, NeverPrintsNanOrInf) {
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "n/a");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "n/a");
}

TEST(FormatQuantity, AddsTheUnit) {
  EXPECT_EQ(format_quantity(140.7, "GB"), "141 GB");
  EXPECT_EQ(format_quantity(85.89934592, "GB"), "85.9 GB");  // 80 GiB = 80 x 1.073741824 GB
  EXPECT_EQ(format_quantity(5.0, ""), "5");
  EXPECT_EQ(format_quantity(0.685185, "requests/s"), "0.685 requests/s");
  EXPECT_EQ(format_quantity(7e10, "params"), "70,000,000,000 params");
}

// Money by format_usd's rule, the unit kept: 22.0725 (2 x 138 GB x $0.08 x 30.4/30.4,
// a buyer's disk) is 22.07, 5,402.4 is 5,402, 0.0038 is 0.0038.
TEST(FormatQuantity, MoneyByTheDollarOrTheCent) {
  EXPECT_EQ(format_quantity(22.0725, "USD/month"), "22.07 USD/month");
  EXPECT_EQ(format_quantity(5402.4, "USD/month"), "5,402 USD/month");
  EXPECT_EQ(format_quantity(88.8, "USD/day"), "88.80 USD/day");
  EXPECT_EQ(format_quantity(0.00378, "USD/1K tokens"), "0.0038 USD/1K tokens");
  EXPECT_EQ(format_quantity(-2727.3, "USD/month"), "-2,727 USD/month");
  EXPECT_EQ(format_quantity(6.99, "USD/hour"), "6.99 USD/hour");
}

// Probabilities and shares in percent, three significant digits: 0.9944 is 99.4%;
// a multiplier is "47.3x" (47.3335 in a buyer's "x cheaper").
TEST(FormatQuantity, PercentAndMultipliers) {
  EXPECT_EQ(format_quantity(0.9944, "probability"), "99.4%");
  EXPECT_EQ(format_quantity(1.0, "probability"), "100%");
  EXPECT_EQ(format_quantity(2.0 / 3.0, "fraction"), "66.7%");
  // Short of all is never all: 4,998 of 5,000 is 99.96%, and 1 - 1e-9 is 99.99%.
  EXPECT_EQ(format_quantity(4998.0 / 5000.0, "fraction"), "99.96%");
  EXPECT_EQ(format_quantity(1 - 1e-9, "fraction"), "99.99%");
  EXPECT_EQ(format_quantity(1.0, "fraction"), "100%");
  EXPECT_EQ(format_quantity(0.05, "fraction/month"), "5%/month");
  EXPECT_EQ(format_quantity(47.3335, "x"), "47.3x");
  EXPECT_EQ(format_amount(0.9944, "probability"), "99.4");
  EXPECT_EQ(amount_unit(0.9944, "probability"), "%");
  EXPECT_EQ(format_amount(22.0725, "USD/month"), "22.07");
  EXPECT_EQ(amount_unit(22.0725, "USD/month"), "USD/month");
}

// FLOP with an SI prefix: 65,435,583,283,200,000,000 is 65.4 EFLOP (1e18), 1.5e12
// FLOP/s 1.5 TFLOP/s; from 1,000 yotta (1e27), e notation.
TEST(FormatQuantity, FlopWithAnSiPrefix) {
  EXPECT_EQ(format_quantity(65435583283200000000.0, "FLOP"), "65.4 EFLOP");
  EXPECT_EQ(format_si(1.5e12, "FLOP/s"), "1.5 TFLOP/s");
  EXPECT_EQ(format_si(999.0, "FLOP"), "999 FLOP");
  EXPECT_EQ(format_si(999.7, "FLOP"), "1 kFLOP");
  EXPECT_EQ(format_si(2.5e27, "FLOP"), "2.5e27 FLOP");
  EXPECT_EQ(format_quantity(1e12, "FLOP/TFLOP"), "1e12 FLOP/TFLOP");  // a conversion: no prefix
  EXPECT_EQ(format_amount(6.54e19, "FLOP"), "65.4");
  EXPECT_EQ(amount_unit(6.54e19, "FLOP"), "EFLOP");
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
  // From 1e12, e notation: $1,500,000,000,000 would run to 17 characters.
  EXPECT_EQ(format_usd(1.5e12), "$1.5e12");
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
  EXPECT_EQ(format_usd(99.996), "$100");  // rounds to 10,000 cents: whole dollars
  EXPECT_EQ(format_usd(-0.126), "-$0.13");
  EXPECT_EQ(format_usd(0.00449), "$0.0045");
  EXPECT_EQ(format_usd(0.004), "$0.004");
  EXPECT_EQ(format_usd(-0.0999), "-$0.1");
  EXPECT_EQ(format_usd(1e-310), "$1e-310");
  EXPECT_EQ(format_usd(std::numeric_limits<double>::quiet_NaN()), "n/a");
}

// Hourly prices below $100 keep two decimals: the seed article's $3.70/h, $0.60/h;
// 6.994 rounds to 699 cents. From $100, whole dollars as format_usd (no more than
// four significant digits after a point): 1,234.5 -> $1,235/h.
TEST(FormatUsdPerHour, TwoDecimalsBelowAHundred) {
  EXPECT_EQ(format_usd_per_hour(3.7), "$3.70/h");
  EXPECT_EQ(format_usd_per_hour(0.6), "$0.60/h");
  EXPECT_EQ(format_usd_per_hour(6.994), "$6.99/h");
  EXPECT_EQ(format_usd_per_hour(1234.5), "$1,235/h");  // whole dollars from $100
  EXPECT_EQ(format_usd_per_hour(99.996), "$100/h");    // 10,000 cents
  EXPECT_EQ(format_usd_per_hour(-2.5), "-$2.50/h");
  EXPECT_EQ(format_usd_per_hour(98.32), "$98.32/h");
  EXPECT_EQ(format_usd_per_hour(0.0), "$0.00/h");
  EXPECT_EQ(format_usd_per_hour(std::numeric_limits<double>::infinity()), "n/a");
}

}  // namespace
}  // namespace llmtco
