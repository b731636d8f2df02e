#include "llmtco/spot.h"

#include <algorithm>
#include <boost/math/distributions/poisson.hpp>
#include <charconv>
#include <cmath>

#include "llmtco/units.h"

namespace llmtco {
namespace {

// The most spares an hour: kMostWorking's cap on working instances (autoscale.cc).
constexpr double kMostSpares = 1e9;

std::optional<double> parse_rate(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ptr != end || ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// P(D >= k) for D ~ Poisson(mean), mean > 0.
double at_least(const boost::math::poisson_distribution<double>& d, double k) {
  if (k <= 0) return 1.0;
  return boost::math::cdf(boost::math::complement(d, k - 1));
}

// E[max(0, D - k)] = mean x P(D >= k) - k x P(D >= k + 1), k >= 0.
double expected_excess(const boost::math::poisson_distribution<double>& d, double k) {
  return std::max(0.0, d.mean() * at_least(d, k) - k * at_least(d, k + 1));
}

// The mean number down at once: (w + r) x rate x replace hours.
double down_mean(const SpotHourInput& h, const SpotRates& rates) {
  return (static_cast<double>(h.working) + h.spares) * rates.reclaims_per_instance_hour *
         rates.replace_hours;
}

// The hour's expected cost over its redundancy: extra spares and the lost share's tokens.
double hour_usd(const SpotHourInput& h, double mean, double spares, double fallback_usd) {
  const double lost = expected_lost_instances(mean, static_cast<int>(spares), h.working);
  return (spares - h.spares) * h.usd_per_hour + lost / h.working * fallback_usd;
}

}  // namespace

std::optional<std::string> spot_reclaims_problem(std::string_view text) {
  if (text == kSpotCloudRate) return std::nullopt;
  const std::optional<double> rate = parse_rate(text);
  if (rate && *rate >= 0 && *rate <= 1) return std::nullopt;
  return std::string(
      "must be 'cloud' (the cloud's row of data/instances/spot_reclaims.csv) or "
      "a number between 0 and 1");
}

std::optional<double> buyer_reclaims_per_instance_hour(std::string_view text) {
  if (text == kSpotCloudRate) return std::nullopt;
  return parse_rate(text).value_or(0);
}

const SpotReclaimRate* spot_reclaim_rate(std::span<const SpotReclaimRate> rates,
                                         std::string_view cloud) {
  const SpotReclaimRate* any = nullptr;
  for (const SpotReclaimRate& r : rates) {
    if (r.cloud == cloud) return &r;
    if (r.cloud == kSpotAnyCloud) any = &r;
  }
  return any;
}

double expected_lost_instances(double mean, int spares, int working) {
  if (!(mean > 0) || working <= 0) return 0;
  const boost::math::poisson_distribution<double> d(mean);
  return std::max(
      0.0, expected_excess(d, spares) - expected_excess(d, static_cast<double>(spares) + working));
}

// The cost is convex in s from the mode on (one more spare saves
// P(s < D <= s + w) of an instance, which falls past the mode): the smallest s
// there whose next spare saves less than it costs, by bisection, against s = r.
int hour_spares(const SpotHourInput& h, const SpotRates& rates) {
  const double mean = down_mean(h, rates);
  const double fallback_usd = h.tokens * rates.fallback_usd_per_1m / kTokensPerMillion;
  if (!(mean > 0) || !(fallback_usd > 0) || h.working <= 0) return h.spares;
  // Past the spares where P(D > s) <= price x w / fallback, no spare pays.
  const double tail = h.usd_per_hour * h.working / fallback_usd;
  if (tail >= 1) return h.spares;
  const boost::math::poisson_distribution<double> d(mean);
  double high = std::min(kMostSpares, std::max<double>(h.spares, std::ceil(mean)));
  while (high < kMostSpares && at_least(d, high + 1) > tail)
    high = std::min(kMostSpares, high * 2 + 1);
  auto saves = [&](double s) {  // the next spare lowers the cost
    return hour_usd(h, mean, s + 1, fallback_usd) < hour_usd(h, mean, s, fallback_usd);
  };
  double low = std::max<double>(h.spares, std::floor(mean));
  while (low < high) {
    const double mid = std::floor((low + high) / 2);
    if (saves(mid)) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const double best =
      hour_usd(h, mean, low, fallback_usd) < hour_usd(h, mean, h.spares, fallback_usd) ? low
                                                                                       : h.spares;
  return static_cast<int>(best);
}

SpotCost spot_cost(const std::array<SpotHourInput, 24>& day, const SpotRates& rates) {
  SpotCost c{.reclaims_per_instance_hour = rates.reclaims_per_instance_hour,
             .replace_hours = rates.replace_hours};
  double reclaims_per_day = 0, fallback_tokens_per_day = 0, tokens_per_day = 0,
         spares_usd_per_day = 0;
  for (std::size_t i = 0; i < day.size(); ++i) {
    const SpotHourInput& h = day[i];
    const int s = hour_spares(h, rates);
    c.hourly_spares[i] = s;
    c.extra_spare_instance_hours_per_day += s - h.spares;
    spares_usd_per_day += (s - h.spares) * h.usd_per_hour;
    reclaims_per_day += (static_cast<double>(h.working) + s) * rates.reclaims_per_instance_hour;
    const double mean = down_mean(h, rates);
    if (h.working > 0) {
      fallback_tokens_per_day += expected_lost_instances(mean, s, h.working) / h.working * h.tokens;
    }
    tokens_per_day += h.tokens;
  }
  c.spares_usd_per_month = spares_usd_per_day * kDaysPerMonth;
  c.reclaims_per_month = reclaims_per_day * kDaysPerMonth;
  c.replace_instance_hours_per_month = c.reclaims_per_month * rates.replace_hours;
  c.fallback_tokens_per_month = fallback_tokens_per_day * kDaysPerMonth;
  c.fallback_usd_per_month =
      c.fallback_tokens_per_month * rates.fallback_usd_per_1m / kTokensPerMillion;
  c.fallback_share = tokens_per_day > 0 ? fallback_tokens_per_day / tokens_per_day : 0;
  return c;
}

}  // namespace llmtco
