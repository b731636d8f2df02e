#include "llmtco/scenario_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "io/read_file.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/text.h"

namespace llmtco {
namespace {

std::string where(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return source;
  return fmt::format("{}:{}:{}", source, mark.line + 1, mark.column + 1);
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return node.Tag() == "!" ? fmt::format("the quoted text \"{}\"", escape_text(node.Scalar()))
                               : fmt::format("'{}'", escape_text(node.Scalar()));
    default:
      return "nothing";
  }
}

// The first field whose path starts with "`section`."; empty if `section` is not a section.
std::string_view first_field_in(std::string_view section) {
  for (const ScenarioField& field : scenario_fields()) {
    if (field.path.starts_with(section) && field.path.size() > section.size() &&
        field.path[section.size()] == '.') {
      return field.path;
    }
  }
  return {};
}

// Candidates are the names that could stand where the unknown key stands: in a
// file, the top-level names (sections and fields) for a top-level key; else, and
// always for --set, the field paths. A top-level key that is a field of a section
// ("tokens_per_day") is pointed to its section; a key that moved, to its new path.
std::string unknown_key(std::string_view path, bool in_file) {
  if (const auto moved = moved_field(path)) return *moved;
  const bool top_level = in_file && path.find('.') == std::string_view::npos;
  if (top_level) {
    for (const ScenarioField& field : scenario_fields()) {
      const std::size_t dot = field.path.rfind('.');
      if (dot != std::string_view::npos && field.path.substr(dot + 1) == path) {
        return fmt::format("unknown key '{}' (it is a field of '{}': '{}')", escape_text(path),
                           field.path.substr(0, dot), field.path);
      }
    }
  }
  std::vector<std::string_view> known;
  for (const ScenarioField& field : scenario_fields()) {
    const std::string_view name =
        top_level ? field.path.substr(0, field.path.find('.')) : field.path;
    if (std::find(known.begin(), known.end(), name) == known.end()) known.push_back(name);
  }
  return fmt::format("unknown key '{}' (nearest known key: '{}')", escape_text(path),
                     nearest_name(path, known));
}

// A plain YAML scalar as a number: decimal or scientific notation, or YAML's
// .inf/.nan (which validation then rejects). nullopt if it is not a number.
std::optional<double> parse_number(const YAML::Node& node) {
  if (!node.IsScalar() || node.Tag() == "!") return std::nullopt;  // "!" marks a quoted string
  std::string text = node.Scalar();
  if (text == ".inf" || text == ".Inf" || text == ".INF" || text == "+.inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (text == "-.inf" || text == "-.Inf" || text == "-.INF") {
    return -std::numeric_limits<double>::infinity();
  }
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (text.starts_with('+')) text.erase(0, 1);
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ptr != end || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
  return value;
}

// Validates `node` as the value of `field` and stores it. `at` prefixes messages.
void assign(Scenario& scenario, const ScenarioField& field, const YAML::Node& node,
            const std::string& at) {
  if (const auto* text = std::get_if<ScenarioField::TextRef>(&field.ref)) {
    std::string value;
    if (node.IsSequence()) {  // a list of names, e.g. clouds: [aws, gcp]
      for (const YAML::Node& item : node) {
        if (!item.IsScalar()) {
          throw InputError(
              fmt::format("{}: {} must be text or a list of names (got {} in the list)", at,
                          field.path, describe(item)));
        }
        value += (value.empty() ? "" : ",") + item.Scalar();
      }
    } else if (node.IsScalar() || node.IsNull()) {
      value = node.IsNull() ? "" : node.Scalar();
    } else {
      throw InputError(fmt::format("{}: {} must be text (got {})", at, field.path, describe(node)));
    }
    if (const auto problem = check_field_text(field, value)) {
      throw InputError(
          fmt::format("{}: {} {} (got '{}')", at, field.path, *problem, escape_text(value)));
    }
    (*text)(scenario) = value;
    return;
  }
  const std::optional<double> value = parse_number(node);
  if (!value) {
    throw InputError(
        fmt::format("{}: {} must be a number (got {})", at, field.path, describe(node)));
  }
  if (const auto problem = check_field_value(field, *value)) {
    throw InputError(fmt::format("{}: {} {} (got {})", at, field.path, *problem, node.Scalar()));
  }
  set_field_number(scenario, field, *value);
}

void read_mapping(Scenario& scenario, const YAML::Node& map, const std::string& prefix,
                  const std::string& source, std::set<std::string>& seen) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    // yaml-cpp's iterator yields a temporary pair: copy the two node handles out of it.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    const std::string at = where(source, key.Mark());
    if (!key.IsScalar()) throw InputError(fmt::format("{}: a key must be a plain name", at));
    const std::string path = prefix + key.Scalar();
    if (!seen.insert(path).second) {
      throw InputError(fmt::format("{}: duplicate key '{}'", at, escape_text(path)));
    }
    if (const ScenarioField* field = find_scenario_field(path)) {
      // An empty value has no position of its own: point at its key.
      assign(scenario, *field, value, where(source, value.IsNull() ? key.Mark() : value.Mark()));
    } else if (!first_field_in(path).empty()) {
      if (!value.IsMap()) {
        throw InputError(fmt::format("{}: {} must be a mapping of fields (got {})",
                                     where(source, value.Mark()), path, describe(value)));
      }
      read_mapping(scenario, value, path + ".", source, seen);
    } else {
      throw InputError(fmt::format("{}: {}", at, unknown_key(path, true)));
    }
  }
}

