#include "io/json_text.h"

#include <gtest/gtest.h>

#include "llmtco/error.h"

namespace llmtco::detail {
namespace {

std::string error_of(std::string_view text, const std::string& source) {
  try {
    parse_json_text(text, source);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParseJsonText, BuildsWhatJsonParseBuilds) {
  const std::string text =
      R"({"a": [1, -2, 18446744073709551615, 2.5, "x\u00e9", true, null, {}, []],
          "b": {"c": {"d": 1}}, "e": "f"})";
  EXPECT_EQ(parse_json_text(text, "x.json"), nlohmann::json::parse(text));
  EXPECT_EQ(parse_json_text("7", "x.json"), nlohmann::json(7));
}

TEST(ParseJsonText, OrderedKeepsTheKeysInOrder) {
  const nlohmann::ordered_json map =
      parse_ordered_json_text(R"({"b": 1, "a": {"z": 2, "y": 3}})", "");
  EXPECT_EQ(map.dump(), R"({"b":1,"a":{"z":2,"y":3}})");
}

TEST(ParseJsonText, RefusesADuplicateKeyNamingItsPath) {
  EXPECT_EQ(error_of(R"({"a": 1, "a": 2})", "x.json"), "x.json: duplicate key 'a'");
  EXPECT_EQ(error_of(R"({"workload": {"tokens_per_day": 1, "tokens_per_day": 2}})", ""),
            "duplicate key 'workload.tokens_per_day'");
  EXPECT_EQ(error_of(R"({"files": [{"cloud": "aws"}, {"cloud": "gcp", "cloud": "aws"}]})", ""),
            "duplicate key 'files[1].cloud'");
  // The same key in two objects is no duplicate.
  EXPECT_EQ(error_of(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])", ""), "(no error)");
}

TEST(ParseJsonText, ANumberOverflowNamesItsPositionAndField) {
  EXPECT_EQ(error_of(R"({"workload": {"tokens_per_day": 1e400}})", ""),
            "malformed JSON at line 1, column 33: workload.tokens_per_day: number overflow "
            "parsing '1e400'");
  EXPECT_EQ(error_of("{\n  \"num_hidden_layers\": -1e400\n}", "config.json"),
            "config.json:2:24: malformed JSON: num_hidden_layers: number overflow parsing "
            "'-1e400'");
  EXPECT_EQ(error_of("[1, 1e400]", ""),
            "malformed JSON at line 1, column 5: [1]: number overflow parsing '1e400'");
}

// 64 levels are read; a 65th is refused before any recursion over the value, and a
// value nested 200,000 deep (which overflowed the stack in dump()) is one error.
TEST(ParseJsonText, RefusesNestingDeeperThan64Levels) {
  EXPECT_NO_THROW(parse_json_text(std::string(64, '[') + std::string(64, ']'), "x.json"));
  EXPECT_EQ(error_of(std::string(65, '[') + std::string(65, ']'), "x.json"),
            "x.json: malformed JSON: [0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
            "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
            "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested deeper than 64 levels");
  std::string path = "hidden_size";  // the object is level 1, its 63 arrays the rest
  for (int level = 2; level <= 64; ++level) path += "[0]";
  EXPECT_EQ(error_of(R"({"hidden_size": )" + std::string(200'000, '['), "config.json"),
            "config.json: malformed JSON: " + path + ": nested deeper than 64 levels");
}

TEST(ParseJsonText, ASyntaxErrorNamesItsPosition) {
  EXPECT_EQ(error_of("{\"architectures\": [\n  \"LlamaForCausalLM\",\n}", "config.json"),
            "config.json:3:1: malformed JSON: architectures[1]: syntax error while parsing "
            "value - unexpected '}'; expected '[', '{', or a literal");
  EXPECT_EQ(error_of(R"({"workload": )", ""),
            "malformed JSON at line 1, column 14: workload: syntax error while parsing value - "
            "unexpected end of input; expected '[', '{', or a literal");
  EXPECT_EQ(error_of(R"({"a": 1 "b": 2})", ""),
            "malformed JSON at line 1, column 11: syntax error while parsing object - unexpected "
            "string literal; expected '}'");
}

TEST(ParseJsonText, InvalidUtf8IsASyntaxErrorEchoedEscaped) {
  EXPECT_EQ(error_of("{\"name\": \"caf\xe9\"}", ""),
            "malformed JSON at line 1, column 15: name: syntax error while parsing value - "
            "invalid string: ill-formed UTF-8 byte; last read: '\"caf\\xe9\"'");
}

}  // namespace
}  // namespace llmtco::detail
