#include <fmt/format.h>

#include "llmtco/render.h"
#include "render/cells.h"

namespace llmtco {
namespace {

// A table cell: pipes escaped, so that a formula cannot break the table.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string render_markdown(const Report& report, const RenderOptions& options) {
  std::string out = fmt::format("# llmtco {}: {}\n", report.command, cell(report.title));
  const std::size_t first_note = report.lead_note && !report.notes.empty() ? 1 : 0;
  if (first_note == 1) out += "\n**" + report.notes.front() + "**\n";
  for (const detail::MethodGroup& group : detail::group_by_method(report.figures)) {
    out += fmt::format("\n## {}\n\n", group.heading);
    const bool refs = group.has_references;
    out += refs ? "| # | figure | llmtco | article | diff | why |" : "| # | figure | value |";
    out += options.explain ? " id | formula | inputs | source |\n" : "\n";
    out += refs ? "|--:|---|--:|--:|--:|---|" : "|--:|---|--:|";
    out += options.explain ? "---|---|---|---|\n" : "\n";
    for (std::size_t i = 0; i < group.figures.size(); ++i) {
      const Figure& f = *group.figures[i];
      out += fmt::format("| {} | {} | {} |", i + 1, cell(f.label), cell(detail::value_cell(f)));
      if (refs) {
        out += fmt::format(" {} | {} | {} |", cell(detail::reference_cell(f)),
                           detail::difference_cell(f), cell(detail::reason_cell(f)));
      }
      if (options.explain) {
        out += fmt::format(" `{}` | `{}` | {} | {} |", f.id, cell(f.formula),
                           cell(detail::inputs_cell(f)), cell(f.source));
      }
      out += "\n";
    }
  }
  for (const Table& table : report.tables) {
    if (table.json_only) continue;
    out += fmt::format("\n## {}\n\n|", table.title);
    for (const std::string& header : detail::table_headers(table)) out += " " + cell(header) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < table.columns.size(); ++c) out += "---|";
    out += "\n";
    for (const auto& row : table.rows) {
      out += "|";
      for (std::size_t c = 0; c < row.size(); ++c) {
        const std::string unit =
            c < table.columns.size() ? detail::column_unit(table.columns[c]) : "";
        out += " " + cell(detail::cell_text(row[c], unit)) + " |";
      }
      out += "\n";
    }
  }
  if (!report.charts.empty()) out += "\n";
  for (const Chart& chart : report.charts) {
    out += fmt::format("- Chart: {} (drawn by `--format html`; data in `--format json`)\n",
                       cell(chart.title));
  }
  if (report.notes.size() > first_note) out += "\n";
  for (std::size_t i = first_note; i < report.notes.size(); ++i) out += report.notes[i] + "\n";
  return out;
}

}  // namespace llmtco
