// llmtco plan: the deployments that carry the scenario's peak within its latency
// target, cheapest first.
#include <fmt/format.h>

#include "llmtco/number_format.h"
#include "llmtco/plan_search.h"
#include "llmtco/resolve.h"
#include "llmtco/verdict_report.h"
#include "llmtco/volume.h"
#include "verdict_parts.h"

namespace llmtco {

using detail::kPlanSource;
using detail::peak_figure;
using detail::plans_table;
using detail::price_dates;
using detail::search_note;

namespace {

// The third way beside the plans: the open model's cheapest hosted offer and its
// month at the scenario's volume (compare sets it against the API and owning).
std::string hosted_plan_note(const Catalogs& catalogs, const Scenario& scenario) {
  CostModel m{.scenario = scenario};
  add_hosted_offers(catalogs, m);
  if (!m.hosted) {
    return fmt::format("No provider in the price map hosts {}: renting it is not priced.",
                       scenario.self_host.model);
  }
  const ApiCost hosted = offer_cost(m, *m.hosted, scenario.workload.tokens_per_day);
  return fmt::format(
      "Renting the open model instead: {} hosted by {} ({} offers matched; llmtco catalog apis "
      "--model {}) at {} per 1M tokens of the mix costs {}/month at {} tokens/day.",
      scenario.self_host.model, m.hosted->id, m.hosted_keys.size(), scenario.self_host.model,
      format_usd(hosted.blended_usd_per_1m), format_usd(hosted.tokens_usd_per_month),
      format_compact(scenario.workload.tokens_per_day));
}

}  // namespace

PlanSearch plan_request(const Catalogs& catalogs, const Scenario& scenario,
                        const PriceChecks& checks) {
  PlanSearch out{.volume = resolve_volume(catalogs, with_open_model(scenario))};
  const Scenario& resolved = out.volume.scenario;
  out.request = deployment_search(catalogs, resolved, checks);
  out.redundancy = parse_redundancy(resolved.self_host.redundancy);
  out.peak_requests_per_s = peak_requests_per_s(resolved);
  return out;
}

void run_plan_search(const Catalogs& catalogs, PlanSearch& search, std::size_t top) {
  search.candidates = find_candidates(catalogs, search.request);
  search.plans = rank_plans(search.request, search.candidates, search.peak_requests_per_s,
                            search.redundancy, top);
}

PlanSearch search_plans(const Catalogs& catalogs, const Scenario& scenario, std::size_t top,
                        const PriceChecks& checks) {
  PlanSearch out = plan_request(catalogs, scenario, checks);
  run_plan_search(catalogs, out, top);
  return out;
}

Report plan_report(const Catalogs& catalogs, const Scenario& given, std::size_t top,
                   const PriceChecks& checks) {
  const PlanSearch search = search_plans(catalogs, given, top, checks);
  const ResolvedVolume& volume = search.volume;
  const Scenario& scenario = volume.scenario;
  const DeploymentSearch& request = search.request;
  const Redundancy redundancy = search.redundancy;
  const Candidates& candidates = search.candidates;
  const std::vector<Plan>& plans = search.plans;
  Report report{.command = "plan",
                .title = fmt::format("{} at {} tokens/day", request.model.id,
                                     format_compact(scenario.workload.tokens_per_day)),
                .scenario = scenario};
  report.figures = volume.figures;
  report.figures.push_back(peak_figure(scenario));
  if (!plans.empty()) {
    const Plan& p = plans.front();
    report.figures.push_back(
        physics_figure("plan_usd_per_month", "The cheapest plan's instances a month",
                       p.usd_per_month, "USD/month", "replicas x usd_per_hour x hours_per_month",
                       {{"replicas", static_cast<double>(p.replicas), "instances"},
                        {"usd_per_hour", p.option.usd_per_hour, "USD/hour"},
                        unit_input(UnitInput::kMonthHours)},
                       kPlanSource));
  }
  report.tables.push_back(plans_table(plans, request));
  if (plans.empty()) {
    report.notes.push_back(fmt::format("Nothing fits: {}.", candidates.why_none));
    Table rejected{
        .id = "rejected", .title = "Why each option was left out", .columns = {"reason"}};
    for (const std::string& why : candidates.rejected) rejected.rows.push_back({why});
    if (!rejected.rows.empty()) report.tables.push_back(std::move(rejected));
  } else {
    report.notes.push_back(fmt::format(
        "Cheapest: {} x {} {} in {} at {} = {}/month for the instances alone (staff, storage, "
        "egress and fine-tuning are compare's).",
        plans.front().replicas, plans.front().option.instance->cloud,
        plans.front().option.instance->instance_type, plans.front().option.instance->region,
        format_usd_per_hour(plans.front().option.usd_per_hour),
        format_usd(plans.front().usd_per_month)));
  }
  report.notes.push_back(search_note(scenario, request, candidates));
  report.notes.push_back(hosted_plan_note(catalogs, scenario));
  for (std::string& note : detail::price_notes(
           request, candidates, plans.empty() ? nullptr : plans.front().option.instance)) {
    report.notes.push_back(std::move(note));
  }
  report.notes.push_back(fmt::format("Replicas are whole instances (redundancy: {}); prices: {}.",
                                     redundancy_name(redundancy),
                                     price_dates(catalogs.instances, request.clouds)));
  return report;
}

}  // namespace llmtco
