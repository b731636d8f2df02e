// The renderers: a Report (report.h) printed as text, JSON, Markdown or HTML.
// They print from the figures; none recomputes anything.
#pragma once
#ifndef LLMTCO_RENDER_LAYER
#error \
    "a render header: the core and the commands print nothing; only src/render and the shells include it"
#endif

#include <string>

#include "llmtco/report.h"

namespace llmtco {

struct RenderOptions {
  bool explain = false;  // formula, inputs and source under each figure
};

// An aligned table per method: figure, our value, the reference value, the
// difference in %, and a one-line reason wherever the difference is over 1%.
std::string render_text(const Report& report, const RenderOptions& options);

// {"command", "title", "scenario": {...}, "figures": [{"id", "method", "label",
// "value", "unit", "formula", "inputs", "source", "reference"}], "notes": [...],
// one array of row objects per table under its id (an object for a one-row table
// marked json_object), and, only where there are charts, "charts": {"<id>":
// {"title", "x_label", "y_label", "log_x", "log_y", "series": [{"name", "points":
// [[x, y], ...]}], "bands": [{"x_from", "x_to", "label"}], "markers": [{"x",
// "label"}], "bars": [{"label", "low", "high"}], "base"}}} with a final newline.
// A non-finite number (a band open to infinity) is written as null.
std::string render_json(const Report& report);

// The same tables as render_text, as GitHub-flavoured Markdown.
std::string render_markdown(const Report& report, const RenderOptions& options);

// A standalone HTML5 page (inline CSS; no script, font or network): the title, the
// notes (the first, the verdict, set apart), each chart as inline SVG (svg.h), one
// table per method with each figure's value and unit and, in a <details> element
// under it (open with options.explain), its id, formula, inputs and source; then
// each Table, and the scenario as used. All text is escaped.
std::string render_html(const Report& report, const RenderOptions& options);

}  // namespace llmtco
