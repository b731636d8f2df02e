#include "scenario_args.h"

#include <fmt/format.h>

#include "llmtco/api_catalog.h"
#include "llmtco/clock.h"
#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/text.h"
#include "llmtco/usage_export.h"
#include "llmtco/usage_report.h"

namespace llmtco::cli {

void add_set_option(CLI::App& app, ScenarioArgs& args) {
  app.add_option("--set", args.overrides,
                 "override a scenario field by its dotted path, e.g. "
                 "workload.tokens_per_day=1e9 (repeatable)")
      ->type_name("KEY=VALUE")
      ->take_all()
      ->expected(1);
}

void add_include_flagged_flag(CLI::App& app, bool& include_flagged) {
  app.add_flag("--include-flagged", include_flagged,
               "price the instance rows the catalog's checks flag too (llmtco catalog instances "
               "lists why); default: leave them out and name them in the notes");
}

PriceChecks price_checks(bool include_flagged) {
  return {.include_flagged = include_flagged, .today_iso = today_utc_iso()};
}

void add_usage_option(CLI::App& app, ScenarioArgs& args) {
  app.add_option("--usage", args.usage,
                 "take the workload and the API model from usage exports (llmtco usage reads "
                 "them): OpenAI, Anthropic or LiteLLM files; repeatable, pages combine")
      ->type_name("FILE");
  app.add_option("--usage-model", args.usage_model,
                 "the exported model whose workload to take (default: the largest implied bill)");
}

namespace {

UsageSummary usage_summary(const ScenarioArgs& args) {
  return summarize_usage(load_usage_files(args.usage), api_catalog());
}

}  // namespace

void add_usage_note(Report& report, const ScenarioArgs& args) {
  if (args.usage.empty()) return;
  const auto at = report.lead_note && !report.notes.empty() ? 1 : 0;
  report.notes.insert(report.notes.begin() + at,
                      usage_source_note(usage_summary(args), args.usage_model, args.usage));
}

Scenario resolve_scenario(const ScenarioArgs& args) {
  Scenario scenario = args.path.empty() ? default_scenario() : load_scenario_file(args.path);
  if (!args.usage.empty()) {
    scenario = scenario_from_usage(usage_summary(args), args.usage_model, std::move(scenario));
  }
  for (const std::string& assignment : args.overrides) apply_override(scenario, assignment);
  return with_open_model(std::move(scenario));
}

void set_number_flag(Scenario& scenario, const std::string& flag, std::string_view path,
                     double value) {
  const ScenarioField& field = *find_scenario_field(path);
  if (const auto problem = check_field_value(field, value)) {
    throw InputError(fmt::format("{}: {} (got {:g})", flag, *problem, value));
  }
  set_field_number(scenario, field, value);
  replace_given_groups(scenario, std::vector<std::string>{std::string(path)});
}

void set_text_flag(Scenario& scenario, const std::string& flag, std::string_view path,
                   const std::string& value) {
  const ScenarioField& field = *find_scenario_field(path);
  if (const auto problem = check_field_text(field, value)) {
    throw InputError(fmt::format("{}: {} (got '{}')", flag, *problem, escape_text(value)));
  }
  std::get<ScenarioField::TextRef>(field.ref)(scenario) = value;
  replace_given_groups(scenario, std::vector<std::string>{std::string(path)});
}

}  // namespace llmtco::cli
