// Escaping text for the markup renderers (SVG and HTML).
#pragma once

#include <string>
#include <string_view>

namespace llmtco::detail {

// & < > " ' as entities, so that text is safe in element content and in quoted
// attributes alike; control characters other than tab and newline are dropped.
std::string escape_xml(std::string_view text);

}  // namespace llmtco::detail
