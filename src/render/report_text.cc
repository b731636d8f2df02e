#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "llmtco/report.h"
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

}  // namespace

std::string render_text(const Report& report, const RenderOptions& options) {
  std::string out = fmt::format("llmtco {}: {}\n", report.command, report.title);
  constexpr std::size_t kColumns = 5;
  const std::array<std::string, kColumns> header = {"#", "figure", "llmtco", "article", "diff"};
  const std::array<bool, kColumns> right = {true, false, true, true, true};
  const std::string indent(6, ' ');

  for (const detail::MethodGroup& group : detail::group_by_method(report.figures)) {
    std::vector<std::array<std::string, kColumns>> rows;
    for (std::size_t i = 0; i < group.figures.size(); ++i) {
      const Figure& f = *group.figures[i];
      rows.push_back({std::to_string(i + 1), f.label, detail::value_cell(f),
                      detail::reference_cell(f), detail::difference_cell(f)});
    }
    std::array<std::size_t, kColumns> widths{};
    for (std::size_t c = 0; c < kColumns; ++c) {
      widths[c] = display_width(header[c]);
      for (const auto& row : rows) widths[c] = std::max(widths[c], display_width(row[c]));
    }
    auto line = [&](const std::array<std::string, kColumns>& cells) {
      std::string text;
      for (std::size_t c = 0; c < kColumns; ++c) {
        text += (c == 0 ? "" : "  ") + pad(cells[c], widths[c], right[c]);
      }
      while (text.ends_with(' ')) text.pop_back();
      return text + "\n";
    };

    out += fmt::format("\n{}\n\n", group.heading);
    out += line(header);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out += line(rows[i]);
      const Figure& f = *group.figures[i];
      if (const std::string why = detail::reason_cell(f); !why.empty()) {
        out += indent + "why: " + why + "\n";
      }
      if (options.explain) {
        out +=
            fmt::format("{}id: {}\n{}formula: {} = {}\n{}inputs: {}\n{}source: {}\n", indent, f.id,
                        indent, f.id, f.formula, indent, detail::inputs_cell(f), indent, f.source);
      }
    }
  }
  if (!options.explain) out += "\n--explain shows each figure's formula, inputs and source.\n";
  return out;
}

}  // namespace llmtco
