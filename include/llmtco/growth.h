// Growth and time: the month-by-month cost of each way (the API, the hosted open
// model, owning re-planned each month, the best hybrid) as traffic grows by
// workload.monthly_growth, their running totals, the first months owning is
// cheaper, and the month each named capacity (a rate-limit tier) runs out.
// docs/methodology.md, "Growth and time", gives every formula.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llmtco/verdict.h"

namespace llmtco {

// Traffic in month `month` (0 = today, the scenario's volume):
// tokens_per_day x (1 + monthly_growth)^month. The same clock as
// Decision::months_to_breakeven, which is the (fractional) month at which this
// reaches break-even.
double growth_tokens_per_day(double tokens_per_day, double monthly_growth, int month);

// A volume traffic may outgrow: a rate-limit tier's "stops carrying at".
struct NamedCapacity {
  std::string name;           // e.g. "openai tier 3"
  double tokens_per_day = 0;  // > 0
};

// One month of the view: each way's cost that month and its running total from
// month 0 to this one inclusive (USD).
struct GrowthMonth {
  int month = 0;                  // 0 = today
  double tokens_per_day = 0;      // growth_tokens_per_day(...)
  ApiCost api;                    // api_cost at the month's volume
  std::optional<ApiCost> hosted;  // hosted_cost, where the model is hosted
  OwnCost own;                    // own_cost: re-planned at the month's peak
  Hybrid hybrid;                  // best_hybrid
  // The cheaper way of renting that month: min(API, hosted).
  double rent_usd_per_month = 0;
  double cumulative_api_usd = 0;
  double cumulative_hosted_usd = 0;  // 0 without a hosted offer
  double cumulative_own_usd = 0;     // 0 when owning cannot be costed
  double cumulative_hybrid_usd = 0;
  double cumulative_rent_usd = 0;  // the running sum of rent_usd_per_month
};

// When traffic first exceeds a capacity: the first month with tokens_per_day > it.
struct CapacityRunOut {
  NamedCapacity capacity;
  std::optional<int> month;  // none: not within the horizon
};

struct Growth {
  double monthly_growth = 0;  // workload.monthly_growth
  int horizon_months = 0;     // as asked
  // Month 0 first; horizon_months of them, fewer where traffic would exceed
  // kMaxTokensPerDay (scenario.h), the most a scenario may state: the view stops
  // at the last month within it.
  std::vector<GrowthMonth> months;
  // The first month owning costs less than the cheaper way of renting (month and
  // cumulative); none when owning cannot be costed or never is within the horizon.
  std::optional<int> owning_cheaper_month;
  std::optional<int> cumulative_owning_cheaper_month;
  // The first month owning costs less than the API alone: the month traffic first
  // lands in one of breakeven()'s ranges, so ceil(months_to_breakeven) when it
  // lands in the first (one later when months_to_breakeven is a whole number, as
  // the ranges are open at their start).
  std::optional<int> owning_cheaper_than_api_month;
  std::vector<CapacityRunOut> capacities;  // in the order given
};

// The view over `horizon_months` months (>= 1; the scenario's
// workload.horizon_months, 1 to 120), month 0 at the scenario's volume, up to
// kMaxTokensPerDay. Each month calls the verdict's
// cost functions at that month's volume; nothing is searched again.
Growth growth(const CostModel& model, int horizon_months,
              const std::vector<NamedCapacity>& capacities = {});

}  // namespace llmtco
