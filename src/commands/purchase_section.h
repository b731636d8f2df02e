// The compare report's bought servers (purchase.h): the cheapest bought fleet at
// today's volume, its monthly cost line by line, and the month buying pays back
// against the API, also drawn on the growth view's cumulative chart. Private to
// src/commands.
#pragma once

#include "llmtco/catalogs.h"
#include "llmtco/report.h"
#include "llmtco/verdict.h"

namespace llmtco::detail {

// With self_host.purchase.enabled: the figures purchase_* (one server's lines,
// the fleet's month, the payback month where there is one), the tables
// "purchase" (the lines) and "purchase_payback" (JSON: one row a month), one
// note, and the series "Bought servers (cash)" with its payback marker on the
// chart "growth_cumulative". Nothing when purchase is off.
void add_purchase_section(Report& report, const Catalogs& catalogs, const CostModel& m);

}  // namespace llmtco::detail
