// Numbers as people read them, by the web page's rules (web/src/format.js): thousands
// separators, three significant digits, money by format_usd, shares as percent, and
// never "nan" or "inf" (the core produces only finite figures). Every renderer and
// every note prints through here; JSON alone keeps full precision. The rule: no
// printed number with a decimal point has more than four significant digits, and no
// integer runs past fifteen characters (digits and separators).
#pragma once

#include <string>

namespace llmtco {

// 4200000 -> "4,200,000"; 140.84 -> "141"; 0.685185 -> "0.685"; -1.333 -> "-1.33".
// Values of 1,000 and more are rounded to whole numbers with separators, up to
// 999,999,999,999; from 1e12 in e notation with three significant digits
// (6.54e19); smaller ones keep three significant digits, trailing zeros dropped;
// below 1e-9 in e notation (1e-310).
std::string format_number(double value);

// A value in its unit, by the unit: money ("USD", "USD/month", "USD/1M tokens", ...)
// by format_usd's rule without the sign ("22.07 USD/month", "5,402 USD/month");
// "probability" and "fraction" as percent ("99.4%"; "fraction/month" -> "5%/month";
// a share short of 1 that would round to 100% keeps two decimals, "99.96%");
// "x" as a multiplier ("47.3x"); "FLOP" with an SI prefix ("65.4 EFLOP"); anything
// else as format_number and the unit ("141 GB", "70,000,000,000 params").
std::string format_quantity(double value, const std::string& unit);

// format_quantity in two parts, for a table with a unit column: the number
// ("22.07", "99.4", "47.3", "65.4") and the unit it is printed in ("USD/month", "%",
// "x", "EFLOP"). format_quantity joins them, with a space unless the unit is "x" or
// starts with "%".
std::string format_amount(double value, const std::string& unit);
std::string amount_unit(double value, const std::string& unit);

// A count with an SI prefix and three significant digits: (6.54e19, "FLOP") ->
// "65.4 EFLOP", (1.5e12, "FLOP/s") -> "1.5 TFLOP/s", (999, "FLOP") -> "999 FLOP".
std::string format_si(double value, const std::string& unit);

// Short, for chart axes: 1e9 -> "1B", 2.5e6 -> "2.5M", 1500 -> "1.5k", 0.25 -> "0.25",
// -2000 -> "-2k"; three significant digits at most (k, M, B, T; e notation beyond).
std::string format_compact(double value);

// A bound in a message: whole numbers below 1e10 with separators ("1,000,000"),
// larger ones in e notation ("1e15"), fractions as printf's %g ("0.01", "-1").
std::string format_bound(double value);

// A signed percentage with one decimal: "+1.2%", "-0.3%", "0.0%".
std::string format_percent(double pct);

// Money in text, US dollars, by the web page's rule (web/src/format.js, usd()):
// whole dollars from $100 up and for whole amounts ("$12,345", "-$3", "$90"), cents
// from 10 cents ("$19.01", "$0.40"), two significant digits below ("$0.0045"); from
// $1e12 in e notation ("$1.5e12").
std::string format_usd(double usd);

// An hourly price, with cents below $100: 6.99 -> "$6.99/h", 0.6 -> "$0.60/h",
// 98.32 -> "$98.32/h"; whole dollars from $100, as format_usd: 1234.5 -> "$1,235/h".
std::string format_usd_per_hour(double usd_per_hour);

}  // namespace llmtco
