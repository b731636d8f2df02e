#include <fmt/format.h>

#include <algorithm>

#include "llmtco/render.h"
#include "render/cells.h"

namespace llmtco {
namespace {

// Columns on a terminal: UTF-8 continuation bytes take none.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& text, std::size_t width, bool right_align) {
  const std::size_t w = display_width(text);
  const std::string fill(w < width ? width - w : 0, ' ');
  return right_align ? fill + text : text + fill;
}

using Row = std::vector<std::string>;

// Formats `rows` under `header` in aligned columns; `after(i)` is printed under row i.
template <typename After>
std::string aligned(const Row& header, const std::vector<Row>& rows, const std::vector<bool>& right,
                    After after) {
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    widths[c] = display_width(header[c]);
    for (const Row& row : rows) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  auto line = [&](const Row& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      text += (c == 0 ? "" : "  ") + pad(cells[c], widths[c], right[c]);
    }
    while (text.ends_with(' ')) text.pop_back();
    return text + "\n";
  };
  std::string out = line(header);
  for (std::size_t i = 0; i < rows.size(); ++i) out += line(rows[i]) + after(i);
  return out;
}

}  // namespace

std::string render_text(const Report& report, const RenderOptions& options) {
  std::string out = fmt::format("llmtco {}: {}\n", report.command, report.title);
  const std::size_t first_note = report.lead_note && !report.notes.empty() ? 1 : 0;
  if (first_note == 1) out += "\n" + report.notes.front() + "\n";
  const std::string indent(6, ' ');

  for (const detail::MethodGroup& group : detail::group_by_method(report.figures)) {
    const bool refs = group.has_references;
    Row header = {"#", "figure", refs ? "llmtco" : "value"};
    std::vector<bool> right = {true, false, true};
    if (refs) {
      header.insert(header.end(), {"article", "diff"});
      right.insert(right.end(), {true, true});
    }
    std::vector<Row> rows;
    for (std::size_t i = 0; i < group.figures.size(); ++i) {
      const Figure& f = *group.figures[i];
      Row row = {std::to_string(i + 1), f.label, detail::value_cell(f)};
      if (refs) row.insert(row.end(), {detail::reference_cell(f), detail::difference_cell(f)});
      rows.push_back(std::move(row));
    }
    out += fmt::format("\n{}\n\n", group.heading);
    out += aligned(header, rows, right, [&](std::size_t i) {
      const Figure& f = *group.figures[i];
      std::string under;
      if (const std::string why = detail::reason_cell(f); !why.empty()) {
        under += indent + "why: " + why + "\n";
      }
      if (options.explain) {
        under +=
            fmt::format("{}id: {}\n{}formula: {} = {}\n{}inputs: {}\n{}source: {}\n", indent, f.id,
                        indent, f.id, f.formula, indent, detail::inputs_cell(f), indent, f.source);
      }
      return under;
    });
  }
  for (const Table& table : report.tables) {
    if (table.json_only) continue;
    std::vector<Row> rows;
    std::vector<bool> right(table.columns.size(), false);
    for (const auto& cells : table.rows) {
      Row row;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        row.push_back(detail::cell_text(cells[c], detail::column_unit(table.columns[c])));
        if (detail::is_numeric(cells[c])) right[c] = true;
      }
      rows.push_back(std::move(row));
    }
    out += fmt::format("\n{}\n\n", table.title);
    out += aligned(detail::table_headers(table), rows, right,
                   [](std::size_t) { return std::string(); });
  }
  // Charts are drawn by --format html; a terminal gets their titles only.
  if (!report.charts.empty()) out += "\n";
  for (const Chart& chart : report.charts) {
    out += fmt::format("Chart: {} (drawn by --format html; data in --format json)\n", chart.title);
  }
  if (report.notes.size() > first_note) out += "\n";
  for (std::size_t i = first_note; i < report.notes.size(); ++i) out += report.notes[i] + "\n";
  if (!options.explain && !report.figures.empty()) {
    out += "\n--explain shows each figure's formula, inputs and source.\n";
  }
  return out;
}

}  // namespace llmtco
