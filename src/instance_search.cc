#include "llmtco/instance_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "llmtco/text.h"

namespace llmtco {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", days_from_civil).
long days_from_civil(long y, long m, long d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool is_leap(long y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

std::optional<long> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  long parts[3] = {0, 0, 0};
  const std::array<std::pair<std::size_t, std::size_t>, 3> spans = {{{0, 4}, {5, 2}, {8, 2}}};
  for (std::size_t i = 0; i < spans.size(); ++i) {
    for (std::size_t k = 0; k < spans[i].second; ++k) {
      const char c = text[spans[i].first + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  const auto [y, m, d] = std::tuple(parts[0], parts[1], parts[2]);
  constexpr std::array<long, 12> kMonthDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  const long month_days = kMonthDays[static_cast<std::size_t>(m - 1)] + (m == 2 && is_leap(y));
  if (d > month_days) return std::nullopt;
  return days_from_civil(y, m, d);
}

// A warning without the row's label, which the note gives already: instance_checks.cc
// writes "CLOUD: TYPE (N x GPU) in REGION: WHY".
std::string_view reason(const Instance& i, std::string_view warning) {
  const std::string label_end = fmt::format(" in {}: ", i.region);
  const std::size_t at = warning.find(label_end);
  if (warning.starts_with(i.cloud + ": ") && at != std::string_view::npos) {
    return warning.substr(at + label_end.size());
  }
  return warning;
}

bool wanted_cloud(const std::vector<std::string>& clouds, const std::string& cloud) {
  return clouds.empty() || std::find(clouds.begin(), clouds.end(), cloud) != clouds.end();
}

}  // namespace

bool region_matches(std::string_view pattern, std::string_view region) {
  // Greedy glob with one backtrack point: the last '*' seen.
  std::size_t p = 0, r = 0, star = std::string_view::npos, resume = 0;
  while (r < region.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = r;
    } else if (p < pattern.size() && pattern[p] == region[r]) {
      ++p;
      ++r;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      r = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> split_region_patterns(std::string_view text) {
  std::vector<std::string> patterns;
  if (text.find_first_not_of(" \t") == std::string_view::npos) return patterns;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view piece = text.substr(start, comma - start);
    piece.remove_prefix(std::min(piece.find_first_not_of(" \t"), piece.size()));
    piece.remove_suffix(piece.size() - std::min(piece.find_last_not_of(" \t") + 1, piece.size()));
    patterns.emplace_back(piece);
    start = comma + 1;
  }
  return patterns;
}

std::optional<std::string> region_pattern_problem(std::string_view pattern) {
  if (pattern.empty()) return "is empty";
  return text_problem(pattern);
}

std::optional<std::size_t> matching_pattern(const std::vector<std::string>& patterns,
                                            std::string_view region) {
  if (patterns.empty()) return 0;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (region_matches(patterns[i], region)) return i;
  }
  return std::nullopt;
}

PricedTypes priced_types(const std::vector<Instance>& instances, const InstanceChoice& choice) {
  struct Best {
    PricedInstance priced;
    std::size_t pattern = 0;
  };
  std::map<std::pair<std::string, std::string>, Best> best;
  PricedTypes out;
  for (const Instance& instance : instances) {
    if (!wanted_cloud(choice.clouds, instance.cloud)) continue;
    const std::optional<std::size_t> pattern = matching_pattern(choice.regions, instance.region);
    if (!pattern) continue;
    const std::optional<double> price = price_usd_per_hour(instance, choice.pricing);
    if (!price) continue;
    if (!instance.warnings.empty() && !choice.include_flagged) {
      out.flagged.push_back(&instance);
      continue;
    }
    const Best candidate{{&instance, *price}, *pattern};
    const auto [it, inserted] =
        best.try_emplace({instance.cloud, instance.instance_type}, candidate);
    const Best& held = it->second;
    if (!inserted &&
        std::tie(*price, *pattern, instance.region) <
            std::tie(held.priced.usd_per_hour, held.pattern, held.priced.instance->region)) {
      it->second = candidate;
    }
  }
  out.types.reserve(best.size());
  for (const auto& [key, entry] : best) out.types.push_back(entry.priced);
  return out;
}

std::string flagged_note(const std::vector<const Instance*>& flagged) {
  if (flagged.empty()) return "";
  std::vector<std::string> named;
  for (std::size_t i = 0; i < flagged.size() && i < kNamedLeftOutRows; ++i) {
    const Instance& f = *flagged[i];
    std::vector<std::string_view> why;
    for (const std::string& w : f.warnings) why.push_back(reason(f, w));
    named.push_back(
        fmt::format("{} {} in {} ({})", f.cloud, f.instance_type, f.region, fmt::join(why, "; ")));
  }
  const std::size_t more = flagged.size() - named.size();
  return fmt::format(
      "Left out {} price row{} the catalog flags (--include-flagged prices them): {}{}.",
      flagged.size(), flagged.size() == 1 ? "" : "s", fmt::join(named, "; "),
      more > 0 ? fmt::format("; and {} more", more) : std::string());
}

std::string pricing_gaps(const std::vector<Instance>& instances,
                         const std::vector<std::string>& clouds, Pricing pricing) {
  struct Coverage {
    bool spot = false;
    bool reserved_1y = false;
    bool reserved_3y = false;
    std::set<std::string> types;
    std::set<std::string> priced_types;
  };
  std::map<std::string, Coverage> by_cloud;
  for (const Instance& i : instances) {
    if (!wanted_cloud(clouds, i.cloud)) continue;
    Coverage& c = by_cloud[i.cloud];
    c.spot = c.spot || price_usd_per_hour(i, Pricing::kSpot).has_value();
    c.reserved_1y = c.reserved_1y || price_usd_per_hour(i, Pricing::kReserved1y).has_value();
    c.reserved_3y = c.reserved_3y || price_usd_per_hour(i, Pricing::kReserved3y).has_value();
    c.types.insert(i.instance_type);
    if (price_usd_per_hour(i, pricing)) c.priced_types.insert(i.instance_type);
  }
  std::vector<std::string> parts;
  for (const auto& [cloud, c] : by_cloud) {
    std::vector<std::string> lacking;
    if (!c.spot) lacking.emplace_back("spot");
    if (!c.reserved_1y && !c.reserved_3y) {
      lacking.emplace_back("reserved");
    } else if (!c.reserved_1y) {
      lacking.emplace_back("reserved_1y");
    } else if (!c.reserved_3y) {
      lacking.emplace_back("reserved_3y");
    }
    std::vector<std::string> said;
    if (!lacking.empty()) {
      said.push_back(fmt::format("no {} prices in the snapshot", fmt::join(lacking, " or ")));
    }
    if (!c.priced_types.empty() && c.priced_types.size() < c.types.size()) {
      said.push_back(fmt::format("{} for {} of {} instance types", pricing_name(pricing),
                                 c.priced_types.size(), c.types.size()));
    }
    if (!said.empty()) parts.push_back(fmt::format("{}: {}", cloud, fmt::join(said, ", ")));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::optional<long> days_between(std::string_view from, std::string_view to) {
  const std::optional<long> a = parse_date(from);
  const std::optional<long> b = parse_date(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::string stale_note(const Instance& instance, std::string_view today_iso) {
  const std::optional<long> age = days_between(instance.date, today_iso);
  if (!age || *age <= kStalePriceDays) return "";
  return fmt::format(
      "The price of {} {} in {} is of {}, {} days before {}: stale (over {} days); check the "
      "cloud's current price.",
      instance.cloud, instance.instance_type, instance.region, instance_date_words(instance), *age,
      today_iso, kStalePriceDays);
}

}  // namespace llmtco
