#include "llmtco/number_format.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <string>
#include <string_view>

namespace llmtco {
namespace {

// Inserts a comma every three digits of the integer part of `digits` ("-1234.5").
std::string group_thousands(const std::string& digits) {
  const std::size_t start = digits.starts_with('-') ? 1 : 0;
  std::size_t end = digits.find('.');
  if (end == std::string::npos) end = digits.size();
  std::string out = digits.substr(0, start);
  for (std::size_t i = start; i < end; ++i) {
    if (i > start && (end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(end);
}

// The least value that three significant digits print as 1000 or more.
constexpr double kCarriesToThousand = 999.5;

// Below this, fixed notation would print a long run of zeros: e notation instead.
constexpr double kSmallestFixed = 1e-9;

// `value` (>= 1) rounded to three significant digits, in arithmetic rather than
// through printed text, so that no value can fail to convert back.
double round_to_three_digits(double value) {
  const double scale = std::pow(10.0, std::floor(std::log10(value)) - 2.0);
  return std::round(value / scale) * scale;
}

// Bounds from here up are printed in e notation.
constexpr double kLargestGrouped = 1e10;

// From here up a whole number would print more than fifteen characters
// ("999,999,999,999" is the longest that does not): e notation instead.
constexpr double kLargestWhole = 1e12;

// Digits a number below 1,000 keeps, as the web page's number() (web/src/format.js).
constexpr int kSignificantDigits = 3;

constexpr double kPercent = 100;

// Three significant digits in e notation without a plus sign or trailing zeros:
// 6.5435e19 -> "6.54e19", 1e12 -> "1e12", 1e-310 -> "1e-310".
std::string e_notation(double value) {
  std::string text = fmt::format("{:.{}e}", value, kSignificantDigits - 1);
  const std::size_t e = text.find('e');
  std::string mantissa = text.substr(0, e);
  std::string exponent = text.substr(e + 1);
  while (mantissa.ends_with('0')) mantissa.pop_back();
  if (mantissa.ends_with('.')) mantissa.pop_back();
  if (exponent.starts_with('+')) exponent.erase(0, 1);
  const bool negative = exponent.starts_with('-');
  if (negative) exponent.erase(0, 1);
  while (exponent.size() > 1 && exponent.starts_with('0')) exponent.erase(0, 1);
  return mantissa + "e" + (negative ? "-" : "") + exponent;
}

constexpr double kCentsPerDollar = 100;

// Money from $100 up is printed in whole dollars; from 10 cents, in cents.
constexpr double kWholeDollars = 100;
constexpr double kCents = 0.1;

// Counts printed with an SI prefix ("65.4 EFLOP"); "FLOP/TFLOP", a conversion, is not.
bool is_flop(const std::string& unit) {
  return unit == "FLOP" || unit == "FLOP/s";
}

}  // namespace

std::string format_number(double value) {
  if (!std::isfinite(value)) return "n/a";  // unreachable for validated input
  const double abs = std::fabs(value);
  if (abs >= kLargestWhole) return e_notation(value);
  if (abs >= kCarriesToThousand) {
    const double rounded = std::round(value);
    return group_thousands(fmt::format("{:.0f}", rounded == 0.0 ? 0.0 : rounded));
  }
  if (value == 0.0) return "0";
  if (abs < kSmallestFixed) return e_notation(value);  // 1e-310
  // Three significant digits, then drop trailing zeros and a trailing point.
  const int magnitude = static_cast<int>(std::floor(std::log10(abs)));
  const int decimals = std::max(0, kSignificantDigits - 1 - magnitude);
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.ends_with('0')) text.pop_back();
    if (text.ends_with('.')) text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string format_amount(double value, const std::string& unit) {
  if (unit.starts_with("USD")) {
    const std::string usd = format_usd(value);
    return usd.starts_with('-') ? "-" + usd.substr(2) : usd.substr(1);
  }
  if (unit == "probability" || unit.starts_with("fraction")) {
    const std::string percent = format_number(value * kPercent);
    // A share short of all never prints as all: 99.96%, not 100%.
    if (percent != "100" || value >= 1.0) return percent;
    return fmt::format("{:.2f}", std::min(std::floor(value * kPercent * 100.0) / 100.0, 99.99));
  }
  if (is_flop(unit)) {
    const std::string si = format_si(value, unit);
    return si.substr(0, si.find(' '));
  }
  return format_number(value);
}

std::string amount_unit(double value, const std::string& unit) {
  if (unit == "probability") return "%";
  if (unit.starts_with("fraction")) return "%" + unit.substr(std::string_view("fraction").size());
  if (is_flop(unit)) {
    const std::string si = format_si(value, unit);
    return si.substr(si.find(' ') + 1);
  }
  return unit;
}

std::string format_quantity(double value, const std::string& unit) {
  const std::string amount = format_amount(value, unit);
  const std::string printed_unit = amount_unit(value, unit);
  if (printed_unit.empty()) return amount;
  const bool joined = printed_unit == "x" || printed_unit.starts_with('%');
  return amount + (joined ? "" : " ") + printed_unit;
}

std::string format_si(double value, const std::string& unit) {
  if (!std::isfinite(value)) return "n/a " + unit;  // unreachable: callers pass finite values
  // SI prefixes up to yotta (1e24); beyond, e notation.
  const char* const prefixes[] = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
  double scaled = std::fabs(value);
  std::size_t power = 0;
  while (power + 1 < std::size(prefixes) && scaled >= kCarriesToThousand) {
    scaled /= 1000.0;
    ++power;
  }
  if (scaled >= kCarriesToThousand) return e_notation(value) + " " + unit;
  return (value < 0 ? "-" : "") + format_number(scaled) + " " + prefixes[power] + unit;
}

std::string format_compact(double value) {
  if (!std::isfinite(value)) return "n/a";  // unreachable: callers pass finite values
  if (value == 0.0) return "0";
  const char* const suffixes[] = {"", "k", "M", "B", "T"};
  double scaled = std::fabs(value);
  std::size_t power = 0;
  // Three significant digits round 999.5 and above up to 1000, into the next suffix
  // (999,999 -> 1M).
  while (power + 1 < std::size(suffixes) && scaled >= kCarriesToThousand) {
    scaled /= 1000.0;
    ++power;
  }
  // Past the last suffix {:.3g} would switch to e notation: a whole number instead
  // (1.23e+03 T -> 1230T).
  const std::string digits = scaled >= kCarriesToThousand
                                 ? fmt::format("{:.0f}", round_to_three_digits(scaled))
                                 : fmt::format("{:.3g}", scaled);
  const std::string sign = value < 0 ? "-" : "";
  return sign + digits + suffixes[power];
}

std::string format_bound(double value) {
  if (value == std::floor(value) && std::fabs(value) < kLargestGrouped) return format_number(value);
  std::string text = fmt::format("{:g}", value);
  if (const std::size_t plus = text.find("e+"); plus != std::string::npos) text.erase(plus + 1, 1);
  return text;
}

std::string format_percent(double pct) {
  std::string text = fmt::format("{:+.1f}%", pct);
  return text == "+0.0%" || text == "-0.0%" ? "0.0%" : text;
}

std::string format_usd(double usd) {
  if (!std::isfinite(usd)) return "n/a";  // unreachable: the core produces finite figures
  const double abs = std::fabs(usd);
  std::string digits;
  if (abs >= kLargestWhole) {
    digits = e_notation(abs);
  } else if (std::round(abs * kCentsPerDollar) >= kWholeDollars * kCentsPerDollar ||
             abs == std::round(abs)) {  // $99.996 is $100, not $100.00
    digits = group_thousands(fmt::format("{:.0f}", std::round(abs)));
  } else if (abs >= kCents) {
    digits = fmt::format("{:.2f}", abs);
  } else if (abs < kSmallestFixed) {
    digits = format_number(abs);  // 1e-310: no scale to round with
  } else {
    const double scale = std::pow(10.0, std::floor(std::log10(abs)) - 1.0);
    digits = format_number(std::round(abs / scale) * scale);  // two significant digits
  }
  return (usd < 0 ? "-$" : "$") + digits;
}

std::string format_usd_per_hour(double usd_per_hour) {
  if (!std::isfinite(usd_per_hour)) return "n/a";  // unreachable, as above
  const double abs = std::fabs(usd_per_hour);
  // From $100 an hour, whole dollars, as format_usd; below, always with cents.
  if (std::round(abs * kCentsPerDollar) >= kWholeDollars * kCentsPerDollar) {
    return format_usd(usd_per_hour) + "/h";
  }
  const double cents = std::round(usd_per_hour * kCentsPerDollar);
  return (cents < 0 ? "-$" : "$") + fmt::format("{:.2f}", std::fabs(cents) / kCentsPerDollar) +
         "/h";
}

}  // namespace llmtco
