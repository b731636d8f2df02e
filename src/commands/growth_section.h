// The compare report's growth view (growth.h): its figures, the month-by-month
// table and the two charts, monthly and cumulative cost by way. Private to
// src/commands.
#pragma once

#include <vector>

#include "llmtco/growth.h"
#include "llmtco/report.h"
#include "llmtco/verdict.h"

namespace llmtco::detail {

// Adds to `report` the figures growth_horizon_months, growth_tokens_per_day_at_horizon,
// growth_{api,hosted,selfhost,hybrid}_usd_over_horizon and, where they exist,
// growth_owning_cheaper_month, growth_cumulative_owning_cheaper_month and
// growth_owning_cheaper_than_api_month; the table "growth" (one row a month), the
// table "growth_capacities" when `capacities` are given; the charts
// "growth_monthly" and "growth_cumulative"; and one note. `d` is the decision at
// month 0 (for months_to_breakeven); owning must be costed (d.own.option set).
void add_growth_section(Report& report, const CostModel& m, const Decision& d, int horizon_months,
                        const std::vector<NamedCapacity>& capacities = {});

}  // namespace llmtco::detail
