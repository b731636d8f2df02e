#include "render/cells.h"

#include <fmt/format.h>

#include <algorithm>

#include "llmtco/number_format.h"

namespace llmtco::detail {
namespace {

std::string heading_for(const std::string& method) {
  if (method == "article") return "The article's method: its rules of thumb, reproduced";
  if (method == "physics") return "The physics method: real model arithmetic and prices";
  return "Method: " + method;
}

}  // namespace

std::vector<MethodGroup> group_by_method(const std::vector<Figure>& figures) {
  std::vector<MethodGroup> groups;
  for (const Figure& figure : figures) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const MethodGroup& g) { return g.method == figure.method; });
    if (it == groups.end()) {
      groups.push_back({figure.method, heading_for(figure.method), {}});
      it = std::prev(groups.end());
    }
    it->figures.push_back(&figure);
  }
  return groups;
}

std::string value_cell(const Figure& figure) {
  return format_quantity(figure.value, figure.unit);
}

std::string reference_cell(const Figure& figure) {
  return figure.reference ? figure.reference->printed : "—";
}

std::string difference_cell(const Figure& figure) {
  return figure.reference ? format_percent(figure.reference->difference_pct) : "";
}

std::string reason_cell(const Figure& figure) {
  return figure.reference ? figure.reference->reason : "";
}

std::string inputs_cell(const Figure& figure) {
  std::vector<std::string> parts;
  for (const FigureInput& input : figure.inputs) {
    parts.push_back(fmt::format("{} = {}", input.name, format_quantity(input.value, input.unit)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace llmtco::detail