std::string describe(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return fmt::format("the text \"{}\"", escape_text(value.get<std::string>()));
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return value.dump();
  }
}

std::string json_prefix(const std::string& source) {
  return source.empty() ? "" : source + ": ";
}

void assign_json(Scenario& scenario, const ScenarioField& field, const nlohmann::json& value,
                 const std::string& at) {
  if (const auto* text = std::get_if<ScenarioField::TextRef>(&field.ref)) {
    std::string joined;
    if (value.is_array()) {  // a list of names, e.g. "clouds": ["aws", "gcp"]
      for (const nlohmann::json& item : value) {
        if (item.is_number() && field.check_text) {  // e.g. "hourly_profile": [1, 2, ...]
          joined += (joined.empty() ? "" : ",") + item.dump();
          continue;
        }
        if (!item.is_string()) {
          throw InputError(
              fmt::format("{}{} must be text or an array of names (got {} in the array)", at,
                          field.path, describe(item)));
        }
        joined += (joined.empty() ? "" : ",") + item.get<std::string>();
      }
    } else if (value.is_string()) {
      joined = value.get<std::string>();
    } else if (value.is_number() && field.check_text) {  // "reclaims_per_instance_hour": 0.002
      joined = value.dump();
    } else if (value.is_boolean() && std::find(field.choices.begin(), field.choices.end(),
                                               "true") != field.choices.end()) {  // a switch
      joined = value.get<bool>() ? "true" : "false";
    } else if (!value.is_null()) {
      throw InputError(fmt::format("{}{} must be text (got {})", at, field.path, describe(value)));
    }
    if (const auto problem = check_field_text(field, joined)) {
      throw InputError(
          fmt::format("{}{} {} (got '{}')", at, field.path, *problem, escape_text(joined)));
    }
    (*text)(scenario) = joined;
    return;
  }
  if (!value.is_number()) {
    throw InputError(
        fmt::format("{}{} must be a number (got {})", at, field.path, describe(value)));
  }
  const double number = value.get<double>();
  if (const auto problem = check_field_value(field, number)) {
    throw InputError(fmt::format("{}{} {} (got {})", at, field.path, *problem,
                                 std::isfinite(number) ? value.dump() : fmt::format("{}", number)));
  }
  set_field_number(scenario, field, number);
}

void read_object(Scenario& scenario, const nlohmann::json& object, const std::string& prefix,
                 const std::string& at, std::vector<std::string>& given) {
  for (const auto& [key, value] : object.items()) {
    const std::string path = prefix + key;
    if (const ScenarioField* field = find_scenario_field(path)) {
      assign_json(scenario, *field, value, at);
      given.push_back(path);
    } else if (!first_field_in(path).empty()) {
      if (!value.is_object()) {
        throw InputError(
            fmt::format("{}{} must be an object of fields (got {})", at, path, describe(value)));
      }
      read_object(scenario, value, path + ".", at, given);
    } else {
      throw InputError(at + unknown_key(path, true));
    }
  }
}

}  // namespace

Scenario parse_scenario_yaml(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}: malformed YAML: {}", where(source, e.mark), e.msg));
  }
  Scenario scenario;
  if (root.IsNull()) return scenario;
  if (!root.IsMap()) {
    throw InputError(fmt::format("{}: a scenario must be a mapping of sections (got {})",
                                 where(source, root.Mark()), describe(root)));
  }
  std::set<std::string> seen;
  read_mapping(scenario, root, "", source, seen);
  replace_given_groups(scenario, std::vector<std::string>(seen.begin(), seen.end()));
  return scenario;
}

Scenario parse_scenario_json(const nlohmann::json& root, const std::string& source) {
  const std::string at = json_prefix(source);
  if (!root.is_object()) {
    throw InputError(
        fmt::format("{}a scenario must be a JSON object of sections (got {})", at, describe(root)));
  }
  Scenario scenario;
  std::vector<std::string> given;
  read_object(scenario, root, "", at, given);
  replace_given_groups(scenario, given);
  return scenario;
}

Scenario load_scenario_file(const std::string& path) {
  return parse_scenario_yaml(detail::read_text_file(path, "scenario file"), path);
}

Scenario default_scenario() {
  // Present by construction: CMake embeds it.
  return parse_scenario_yaml(*embedded_file(kSeedScenarioPath),
                             std::string("<built-in ") + std::string(kSeedScenarioPath) + ">");
}

void apply_override(Scenario& scenario, std::string_view assignment) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InputError(fmt::format("--set expects key=value (got '{}')", escape_text(assignment)));
  }
  const std::string key(assignment.substr(0, eq));
  const std::string text(assignment.substr(eq + 1));
  const ScenarioField* field = find_scenario_field(key);
  if (!field && !first_field_in(key).empty()) {
    throw InputError(fmt::format("--set: '{}' is a section; set one of its fields, e.g. '{}'", key,
                                 first_field_in(key)));
  }
  if (!field) throw InputError(fmt::format("--set: {}", unknown_key(key, false)));
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(
        fmt::format("--set: {}: malformed value '{}': {}", key, escape_text(text), e.msg));
  }
  assign(scenario, *field, value, "--set");
  replace_given_groups(scenario, std::vector<std::string>{key});
}

}  // namespace llmtco
