#include "llmtco/scenario_file.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llmtco/error.h"

namespace llmtco {
namespace {

// The message a parse of `yaml` fails with.
std::string parse_error(const std::string& yaml) {
  try {
    parse_scenario_yaml(yaml, "s.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string override_error(const std::string& assignment) {
  Scenario scenario;
  try {
    apply_override(scenario, assignment);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string json_error(const std::string& json_text) {
  try {
    parse_scenario_json(nlohmann::json::parse(json_text), "");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// The seed file and the in-class defaults are the same scenario, field by field.
TEST(SeedScenario, FileEqualsTheDefaults) {
  const Scenario seed = default_scenario();
  const Scenario defaults;
  EXPECT_EQ(seed.name, defaults.name);
  for (const ScenarioField& field : scenario_fields()) {
    EXPECT_EQ(field_number(seed, field), field_number(defaults, field)) << field.path;
    if (const auto* text = std::get_if<ScenarioField::TextRef>(&field.ref)) {
      EXPECT_EQ((*text)(const_cast<Scenario&>(seed)), (*text)(const_cast<Scenario&>(defaults)))
          << field.path;
    }
  }
  EXPECT_EQ(seed.self_host.clouds, "aws,azure,gcp,lambda");  // a YAML list, joined
  // Spot checks against the article: $3.70/h serving, 2 replicas, 70e9 params.
  EXPECT_EQ(seed.article.serving_usd_per_hour, 3.70);
  EXPECT_EQ(seed.article.replicas, 2);
  EXPECT_EQ(seed.article.params, 70e9);
}

TEST(ParseScenario, TextFieldsWithChoicesNameThem) {
  EXPECT_THROW(parse_scenario_yaml("self_host:\n  redundancy: n+1\n", "s.yaml"), InputError);
  try {
    parse_scenario_yaml("self_host:\n  redundancy: n+1\n", "s.yaml");
  } catch (const InputError& e) {
    EXPECT_STREQ(
        e.what(),
        "s.yaml:2:15: self_host.redundancy must be one of: none, n_plus_1, 2n (got 'n+1')");
  }
  EXPECT_EQ(parse_scenario_yaml("api:\n  model:\n", "s.yaml").api.model, "");
}

TEST(ParseScenario, FieldsLeftOutKeepTheirDefaults) {
  const Scenario s = parse_scenario_yaml("article:\n  serving_usd_per_hour: 4.10\n", "s.yaml");
  EXPECT_EQ(s.article.serving_usd_per_hour, 4.10);
  EXPECT_EQ(s.article.finetune_usd_per_hour, 2.80);
  EXPECT_EQ(s.workload.words_per_page, 300.0);
}

TEST(ParseScenario, AnEmptyFileIsTheSeedScenario) {
  EXPECT_EQ(parse_scenario_yaml("", "s.yaml").article.params, 70e9);
  EXPECT_EQ(parse_scenario_yaml("# only a comment\n", "s.yaml").article.replicas, 2);
}

TEST(ParseScenario, NumbersInScientificAndSignedForms) {
  const Scenario s =
      parse_scenario_yaml("article:\n  params: 7.0e10\n  replicas: +3\nname: 42\n", "s.yaml");
  EXPECT_EQ(s.article.params, 70e9);
  EXPECT_EQ(s.article.replicas, 3);
  EXPECT_EQ(s.name, "42");
}

TEST(ParseScenario, MalformedYamlNamesLineAndColumn) {
  EXPECT_EQ(parse_error("workload:\n  tokens_per_word: [1\n"),
            "s.yaml:3:1: malformed YAML: end of sequence flow not found");
  EXPECT_EQ(parse_error("a: b: c\n"), "s.yaml:1:5: malformed YAML: illegal map value");
}

TEST(ParseScenario, UnknownKeysNameTheNearestKnownKey) {
  EXPECT_EQ(parse_error("workload:\n  tokens_per_wrod: 2\n"),
            "s.yaml:2:3: unknown key 'workload.tokens_per_wrod' (nearest known key: "
            "'workload.tokens_per_word')");
  EXPECT_EQ(parse_error("worklod:\n  tokens_per_word: 2\n"),
            "s.yaml:1:1: unknown key 'worklod' (nearest known key: 'workload')");
  EXPECT_EQ(parse_error("self_host:\n  staff_per_year: 1\n"),
            "s.yaml:2:3: unknown key 'self_host.staff_per_year' (nearest known key: "
            "'self_host.staff_usd_per_year')");
}

// The latency targets moved under self_host.latency (issue 16): the old keys are
// refused in a file, a JSON body and --set with the new paths named.
TEST(ParseScenario, MovedKeysNameTheirNewPaths) {
  EXPECT_EQ(parse_error("self_host:\n  ttft_ms: 1500\n"),
            "s.yaml:2:3: self_host.ttft_ms moved to self_host.latency.ttft_ms (and "
            "self_host.latency.percentile, default 95)");
  EXPECT_EQ(json_error(R"({"self_host": {"tpot_ms": 40}})"),
            "self_host.tpot_ms moved to self_host.latency.tpot_ms (and "
            "self_host.latency.percentile, default 95)");
  EXPECT_EQ(override_error("self_host.ttft_ms=1500"),
            "--set: self_host.ttft_ms moved to self_host.latency.ttft_ms (and "
            "self_host.latency.percentile, default 95)");
  const Scenario s = parse_scenario_yaml(
      "self_host:\n  latency:\n    percentile: 99\n    ttft_ms: 1500\n"
      "workload:\n  request_shape: {arrivals: gamma, burstiness_cv: 3}\n",
      "s.yaml");
  EXPECT_EQ(s.self_host.latency.percentile, 99);
  EXPECT_EQ(s.self_host.latency.ttft_ms, 1500);
  EXPECT_EQ(s.self_host.latency.tpot_ms, 50);  // left out: the default
  EXPECT_EQ(s.self_host.latency.statistic, "percentile");
  EXPECT_EQ(s.workload.request_shape.arrivals, "gamma");
  EXPECT_EQ(s.workload.request_shape.burstiness_cv, 3);
  EXPECT_EQ(parse_error("self_host:\n  latency:\n    statistic: median\n"),
            "s.yaml:3:16: self_host.latency.statistic must be one of: percentile, mean (got "
            "'median')");
  EXPECT_EQ(parse_error("self_host:\n  latency:\n    percentile: 100\n"),
            "s.yaml:3:17: self_host.latency.percentile must be > 0 and <= 99.99 (got 100)");
  EXPECT_EQ(parse_error("percentile: 99\n"),
            "s.yaml:1:1: unknown key 'percentile' (it is a field of 'self_host.latency': "
            "'self_host.latency.percentile')");
}

TEST(ParseScenario, WrongTypes) {
  EXPECT_EQ(parse_error("api:\n  input_usd_per_1m: cheap\n"),
            "s.yaml:2:21: api.input_usd_per_1m must be a number (got 'cheap')");
  EXPECT_EQ(parse_error("api:\n  input_usd_per_1m: \"3\"\n"),
            "s.yaml:2:21: api.input_usd_per_1m must be a number (got the quoted text \"3\")");
  EXPECT_EQ(parse_error("api:\n  input_usd_per_1m: [3]\n"),
            "s.yaml:2:21: api.input_usd_per_1m must be a number (got a list)");
  EXPECT_EQ(parse_error("api:\n  input_usd_per_1m:\n"),
            "s.yaml:2:3: api.input_usd_per_1m must be a number (got nothing)");
  EXPECT_EQ(parse_error("workload: 3\n"),
            "s.yaml:1:11: workload must be a mapping of fields (got '3')");
  EXPECT_EQ(parse_error("name: {a: 1}\n"), "s.yaml:1:7: name must be text (got a mapping)");
  EXPECT_EQ(parse_error("- 1\n"),
            "s.yaml:1:1: a scenario must be a mapping of sections (got a list)");
}

TEST(ParseScenario, OutOfRangeAndNonFiniteNumbers) {
  EXPECT_EQ(parse_error("workload:\n  tokens_per_word: -3\n"),
            "s.yaml:2:20: workload.tokens_per_word must be between 0.01 and 100 (got -3)");
  const std::string params = "article.params must be a finite number between 1,000,000 and 1e15";
  EXPECT_EQ(parse_error("article:\n  params: .inf\n"), "s.yaml:2:11: " + params + " (got .inf)");
  EXPECT_EQ(parse_error("article:\n  params: .nan\n"), "s.yaml:2:11: " + params + " (got .nan)");
  EXPECT_EQ(parse_error("article:\n  params: 1e999\n"), "s.yaml:2:11: " + params + " (got 1e999)");
  EXPECT_EQ(parse_error("article:\n  replicas: 1.5\n"),
            "s.yaml:2:13: article.replicas must be a whole number between 1 and 1,000,000 (got "
            "1.5)");
  EXPECT_EQ(parse_error("self_host:\n  staff_usd_per_year: -1\n"),
            "s.yaml:2:23: self_host.staff_usd_per_year must be between 0 and 1e10 (got -1)");
  EXPECT_EQ(parse_error("fine_tune:\n  dataset_tokens: 1e300\n"),
            "s.yaml:2:19: fine_tune.dataset_tokens must be between 0 and 1e15 (got 1e300)");
}

TEST(ParseScenario, DuplicateKeysAreRefused) {
  EXPECT_EQ(parse_error("api:\n  input_usd_per_1m: 3\n  input_usd_per_1m: 4\n"),
            "s.yaml:3:3: duplicate key 'api.input_usd_per_1m'");
}

TEST(ParseScenario, TextIsOneLineOfUtf8) {
  EXPECT_EQ(parse_error("name: \"caf\xe9\"\n"),
            "s.yaml:1:7: name has invalid UTF-8 at byte 3 (got 'caf\\xe9')");
  EXPECT_EQ(parse_error("name: \"\\e[31mRED\"\n"),
            "s.yaml:1:7: name has a control character at byte 0 (got '\\x1b[31mRED')");
  EXPECT_EQ(parse_error("name: |\n  two\n  lines\n"),
            "s.yaml:1:7: name has a control character at byte 3 (got 'two\\nlines\\n')");
  EXPECT_EQ(parse_error("self_host:\n  clouds: [aws, \"g\\x9bcp\"]\n"),
            "s.yaml:2:11: self_host.clouds has a control character at byte 5 (got "
            "'aws,g\\u009bcp')");
  EXPECT_EQ(parse_error("name: \"caf\xc3\xa9 \xe2\x82\xac\"\n"), "(no error)");
}

TEST(ParseScenario, EchoedValuesStayOneLine) {
  EXPECT_EQ(parse_error("workload:\n  tokens_per_day: |\n    1\n    2\n"),
            "s.yaml:2:19: workload.tokens_per_day must be a number (got the quoted text "
            "\"1\\n2\\n\")");
  EXPECT_EQ(parse_error("workload:\n  tokens_per_day: \"\\e[2J\"\n"),
            "s.yaml:2:19: workload.tokens_per_day must be a number (got the quoted text "
            "\"\\x1b[2J\")");
}

TEST(LoadScenarioFile, MissingFileAndDirectory) {
  try {
    load_scenario_file("/nonexistent/s.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot read scenario file '/nonexistent/s.yaml': No such file or directory");
  }
  try {
    load_scenario_file("/");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "cannot read scenario file '/': it is a directory");
  }
}

TEST(ApplyOverride, SetsAFieldByItsDottedPath) {
  Scenario s;
  apply_override(s, "article.serving_usd_per_hour=4.10");
  apply_override(s, "article.replicas=3");
  apply_override(s, "name=My chatbot");
  EXPECT_EQ(s.article.serving_usd_per_hour, 4.10);
  EXPECT_EQ(s.article.replicas, 3);
  EXPECT_EQ(s.name, "My chatbot");
}

TEST(ApplyOverride, TextIsOneLineOfUtf8) {
  EXPECT_EQ(override_error("name=caf\xe9"),
            "--set: name has invalid UTF-8 at byte 3 (got 'caf\\xe9')");
  EXPECT_EQ(override_error("name=\"\\e[31mRED\""),
            "--set: name has a control character at byte 0 (got '\\x1b[31mRED')");
}

TEST(ApplyOverride, ValidatedLikeTheFile) {
  EXPECT_EQ(override_error("self_host.staff_per_year=1"),
            "--set: unknown key 'self_host.staff_per_year' (nearest known key: "
            "'self_host.staff_usd_per_year')");
  EXPECT_EQ(override_error("article=1"),
            "--set: 'article' is a section; set one of its fields, e.g. 'article.params'");
  EXPECT_EQ(override_error("article.replicas=0"),
            "--set: article.replicas must be a whole number between 1 and 1,000,000 (got 0)");
  EXPECT_EQ(override_error("workload.tokens_per_word=abc"),
            "--set: workload.tokens_per_word must be a number (got 'abc')");
  EXPECT_EQ(override_error("workload.tokens_per_word=.nan"),
            "--set: workload.tokens_per_word must be a finite number between 0.01 and 100 (got "
            ".nan)");
  EXPECT_EQ(override_error("workload.tokens_per_word="),
            "--set: workload.tokens_per_word must be a number (got nothing)");
  EXPECT_EQ(override_error("workload.tokens_per_word"),
            "--set expects key=value (got 'workload.tokens_per_word')");
  EXPECT_EQ(override_error("=3"), "--set expects key=value (got '=3')");
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

// An HTTP body: the scenario's structure as JSON, with the YAML reader's rules.
TEST(ParseScenarioJson, AnEmptyObjectIsTheSeedScenario) {
  const Scenario parsed = parse_scenario_json(nlohmann::json::object(), "");
  const Scenario seed = default_scenario();
  for (const ScenarioField& field : scenario_fields()) {
    EXPECT_EQ(field_number(parsed, field), field_number(seed, field)) << field.path;
  }
  EXPECT_EQ(parsed.self_host.model, seed.self_host.model);
}

TEST(ParseScenarioJson, SetsNestedFieldsAndJoinsLists) {
  const Scenario s = parse_scenario_json(
      nlohmann::json::parse(R"({"name": "x", "workload": {"tokens_per_day": 1e9},
          "self_host": {"clouds": ["aws", "gcp"], "redundancy": "2n"},
          "article": {"replicas": 3}})"),
      "");
  EXPECT_EQ(s.name, "x");
  EXPECT_EQ(s.workload.tokens_per_day, 1e9);
  EXPECT_EQ(s.workload.peak_to_average, 2.0);  // left out: the default
  EXPECT_EQ(s.self_host.clouds, "aws,gcp");
  EXPECT_EQ(s.self_host.redundancy, "2n");
  EXPECT_EQ(s.article.replicas, 3);
}

TEST(ParseScenarioJson, BadValuesNameTheFieldAndWhatIsValid) {
  EXPECT_EQ(json_error(R"({"workload": {"tokens_per_day": -5}})"),
            "workload.tokens_per_day must be between 1 and 1e15 (got -5)");
  EXPECT_EQ(json_error(R"({"workload": {"tokens_per_day": "many"}})"),
            "workload.tokens_per_day must be a number (got the text \"many\")");
  EXPECT_EQ(json_error(R"({"workload": {"peak_to_average": 25}})"),
            "workload.peak_to_average must be between 1 and 24 (got 25)");
  EXPECT_EQ(json_error(R"({"article": {"replicas": 1.5}})"),
            "article.replicas must be a whole number between 1 and 1,000,000 (got 1.5)");
  EXPECT_EQ(json_error(R"({"self_host": {"pricing": "cheap"}})"),
            "self_host.pricing must be one of: on_demand, spot, reserved_1y, reserved_3y (got "
            "'cheap')");
  EXPECT_EQ(json_error(R"({"self_host": {"clouds": ["aws", 3]}})"),
            "self_host.clouds must be text or an array of names (got 3 in the array)");
  EXPECT_EQ(json_error(R"({"self_host": {"model": true}})"),
            "self_host.model must be text (got true)");
  EXPECT_EQ(json_error(R"({"workload": 5})"), "workload must be an object of fields (got 5)");
  EXPECT_EQ(json_error(R"([1, 2])"), "a scenario must be a JSON object of sections (got an array)");
}

TEST(ParseScenarioJson, UnknownKeysNameTheNearestOrTheSection) {
  EXPECT_EQ(json_error(R"({"tokens_per_day": -5})"),
            "unknown key 'tokens_per_day' (it is a field of 'workload': "
            "'workload.tokens_per_day')");
  EXPECT_EQ(json_error(R"({"worklod": {}})"),
            "unknown key 'worklod' (nearest known key: 'workload')");
  EXPECT_EQ(json_error(R"({"workload": {"tokens_per_dya": 1}})"),
            "unknown key 'workload.tokens_per_dya' (nearest known key: "
            "'workload.tokens_per_day')");
}

TEST(ParseScenarioJson, TextIsOneLineWithoutControlCharacters) {
  EXPECT_EQ(json_error(R"({"name": "\u001b[31mRED"})"),
            "name has a control character at byte 0 (got '\\x1b[31mRED')");
  EXPECT_EQ(json_error(R"({"workload": {"tokens_per_day": "a\nb"}})"),
            "workload.tokens_per_day must be a number (got the text \"a\\nb\")");
}

TEST(ParseScenarioJson, ASourcePrefixesMessages) {
  try {
    parse_scenario_json(nlohmann::json::parse(R"({"workload": {"tokens_per_day": 0}})"), "body");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "body: workload.tokens_per_day must be between 1 and 1e15 (got 0)");
  }
}

}  // namespace
}  // namespace llmtco
