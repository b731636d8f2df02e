// Numbers as people read them: thousands separators, no needless decimals, and
// never "nan" or "inf" (the core produces only finite figures).
#pragma once

#include <string>

namespace llmtco {

// 4200000 -> "4,200,000"; 140.84 -> "140.84"; 0.004 -> "0.004"; -1.333 -> "-1.33".
// Values of 1,000 and more are rounded to whole numbers; smaller ones keep six
// significant digits, trailing zeros dropped; below 1e-9 in e notation (1e-310).
std::string format_number(double value);

// A value with its unit: "140.84 GB", "88.8 USD/day", "70,000,000 params".
std::string format_quantity(double value, const std::string& unit);

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
// from 10 cents ("$19.01", "$0.40"), two significant digits below ("$0.0045").
std::string format_usd(double usd);

// An hourly price, always with cents: 6.99 -> "$6.99/h", 0.6 -> "$0.60/h",
// 1234.5 -> "$1,234.50/h".
std::string format_usd_per_hour(double usd_per_hour);

}  // namespace llmtco
