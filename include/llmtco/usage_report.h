// The report of `llmtco usage FILE...`: the workload usage exports describe
// (usage.h), in total as figures and per model as tables, with the 24-hour profile,
// the bill at catalog prices beside the stated one, and notes; and the scenario
// sections (`--format yaml`) one model's usage maps to.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <string>

#include "llmtco/report.h"
#include "llmtco/usage.h"

namespace llmtco {

// Figures: the total's (tokens_per_day, input_share, cached_input_share, ...,
// implied_usd_per_month, stated_usd, bill_difference) and the costs export's
// (costs_usd_per_day, costs_monthly_growth, ...); tables "models" (one row a model),
// "lengths" (per-request percentiles, where rows are per request) and
// "hourly_profile" (24 rows: hour_utc, then "<model>_share" for each model and
// "total_share": the share of its tokens in that UTC hour).
Report usage_report(const UsageSummary& summary, const UsageData& data);

// The `workload:` and `api:` sections of a scenario for `model` (empty: the
// default_usage_model, said in a comment), from apply_usage on the default
// scenario. Throws InputError for a model the summary does not have.
std::string usage_scenario_yaml(const UsageSummary& summary, const std::string& model);

// `base` with the usage of `model` (empty: the default_usage_model) applied
// (apply_usage). Throws InputError when the files hold no token usage.
Scenario scenario_from_usage(const UsageSummary& summary, const std::string& model, Scenario base);

// One line for a report whose scenario came from usage files: the files, the
// model taken, its volume and window, and the models left out.
std::string usage_source_note(const UsageSummary& summary, const std::string& model,
                              const std::vector<std::string>& files);

}  // namespace llmtco
