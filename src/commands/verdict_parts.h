// The pieces the compare, plan and breakeven reports share: their figure sources,
// the peak figure, the plans table, the search and price notes, the break-even
// figures, ranges and chart. Private to src/commands.
#pragma once

#include <string>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/instance.h"
#include "llmtco/plan.h"
#include "llmtco/report.h"
#include "llmtco/scenario.h"
#include "llmtco/verdict.h"

namespace llmtco::detail {

inline constexpr const char* kCostSource = "docs/methodology.md, \"Cost of renting and owning\"";
inline constexpr const char* kPlanSource = "docs/methodology.md, \"Deployment plans\"";

// A ratio or percentage as people read it, as format_number: 4.2, 0.025, 187, 47.3.
std::string readable(double v);

// Gigabytes as format_number: "138", "40.2".
std::string gb(double v);

// Instances with their spares: (4, 5, "n+1") -> "4 working + 1 spare, n+1";
// (3, 3, "none") -> "3 working, no spare".
std::string replicas_words(int working, int total, const std::string& redundancy);

// A physics figure whose source is the cost section of the methodology.
Figure cost_figure(std::string id, std::string label, double value, std::string unit,
                   std::string formula, std::vector<FigureInput> inputs);

// "aws 2026-01-21, gcp 2026-05-20": the dates of the clouds' prices (all: none given).
std::string price_dates(const InstanceCatalog& catalog, const std::vector<std::string>& clouds);

// peak_requests_per_s with its formula.
Figure peak_figure(const Scenario& s);

// The "plans" table: one row per plan with the plan contract's JSON keys.
Table plans_table(const std::vector<Plan>& plans, const DeploymentSearch& r);

// What the deployment search looked at and left out, in one sentence, and the
// pricing kinds the searched clouds' snapshots lack (pricing_gaps()).
std::string search_note(const Scenario& s, const DeploymentSearch& r, const Candidates& c);

// The notes on doubtful prices: the flagged rows left out (flagged_note()),
// whether `picked`'s price is stale on r.today_iso (stale_note()) and whether it is
// a volatile marketplace's offer; none empty.
std::vector<std::string> price_notes(const DeploymentSearch& r, const Candidates& c,
                                     const Instance* picked);

// How the API bills this scenario where that is not plain list price: a fine-tune
// billed at its "ft:" key, no fine-tuning offered, a batch or cache-write share
// without a price of its own, requests above a long-context threshold. In order.
std::vector<std::string> api_offer_notes(const CostModel& m);

// The "ranges" table: where owning is cheaper, in tokens, words and pages a day.
Table ranges_table(const Scenario& s, const Breakeven& b);

// breakeven_tokens_per_day (when there is one) in tokens, words and pages.
std::vector<Figure> breakeven_figures(const Scenario& s, const Breakeven& b);

// "Owning is cheaper from 187M tokens a day." or where it never is.
std::string ranges_text(const Breakeven& b);

// The two cost curves (and the hybrid's) over [from, to], log spaced, with the
// ranges where owning is cheaper shaded and today's volume and break-even marked.
Chart cost_chart(const CostModel& m, const Breakeven& b, double from, double to, bool hybrid);

// Throws FieldError (from_tokens_per_day, to_tokens_per_day) unless 1 <= from <
// to <= kMaxTokensPerDay.
void check_search(double from, double to);

// Owning against the open model's cheapest hosted offer (m.hosted) over [from, to]
// tokens a day, or that no provider hosts it; fine-tuning left out of both sides.
std::string hosted_breakeven_note(const CostModel& m, double from, double to);

// Owning's instances both ways (autoscale_parts.cc): always on and following the
// day, and the fleet chosen; figures selfhost_compute_always_on_usd_per_month,
// selfhost_compute_scaled_usd_per_month and selfhost_scaled_instance_hours_per_day.
std::vector<Figure> autoscale_figures(const CostModel& m, const OwnCost& own);

// The "hourly_instances" table: each hour's traffic over the mean and the instances
// up, always on and scaled.
Table hourly_instances_table(const CostModel& m, const OwnCost& own);

// Which fleet owning is billed as, and why, one sentence.
std::string autoscale_note(const CostModel& m, const OwnCost& own);

// Spot's reclaims (spot_parts.cc), none unless own.spot: figures
// selfhost_spot_reclaims_per_instance_hour, selfhost_spot_reclaims_per_month,
// selfhost_spot_spares_usd_per_month, selfhost_spot_replace_instance_hours_per_month,
// selfhost_spot_fallback_tokens_per_month, selfhost_spot_fallback_share and
// selfhost_spot_fallback_usd_per_month.
std::vector<Figure> spot_figures(const CostModel& m, const OwnCost& own);

// The rate used and its basis, the spares and the fallback, one sentence; "" unless own.spot.
std::string spot_note(const OwnCost& own);

// " Spot decides it: ..." when spot_decides(d), else "".
std::string spot_risk_text(const Decision& d);

}  // namespace llmtco::detail
