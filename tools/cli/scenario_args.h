// The scenario arguments that compare, plan and breakeven share: a scenario file,
// `--set key=value` overrides, and flags that stand for one scenario field.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "llmtco/instance_search.h"
#include "llmtco/report.h"
#include "llmtco/scenario.h"

namespace llmtco::cli {

struct ScenarioArgs {
  std::string path;                    // empty: the built-in seed scenario
  std::vector<std::string> overrides;  // "dotted.path=value", applied in order
  std::vector<std::string> usage;      // usage exports whose workload the scenario takes
  std::string usage_model;             // the exported model taken (empty: the largest bill)
};

// Adds `--set KEY=VALUE` (repeatable).
void add_set_option(CLI::App& app, ScenarioArgs& args);

// Adds `--usage FILE` (repeatable) and `--usage-model NAME`.
void add_usage_option(CLI::App& app, ScenarioArgs& args);

// The scenario file (or the seed scenario), then the usage files' workload and API
// model (usage_report.h, scenario_from_usage), then the overrides.
Scenario resolve_scenario(const ScenarioArgs& args);

// When usage files gave the workload, the line that says so, after the report's
// answer (its lead note) or first.
void add_usage_note(Report& report, const ScenarioArgs& args);

// Adds `--include-flagged`, which prices the rows the catalog flags too.
void add_include_flagged_flag(CLI::App& app, bool& include_flagged);

// The price checks of a run: the flag's choice and today's date (UTC).
PriceChecks price_checks(bool include_flagged);

// Stores a flag's value in the scenario field at `path`, validated like the file;
// errors name the flag: "--tokens-per-day: must be > 0 (got -5)".
void set_number_flag(Scenario& scenario, const std::string& flag, std::string_view path,
                     double value);
void set_text_flag(Scenario& scenario, const std::string& flag, std::string_view path,
                   const std::string& value);

}  // namespace llmtco::cli
