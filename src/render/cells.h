// The cells that the text and Markdown tables share, one string each.
#pragma once

#include <string>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/render.h"

namespace llmtco::detail {

// Methods in the order of first appearance, with their figures.
struct MethodGroup {
  std::string method;
  std::string heading;  // "The article's method: its rules of thumb, reproduced"
  std::vector<const Figure*> figures;
  bool has_references = false;  // any figure compared with a published value
};
std::vector<MethodGroup> group_by_method(const std::vector<Figure>& figures);

std::string value_cell(const Figure& figure);       // "140.84 GB"
std::string reference_cell(const Figure& figure);   // "~141 GB", or "—" if none
std::string difference_cell(const Figure& figure);  // "-0.1%", or "" if no reference
std::string reason_cell(const Figure& figure);      // "" unless the difference is over 1%
std::string cell_text(const Cell& cell);            // numbers as format_number, bools yes/no
bool is_numeric(const Cell& cell);                  // right-aligned in tables
std::string inputs_cell(const Figure& figure);      // "a = 70,000,000,000 params, b = 2 bytes"

}  // namespace llmtco::detail
