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
    it->has_references = it->has_references || figure.reference.has_value();
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

std::string cell_text(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* number = std::get_if<double>(&cell)) return format_number(*number);
  if (const auto* count = std::get_if<std::int64_t>(&cell)) {
    return format_number(static_cast<double>(*count));
  }
  if (const auto* flag = std::get_if<bool>(&cell)) return *flag ? "yes" : "no";
  return "—";
}

bool is_numeric(const Cell& cell) {
  return std::holds_alternative<double>(cell) || std::holds_alternative<std::int64_t>(cell);
}

std::string inputs_cell(const Figure& figure) {
  std::vector<std::string> parts;
  for (const FigureInput& input : figure.inputs) {
    parts.push_back(fmt::format("{} = {}", input.name, format_quantity(input.value, input.unit)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace llmtco::detail
