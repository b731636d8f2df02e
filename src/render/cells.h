// The cells that the text and Markdown tables share, one string each.
#pragma once

#include <string>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/render.h"
#include "llmtco/report.h"

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
// Numbers as format_amount in the column's unit (column_unit), shares with "%";
// bools yes/no; empty as "—".
std::string cell_text(const Cell& cell, const std::string& unit = "");
// The unit a column's numbers are printed in, read from its id: "USD" where it names
// usd ("usd_per_month", "cost_usd"), "fraction" for a share or a probability
// ("owned_token_share"), "FLOP" for a FLOP count; "" otherwise.
std::string column_unit(const std::string& id);
// A header for people from a column id: "usd_per_month" -> "USD/month", "ttft_ms" ->
// "TTFT (ms)", "gpus_per_replica" -> "GPUs/replica", "kv_tokens" -> "KV tokens".
std::string column_label(const std::string& id);
// The table's headers: its labels where it has them, else column_label of each id.
std::vector<std::string> table_headers(const Table& table);
bool is_numeric(const Cell& cell);              // right-aligned in tables
std::string inputs_cell(const Figure& figure);  // "a = 70,000,000,000 params, b = 2 bytes"

}  // namespace llmtco::detail
