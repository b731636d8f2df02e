#include "scenario_args.h"

#include <fmt/format.h>

#include "llmtco/clock.h"
#include "llmtco/error.h"
#include "llmtco/scenario_file.h"
#include "llmtco/text.h"

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

Scenario resolve_scenario(const ScenarioArgs& args) {
  Scenario scenario = args.path.empty() ? default_scenario() : load_scenario_file(args.path);
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
