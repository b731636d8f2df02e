// The report of `llmtco limits` and its part in compare's: the workload's busiest
// minute as the API's provider counts it, each published usage tier against it
// (every limit's share, the monthly cap against the bill) and the lowest tier that
// carries it, in one line (rate_limits.h has the rules).
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <string>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/growth.h"
#include "llmtco/rate_limits.h"
#include "llmtco/report.h"
#include "llmtco/scenario.h"
#include "llmtco/verdict.h"

namespace llmtco {

// The scenario's fit against the catalog, the bill being `offer`'s at the scenario's
// volume and mix (offer_cost, verdict.h, fine-tuning included). Each tier's
// stops_carrying_tokens_per_day is the growth view's "the month a tier runs out".
RateLimitFit scenario_rate_limits(const Catalogs& catalogs, const Scenario& scenario,
                                  const ApiOffer& offer);

// The volumes growth may outgrow (growth.h): each tier that carries today's limits,
// named "gpt-4o Tier 4 rate limits", at its stops_carrying_tokens_per_day; lowest
// tier first.
std::vector<NamedCapacity> rate_limit_capacities(const RateLimitFit& fit);

// "Rate limits for gpt-4o: raise to Tier 5: ...".
std::string rate_limit_line(const RateLimitFit& fit);

// Adds the peak minute's figures (rate_limit_*), the tier table ("rate_limit_tiers")
// and the line to `report`: the line right after the verdict (the first note) where
// there is one, else first.
void add_rate_limits(Report& report, const Catalogs& catalogs, const Scenario& scenario,
                     const ApiOffer& offer);

// `llmtco limits`: the volume resolved as compare's (volume.h, its figures first),
// then the same, the line as the answer (lead note). Throws FieldError naming
// api.model for a key the price catalog lacks.
Report limits_report(const Catalogs& catalogs, const Scenario& scenario);

}  // namespace llmtco
