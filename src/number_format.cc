#include "llmtco/number_format.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <string>

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

constexpr double kCentsPerDollar = 100;

// Money from $100 up is printed in whole dollars; from 10 cents, in cents.
constexpr double kWholeDollars = 100;
constexpr double kCents = 0.1;

}  // namespace

std::string format_number(double value) {
  if (!std::isfinite(value)) return "n/a";  // unreachable for validated input
  if (std::fabs(value) >= 1000.0) {
    const double rounded = std::round(value);
    return group_thousands(fmt::format("{:.0f}", rounded == 0.0 ? 0.0 : rounded));
  }
  if (value == 0.0) return "0";
  if (std::fabs(value) < kSmallestFixed) return fmt::format("{:.6g}", value);  // 1e-310
  // Six significant digits, then drop trailing zeros and a trailing point.
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = std::max(0, 5 - magnitude);
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.ends_with('0')) text.pop_back();
    if (text.ends_with('.')) text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

std::string format_quantity(double value, const std::string& unit) {
  return unit.empty() ? format_number(value) : format_number(value) + " " + unit;
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
  if (abs >= kWholeDollars || abs == std::round(abs)) {
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
  const double cents = std::round(usd_per_hour * kCentsPerDollar);
  return (cents < 0 ? "-$" : "$") +
         group_thousands(fmt::format("{:.2f}", std::fabs(cents) / kCentsPerDollar)) + "/h";
}

}  // namespace llmtco
