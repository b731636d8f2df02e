// Reading scenarios: YAML scenario files, JSON bodies, the built-in seed scenario, and
// `--set key=value` overrides. Every field is validated against the schema in
// scenario.h; bad input throws InputError with one line naming the source, the
// field, the value and what would be valid.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "llmtco/scenario.h"

namespace llmtco {

// The built-in default: examples/seed-article.yaml, embedded in the binary.
inline constexpr std::string_view kSeedScenarioPath = "examples/seed-article.yaml";
Scenario default_scenario();

// Parses scenario YAML. `source` names it in messages ("scenario.yaml:12:5: ...").
// Fields the text leaves out keep their defaults (the seed article's values).
Scenario parse_scenario_yaml(std::string_view text, const std::string& source);

// Reads a scenario from a parsed JSON object of the same structure (an HTTP body).
// Fields it leaves out keep their defaults; numbers must be JSON numbers, text
// fields strings (clouds may be an array of names). Messages start with
// "`source`: " unless `source` is empty, then with the field's dotted path.
Scenario parse_scenario_json(const nlohmann::json& root, const std::string& source);

// Reads and parses the YAML file at `path`.
Scenario load_scenario_file(const std::string& path);

// Applies one "dotted.path=value" override, validated like the file.
void apply_override(Scenario& scenario, std::string_view assignment);

}  // namespace llmtco
