#include <fmt/format.h>

#include "llmtco/number_format.h"
#include "llmtco/render.h"
#include "llmtco/svg.h"
#include "render/cells.h"
#include "render/markup.h"

namespace llmtco {
namespace {

using detail::escape_xml;

// Inline, so that the file stands alone: no fonts, scripts or styles to fetch.
constexpr std::string_view kStyle =
    R"(:root { --ink: #222; --muted: #666; --rule: #ddd; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f4; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 40px; background: #fff; }
header .command { margin: 0; color: var(--muted); font-family: "DejaVu Sans Mono", monospace; }
h1 { font-size: 1.6rem; margin: 0 0 8px; }
h2 { font-size: 1.2rem; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
.summary { margin-top: 16px; padding: 12px 18px; background: #eef5fa; border-left: 4px solid var(--accent); }
.summary .verdict { margin: 0; font-size: 1.1rem; font-weight: 600; }
.summary ul { margin: 6px 0 0; padding-left: 20px; }
figure.chart { margin: 12px 0 20px; }
figure.chart svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
.scroll { max-width: 100%; overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { padding: 5px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule);
  overflow-wrap: anywhere; }
th { background: #f2f2f2; font-weight: 600; white-space: normal; }
th.num, th.nowrap { white-space: normal; }
td.label { min-width: 14em; }
.nowrap { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody.figures > tr.figure > td { border-bottom: none; }
tr.explain > td { padding-top: 0; font-size: 13px; color: var(--muted); }
tr.explain dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
tr.explain dt { font-weight: 600; }
tr.explain dd { margin: 0; }
tr.explain ul { margin: 0; padding-left: 18px; }
details > summary { cursor: pointer; color: var(--muted); }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px; background: #f5f5f5;
  padding: 0 3px; border-radius: 3px; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
@media print {
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
}
)";

std::string esc(std::string_view text) {
  return escape_xml(text);
}

std::string summary(const std::vector<std::string>& notes) {
  if (notes.empty()) return "";
  std::string out = "<section class=\"summary\" id=\"summary\">\n";
  out += "<p class=\"verdict\">" + esc(notes[0]) + "</p>\n";
  if (notes.size() > 1) {
    out += "<ul>\n";
    for (std::size_t i = 1; i < notes.size(); ++i) out += "<li>" + esc(notes[i]) + "</li>\n";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

// Under a figure's row: its id, formula, inputs and source, open with --explain.
std::string explanation(const Figure& f, std::size_t columns, bool open) {
  std::string out = fmt::format(
      "<tr class=\"explain\"><td></td><td colspan=\"{}\"><details{}><summary>formula, inputs, "
      "source</summary>\n<dl>\n<dt>id</dt><dd><code>{}</code></dd>\n"
      "<dt>formula</dt><dd><code>{} = {}</code></dd>\n<dt>inputs</dt><dd>",
      columns - 1, open ? " open" : "", esc(f.id), esc(f.id), esc(f.formula));
  if (f.inputs.empty()) {
    out += "none";
  } else {
    out += "<ul>";
    for (const FigureInput& in : f.inputs) {
      out += fmt::format("<li><code>{}</code> = {}</li>", esc(in.name),
                         esc(format_quantity(in.value, in.unit)));
    }
    out += "</ul>";
  }
  return out + "</dd>\n<dt>source</dt><dd>" + esc(f.source) +
         "</dd>\n</dl>\n</details></td></tr>\n";
}

std::string method_section(const detail::MethodGroup& group, bool explain) {
  const bool refs = group.has_references;
  std::string out = fmt::format("<section class=\"method\" data-method=\"{}\">\n<h2>{}</h2>\n",
                                esc(group.method), esc(group.heading));
  out +=
      "<div class=\"scroll\">\n<table>\n<thead><tr><th class=\"num\">#</th><th>figure</th>"
      "<th class=\"num\">";
  out += refs ? "llmtco" : "value";
  out += "</th><th>unit</th>";
  if (refs) out += "<th class=\"num\">article</th><th class=\"num\">diff</th><th>why</th>";
  out += "</tr></thead>\n<tbody class=\"figures\">\n";
  const std::size_t columns = refs ? 7 : 4;
  for (std::size_t i = 0; i < group.figures.size(); ++i) {
    const Figure& f = *group.figures[i];
    out += fmt::format(
        "<tr class=\"figure\" id=\"figure-{}\"><td class=\"num\">{}</td><td class=\"label\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td>",
        esc(f.id), i + 1, esc(f.label), esc(format_amount(f.value, f.unit)),
        esc(amount_unit(f.value, f.unit)));
    if (refs) {
      out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>",
                         esc(detail::reference_cell(f)), esc(detail::difference_cell(f)),
                         esc(detail::reason_cell(f)));
    }
    out += "</tr>\n" + explanation(f, columns, explain);
  }
  return out + "</tbody>\n</table>\n</div>\n</section>\n";
}

std::string table_section(const Table& table) {
  std::string out = fmt::format(
      "<section class=\"table\" id=\"table-{}\">\n<h2>{}</h2>\n<div class=\"scroll\">\n<table>\n",
      esc(table.id), esc(table.title));
  // A column is right-aligned where any of its cells is a number, and kept on one
  // line where all of its cells are short (ids like "a100-40gb-sxm" break at hyphens).
  constexpr std::size_t kShort = 24;
  std::vector<bool> numeric(table.columns.size(), false);
  std::vector<bool> short_text(table.columns.size(), true);
  std::vector<std::string> units;
  for (const std::string& id : table.columns) units.push_back(detail::column_unit(id));
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size() && c < numeric.size(); ++c) {
      numeric[c] = numeric[c] || detail::is_numeric(row[c]);
      short_text[c] = short_text[c] && detail::cell_text(row[c], units[c]).size() <= kShort;
    }
  }
  const auto cls = [&](std::size_t c) -> std::string_view {
    if (c >= numeric.size()) return "";
    return numeric[c] ? " class=\"num\"" : short_text[c] ? " class=\"nowrap\"" : "";
  };
  const std::vector<std::string> headers = detail::table_headers(table);
  out += "<thead><tr>";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    out += fmt::format("<th{} data-column=\"{}\">{}</th>", cls(c), esc(table.columns[c]),
                       esc(headers[c]));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string unit = c < units.size() ? units[c] : "";
      out += fmt::format("<td{}>{}</td>", cls(c), esc(detail::cell_text(row[c], unit)));
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</div>\n</section>\n";
}

std::string scenario_section(const Scenario& scenario) {
  std::string out =
      "<section class=\"scenario\" id=\"scenario\">\n<h2>Scenario</h2>\n<details>"
      "<summary>every field as used</summary>\n<table>\n<thead><tr><th>field</th>"
      "<th class=\"num\">value</th><th>unit</th></tr></thead>\n<tbody>\n";
  for (const ScenarioField& field : scenario_fields()) {
    std::string value;
    std::string unit(field.unit);
    if (const auto* get_text = std::get_if<ScenarioField::TextRef>(&field.ref)) {
      value = (*get_text)(const_cast<Scenario&>(scenario));
    } else {
      const double number = field_number(scenario, field);
      value = format_amount(number, unit);
      unit = amount_unit(number, unit);
    }
    out += fmt::format("<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       esc(field.path), esc(value), esc(unit));
  }
  return out + "</tbody>\n</table>\n</details>\n</section>\n";
}

}  // namespace

std::string render_html(const Report& report, const RenderOptions& options) {
  const std::string command = "llmtco " + report.command;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"llmtco\">\n<title>{}</title>\n<style>\n{}</style>\n"
      "</head>\n<body>\n<main>\n<header>\n<p class=\"command\">{}</p>\n<h1>{}</h1>\n</header>\n",
      esc(report.title.empty() ? command : command + ": " + report.title), kStyle, esc(command),
      esc(report.title.empty() ? command : report.title));
  out += summary(report.notes);
  for (const Chart& chart : report.charts) {
    out += fmt::format("<figure class=\"chart\" id=\"chart-{}\">\n{}</figure>\n", esc(chart.id),
                       render_svg(chart));
  }
  for (const detail::MethodGroup& group : detail::group_by_method(report.figures)) {
    out += method_section(group, options.explain);
  }
  for (const Table& table : report.tables) {
    if (!table.json_only) out += table_section(table);
  }
  if (report.scenario) out += scenario_section(*report.scenario);
  out +=
      "<footer>Made by llmtco. Every figure carries its formula, inputs and source; "
      "<code>--format json</code> holds the same data, charts included.</footer>\n"
      "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace llmtco
