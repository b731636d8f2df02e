#include "llmtco/growth.h"

#include <algorithm>
#include <cmath>

namespace llmtco {
namespace {

GrowthMonth month_costs(const CostModel& m, int month) {
  GrowthMonth g{.month = month,
                .tokens_per_day = growth_tokens_per_day(m.scenario.workload.tokens_per_day,
                                                        m.scenario.workload.monthly_growth, month)};
  g.api = api_cost(m, g.tokens_per_day);
  if (m.hosted) g.hosted = hosted_cost(m, g.tokens_per_day);
  g.own = own_cost(m, g.tokens_per_day);
  g.hybrid = best_hybrid(m, g.tokens_per_day);
  g.rent_usd_per_month = g.api.total_usd_per_month;
  if (g.hosted)
    g.rent_usd_per_month = std::min(g.rent_usd_per_month, g.hosted->total_usd_per_month);
  return g;
}

// Adds `g`'s month to the running totals of `before` (none: g is month 0).
void accumulate(GrowthMonth& g, const GrowthMonth* before) {
  g.cumulative_api_usd = g.api.total_usd_per_month;
  g.cumulative_hosted_usd = g.hosted ? g.hosted->total_usd_per_month : 0.0;
  g.cumulative_own_usd = g.own.option ? g.own.total_usd_per_month : 0.0;
  g.cumulative_hybrid_usd = g.hybrid.total_usd_per_month;
  g.cumulative_rent_usd = g.rent_usd_per_month;
  if (!before) return;
  g.cumulative_api_usd += before->cumulative_api_usd;
  g.cumulative_hosted_usd += before->cumulative_hosted_usd;
  g.cumulative_own_usd += before->cumulative_own_usd;
  g.cumulative_hybrid_usd += before->cumulative_hybrid_usd;
  g.cumulative_rent_usd += before->cumulative_rent_usd;
}

// The first month for which `cheaper` holds, if any.
template <typename Pred>
std::optional<int> first_month(const std::vector<GrowthMonth>& months, Pred cheaper) {
  const auto it = std::find_if(months.begin(), months.end(), cheaper);
  if (it == months.end()) return std::nullopt;
  return it->month;
}

}  // namespace

double growth_tokens_per_day(double tokens_per_day, double monthly_growth, int month) {
  return tokens_per_day * std::pow(1.0 + monthly_growth, month);
}

Growth growth(const CostModel& m, int horizon_months,
              const std::vector<NamedCapacity>& capacities) {
  Growth out{.monthly_growth = m.scenario.workload.monthly_growth,
             .horizon_months = horizon_months};
  out.months.reserve(static_cast<std::size_t>(std::max(horizon_months, 0)));
  for (int month = 0; month < horizon_months; ++month) {
    if (month > 0 &&
        growth_tokens_per_day(m.scenario.workload.tokens_per_day,
                              m.scenario.workload.monthly_growth, month) > kMaxTokensPerDay) {
      break;  // beyond any volume a scenario may state
    }
    GrowthMonth g = month_costs(m, month);
    accumulate(g, out.months.empty() ? nullptr : &out.months.back());
    out.months.push_back(std::move(g));
  }
  if (!m.frontier.empty()) {
    out.owning_cheaper_month = first_month(out.months, [](const GrowthMonth& g) {
      return g.own.total_usd_per_month < g.rent_usd_per_month;
    });
    out.cumulative_owning_cheaper_month = first_month(out.months, [](const GrowthMonth& g) {
      return g.cumulative_own_usd < g.cumulative_rent_usd;
    });
    out.owning_cheaper_than_api_month = first_month(out.months, [](const GrowthMonth& g) {
      return g.own.total_usd_per_month < g.api.total_usd_per_month;
    });
  }
  for (const NamedCapacity& c : capacities) {
    out.capacities.push_back({c, first_month(out.months, [&](const GrowthMonth& g) {
                                return g.tokens_per_day > c.tokens_per_day;
                              })});
  }
  return out;
}

}  // namespace llmtco
