// The search behind `llmtco plan`: the scenario's volume resolved, the deployment
// search it asks for and the plans it ranks, cheapest first. plan_report renders
// it; the launch files (launch_file.h) are written for its top plan.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <cstddef>
#include <vector>

#include "llmtco/plan.h"
#include "llmtco/resolve.h"
#include "llmtco/volume.h"

namespace llmtco {

struct PlanSearch {
  ResolvedVolume volume;  // volume.scenario: the scenario searched
  DeploymentSearch request;
  Redundancy redundancy = Redundancy::kNPlus1;
  Candidates candidates;
  double peak_requests_per_s = 0;
  std::vector<Plan> plans;  // cheapest first, at most `top` (0: all)
};

// The scenario's volume and the deployment search it asks for; nothing searched.
PlanSearch plan_request(const Catalogs& catalogs, const Scenario& scenario,
                        const PriceChecks& checks = {});

// Searches `search.request`: its candidates and at most `top` plans (0: all).
void run_plan_search(const Catalogs& catalogs, PlanSearch& search, std::size_t top);

// plan_request, then run_plan_search.
PlanSearch search_plans(const Catalogs& catalogs, const Scenario& scenario, std::size_t top,
                        const PriceChecks& checks = {});

}  // namespace llmtco
