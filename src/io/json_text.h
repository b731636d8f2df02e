// JSON text from outside (a config.json, a price map, an HTTP body) parsed into
// nlohmann's values strictly: a duplicate key is refused, as YAML's is, and a
// syntax error or a number past a double's range names its line, its column and,
// where the parse stands in a value, the field.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace llmtco::detail {

// Throws InputError "SOURCE:1:33: malformed JSON: workload.tokens_per_day: number
// overflow parsing '1e400'" or "SOURCE: duplicate key 'workload.tokens_per_day'";
// where `source` is empty, "malformed JSON at line 1, column 33: ..." and
// "duplicate key '...'". Lines and columns count bytes from 1.
nlohmann::json parse_json_text(std::string_view text, const std::string& source);

// The same, keeping the order of the keys.
nlohmann::ordered_json parse_ordered_json_text(std::string_view text, const std::string& source);

}  // namespace llmtco::detail
